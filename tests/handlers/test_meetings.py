"""Meetings through the real dispatcher and SQLite: the organiser's dialog, card scans, the meeting QR."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta
from typing import Any

import PIL.Image
import zxingcpp
from aiogram.methods import AnswerCallbackQuery, SendDocument, SendMessage, SendPhoto

from bot import checkin, meetings, tokens
from bot.meetings import Position
from bot.model import GrantedRole, Meeting, ScopeKind
from bot.roles import Actor
from bot.runtime.app import App
from handlers.deeplinks import ScanFor
from handlers.meetings import CardAction, CardButton, Rsvp
from handlers.meetings_admin import MeetingAction, MeetingButton, NewMeetingConfirm, NewMeetingLength, NewMeetingStart
from scheduler.clock import FrozenClock
from storage.db import fetch_value
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant

ORGANISER = 900
LIBRARY = Position(55.0302, 82.9204)


def alerts(app: App) -> list[str]:
    return [m.text or "" for m in requests(app) if isinstance(m, AnswerCallbackQuery)]


def decoded_photos(app: App, chat_id: int) -> list[str]:
    """What a phone camera reads from each QR picture the bot sent to this chat."""
    found = []
    for method in requests(app):
        if isinstance(method, SendPhoto) and method.chat_id == chat_id:
            results = zxingcpp.read_barcodes(PIL.Image.open(io.BytesIO(method.photo.data)))
            assert len(results) == 1
            found.append(results[0].text)
    return found


def start_payload(link: str) -> str:
    prefix = "https://t.me/vverh_test_bot?start="
    assert link.startswith(prefix), link
    return link.removeprefix(prefix)


async def meeting_now(
    app: App, actor: Actor, *, geofence: bool = False, title: str = "Встреча с жителями",
    starts_in: timedelta = timedelta(minutes=10),
) -> Meeting:
    start = app.clock.now() + starts_in
    result = await meetings.create_meeting(
        app.db, actor=actor, district_id=1, title=title, place="Библиотека", starts_at=start,
        ends_at=start + timedelta(hours=2), position=LIBRARY if geofence else None, radius_m=150 if geofence else None,
        now=app.clock.now(), today=app.clock.today(),
    )
    assert isinstance(result, Meeting)
    return result


def now(app: App) -> int:
    return int(app.clock.now().timestamp())


async def points_of(app: App, tg_id: int) -> int:
    async with app.db.reading() as conn:
        return int(await fetch_value(
            conn,
            "SELECT COALESCE(SUM(l.units), 0) FROM ledger l JOIN members m ON m.id = l.member_id WHERE m.tg_id = ?",
            (tg_id,),
        ))


async def count(app: App, sql: str) -> int:
    async with app.db.reading() as conn:
        return int(await fetch_value(conn, sql))


def location(
    user_id: int, latitude: float, longitude: float, *, sent_at: int, forwarded: bool = False
) -> Any:
    """A location message as Telegram delivers it; `sent_at` is its Unix time (the clock's now, usually)."""
    message: dict[str, Any] = {
        "message_id": 1, "date": sent_at, "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Участник", "language_code": "ru"},
        "location": {"latitude": latitude, "longitude": longitude},
    }
    if forwarded:
        message["forward_origin"] = {"type": "hidden_user", "date": 0, "sender_user_name": "Кто-то"}
    return updates.raw({"message": message})


# ---------------------------------------------------------------------------
# The organiser creates a meeting


async def test_an_organiser_creates_a_meeting_in_a_few_taps(app: App, clock: FrozenClock) -> None:
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await feed(app, updates.text(ORGANISER, "/newmeeting"))
    assert "Как она называется" in last_text(app, ORGANISER)      # one district: no district question
    await feed(app, updates.text(ORGANISER, "Встреча с жителями"))
    assert "Где она пройдёт" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, "Библиотека, ул. Ленина 1"))
    asked = [m for m in requests(app) if isinstance(m, SendMessage)][-1]
    quick = [b.text for row in asked.reply_markup.inline_keyboard for b in row]
    assert quick == ["Сегодня 18:00", "Сегодня 19:00", "Завтра 18:00", "Завтра 19:00"]
    await feed(app, updates.text(ORGANISER, "сегодня 18:30"))
    assert "Начало: 10.12 18:30" in last_text(app, ORGANISER)
    await feed(app, updates.callback(ORGANISER, NewMeetingLength(minutes=90).pack()))
    assert "геопозицию" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, "Без проверки места"))
    summary = last_text(app, ORGANISER)
    assert "10.12 18:30–20:00" in summary and "Библиотека, ул. Ленина 1" in summary
    await feed(app, updates.callback(ORGANISER, NewMeetingConfirm(create=True).pack()))
    card = last_text(app, ORGANISER)
    assert "Встреча с жителями" in card and "QR действует: 10.12 18:00 – 10.12 20:30" in card
    async with app.db.reading() as conn:
        row = await conn.execute_fetchall("SELECT title, place, starts_at, ends_at, radius_m, created_by FROM meetings")
    assert [tuple(r) for r in row] == [
        ("Встреча с жителями", "Библиотека, ул. Ленина 1", "2026-12-10T15:30:00+00:00", "2026-12-10T17:00:00+00:00",
         None, ORGANISER)
    ]


