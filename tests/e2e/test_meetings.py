"""Meetings end to end: the real bot process, an organiser and members pressing the buttons the bot sent.

Meetings are created through the organiser's dialog with times typed relative to the
real current time (the campaign made by the fixture spans 2020–2099).
"""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import PIL.Image
import zxingcpp

from tests.e2e.conftest import ADMIN_ID, BotProcess
from tests.support.emulator import BotAPIEmulator, SentMessage, SimUser
from tests.support.journeys import newcomer

MOSCOW = ZoneInfo("Europe/Moscow")      # the bot's default TIMEZONE
ORGANISER_ID = 2002
PARK = (55.0302, 82.9204)


def read_qr(message: SentMessage) -> str:
    """What a phone camera reads from the picture."""
    assert message.photo, f"not a picture: {message.text!r}"
    results = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(message.photo)))
    assert len(results) == 1
    return results[0].text


def payload_of(link: str) -> str:
    prefix = "https://t.me/vverh_test_bot?start="
    assert link.startswith(prefix), link
    return link.removeprefix(prefix)


async def appoint_organiser(emulator: BotAPIEmulator) -> SimUser:
    admin = emulator.user(ADMIN_ID, "Админ")
    await admin.send(f"/grant_organiser {ORGANISER_ID} NSK-2")
    await admin.wait_message("организатор")
    return emulator.user(ORGANISER_ID, "Ольга")


def now_typed() -> str:
    """The current minute, typed the way an organiser would: "25.07.2027 18:30"."""
    return datetime.now(MOSCOW).strftime("%d.%m.%Y %H:%M")


async def create_meeting(
    organiser: SimUser, title: str, start: str, *, geofence: tuple[float, float] | None = None
) -> SentMessage:
    """Through the /newmeeting dialog; returns the meeting card."""
    await organiser.send("/newmeeting")
    await organiser.wait_message("Как она называется")
    await organiser.send(title)
    await organiser.wait_message("Где она пройдёт")
    await organiser.send("Сквер у библиотеки")
    await organiser.wait_message("Когда начало")
    await organiser.send(start)
    await organiser.wait_message("Сколько продлится")
    await organiser.press("+2 ч")
    await organiser.wait_message("геопозицию")
    if geofence is None:
        await organiser.press_reply("Без проверки места")
    else:
        await organiser.send_location(*geofence)
        await organiser.wait_message("В каком радиусе")
        await organiser.press("200 м")
    summary = await organiser.wait_message("Проверьте встречу")
    assert title in summary.text
    await organiser.press("✅ Создать")
    return await organiser.wait_message("QR действует")


async def open_meeting_card(organiser: SimUser, title: str) -> SentMessage:
    await organiser.send("/mymeetings")
    await organiser.wait_message("Ваши встречи")
    await organiser.press(title)
    return await organiser.wait_message("QR действует")


async def show_meeting_qr(organiser: SimUser, title: str) -> str:
    await open_meeting_card(organiser, title)
    await organiser.press("🔳 Показать QR встречи")
    picture = await organiser.wait_message(f"QR встречи «{title}»")
    return payload_of(read_qr(picture))


def total_units(bot: BotProcess, tg_id: int) -> int:
    [(units,)] = bot.query(
        "SELECT COALESCE(SUM(t.units), 0) FROM member_totals t JOIN members m ON m.id = t.member_id WHERE m.tg_id = ?",
        (tg_id,),
    )
    return int(units)  # type: ignore[call-overload]


