"""Issue 13 item 13 through the real dispatcher: new meetings announced to those who want them,
/settings, a calendar file and a map link for «Пойду», the cancellation notice, and the
reminder a day before as well as two hours before."""

from __future__ import annotations

from datetime import timedelta

from aiogram.methods import SendDocument, SendMessage

from bot import meetings
from bot.i18n import I18n
from bot.model import GrantedRole, Meeting, NotificationTopic, ScopeKind
from bot.runtime.app import App
from handlers.meetings import Rsvp, SettingsButton
from handlers.meetings_admin import MeetingAction, MeetingButton, NewMeetingConfirm, NewMeetingLength
from scheduler import reminders
from scheduler.clock import FrozenClock
from tests.handlers.test_meetings import ORGANISER, meeting_now
from tests.support import updates
from tests.support.chat import feed, last_text, requests
from tests.support.factories import NewMember, grant


def sent_to(app: App, chat_id: int) -> list[SendMessage]:
    return [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == chat_id]


async def create_by_dialog(app: App) -> None:
    await feed(
        app, updates.text(ORGANISER, "/newmeeting"), updates.text(ORGANISER, "Субботник"),
        updates.text(ORGANISER, "Сквер у школы"), updates.text(ORGANISER, "завтра 11:00"),
        updates.callback(ORGANISER, NewMeetingLength(minutes=120).pack()),
        updates.text(ORGANISER, "Без проверки места"),
        updates.callback(ORGANISER, NewMeetingConfirm(create=True).pack()),
    )


async def test_a_new_meeting_is_announced_to_the_districts_members_who_want_it(new_member: NewMember, app: App) -> None:
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    await new_member(102, "Глеб", district_id=2)
    await feed(app, updates.text(101, "/settings"))
    menu = sent_to(app, 101)[-1]
    assert menu.text.startswith("⚙️ Какие уведомления вы хотите получать?")
    assert [row[0].text for row in menu.reply_markup.inline_keyboard] == [
        "✅ Новые встречи в округе", "✅ Новые материалы для репоста", "✅ Ежедневный рейтинг",
    ]
    await feed(app, updates.callback(101, SettingsButton(topic=NotificationTopic.NEW_MEETINGS).pack()))

    await create_by_dialog(app)
    await app.outbox.deliver_pending()

    [announcement] = sent_to(app, 100)
    assert announcement.text == (
        "🤝 Новая встреча в вашем округе: <b>Субботник</b>\n📅 11.12 11:00–13:00\n📍 Сквер у школы\n"
        "Придёте? Нажмите «✋ Пойду»: напомним накануне и за два часа до начала."
    )
    [[going]] = announcement.reply_markup.inline_keyboard
    assert going.text == "✋ Пойду"
    assert sent_to(app, 102) == []                                   # another district
    assert not any(m.text == announcement.text for m in sent_to(app, 101))    # turned it off

    # «Пойду» from the announcement: a calendar file and a map link.
    await feed(app, updates.callback(100, going.callback_data))
    [calendar] = [m for m in requests(app) if isinstance(m, SendDocument) and m.chat_id == 100]
    ics = calendar.document.data.decode()
    assert calendar.document.filename.endswith(".ics")
    assert "DTSTART:20261211T080000Z\r\n" in ics and "SUMMARY:Субботник\r\n" in ics
    assert calendar.caption == (
        "📅 Откройте этот файл, чтобы добавить встречу «Субботник» в календарь телефона. Место на карте: "
        "https://yandex.ru/maps/?text=%D0%A1%D0%BA%D0%B2%D0%B5%D1%80%20%D1%83%20%D1%88%D0%BA%D0%BE%D0%BB%D1%8B"
    )


async def test_settings_are_kept_and_a_second_press_turns_it_back_on(new_member: NewMember, app: App) -> None:
    await new_member(100, "Анна")
    press = updates.callback(100, SettingsButton(topic=NotificationTopic.DAILY_RATING).pack())
    await feed(app, updates.text(100, "/settings"), press)
    async with app.db.reading() as conn:
        row = await conn.execute_fetchall(
            "SELECT new_meetings, new_materials, daily_rating FROM notification_settings"
        )
    assert [tuple(r) for r in row] == [(1, 1, 0)]
    await feed(app, updates.callback(100, SettingsButton(topic=NotificationTopic.DAILY_RATING).pack()))
    async with app.db.reading() as conn:
        row = await conn.execute_fetchall("SELECT daily_rating FROM notification_settings")
    assert [tuple(r) for r in row] == [(1,)]


async def test_those_coming_hear_when_a_meeting_is_cancelled(new_member: NewMember, app: App) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    await new_member(101, "Борис")
    meeting = await meeting_now(app, actor, starts_in=timedelta(hours=5))
    await feed(app, updates.callback(100, Rsvp(id=meeting.id).pack()))
    await feed(app, updates.callback(ORGANISER, MeetingButton(action=MeetingAction.close, m=meeting.id).pack()))
    await app.outbox.deliver_pending()
    assert last_text(app, 100) == (
        "❌ Встреча «Встреча с жителями» (10.12 17:00–19:00) отменена. Спасибо, что собирались прийти."
    )
    assert sent_to(app, 101) == []


async def test_a_reminder_the_day_before_and_two_hours_before(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    actor = await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    await new_member(100, "Анна")
    meeting = await meeting_now(app, actor, starts_in=timedelta(hours=30))
    assert isinstance(meeting, Meeting)
    await feed(app, updates.callback(100, Rsvp(id=meeting.id).pack()))
    i18n = I18n("ru")

    clock.set(meeting.starts_at - timedelta(hours=25))
    assert await reminders.remind_due(app.bot, app.db, i18n, clock) == 0
    clock.set(meeting.starts_at - timedelta(hours=23, minutes=59))
    assert await reminders.remind_due(app.bot, app.db, i18n, clock) == 1
    assert last_text(app, 100).startswith("📅 Напоминаем о встрече: <b>Встреча с жителями</b>")
    assert await reminders.remind_due(app.bot, app.db, i18n, clock) == 0     # once
    clock.set(meeting.starts_at - timedelta(hours=1, minutes=59))
    assert await reminders.remind_due(app.bot, app.db, i18n, clock) == 1
    assert last_text(app, 100).startswith("⏰ Скоро встреча: <b>Встреча с жителями</b>")
    assert await meetings.take_due_reminders(app.db, now=clock.now()) == []