async def test_typed_times_that_make_no_sense_get_a_reason_and_the_dialog_waits(app: App) -> None:
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await feed(
        app, updates.text(ORGANISER, "/newmeeting"), updates.text(ORGANISER, "Встреча"),
        updates.text(ORGANISER, "Парк"), updates.text(ORGANISER, "вчера вечером"),
    )
    assert "Не понял время" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, "10:00"))
    assert "уже прошло" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, "18:00-17:00"))
    assert "позже начала" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, "18:00-20:00"))               # a range skips the end question
    assert "геопозицию" in last_text(app, ORGANISER)
    await feed(
        app, location(ORGANISER, LIBRARY.latitude, LIBRARY.longitude, sent_at=now(app)), updates.text(ORGANISER, "5")
    )
    assert "от 20 до 5000" in last_text(app, ORGANISER)
    await feed(
        app, updates.text(ORGANISER, "250 м"), updates.callback(ORGANISER, NewMeetingConfirm(create=True).pack())
    )
    async with app.db.reading() as conn:
        row = await conn.execute_fetchall("SELECT latitude, longitude, radius_m FROM meetings")
    assert [tuple(r) for r in row] == [(LIBRARY.latitude, LIBRARY.longitude, 250)]


async def test_forged_quick_time_buttons_are_refused_and_the_dialog_waits(app: App, clock: FrozenClock) -> None:
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await feed(app, updates.text(ORGANISER, "/newmeeting"), updates.text(ORGANISER, "Встреча"),
               updates.text(ORGANISER, "Парк"))
    now = int(clock.now().timestamp())
    for at in (10**15, -(10**15), now + 30 * 24 * 3600):       # beyond any date, and far beyond the offered days
        await feed(app, updates.callback(ORGANISER, NewMeetingStart(at=at).pack()))
    assert alerts(app)[-3:] == ["Эта кнопка уже не действует.", "Это время уже прошло. Укажите будущее.",
                                "Эта кнопка уже не действует."]
    await feed(app, updates.text(ORGANISER, "сегодня 18:30"))
    for minutes in (10**12, 45):                                # only the offered lengths are buttons
        await feed(app, updates.callback(ORGANISER, NewMeetingLength(minutes=minutes).pack()))
    assert alerts(app)[-2:] == ["Эта кнопка уже не действует."] * 2
    assert "Начало: 10.12 18:30" in last_text(app, ORGANISER)   # still waiting for the end
    await feed(app, updates.callback(ORGANISER, NewMeetingLength(minutes=90).pack()))
    assert "геопозицию" in last_text(app, ORGANISER)


async def test_a_member_who_is_no_organiser_cannot_create_meetings(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    await feed(app, updates.text(100, "/newmeeting"))
    assert last_text(app, 100) == "⛔ Эта команда вам недоступна."


# ---------------------------------------------------------------------------
# The organiser scans a member's card


async def test_an_organiser_scans_a_card_the_member_gets_twenty_points_once(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.start_checkin, m=meeting.id).pack()))
    assert "Отметка на встречу «Встреча с жителями» началась" in last_text(app, ORGANISER)

    await feed(app, updates.text(100, "/card"))
    [link] = decoded_photos(app, 100)
    await feed(app, updates.text(ORGANISER, f"/start {start_payload(link)}"))
    assert last_text(app, ORGANISER) == "✅ Анна отмечен(а) на встрече «Встреча с жителями». Всего отмечено: 1."
    assert "+20 баллов" in last_text(app, 100)
    assert await points_of(app, 100) == 200

    await feed(app, updates.text(ORGANISER, f"/start {start_payload(link)}"))
    assert "уже отмечен(а)" in last_text(app, ORGANISER)
    assert await points_of(app, 100) == 200
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 1
    assert anna.card_version == 1


