"""Issue 11, hole 1 and hole 9 through the real dispatcher: meeting points nobody can mint.

- the organiser of a meeting is never awarded attendance at it, by either QR direction;
- a member holds at most one attendance among meetings whose times overlap;
- one organiser cannot run two meetings that overlap;
- with `meetings: confirmed`, attendance is pending until a coordinator (never the
  organiser) confirms the meeting from the organiser's report;
- a geofenced check-in takes only a location sent from the button at that moment.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from aiogram.methods import AnswerCallbackQuery, SendMessage, SendPhoto

from bot import meetings, tokens
from bot.meetings import Meeting
from bot.model import GrantedRole, ScopeKind
from bot.runtime.app import App
from handlers.meeting_reviews import ReviewAction, ReviewButton
from handlers.meetings_admin import MeetingAction, MeetingButton, NewMeetingConfirm, NewMeetingLength
from scheduler.clock import FrozenClock
from storage.db import fetch_all
from tests.handlers.test_meetings import (
    LIBRARY,
    ORGANISER,
    count,
    location,
    meeting_now,
    now,
    points_of,
)
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant

ADMIN = 1            # the settings' only admin
COORDINATOR = 950


def alerts(app: App) -> list[str]:
    return [m.text or "" for m in requests(app) if isinstance(m, AnswerCallbackQuery)]


def meeting_qr(meeting: Meeting) -> str:
    return "/start " + tokens.sign(b"test-secret", tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)


def card(member_id: int, version: int = 1) -> str:
    return "/start " + tokens.sign(b"test-secret", tokens.TokenKind.CARD, member_id, version)


# ---------------------------------------------------------------------------
# Nobody scores their own meeting


async def test_the_organiser_gets_no_points_for_their_own_meeting_by_either_qr_direction(
    new_member: NewMember, app: App
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    helper = await grant(app.db, 901, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    organiser_member = await new_member(ORGANISER, "Ольга")
    await new_member(901, "Пётр")
    meeting = await meeting_now(app, actor)

    await feed(app, updates.text(ORGANISER, meeting_qr(meeting)))
    assert last_text(app, ORGANISER) == (
        "Вы организатор встречи «Встреча с жителями»: за свою встречу баллы не начисляются."
    )
    # A second organiser who checks people in to it runs it too: neither direction pays them.
    await meetings.start_checkin(app.db, actor=helper, meeting_id=meeting.id, now=app.clock.now())
    await feed(app, updates.text(901, meeting_qr(meeting)))
    assert last_text(app, 901) == "Вы организатор встречи «Встреча с жителями»: за свою встречу баллы не начисляются."
    await feed(app, updates.text(901, card(organiser_member.id)))
    assert last_text(app, 901) == (
        "Этот участник — организатор встречи «Встреча с жителями»: за свою встречу баллы не начисляются."
    )
    assert await points_of(app, ORGANISER) == 0 and await points_of(app, 901) == 0
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 0


# ---------------------------------------------------------------------------
# One place at a time


async def test_a_member_is_checked_in_once_among_meetings_at_the_same_time(new_member: NewMember, app: App) -> None:
    first_organiser = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    second_organiser = await grant(app.db, 901, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    anna = await new_member(100, "Анна")
    first = await meeting_now(app, first_organiser, title="Первая")
    second = await meeting_now(app, second_organiser, title="Вторая", starts_in=timedelta(minutes=20))

    await feed(app, updates.text(100, meeting_qr(first)))
    assert "+20 баллов" in last_text(app, 100)
    await feed(app, updates.text(100, meeting_qr(second)))
    assert last_text(app, 100) == (
        "В это время вы уже отмечены на встрече «Первая» (10.12 12:10–14:10). "
        "За встречи, которые идут одновременно, баллы начисляются один раз."
    )
    await meetings.start_checkin(app.db, actor=second_organiser, meeting_id=second.id, now=app.clock.now())
    await feed(app, updates.text(901, card(anna.id)))
    assert last_text(app, 901) == (
        "Анна уже отмечен(а) на встрече «Первая» (10.12 12:10–14:10), которая идёт в то же время. "
        "За одновременные встречи баллы начисляются один раз."
    )
    assert await points_of(app, 100) == 200
    assert await count(app, "SELECT COUNT(*) FROM checkins") == 1


async def test_a_meeting_right_after_another_is_not_at_the_same_time(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    first_organiser = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    second_organiser = await grant(app.db, 901, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    first = await meeting_now(app, first_organiser, title="Первая")
    second = await meeting_now(app, second_organiser, title="Вторая", starts_in=timedelta(hours=2, minutes=10))
    await feed(app, updates.text(100, meeting_qr(first)))
    clock.set(second.starts_at)
    await feed(app, updates.text(100, meeting_qr(second)))
    assert "+20 баллов" in last_text(app, 100)
    assert await points_of(app, 100) == 400


async def test_an_organiser_cannot_create_a_meeting_overlapping_their_own(app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    start = app.clock.now().replace(hour=15, minute=0)          # 18:00 in Moscow
    existing = await meetings.create_meeting(
        app.db, actor=actor, district_id=1, title="Первая", place="Клуб", starts_at=start,
        ends_at=start + timedelta(hours=2), now=app.clock.now(), today=app.clock.today(),
    )
    assert isinstance(existing, Meeting)
    await feed(
        app, updates.text(ORGANISER, "/newmeeting"), updates.text(ORGANISER, "Вторая"),
        updates.text(ORGANISER, "Парк"), updates.text(ORGANISER, "сегодня 19:00"),
        updates.callback(ORGANISER, NewMeetingLength(minutes=90).pack()), updates.text(ORGANISER, "Без проверки места"),
        updates.callback(ORGANISER, NewMeetingConfirm(create=True).pack()),
    )
    assert last_text(app, ORGANISER) == (
        "У вас уже есть встреча в это время: «Первая», 10.12 18:00–20:00. "
        "Один организатор не проводит две встречи одновременно. Напишите другое время начала."
    )
    assert await count(app, "SELECT COUNT(*) FROM meetings") == 1
    # The dialog waits for another start; the title and place are kept.
    await feed(
        app, updates.text(ORGANISER, "сегодня 20:00"), updates.callback(ORGANISER, NewMeetingLength(minutes=60).pack()),
        updates.text(ORGANISER, "Без проверки места"),
        updates.callback(ORGANISER, NewMeetingConfirm(create=True).pack()),
    )
    async with app.db.reading() as conn:
        rows = await fetch_all(conn, "SELECT title, place FROM meetings ORDER BY id")
    assert [tuple(r) for r in rows] == [("Первая", "Клуб"), ("Вторая", "Парк")]


async def test_an_organiser_cannot_check_people_in_to_two_meetings_at_the_same_time(app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)
    own = await meeting_now(app, actor, title="Своя")
    helper = await grant(app.db, 901, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    coordinator_meeting = await meeting_now(app, helper, title="Чужая", starts_in=timedelta(minutes=30))
    await feed(app, updates.callback(COORDINATOR, MeetingButton(action=MeetingAction.start_checkin, m=own.id).pack()))
    await feed(app, updates.callback(
        COORDINATOR, MeetingButton(action=MeetingAction.start_checkin, m=coordinator_meeting.id).pack()
    ))
    assert last_text(app, COORDINATOR) == (
        "В это время вы уже ведёте встречу «Своя» (10.12 12:10–14:10): одновременно можно вести только одну встречу."
    )
    assert await count(app, "SELECT COUNT(*) FROM checkin_sessions") == 1


# ---------------------------------------------------------------------------
# Meetings that need a coordinator's confirmation


async def confirmed_mode(app: App) -> None:
    await feed(app, updates.text(ADMIN, "/meetings_mode confirmed"))
    assert last_text(app, ADMIN) == (
        "Кампания «Зима-2026»: баллы за встречи начисляются после подтверждения координатором."
    )


def photo(user_id: int, caption: str | None) -> Any:
    message: dict[str, Any] = {
        "message_id": 7, "date": 0, "chat": {"id": user_id, "type": "private"},
        "from": {"id": user_id, "is_bot": False, "first_name": "Ольга", "language_code": "ru"},
        "photo": [{"file_id": "report-photo", "file_unique_id": "u1", "width": 800, "height": 600}],
    }
    if caption is not None:
        message["caption"] = caption
    return updates.raw({"message": message})


async def test_with_confirmation_points_wait_for_a_coordinator_and_come_with_the_inviters_share(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    await confirmed_mode(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    boris = await new_member(101, "Борис")
    await new_member(100, "Анна", referrer=boris)
    meeting = await meeting_now(app, actor)

    await feed(app, updates.text(100, meeting_qr(meeting)))
    assert last_text(app, 100) == (
        "✅ Вы отмечены на встрече «Встреча с жителями». +20 баллов начислим, "
        "когда координатор подтвердит, что встреча состоялась."
    )
    assert await points_of(app, 100) == 0

    clock.set(meeting.starts_at + timedelta(minutes=30))
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.send_report, m=meeting.id).pack()))
    assert last_text(app, ORGANISER).startswith("Пришлите одно фото со встречи «Встреча с жителями»")
    await feed(app, updates.text(ORGANISER, "Всё прошло хорошо"))
    assert last_text(app, ORGANISER).startswith("Нужна фотография со встречи")
    await feed(app, photo(ORGANISER, None))
    assert last_text(app, ORGANISER) == "Фото получили. Теперь одной строкой: как прошла встреча?"
    await feed(app, updates.text(ORGANISER, "Пришли 12 человек, обсудили двор"))
    assert last_text(app, ORGANISER).startswith("✅ Отчёт о встрече «Встреча с жителями» отправлен координатору")

    [review] = [m for m in requests(app) if isinstance(m, SendPhoto) and m.chat_id == COORDINATOR]
    assert review.photo == "report-photo"
    assert "Отчёт: Пришли 12 человек, обсудили двор" in review.caption
    assert "Отмечено участников: 1" in review.caption
    assert [b.text for b in review.reply_markup.inline_keyboard[0]] == ["✅ Встреча состоялась", "❌ Не подтверждаю"]

    confirm = ReviewButton(action=ReviewAction.confirm, m=meeting.id).pack()
    await feed(app, updates.callback(COORDINATOR, confirm))
    assert last_text(app, 100) == "✅ Координатор подтвердил встречу «Встреча с жителями»: вам начислено +20 баллов."
    assert last_text(app, ORGANISER) == (
        "✅ Координатор подтвердил встречу «Встреча с жителями»: участники получили баллы."
    )
    assert await points_of(app, 100) == 200
    share = "SELECT COALESCE(SUM(units), 0) FROM ledger WHERE kind = 'referral_share'"
    assert await count(app, share) == 60                           # the inviter's 30 %, as for any activity
    await feed(app, updates.callback(COORDINATOR, confirm))          # pressed again: nothing more
    assert alerts(app)[-1] == "По этой встрече решение уже принято."
    assert await points_of(app, 100) == 200 and await count(app, share) == 60
    assert await count(app, "SELECT COUNT(*) FROM ledger WHERE kind IN ('meeting', 'referral_share')") == 2


async def reported_meeting(
    new_member: NewMember, app: App, clock: FrozenClock, *, coordinator: tuple[ScopeKind, int], report: str
) -> Meeting:
    """Meetings confirmed by a coordinator (of `coordinator`'s scope): Анна (100) checked in, and at
    the start the organiser sent a photo with `report` as its caption."""
    await confirmed_mode(app)
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, *coordinator)
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor)
    await feed(app, updates.text(100, meeting_qr(meeting)))
    clock.set(meeting.starts_at)
    await feed(
        app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.send_report, m=meeting.id).pack()),
        photo(ORGANISER, report),
    )
    return meeting


async def test_a_refused_meeting_pays_nobody_and_attendees_are_told(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    meeting = await reported_meeting(
        new_member, app, clock, coordinator=(ScopeKind.DISTRICT, 1), report="Провели встречу у библиотеки"
    )
    await feed(app, updates.callback(COORDINATOR, ReviewButton(action=ReviewAction.refuse, m=meeting.id).pack()))
    assert last_text(app, 100) == (
        "Координатор не подтвердил, что встреча «Встреча с жителями» состоялась, поэтому баллы за неё не начислены."
    )
    assert await points_of(app, 100) == 0
    await feed(app, updates.callback(COORDINATOR, ReviewButton(action=ReviewAction.confirm, m=meeting.id).pack()))
    assert alerts(app)[-1] == "По этой встрече решение уже принято."
    assert await points_of(app, 100) == 0


async def test_nobody_confirms_their_own_meeting_it_goes_to_another_coordinator_or_an_admin(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    await confirmed_mode(app)
    coordinator = await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)  # organises too
    await new_member(100, "Анна")
    own = await meetings.create_meeting(
        app.db, actor=coordinator, district_id=1, title="Своя", place="Клуб",
        starts_at=clock.now() + timedelta(minutes=10), ends_at=clock.now() + timedelta(hours=2),
        now=clock.now(), today=clock.today(),
    )
    assert isinstance(own, Meeting)
    await feed(app, updates.text(100, meeting_qr(own)))
    clock.set(own.starts_at)
    await feed(
        app, updates.callback(COORDINATOR, MeetingButton(action=MeetingAction.send_report, m=own.id).pack()),
        photo(COORDINATOR, "Встреча прошла"),
    )
    # No other coordinator of the scope: the admin decides.
    assert [m.chat_id for m in requests(app) if isinstance(m, SendPhoto)] == [ADMIN]
    await feed(app, updates.callback(COORDINATOR, ReviewButton(action=ReviewAction.confirm, m=own.id).pack()))
    assert alerts(app)[-1] == "Свою встречу подтвердить нельзя: её подтвердит другой координатор или администратор."
    assert await points_of(app, 100) == 0
    await feed(app, updates.callback(ADMIN, ReviewButton(action=ReviewAction.confirm, m=own.id).pack()))
    assert await points_of(app, 100) == 200


async def test_a_member_cannot_decide_on_a_meeting(new_member: NewMember, app: App, clock: FrozenClock) -> None:
    meeting = await reported_meeting(new_member, app, clock, coordinator=(ScopeKind.CITY, 1), report="Встреча прошла")
    for who in (100, ORGANISER):           # a member forging the button, the organiser (not a coordinator)
        await feed(app, updates.callback(who, ReviewButton(action=ReviewAction.confirm, m=meeting.id).pack()))
    assert await points_of(app, 100) == 0
    assert await count(app, "SELECT COUNT(*) FROM meetings WHERE confirmation = 'reported'") == 1


# ---------------------------------------------------------------------------
# Hole 9: the location must be sent from the button at that moment


async def ask_for_location(new_member: NewMember, app: App) -> Meeting:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor, geofence=True)
    await feed(app, updates.text(100, meeting_qr(meeting)))
    assert "в радиусе 150 м" in last_text(app, 100)
    return meeting


def shared(app: App, *, sent_at: int | None = None, **fields: Any) -> Any:
    update = location(100, LIBRARY.latitude, LIBRARY.longitude, sent_at=now(app) if sent_at is None else sent_at)
    return update.model_copy(update={"message": update.message.model_copy(update=fields)})


async def test_a_venue_a_forwarded_an_old_or_a_live_location_does_not_count(new_member: NewMember, app: App) -> None:
    from aiogram.types import Location, MessageOriginHiddenUser, User, Venue

    await ask_for_location(new_member, app)
    spot = Location(latitude=LIBRARY.latitude, longitude=LIBRARY.longitude)
    attempts = [
        (shared(app, venue=Venue(location=spot, title="Библиотека", address="ул. Ленина 1")),
         "Нужна ваша геопозиция, а не выбранное на карте место. Нажмите «📍 Отправить геопозицию» внизу."),
        (shared(app, forward_origin=MessageOriginHiddenUser(date=now(app), sender_user_name="Кто-то")),
         "Нужна ваша текущая геопозиция, а не пересланная. Нажмите «📍 Отправить геопозицию»."),
        (shared(app, via_bot=User(id=5, is_bot=True, first_name="Карты")),
         "Нужна ваша геопозиция, а не выбранное на карте место. Нажмите «📍 Отправить геопозицию» внизу."),
        (shared(app, sent_at=now(app) - 600),
         "Эта геопозиция отправлена слишком давно. Нажмите «📍 Отправить геопозицию» ещё раз."),
        (shared(app, location=Location(latitude=LIBRARY.latitude, longitude=LIBRARY.longitude, live_period=900)),
         "Трансляция геопозиции не подходит. Нажмите кнопку «📍 Отправить геопозицию» внизу."),
    ]
    for update, answer in attempts:
        await feed(app, update)
        assert last_text(app, 100) == answer
    assert await points_of(app, 100) == 0
    await feed(app, shared(app))                                   # from the button, now
    assert "+20 баллов" in last_text(app, 100)


async def test_an_edited_location_does_not_count(new_member: NewMember, app: App) -> None:
    await ask_for_location(new_member, app)
    far = location(100, LIBRARY.latitude + 0.05, LIBRARY.longitude, sent_at=now(app))
    await feed(app, far)
    assert "слишком далеко" in last_text(app, 100)
    # Moved onto the spot afterwards (a live location, or an edit): still not a check-in.
    edited = updates.raw({"edited_message": {**far.message.model_dump(mode="json", exclude_none=True, by_alias=True),
                                             "edit_date": now(app), "location": {"latitude": LIBRARY.latitude,
                                                                                  "longitude": LIBRARY.longitude}}})
    await feed(app, edited)
    assert last_text(app, 100) == "Изменённая геопозиция не засчитывается. Нажмите «📍 Отправить геопозицию» ещё раз."
    assert await points_of(app, 100) == 0
    assert len([m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 100]) == len(texts_to(app, 100))