async def test_an_organiser_scans_a_members_card_and_the_member_gets_twenty_points_once(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    organiser = await appoint_organiser(emulator)
    anna = await newcomer(emulator, 3001, "Анна")
    await create_meeting(organiser, "Встреча с жителями", now_typed())
    await organiser.press("▶️ Начать отметку")
    await organiser.wait_message("Отметка на встречу «Встреча с жителями» началась")

    await anna.send("/card")
    card = await anna.wait_message("QR-карточка участника: Анна")
    link = read_qr(card)
    await organiser.send(f"/start {payload_of(link)}")
    done = await organiser.wait_message("отмечен(а)")
    assert done.text == "✅ Анна отмечен(а) на встрече «Встреча с жителями». Всего отмечено: 1."
    told = await anna.wait_message("Вы отмечены")
    assert "+20 баллов" in told.text
    assert total_units(bot, 3001) == 200

    await organiser.send(f"/start {payload_of(link)}")
    again = await organiser.wait_message("уже отмечен(а)")
    assert "Всего отмечено: 1" in again.text
    await anna.expect_silence(0.5)
    assert total_units(bot, 3001) == 200
    assert bot.query("SELECT method, confirmed_by FROM checkins") == [("card_scan", ORGANISER_ID)]
    assert bot.query("SELECT COUNT(*), SUM(units) FROM ledger WHERE kind = 'meeting'") == [(1, 200)]


async def test_the_meeting_qr_works_inside_its_window_only(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    organiser = await appoint_organiser(emulator)
    boris = await newcomer(emulator, 3002, "Борис")
    await create_meeting(organiser, "Субботник", now_typed())
    await create_meeting(organiser, "Лекция", "завтра 18:00")
    today_qr = await show_meeting_qr(organiser, "Субботник")
    tomorrow_qr = await show_meeting_qr(organiser, "Лекция")

    await boris.send(f"/start {tomorrow_qr}")
    early = await boris.wait_message("ещё не началась")
    assert "Лекция" in early.text and "17:30" in early.text
    assert total_units(bot, 3002) == 0

    await boris.send(f"/start {today_qr}")
    await boris.wait_message("Вы отмечены на встрече «Субботник»: +20 баллов")
    assert total_units(bot, 3002) == 200
    assert bot.query("SELECT method, confirmed_by FROM checkins") == [("meeting_qr", None)]

    # The organiser re-issues the QR: the old picture stops working.
    await open_meeting_card(organiser, "Субботник")
    await organiser.press("🔄 Новый QR")
    await organiser.wait_message("Выпустить новый QR")
    await organiser.press("🔄 Да, новый QR")
    fresh = await organiser.wait_message("QR встречи «Субботник»")
    assert payload_of(read_qr(fresh)) != today_qr
    vera = await newcomer(emulator, 3003, "Вера")
    await vera.send(f"/start {today_qr}")
    await vera.wait_message("QR-код встречи отозван")
    assert total_units(bot, 3003) == 0


async def test_a_geofenced_meeting_counts_only_within_its_radius(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    organiser = await appoint_organiser(emulator)
    gleb = await newcomer(emulator, 3004, "Глеб")
    card = await create_meeting(organiser, "Встреча во дворе", now_typed(), geofence=PARK)
    assert "в радиусе 200 м" in card.text
    payload = await show_meeting_qr(organiser, "Встреча во дворе")

    await gleb.send(f"/start {payload}")
    ask = await gleb.wait_message("Отправить геопозицию")
    assert ask.reply_buttons()[0].get("request_location") is True
    await gleb.send_location(PARK[0] + 0.01, PARK[1])                 # about 1.1 km away
    await gleb.wait_message("слишком далеко")
    assert total_units(bot, 3004) == 0
    await gleb.send_location(PARK[0] + 0.001, PARK[1])                # about 110 m away
    await gleb.wait_message("Вы отмечены на встрече «Встреча во дворе»: +20 баллов")
    assert total_units(bot, 3004) == 200


async def test_a_member_who_is_no_organiser_opening_a_card_link_is_told_what_it_is(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    organiser = await appoint_organiser(emulator)
    anna = await newcomer(emulator, 3005, "Анна")
    boris = await newcomer(emulator, 3006, "Борис")
    await create_meeting(organiser, "Встреча", now_typed())
    await organiser.press("▶️ Начать отметку")
    await organiser.wait_message("началась")
    await anna.send("/card")
    link = read_qr(await anna.wait_message("QR-карточка участника"))

    await boris.send(f"/start {payload_of(link)}")
    explained = await boris.wait_message("Это QR-карточка участника")
    assert "ничего не даёт" in explained.text
    await anna.expect_silence(0.5)
    assert bot.query("SELECT COUNT(*) FROM checkins") == [(0,)]
    assert total_units(bot, 3005) == 0 and total_units(bot, 3006) == 0


async def test_a_forged_card_link_is_refused_with_the_reason(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    organiser = await appoint_organiser(emulator)
    anna = await newcomer(emulator, 3007, "Анна")
    await create_meeting(organiser, "Встреча", now_typed())
    await organiser.press("▶️ Начать отметку")
    await organiser.wait_message("началась")
    await anna.send("/card")
    payload = payload_of(read_qr(await anna.wait_message("QR-карточка участника")))
    altered = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    await organiser.send(f"/start {altered}")
    refusal = await organiser.wait_message("Эта ссылка")
    assert "подделана" in refusal.text or "повреждена" in refusal.text
    assert bot.query("SELECT COUNT(*) FROM checkins") == [(0,)]


async def test_members_hear_of_a_new_meeting_say_they_will_come_and_hear_it_is_cancelled(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    organiser = await appoint_organiser(emulator)
    dina = await newcomer(emulator, 3008, "Дина")                       # Ленинский, the meeting's district
    await create_meeting(organiser, "Лекция о городе", "завтра 18:00")
    announced = await dina.wait_message("Новая встреча в вашем округе")
    assert "Лекция о городе" in announced.text
    await dina.press("✋ Пойду")
    calendar = await dina.wait_message("добавить встречу «Лекция о городе» в календарь")
    assert calendar.document is not None and "SUMMARY:Лекция о городе" in calendar.document.decode()
    assert "yandex.ru/maps" in calendar.text

    await open_meeting_card(organiser, "Лекция о городе")
    await organiser.press("🔒 Закрыть")
    await organiser.wait_message("Закрыть встречу «Лекция о городе»?")
    await organiser.press("🔒 Да, закрыть")
    cancelled = await dina.wait_message("отменена")
    assert cancelled.text.startswith("❌ Встреча «Лекция о городе» (")