async def test_the_member_is_told_in_their_own_language(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    john = await new_member(101, "John", locale="en")
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, john.id, john.card_version)
    await feed(app, updates.text(ORGANISER, f"/start {payload}"))
    assert last_text(app, 101).startswith("✅ You are checked in to \"Встреча с жителями\": +20 points.")


async def test_a_member_who_is_no_organiser_opening_a_card_link_gets_an_explanation_and_nothing(
    new_member: NewMember, app: App
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    await new_member(102, "Борис")
    await meeting_now(app, actor)
    payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, anna.id, anna.card_version)
    await feed(app, updates.text(102, f"/start {payload}"))
    assert last_text(app, 102).startswith("🪪 Это QR-карточка участника")
    await feed(app, updates.text(100, f"/start {payload}"))            # her own card, too
    assert last_text(app, 100).startswith("🪪 Это QR-карточка участника")
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0
    assert await count(app, "SELECT COUNT(*) FROM ledger WHERE kind = 'meeting'") == 0


async def test_an_organiser_without_check_in_started_is_told_how_to_start(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    await meeting_now(app, actor)
    payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, anna.id, anna.card_version)
    await feed(app, updates.text(ORGANISER, f"/start {payload}"))
    assert "/mymeetings" in last_text(app, ORGANISER)
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0


async def test_with_two_meetings_in_check_in_the_organiser_chooses(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    # One after the other: their check-in windows overlap by half an hour either side.
    first = await meeting_now(app, actor, title="Первая")
    second = await meeting_now(app, actor, title="Вторая", starts_in=timedelta(hours=2, minutes=10))
    for meeting in (first, second):
        await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    clock.set(clock.now() + timedelta(hours=1, minutes=50))
    payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, anna.id, anna.card_version)
    await feed(app, updates.text(ORGANISER, f"/start {payload}"))
    choice = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == ORGANISER][-1]
    assert choice.text == "Для какой встречи отметить этого участника?"
    labels = [b.text for row in choice.reply_markup.inline_keyboard for b in row]
    assert [label.split(" · ")[1] for label in labels] == ["Первая", "Вторая"]
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0
    pressed = [b.callback_data for row in choice.reply_markup.inline_keyboard for b in row if "Вторая" in b.text]
    await feed(app, updates.callback(ORGANISER, pressed[0]))
    assert "отмечен(а) на встрече «Вторая»" in last_text(app, ORGANISER)
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT meeting_id FROM checkins") == second.id


async def test_an_organiser_cannot_check_in_a_member_whose_card_was_never_scanned_by_forging_the_choice(
    new_member: NewMember, app: App
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    forged = [
        f"scan:{meeting.id}:{anna.id}:1",                                     # member id and card version guessed
        ScanFor(m=meeting.id, card=tokens.sign(b"guessed", tokens.TokenKind.CARD, anna.id, 1)).pack(),
        ScanFor(m=meeting.id, card=tokens.sign(b"test-secret", tokens.TokenKind.REFERRAL, anna.id)).pack(),
    ]
    await feed(app, *(updates.callback(ORGANISER, data) for data in forged))
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0
    assert await points_of(app, 100) == 0
    assert len([m for m in requests(app) if isinstance(m, AnswerCallbackQuery)]) == len(forged)
    # The real card still works.
    card = tokens.sign(b"test-secret", tokens.TokenKind.CARD, anna.id, anna.card_version)
    await feed(app, updates.callback(ORGANISER, ScanFor(m=meeting.id, card=card).pack()))
    assert await points_of(app, 100) == 200


async def test_a_reissued_card_voids_the_old_one(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    await feed(app, updates.text(100, "/card"), updates.callback(100, CardButton(action=CardAction.ask_reissue).pack()))
    assert "Старый QR-код перестанет действовать" in last_text(app, 100)
    await feed(app, updates.callback(100, CardButton(action=CardAction.reissue).pack()))
    old_link, new_link = decoded_photos(app, 100)
    assert old_link != new_link
    await feed(app, updates.text(ORGANISER, f"/start {start_payload(old_link)}"))
    assert "карточка отозвана" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, f"/start {start_payload(new_link)}"))
    assert "Анна отмечен(а)" in last_text(app, ORGANISER)


# ---------------------------------------------------------------------------
# A member scans the meeting QR


