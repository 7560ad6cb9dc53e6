"""A survey end to end: the real bot against the emulator, a coordinator and fifty members pressing real buttons."""

from __future__ import annotations

import asyncio
import io
import sqlite3

from openpyxl import load_workbook

from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.support.emulator import BotAPIEmulator, SimUser

FIRST = 7000
MEMBERS = 50
ANSWERING = 30
CHOICES = ("Да", "Нет", "Не знаю")
LENINSKY = 2           # Ленинский, Новосибирск


def seed(bot: BotProcess) -> None:
    """Fifty members of Ленинский; Участник 0 invited Участник 1 … Участник 10."""
    conn = sqlite3.connect(bot.database)
    try:
        first_id = None
        for n in range(MEMBERS):
            cursor = conn.execute(
                "INSERT INTO members(tg_id, display_name, locale, district_id, referrer_id, registered_at)"
                " VALUES (?, ?, 'ru', ?, ?, '2026-12-01T10:00:00+00:00')",
                (FIRST + n, f"Участник {n}", LENINSKY, first_id if 1 <= n <= 10 else None),
            )
            first_id = first_id or cursor.lastrowid
        conn.commit()
    finally:
        conn.close()


async def make_survey(admin: SimUser) -> None:
    await admin.send("/survey")
    await admin.wait_message("Как назовём опрос")
    await admin.send("Двор и субботник")
    await admin.wait_message("Вопрос 1 из 10")
    await admin.send("Придёте на субботник?")
    await admin.wait_message("Как на него отвечать")
    await admin.press("Один вариант")
    await admin.wait_message("Пришлите варианты")
    await admin.send("\n".join(CHOICES))
    await admin.wait_message("обязателен?")
    await admin.press("Да, обязателен")
    await admin.wait_message("Добавить ещё?")
    await admin.press("➕ Ещё вопрос")
    await admin.wait_message("Вопрос 2 из 10")
    await admin.send("Насколько удобно время?")
    await admin.wait_message("Как на него отвечать")
    await admin.press("Оценка от 1 до 5")
    await admin.wait_message("обязателен?")
    await admin.press("Да, обязателен")
    await admin.wait_message("Добавить ещё?")
    await admin.press("➕ Ещё вопрос")
    await admin.wait_message("Вопрос 3 из 10")
    await admin.send("Что ещё сделать во дворе?")
    await admin.wait_message("Как на него отвечать")
    await admin.press("Свободный ответ")
    await admin.wait_message("обязателен?")
    await admin.press("Можно пропустить")
    await admin.wait_message("Добавить ещё?")
    await admin.press("✅ Вопросы готовы")
    await admin.wait_message("Кому отправить опрос?")
    await admin.press("Новосибирск")
    await admin.wait_message("весь город или один округ?")
    await admin.press("Ленинский")
    await admin.wait_message("Получатели: округ Ленинский (Новосибирск), 50 человек.")
    await admin.send("через 3 дня")
    await admin.wait_message("Показывать в результатах")
    await admin.press("👤 С именами")
    await admin.wait_message("Начислять баллы за полный ответ? По правилам кампании это 5 баллов")
    await admin.press("Да, начислять")
    await admin.wait_message("Баллы: 5 баллов за полный ответ.")
    await admin.press("📨 Отправить (50)")
    await admin.wait_message("поставлен в рассылку: 50 получателей")


def plan(n: int) -> tuple[str, int, str | None]:
    """What member n answers: a choice, a rating, a comment (every other one skips it)."""
    return CHOICES[n % 3], 1 + n % 5, f"Комментарий номер {n}" if n % 2 == 0 else None


async def answer(member: SimUser, n: int) -> None:
    choice, rating, comment = plan(n)
    await member.wait_message("📋 Опрос: <b>Двор и субботник</b>", timeout=30)
    await member.press("📝 Пройти опрос")
    await member.wait_message("Вопрос 1 из 3")
    await member.press(choice)
    await member.wait_message("Вопрос 2 из 3")
    await member.press(str(rating))
    await member.wait_message("Вопрос 3 из 3")
    if comment is None:
        await member.press("Пропустить ➡")
    else:
        await member.send(comment)
    await member.wait_message("Спасибо! Ваши ответы сохранены.")


async def test_a_district_of_fifty_is_surveyed_and_the_results_agree_with_what_thirty_answered(
    bot_factory, emulator: BotAPIEmulator,  # noqa: ANN001
) -> None:
    bot: BotProcess = await bot_factory(start=False, campaign=False)
    created = bot.cli("campaign", "create", "--name", "Зима", "--start", "2020-01-01", "--end", "2099-12-31",
                      "--survey-points", "5")
    assert created.returncode == 0, created.stdout + created.stderr
    seed(bot)
    await bot.start()
    admin = emulator.user(ADMIN_ID, "Координатор")
    await make_survey(admin)

    members = [emulator.user(FIRST + n, f"Участник {n}") for n in range(MEMBERS)]
    await asyncio.gather(*(answer(members[n], n) for n in range(ANSWERING)))
    for member in members[ANSWERING:]:                       # the other twenty were asked too
        await member.wait_message("📋 Опрос: <b>Двор и субботник</b>", timeout=30)

    await admin.send("/surveys")
    await admin.wait_message("Опросы")
    await admin.press("Двор и субботник")
    results = await admin.wait_message("Ответили:")
    assert "Ответили: 30 из 50." in results.text
    assert "· Да: 10\n· Нет: 10\n· Не знаю: 10" in results.text
    assert "Средняя оценка: 3,0 (оценок: 30)" in results.text
    for n in range(ANSWERING):
        assert (f"— Комментарий номер {n}\n" in results.text + "\n") == (n % 2 == 0)

    await admin.press("XLSX")
    document = await admin.wait_message("Двор и субботник: 30 ответов")
    assert document.document is not None
    sheet = load_workbook(io.BytesIO(document.document)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][2:] == ["Участник", "Округ", "1. Придёте на субботник?", "2. Насколько удобно время?",
                           "3. Что ещё сделать во дворе?"]
    answered = {row[2]: row[3:] for row in rows[1:]}
    assert len(answered) == ANSWERING
    for n in range(ANSWERING):
        choice, rating, comment = plan(n)
        assert answered[f"Участник {n}"] == ["Ленинский", choice, rating, comment], n

    survey_entries = bot.query("SELECT COUNT(*), SUM(units) FROM ledger WHERE kind = 'survey'")
    assert survey_entries == [(30, 30 * 50)]
    shares = bot.query("SELECT m.display_name, COUNT(*), SUM(l.units) FROM ledger l JOIN members m"
                       " ON m.id = l.member_id WHERE l.kind = 'referral_share' GROUP BY m.display_name")
    assert shares == [("Участник 0", 10, 10 * 15)]            # 30 % of 5 points for each of the ten invitees
    totals = dict(bot.query("SELECT m.display_name, t.units FROM member_totals t JOIN members m"
                            " ON m.id = t.member_id"))
    assert totals["Участник 0"] == 50 + 150 and totals["Участник 1"] == 50
    assert "Участник 40" not in totals or totals["Участник 40"] == 0
