"""Points end to end: an invite through the deep link the bot sent, a registration, a post and its duplicates.

The real bot process runs against the emulator; members read what the bot actually sent
(the invite link in the caption and in the QR picture) and press the buttons it showed.
"""

from __future__ import annotations

import csv
import io

import openpyxl

from bot import tokens
from tests.e2e.conftest import BotProcess
from tests.support.emulator import BotAPIEmulator, SimUser
from tests.support.journeys import invite_payload, newcomer, rating, register, seen

POST = "https://vk.com/wall-1_100"


async def profile(user: SimUser) -> str:
    await user.send("/me")
    return seen(await user.wait_message("Баллы:"))


async def test_a_friend_invited_by_link_registers_and_posts_the_inviter_gets_ten_point_three(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    anna = await newcomer(emulator, 4001, "Анна")
    payload = await invite_payload(anna)

    boris = await newcomer(emulator, 4002, "Борис", start=f"/start {payload}")
    joined = await anna.wait_message("по вашему приглашению")
    assert seen(joined) == "🎉 Борис присоединился(ась) по вашему приглашению: +10 баллов."

    await boris.send(f"Вот мой пост: {POST}")
    counted = await boris.wait_message("Пост засчитан")
    assert counted.text == "✅ Пост засчитан: +1 балл. Сегодня: 1 из 10."

    mine = await profile(boris)
    assert "🏆 Баллы: 1\n" in mine and "· посты: 1" in mine and "Место: 2 из 2" in mine
    theirs = await profile(anna)
    assert "🏆 Баллы: 10,3\n" in theirs
    assert "· приглашения: 10" in theirs and "· доля от приглашённых: 0,3" in theirs
    assert "Место: 1 из 2" in theirs and "Приглашено: 1" in theirs
    board = await rating(boris)
    assert board.index("1. Анна (Ленинский) — 10,3") < board.index("2. Борис (Ленинский) — 1")
    assert "Вы: 2 место из 2, 1 балл." in board

    # The same post again, as sent and in other spellings of the same address: refused, nothing changes.
    for again in (POST, "https://www.vk.com/wall-1_100?utm_source=telegram&utm_medium=social#reply",
                  "http://m.vk.com/wall-1_100/"):
        await boris.send(again)
        refused = await boris.wait_message()
        assert refused.text == "Вы уже присылали этот пост — он засчитывается один раз.", again
    await anna.send("https://vk.com/wall-1_100?utm_campaign=x")
    assert (await anna.wait_message()).text == (
        "Этот пост уже прислал другой участник — каждый пост засчитывается один раз."
    )
    assert "🏆 Баллы: 1\n" in await profile(boris)
    assert "🏆 Баллы: 10,3\n" in await profile(anna)
    await anna.send("/invite")
    assert "Уже присоединились: 1." in seen(await anna.wait_message("Пригласите друзей"))
    assert bot.query("SELECT COUNT(*) FROM posts") == [(1,)]

    # The rating export from the command line, beside the running bot.
    out = bot.workdir / "rating.csv"
    result = bot.cli("export-rating", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "2 members" in result.stdout
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r[0], r[2], r[6]) for r in rows[1:]] == [("1", "Анна", "10.3"), ("2", "Борис", "1")]
    book = bot.workdir / "rating.xlsx"
    assert bot.cli("export-rating", "--out", str(book)).returncode == 0
    sheet = list(openpyxl.load_workbook(book, read_only=True).active.values)
    assert [(r[2], r[6]) for r in sheet[1:]] == [("Анна", 10.3), ("Борис", 1)]
    wrong = bot.cli("export-rating", "--out", str(bot.workdir / "rating.pdf"))
    assert wrong.returncode == 1 and ".csv or .xlsx" in wrong.stderr and "Traceback" not in wrong.stderr


async def test_links_that_must_not_pay_award_nothing_and_registration_goes_on(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    anna = await newcomer(emulator, 4011, "Анна")
    payload = await invite_payload(anna)

    # Opening the link twice before finishing registration: one referral, the dialog resumes.
    boris = emulator.user(4012, "Борис")
    await boris.send(f"/start {payload}")
    await boris.wait_message("Добро пожаловать")
    await boris.press("✅ Согласен(на)")
    await boris.wait_message("Выберите ваш город")
    await boris.send(f"/start {payload}")
    await boris.wait_message("Продолжим регистрацию")
    await boris.press("Новосибирск")
    await boris.wait_message("Выберите ваш избирательный округ")
    await boris.press("Ленинский")
    await boris.wait_message("Как подписать вас")
    await boris.press("Оставить «Борис»")
    await boris.wait_message("Оставьте телефон")
    await boris.press_reply("Пропустить")
    await boris.wait_message("Готово")
    await anna.wait_message("Борис присоединился(ась)")

    # A member opening the link again, and the inviter opening their own link: a welcome back, nothing more.
    await boris.send(f"/start {payload}")
    await boris.wait_message("С возвращением, Борис")
    await anna.send(f"/start {payload}")
    await anna.wait_message("С возвращением, Анна")
    await anna.expect_silence(0.5)

    # Someone who used the bot before opening the link is no newcomer brought in by it.
    vera = emulator.user(4013, "Вера")
    await vera.send("/start")
    await vera.wait_message("Добро пожаловать")
    await register(vera, start=f"/start {payload}", expect="Продолжим регистрацию")

    # An altered link: the newcomer is told and registers all the same.
    altered = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    gleb = await newcomer(
        emulator, 4014, "Глеб", start=f"/start {altered}", expect="Эта ссылка повреждена или недействительна."
    )
    # A well-formed link of a member who does not exist.
    unknown = tokens.sign(b"e2e-secret", tokens.TokenKind.REFERRAL, 999)
    dina = await newcomer(emulator, 4015, "Дина", start=f"/start {unknown}")
    # A member opening an altered link is told so.
    await boris.send(f"/start {altered}")
    refusal = seen(await boris.wait_message("Эта ссылка"))
    assert "повреждена" in refusal or "подделана" in refusal

    # The link of a member who erased their data pays no one.
    zoya = await newcomer(emulator, 4016, "Зоя")
    gone = await invite_payload(zoya)
    await zoya.send("/delete_me")
    await zoya.wait_message("Удалить ваши данные?")
    await zoya.press("🗑 Да, удалить")
    await zoya.wait_message("Ваши данные удалены")
    await newcomer(emulator, 4017, "Егор", start=f"/start {gone}")

    await anna.expect_silence(0.3)
    mine = await profile(anna)
    assert "🏆 Баллы: 10\n" in mine and "Приглашено: 1" in mine
    for user in (boris, vera, gleb, dina):
        assert "🏆 Баллы: 0\n" in await profile(user)
    assert bot.query("SELECT kind, COUNT(*), SUM(units) FROM ledger GROUP BY kind") == [("referral", 1, 100)]
    assert bot.query("SELECT COUNT(*) FROM members WHERE status != 'deleted'") == [(6,)]