async def meeting_qr_link(app: App, meeting: Meeting) -> str:
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.show_qr, m=meeting.id).pack()))
    return decoded_photos(app, ORGANISER)[-1]


async def test_the_meeting_qr_counts_inside_its_window_only(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    start = clock.now() + timedelta(hours=3)
    meeting = await meetings.create_meeting(
        app.db, actor=actor, district_id=1, title="Вечер", place="Клуб", starts_at=start,
        ends_at=start + timedelta(hours=1), now=clock.now(), today=clock.today(),
    )
    assert isinstance(meeting, Meeting)
    payload = start_payload(await meeting_qr_link(app, meeting))
    await feed(app, updates.text(100, f"/start {payload}"))
    assert last_text(app, 100) == "Отметка на встречу «Вечер» ещё не началась: она откроется 10.12 14:30."
    clock.set(start)
    await feed(app, updates.text(100, f"/start {payload}"))
    assert "Вы отмечены на встрече «Вечер»: +20 баллов" in last_text(app, 100)
    await feed(app, updates.text(100, f"/start {payload}"))
    assert "уже отмечены" in last_text(app, 100)
    clock.set(start + timedelta(hours=1, minutes=31))
    await feed(app, updates.text(101, f"/start {payload}"))
    assert "Срок этого QR-кода истёк" in last_text(app, 101)
    assert await points_of(app, 100) == 200 and await points_of(app, 101) == 0


async def test_a_reissued_meeting_qr_voids_the_old_one(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    old = start_payload(await meeting_qr_link(app, meeting))
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.reissue_qr, m=meeting.id).pack()))
    new = start_payload(decoded_photos(app, ORGANISER)[-1])
    assert new != old
    await feed(app, updates.text(100, f"/start {old}"))
    assert "QR-код встречи отозван" in last_text(app, 100)
    await feed(app, updates.text(100, f"/start {new}"))
    assert "+20 баллов" in last_text(app, 100)


async def test_a_closed_meeting_refuses_its_qr(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    payload = start_payload(await meeting_qr_link(app, meeting))
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.ask_close, m=meeting.id).pack()))
    assert "Закрыть встречу" in last_text(app, ORGANISER)
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.close, m=meeting.id).pack()))
    await feed(app, updates.text(100, f"/start {payload}"))
    assert "закрыта, отметка больше не принимается" in last_text(app, 100)
    assert await points_of(app, 100) == 0


async def test_a_geofenced_meeting_asks_for_the_location_and_checks_the_radius(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor, geofence=True)
    payload = tokens.sign(b"test-secret", tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)
    await feed(app, updates.text(100, f"/start {payload}"))
    ask = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 100][-1]
    assert "в радиусе 150 м" in ask.text
    assert ask.reply_markup.keyboard[0][0].request_location is True
    await feed(app, location(100, LIBRARY.latitude + 0.01, LIBRARY.longitude, sent_at=now(app)))        # ~1.1 km away
    assert "слишком далеко" in last_text(app, 100)
    await feed(app, location(100, LIBRARY.latitude, LIBRARY.longitude, sent_at=now(app), forwarded=True))
    assert "не пересланная" in last_text(app, 100)
    assert await points_of(app, 100) == 0
    await feed(app, location(100, LIBRARY.latitude + 0.0005, LIBRARY.longitude, sent_at=now(app)))      # ~56 m away
    assert "+20 баллов" in last_text(app, 100)
    assert await points_of(app, 100) == 200


