"""The same act many times at once has exactly one effect.

Acts: referral completion, check-in (card scan and meeting QR), post submission, and a
coordinator's approval. Each is tried in up to three ways: many tasks on the bot's one
connection (tests/storage has more of these); many tasks on two connections to one file
(what two processes, or a webhook redelivery racing a worker, would do); and through the
dispatcher with the same update, or the same act in several updates, many times at once
without per-user event isolation.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.methods import AnswerCallbackQuery, SendMessage

from bot import checkin, links, meetings, membership, posts, revocation, tokens
from bot.checkin import CheckIn, Method
from bot.ledger import RevokeRefusal
from bot.links import DEFAULT_ALLOWED_POST_DOMAINS, PostLink
from bot.membership import Registration, RegistrationRefusal
from bot.model import GrantedRole, Meeting, ScopeKind
from bot.posts import CampaignCache, Moderation, ModerationRefusal, PostRefusal, Refused, RejectReason, Submission
from bot.roles import Actor
from bot.runtime.app import App, build_app
from bot.runtime.config import Settings
from handlers.points_admin import ModerationAction, ModerationButton
from scheduler.clock import FrozenClock
from storage import ledger as ledger_store
from storage.db import Database, fetch_value
from tests.support import updates
from tests.support.chat import texts_to
from tests.support.factories import NewMember, grant, staff
from tests.support.session import MockedBot

T = TypeVar("T")
TIMES = 40
SECRET = b"test-secret"
REFERRER, INVITEE = 100, 200
ORGANISER = staff(900, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)


@pytest.fixture(autouse=True)
async def _staff_hold_their_grants(db: Database) -> None:
    await grant(db, ORGANISER)


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock, seeded_db: Database) -> AsyncIterator[App]:
    """The bot without per-user isolation: as if copies of an update were handled by different processes."""
    app = await build_app(settings, clock=clock, bot=MockedBot(), events_isolation=DisabledEventIsolation())
    try:
        yield app
    finally:
        await app.close()


@pytest.fixture
async def second_db(seeded_db: Database) -> AsyncIterator[Database]:
    """Another connection to the same file, as another process would have."""
    other = await Database(seeded_db.path).connect(migrate=False)
    try:
        yield other
    finally:
        await other.close()


async def at_once(databases: list[Database], act: Callable[[Database], Awaitable[T]]) -> list[T]:
    return list(await asyncio.gather(*(act(databases[i % len(databases)]) for i in range(TIMES))))


async def value(db: Database, sql: str, params: tuple[Any, ...] = ()) -> int:
    async with db.reading() as conn:
        return int(await fetch_value(conn, sql, params) or 0)


async def assert_ledger_true(db: Database) -> None:
    async with db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []


# -- referral completion -------------------------------------------------------------------------


async def finish_registration(db: Database, clock: FrozenClock) -> Registration | RegistrationRefusal:
    return await membership.register(
        db, tg_id=INVITEE, username=None, display_name="Приглашённый", phone=None, locale="ru", district_id=2,
        consent_at=clock.now(), now=clock.now(), today=clock.today(),
    )


@pytest.mark.parametrize("connections", [1, 2], ids=["one connection", "two connections"])
async def test_an_invitee_finishing_registration_many_times_at_once_earns_the_referrer_ten_points_once(
    new_member: NewMember, seeded_db: Database, second_db: Database, clock: FrozenClock, connections: int
) -> None:
    referrer = await new_member(REFERRER)
    await membership.first_contact(seeded_db, tg_id=INVITEE, referrer_id=referrer.id, secret=SECRET, now=clock.now())

    results = await at_once([seeded_db, second_db][:connections], lambda db: finish_registration(db, clock))

    assert sum(isinstance(r, Registration) for r in results) == 1
    assert sum(r is RegistrationRefusal.ALREADY_MEMBER for r in results) == TIMES - 1
    assert await value(seeded_db, "SELECT COUNT(*) FROM members WHERE tg_id = ?", (INVITEE,)) == 1
    assert await value(seeded_db, "SELECT COUNT(*) FROM ledger WHERE kind = 'referral'") == 1
    assert await value(seeded_db, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 100
    assert await value(seeded_db, "SELECT units FROM team_totals WHERE district_id = 1") == 100
    await assert_ledger_true(seeded_db)


async def test_the_last_registration_step_arriving_many_times_at_once_registers_once_and_tells_the_referrer_once(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    referrer = await new_member(REFERRER)
    payload = tokens.sign(app.dp["qr_secret"], tokens.TokenKind.REFERRAL, referrer.id)
    async with app.db.reading() as conn:
        city = await fetch_value(conn, "SELECT city_id FROM districts WHERE id = 2")
    for update in (
        updates.text(INVITEE, f"/start {payload}"),
        updates.callback(INVITEE, "rg-ok:1"),
        updates.callback(INVITEE, f"rg-c:{city}"),
        updates.callback(INVITEE, "rg-d:2"),
        updates.callback(INVITEE, "rg-name", first_name="Приглашённый"),
    ):
        await app.dp.feed_update(app.bot, update)
    skip = updates.text(INVITEE, "Пропустить")
    await asyncio.gather(*(app.dp.feed_update(app.bot, skip) for _ in range(TIMES)))

    to_referrer = [
        m.text for m in app.bot.session.requests  # type: ignore[attr-defined]
        if isinstance(m, SendMessage) and m.chat_id == REFERRER
    ]
    assert len([t for t in to_referrer if "по вашему приглашению" in t]) == 1
    assert await value(app.db, "SELECT COUNT(*) FROM members WHERE tg_id = ?", (INVITEE,)) == 1
    assert await value(app.db, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 100
    await assert_ledger_true(app.db)


# -- check-in ------------------------------------------------------------------------------------


async def open_meeting(db: Database, clock: FrozenClock) -> Meeting:
    start = clock.now() + timedelta(minutes=10)
    meeting = await meetings.create_meeting(
        db, actor=ORGANISER, district_id=1, title="Встреча", place="Библиотека", starts_at=start,
        ends_at=start + timedelta(hours=2), position=None, radius_m=None, now=clock.now(), today=clock.today(),
    )
    assert isinstance(meeting, Meeting)
    return meeting


async def test_a_meeting_qr_scanned_many_times_at_once_over_two_connections_counts_once(
    new_member: NewMember, seeded_db: Database, second_db: Database, clock: FrozenClock
) -> None:
    meeting = await open_meeting(seeded_db, clock)
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    attendee = await new_member(300)

    def scan(db: Database) -> Awaitable[Any]:
        by_card = db is second_db  # half scan the meeting QR, half have their card scanned
        return checkin.check_in(
            db, meeting_id=meeting.id, member_id=attendee.id, now=clock.now(), today=clock.today(),
            method=Method.CARD_SCAN if by_card else Method.MEETING_QR, organiser=ORGANISER if by_card else None,
            card_version=attendee.card_version, qr_version=meeting.qr_version,
        )

    results = await at_once([seeded_db, second_db], scan)
    assert sum(isinstance(r, CheckIn) and r.created for r in results) == 1
    assert all(isinstance(r, CheckIn) for r in results)
    assert await value(seeded_db, "SELECT COUNT(*) FROM checkins WHERE member_id = ?", (attendee.id,)) == 1
    assert await value(seeded_db, "SELECT units FROM member_totals WHERE member_id = ?", (attendee.id,)) == 200
    await assert_ledger_true(seeded_db)


async def test_the_same_meeting_qr_link_sent_many_times_at_once_through_the_bot_counts_once(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    meeting = await open_meeting(app.db, clock)
    attendee = await new_member(301)
    payload = tokens.sign(app.dp["qr_secret"], tokens.TokenKind.MEETING, meeting.id, meeting.qr_version)
    link = updates.text(301, f"/start {payload}")
    await asyncio.gather(*(app.dp.feed_update(app.bot, link) for _ in range(TIMES)))
    told = [
        m.text for m in app.bot.session.requests  # type: ignore[attr-defined]
        if isinstance(m, SendMessage) and m.chat_id == 301 and "+20" in m.text
    ]
    assert len(told) == 1
    assert await value(app.db, "SELECT units FROM member_totals WHERE member_id = ?", (attendee.id,)) == 200
    await assert_ledger_true(app.db)


# -- post submission -----------------------------------------------------------------------------

POST = "https://vk.com/wall-100_1"


async def test_the_same_post_link_sent_many_times_at_once_through_the_bot_is_one_post_worth_one_point(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    referrer = await new_member(REFERRER)
    await membership.first_contact(
        app.db, tg_id=INVITEE, referrer_id=referrer.id, secret=app.dp["qr_secret"], now=clock.now()
    )
    author = await new_member(INVITEE)
    others = [await new_member(tg_id) for tg_id in (301, 302)]
    # One update redelivered, the author tapping "send" again with a variant of the link, and two
    # other members sending the same post: all at once.
    redelivered = updates.text(INVITEE, POST)
    again = [updates.text(INVITEE, f"{POST}?utm_source=tg") for _ in range(TIMES // 4)]
    theirs = [updates.text(o.tg_id, f"https://m.vk.com/wall-100_1#{i}") for i in range(TIMES // 4) for o in others]
    burst = [redelivered] * (TIMES // 2) + again + theirs

    await asyncio.gather(*(app.dp.feed_update(app.bot, update) for update in burst))

    assert await value(app.db, "SELECT COUNT(*) FROM posts") == 1
    assert await value(app.db, "SELECT member_id FROM posts") == author.id
    assert await value(app.db, "SELECT COUNT(*) FROM ledger WHERE kind = 'post'") == 1
    assert await value(app.db, "SELECT COUNT(*) FROM ledger WHERE kind = 'referral_share'") == 1
    assert await value(app.db, "SELECT units FROM member_totals WHERE member_id = ?", (author.id,)) == 10
    # 10 points for bringing the author in, and 30 % of the post's point
    assert await value(app.db, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 103
    to_author = texts_to(app, INVITEE)
    assert len([text for text in to_author if text.startswith("✅ Пост засчитан")]) == 1
    assert len([text for text in to_author if text.startswith("Вы уже присылали этот пост")]) == TIMES * 3 // 4 - 1
    for other in others:
        assert all(text.startswith("Этот пост уже прислал другой участник") for text in texts_to(app, other.tg_id))
    await assert_ledger_true(app.db)


# -- moderation ----------------------------------------------------------------------------------

COORDINATORS = (700, 701)


async def test_a_post_sent_and_approved_and_rejected_at_once_over_two_connections_is_decided_once(
    new_member: NewMember, seeded_db: Database, second_db: Database, clock: FrozenClock
) -> None:
    async with seeded_db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = 'manual'")
    author = await new_member(INVITEE)
    link = links.parse_post_link(POST, DEFAULT_ALLOWED_POST_DOMAINS)
    assert isinstance(link, PostLink)

    submitted = await at_once([seeded_db, second_db], lambda db: posts.submit_post(
        db, CampaignCache(), member=author, link=link, material_id=None, daily_cap=10, now=clock.now(),
        today=clock.today(),
    ))
    assert sum(isinstance(r, Submission) for r in submitted) == 1
    post_id = next(r.post_id for r in submitted if isinstance(r, Submission))

    coordinator = Actor(tg_id=COORDINATORS[0], is_admin=True)
    decided = await at_once([seeded_db, second_db], lambda db: posts.moderate(
        db, post_id=post_id, reason=None if db is seeded_db else RejectReason.RULES, actor=coordinator,
        now=clock.now(),
    ))
    winners = [d for d in decided if isinstance(d, Moderation)]
    assert len(winners) == 1
    assert all(d is ModerationRefusal.ALREADY_DECIDED for d in decided if not isinstance(d, Moderation))
    awarded = 10 if winners[0].post.status == "approved" else 0
    assert await value(seeded_db, "SELECT COUNT(*) FROM posts") == 1
    earned = await value(seeded_db, "SELECT COALESCE(SUM(units), 0) FROM ledger WHERE member_id = ?", (author.id,))
    assert earned == awarded
    await assert_ledger_true(seeded_db)


async def test_approve_pressed_many_times_at_once_by_two_coordinators_awards_once_and_tells_the_author_once(
    new_member: NewMember, app: App, clock: FrozenClock, caplog: pytest.LogCaptureFixture
) -> None:
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = 'manual'")
    for tg_id in COORDINATORS:
        await grant(app.db, tg_id, GrantedRole.COORDINATOR)
    referrer = await new_member(REFERRER)
    await membership.first_contact(
        app.db, tg_id=INVITEE, referrer_id=referrer.id, secret=app.dp["qr_secret"], now=clock.now()
    )
    author = await new_member(INVITEE)
    await app.dp.feed_update(app.bot, updates.text(INVITEE, POST))
    assert "Координатор проверит пост" in texts_to(app, INVITEE)[-1]
    post_id = await value(app.db, "SELECT id FROM posts WHERE status = 'pending'")

    approve = ModerationButton(action=ModerationAction.APPROVE, p=post_id).pack()
    presses = [updates.callback(COORDINATORS[i % 2], approve) for i in range(TIMES)]
    await asyncio.gather(*(app.dp.feed_update(app.bot, press) for press in presses))

    assert await value(app.db, "SELECT COUNT(*) FROM posts WHERE id = ? AND status = 'approved'", (post_id,)) == 1
    assert await value(app.db, "SELECT COUNT(*) FROM ledger WHERE kind = 'post'") == 1
    assert await value(app.db, "SELECT COUNT(*) FROM ledger WHERE kind = 'referral_share'") == 1
    assert await value(app.db, "SELECT units FROM member_totals WHERE member_id = ?", (author.id,)) == 10
    # 10 points for bringing the author in, and 30 % of the post's point
    assert await value(app.db, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 103
    told = [text for text in texts_to(app, INVITEE) if "Ваш пост проверен" in text]
    assert told == [f"✅ Ваш пост проверен и засчитан: +1 балл.\n{POST}"]
    answers = {
        m.callback_query_id: m.text for m in app.bot.session.requests  # type: ignore[attr-defined]
        if isinstance(m, AnswerCallbackQuery)
    }
    assert set(answers) == {press.callback_query.id for press in presses}   # no button left spinning
    assert sorted(answers.values(), key=str) == ["Засчитано: Участник 200."] + ["Этот пост уже проверен."] * (TIMES - 1)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
    await assert_ledger_true(app.db)


async def test_fifty_members_sending_one_post_at_once_count_it_once_for_the_first(
    new_member: NewMember, app: App, clock: FrozenClock
) -> None:
    senders = [300 + n for n in range(50)]
    for tg_id in senders:
        await new_member(tg_id)
    spellings = (POST, "https://m.vk.com/wall-100_1?utm_source=tg", "http://www.vk.com/wall-100_1/#reply")
    await asyncio.gather(*(
        app.dp.feed_update(app.bot, updates.text(tg_id, spellings[n % 3])) for n, tg_id in enumerate(senders)
    ))
    answers = [text for tg_id in senders for text in texts_to(app, tg_id)]
    assert len(answers) == 50
    assert sum(text.startswith("✅ Пост засчитан") for text in answers) == 1
    assert answers.count("Этот пост уже прислал другой участник — каждый пост засчитывается один раз.") == 49
    assert await value(app.db, "SELECT COUNT(*) FROM posts") == 1
    assert await value(app.db, "SELECT SUM(units) FROM member_totals") == 10
    await assert_ledger_true(app.db)


@pytest.mark.parametrize("connections", [1, 2], ids=["one connection", "two connections"])
async def test_one_post_submitted_many_times_at_once_is_recorded_and_awarded_once(
    new_member: NewMember, seeded_db: Database, second_db: Database, clock: FrozenClock, connections: int
) -> None:
    link = links.parse_post_link(POST)
    assert isinstance(link, links.PostLink)
    referrer = await new_member(REFERRER)
    await membership.first_contact(seeded_db, tg_id=INVITEE, referrer_id=referrer.id, secret=SECRET, now=clock.now())
    invitee = await new_member(INVITEE)
    caches = {id(seeded_db): CampaignCache(), id(second_db): CampaignCache()}

    results = await at_once([seeded_db, second_db][:connections], lambda db: posts.submit_post(
        db, caches[id(db)], member=invitee, link=link, material_id=None, daily_cap=10, now=clock.now(),
        today=clock.today(),
    ))
    assert sum(isinstance(r, Submission) for r in results) == 1
    assert {r.reason for r in results if isinstance(r, Refused)} == {PostRefusal.DUPLICATE_OWN}
    assert await value(seeded_db, "SELECT COUNT(*) FROM ledger WHERE kind = 'post'") == 1
    assert await value(seeded_db, "SELECT COUNT(*) FROM ledger WHERE kind = 'referral_share'") == 1
    assert await value(seeded_db, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 103
    await assert_ledger_true(seeded_db)


async def test_revoking_one_entry_many_times_at_once_reverses_it_and_its_share_once(
    new_member: NewMember, seeded_db: Database, second_db: Database, clock: FrozenClock
) -> None:
    link = links.parse_post_link(POST)
    assert isinstance(link, links.PostLink)
    referrer = await new_member(REFERRER)
    await membership.first_contact(seeded_db, tg_id=INVITEE, referrer_id=referrer.id, secret=SECRET, now=clock.now())
    invitee = await new_member(INVITEE)
    submitted = await posts.submit_post(
        seeded_db, CampaignCache(), member=invitee, link=link, material_id=None, daily_cap=10, now=clock.now(),
        today=clock.today(),
    )
    assert isinstance(submitted, Submission) and submitted.award is not None
    coordinator = await grant(seeded_db, 700, GrantedRole.COORDINATOR)

    results = await at_once([seeded_db, second_db], lambda db: revocation.revoke_entry(
        db, actor=coordinator, entry_id=submitted.award.entry_id, reason="пост удалён", now=clock.now(),
    ))
    assert sum(isinstance(r, revocation.Revoked) for r in results) == 1
    assert {r for r in results if not isinstance(r, revocation.Revoked)} == {RevokeRefusal.ALREADY_REVOKED}
    assert await value(seeded_db, "SELECT COUNT(*) FROM ledger WHERE reverses_id IS NOT NULL") == 2
    assert await value(seeded_db, "SELECT units FROM member_totals WHERE member_id = ?", (invitee.id,)) == 0
    # The referral for the registration stays; only the share of the revoked post goes.
    assert await value(seeded_db, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 100
    await assert_ledger_true(seeded_db)