async def test_someone_not_registered_scanning_a_meeting_qr_is_asked_to_register_first(app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    meeting = await meeting_now(app, actor)
    payload = tokens.sign(b"test-secret", tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)
    await feed(app, updates.text(300, f"/start {payload}"))
    sent = texts_to(app, 300)
    assert sent[0].startswith("🤝 Это QR-код встречи") and "сначала зарегистрируйтесь" in sent[0]
    assert sent[1].startswith("👋 Добро пожаловать")
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0


async def test_forged_and_altered_links_get_the_reason(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    genuine = tokens.sign(b"test-secret", tokens.TokenKind.CARD, anna.id, anna.card_version)
    altered = genuine[:-2] + ("AA" if genuine[-2:] != "AA" else "BB")
    forged = tokens.sign(b"another-secret", tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)
    await feed(app, updates.text(ORGANISER, f"/start {altered}"), updates.text(100, f"/start {forged}"))
    assert last_text(app, ORGANISER) in ("Эта ссылка подделана или изменена: код не прошёл проверку.",
                                         "Эта ссылка повреждена: в ней нет действующего кода.")
    assert last_text(app, 100) == "Эта ссылка подделана или изменена: код не прошёл проверку."
    unknown = tokens.sign(b"test-secret", tokens.TokenKind.MEETING, 9999, 1)
    await feed(app, updates.text(100, f"/start {unknown}"))
    assert last_text(app, 100) == "Такой встречи нет: QR-код недействителен."
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0


async def test_a_referral_link_still_reaches_registration(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    payload = tokens.sign(b"test-secret", tokens.TokenKind.REFERRAL, anna.id, 0)
    await feed(app, updates.text(300, f"/start {payload}"))
    assert texts_to(app, 300)[0].startswith("👋 Добро пожаловать")
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT referrer_id FROM telegram_users WHERE tg_id = 300") == anna.id


# ---------------------------------------------------------------------------
# Members' list, RSVP and the organiser's attendee list


async def test_members_see_their_teams_meetings_and_say_they_will_come(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    await new_member(102, "Борис", district_id=2)
    meeting = await meeting_now(app, actor)
    await feed(app, updates.text(100, "🤝 Офлайн-встречи"))
    listing = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 100][-1]
    assert "Встреча с жителями" in listing.text and "Собираются: 0" in listing.text
    assert listing.reply_markup.inline_keyboard[0][0].text == "✋ Пойду: 1. Встреча с жителями"
    await feed(app, updates.callback(100, Rsvp(id=meeting.id).pack()))
    assert alerts(app)[-1].startswith("✅ Ждём вас")
    assert "Собираются: 1" in last_text(app, 100) and "✅ Вы идёте" in last_text(app, 100)
    await feed(app, updates.text(102, "/meetings"))
    assert last_text(app, 102).startswith("В вашем округе пока нет")
    await feed(app, updates.callback(102, Rsvp(id=meeting.id).pack()))
    assert alerts(app)[-1] == "Эта встреча — для другого округа."


async def test_the_organiser_gets_the_attendees_with_a_csv(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(ORGANISER, "Ольга Орлова")
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    for tg_id, name in ((100, "Анна"), (101, "Борис")):
        member = await new_member(tg_id, name)
        payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, member.id, member.card_version)
        await feed(app, updates.text(ORGANISER, f"/start {payload}"))
    await feed(app, updates.text(ORGANISER, "/mymeetings"))
    assert "Ваши встречи" in last_text(app, ORGANISER)
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.attendees, m=meeting.id).pack()))
    listing = last_text(app, ORGANISER)
    assert "отмечено 2" in listing and "1. Анна" in listing and "2. Борис" in listing
    [document] = [m for m in requests(app) if isinstance(m, SendDocument)]
    rows = document.document.data.decode("utf-8-sig").splitlines()
    # Russian headers, the check-in method in words, the organiser by name when they are a member.
    assert rows[0] == "№,Имя,Telegram,Округ,Как отмечен,Кто отметил,Время отметки"
    assert rows[1].startswith("1,Анна") and ",по карточке,Ольга Орлова," in rows[1]


async def test_an_attendee_named_like_a_formula_is_listed_as_text_in_the_csv(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    member = await new_member(100, "=1+1")
    payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, member.id, member.card_version)
    await feed(app, updates.text(ORGANISER, f"/start {payload}"))
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.attendees, m=meeting.id).pack()))
    [document] = [m for m in requests(app) if isinstance(m, SendDocument)]
    assert document.document.data.decode("utf-8-sig").splitlines()[1].startswith("1,'=1+1,")


async def test_an_organiser_of_another_district_cannot_run_this_meeting(app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await grant(app.db, 901, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 2)
    meeting = await meeting_now(app, actor)
    await feed(app, updates.callback(901, MeetingButton(action=MeetingAction.start_checkin, m=meeting.id).pack()))
    assert alerts(app)[-1] == "Эта кнопка уже не действует."
    assert await count(app, "SELECT COUNT(*) FROM checkin_sessions") == 0


async def test_a_big_meetings_attendee_list_fits_one_message_and_the_csv_has_everyone(
    new_member: NewMember, app: App
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    meeting = await meeting_now(app, actor)
    await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    for index in range(70):
        member = await new_member(1_000 + index, "Очень-очень длинное имя участника номер " + str(index))
        await checkin.check_in(
            app.db, meeting_id=meeting.id, member_id=member.id, method=checkin.Method.CARD_SCAN,
            now=app.clock.now(), today=app.clock.today(), organiser=actor, card_version=member.card_version,
        )
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.attendees, m=meeting.id).pack()))
    listing = last_text(app, ORGANISER)
    assert len(listing) <= 4096 and "отмечено 70" in listing and "— в файле" in listing
    [document] = [m for m in requests(app) if isinstance(m, SendDocument)]
    assert len(document.document.data.decode("utf-8-sig").splitlines()) == 71


async def test_twenty_scans_of_one_card_at_once_by_four_organisers_count_once(new_member: NewMember, app: App) -> None:
    organisers = [await grant(app.db, 900 + i, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1) for i in range(4)]
    anna = await new_member(100, "Анна")
    meeting = await meeting_now(app, organisers[0])
    for actor in organisers:
        await meetings.start_checkin(app.db, actor=actor, meeting_id=meeting.id, now=app.clock.now())
    payload = tokens.sign(b"test-secret", tokens.TokenKind.CARD, anna.id, anna.card_version)
    await asyncio.gather(*(
        app.dp.feed_update(app.bot, updates.text(900 + i % 4, f"/start {payload}")) for i in range(20)
    ))
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 1
    assert await count(app, "SELECT COUNT(*) FROM ledger WHERE kind = 'meeting'") == 1
    assert await points_of(app, 100) == 200
    assert len(texts_to(app, 100)) == 1                                  # the member is told once
    replies = [text for i in range(4) for text in texts_to(app, 900 + i)]
    assert sum("✅ Анна отмечен(а)" in text for text in replies) == 1
    assert sum("уже отмечен(а)" in text for text in replies) == 19


async def test_a_coordinator_of_a_city_first_picks_the_district(app: App) -> None:
    await grant(app.db, 950, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)
    await feed(app, updates.text(950, "/newmeeting"))
    question = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 950][-1]
    assert question.text == "Для какого округа встреча?"
    labels = {b.text: b.callback_data for row in question.reply_markup.inline_keyboard for b in row}
    assert set(labels) == {"Центральный", "Ленинский", "Кировский"}
    await feed(app, updates.callback(950, labels["Кировский"]))
    assert "для команды «Кировский»" in last_text(app, 950)
    await feed(
        app, updates.text(950, "Встреча"), updates.text(950, "Клуб"), updates.text(950, "завтра 18:00-19:30"),
        updates.text(950, "Без проверки места"), updates.callback(950, NewMeetingConfirm(create=True).pack()),
    )
    async with app.db.reading() as conn:
        district = await fetch_value(conn, "SELECT d.name FROM meetings m JOIN districts d ON d.id = m.district_id")
    assert district == "Кировский"


async def test_a_past_date_is_asked_about_and_times_are_read_as_people_write_them(app: App) -> None:
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await feed(app, updates.text(ORGANISER, "/newmeeting"), updates.text(ORGANISER, "Встреча"),
               updates.text(ORGANISER, "Парк"), updates.text(ORGANISER, "09.12 18:00"))
    assert last_text(app, ORGANISER) == (
        "Эта дата уже прошла: 09.12.2026. Если встреча через год, напишите дату с годом: "
        "<code>09.12.2027 18:00</code>. Или укажите другую дату."
    )
    await feed(app, updates.text(ORGANISER, "пт 18:00"))                 # 10.12.2026 is a Thursday
    assert "Начало: 11.12 18:00" in last_text(app, ORGANISER)
    await feed(app, updates.text(ORGANISER, "скоро"))
    assert last_text(app, ORGANISER) == (
        "Не понял, когда встреча закончится. Напишите время окончания (<code>20:00</code>, <code>до 20:30</code>) "
        "или длительность (<code>2 часа</code>, <code>полтора часа</code>, <code>90 минут</code>)."
    )
    await feed(app, updates.text(ORGANISER, "полтора часа"), updates.text(ORGANISER, "Без проверки места"))
    assert "11.12 18:00–19:30" in last_text(app, ORGANISER)


async def test_a_range_in_words_gives_start_and_end_at_once(app: App) -> None:
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await feed(app, updates.text(ORGANISER, "/newmeeting"), updates.text(ORGANISER, "Встреча"),
               updates.text(ORGANISER, "Парк"), updates.text(ORGANISER, "с 18:30 до 20:00"),
               updates.text(ORGANISER, "Без проверки места"))
    assert "10.12 18:30–20:00" in last_text(app, ORGANISER)
