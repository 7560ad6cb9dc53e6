"""Check-in rules on a real SQLite file: window, re-issue, closing, once per member, geofence, campaign."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot import administration, checkin, meetings
from bot.checkin import CheckIn, CheckinRefusal, Method
from bot.meetings import MeetingRefusal, Position, RsvpRefusal
from bot.model import GrantedRole, Meeting, Member, ScopeKind
from bot.roles import Actor
from scheduler.clock import FrozenClock
from storage import ledger as ledger_store
from storage.db import Database, fetch_value
from tests.support.factories import NewMember, grant, staff

ORGANISER = staff(900, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
OTHER_ORGANISER = staff(901, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 2)
RED_SQUARE = Position(55.7539, 37.6208)


@pytest.fixture(autouse=True)
async def _staff_hold_their_grants(db: Database) -> None:
    await grant(db, ORGANISER)
    await grant(db, OTHER_ORGANISER)


async def make_meeting(
    db: Database,
    clock: FrozenClock,
    *,
    starts_in: timedelta = timedelta(hours=1),
    length: timedelta = timedelta(hours=2),
    geofence: bool = False,
    actor: Actor = ORGANISER,
    district_id: int = 1,
) -> Meeting:
    start = clock.now() + starts_in
    meeting = await meetings.create_meeting(
        db, actor=actor, district_id=district_id, title="Встреча с жителями", place="Библиотека", starts_at=start,
        ends_at=start + length, position=RED_SQUARE if geofence else None, radius_m=200 if geofence else None,
        now=clock.now(), today=clock.today(),
    )
    assert isinstance(meeting, Meeting), meeting
    return meeting


async def scan_qr(db: Database, clock: FrozenClock, meeting: Meeting, member: Member, *, version: int | None = None,
                  position: Position | None = None) -> CheckIn | CheckinRefusal:
    return await checkin.check_in(
        db, meeting_id=meeting.id, member_id=member.id, method=Method.MEETING_QR, now=clock.now(),
        today=clock.today(), qr_version=meeting.qr_version if version is None else version, position=position,
    )


async def scan_card(db: Database, clock: FrozenClock, meeting: Meeting, member: Member, *, organiser: Actor = ORGANISER,
                    version: int | None = None) -> CheckIn | CheckinRefusal:
    return await checkin.check_in(
        db, meeting_id=meeting.id, member_id=member.id, method=Method.CARD_SCAN, now=clock.now(),
        today=clock.today(), organiser=organiser, card_version=member.card_version if version is None else version,
    )


async def total(db: Database, member: Member) -> int:
    async with db.reading() as conn:
        return int(
            await fetch_value(conn, "SELECT COALESCE(SUM(units), 0) FROM ledger WHERE member_id = ?", (member.id,))
        )


async def counts(db: Database) -> tuple[int, int]:
    async with db.reading() as conn:
        checkins = await fetch_value(conn, "SELECT COUNT(*) FROM checkins")
        awards = await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE kind = 'meeting'")
        assert await ledger_store.inconsistencies(conn) == []
    return checkins, awards


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(minutes=-31), CheckinRefusal.NOT_YET_OPEN),   # more than 30 min before the start
        (timedelta(minutes=-30), None),                           # the window opens
        (timedelta(hours=1), None),                               # during the meeting
        (timedelta(hours=2, minutes=30), None),                   # 30 min after the end: still open
        (timedelta(hours=2, minutes=31), CheckinRefusal.OVER),    # the QR has expired
    ],
)
async def test_the_meeting_qr_counts_only_inside_its_window(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock, offset: timedelta, expected: CheckinRefusal | None
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(hours=1), length=timedelta(hours=2))
    member = await new_member(100)
    clock.set(meeting.starts_at + offset)
    result = await scan_qr(seeded_db, clock, meeting, member)
    if expected is None:
        assert isinstance(result, CheckIn) and result.created and result.units == 200
        assert await total(seeded_db, member) == 200
    else:
        assert result is expected
        assert await total(seeded_db, member) == 0


async def test_a_card_scan_also_counts_only_inside_the_window(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(hours=2))
    member = await new_member(100)
    assert not isinstance(
        await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now()), MeetingRefusal
    )
    assert await scan_card(seeded_db, clock, meeting, member) is CheckinRefusal.NOT_YET_OPEN
    clock.advance(timedelta(hours=2))
    result = await scan_card(seeded_db, clock, meeting, member)
    assert isinstance(result, CheckIn) and result.present == 1
    async with seeded_db.reading() as conn:
        row = await conn.execute_fetchall("SELECT method, confirmed_by FROM checkins")
    assert [tuple(r) for r in row] == [("card_scan", 900)]


async def test_a_reissued_meeting_qr_voids_the_old_one(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    old_version = meeting.qr_version
    reissued = await meetings.reissue_meeting_qr(seeded_db, actor=ORGANISER, meeting_id=meeting.id)
    assert isinstance(reissued, Meeting) and reissued.qr_version == old_version + 1
    first, second = await new_member(100), await new_member(101)
    assert await scan_qr(seeded_db, clock, meeting, first, version=old_version) is CheckinRefusal.QR_REVOKED
    assert isinstance(await scan_qr(seeded_db, clock, reissued, second), CheckIn)
    assert await counts(seeded_db) == (1, 1)


async def test_a_reissued_card_voids_the_old_one(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    member = await new_member(100)
    new_version = await meetings.reissue_card(seeded_db, member_id=member.id)
    assert new_version == member.card_version + 1
    assert (
        await scan_card(seeded_db, clock, meeting, member, version=member.card_version) is CheckinRefusal.CARD_REVOKED
    )
    assert isinstance(await scan_card(seeded_db, clock, meeting, member, version=new_version), CheckIn)


async def test_a_closed_meeting_accepts_no_check_ins(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    member = await new_member(100)
    closed = await meetings.close_meeting(seeded_db, actor=ORGANISER, meeting_id=meeting.id)
    assert isinstance(closed, Meeting) and closed.status == "closed"
    assert await scan_qr(seeded_db, clock, meeting, member) is CheckinRefusal.CLOSED
    assert await scan_card(seeded_db, clock, meeting, member) is CheckinRefusal.CLOSED
    assert await meetings.close_meeting(seeded_db, actor=ORGANISER, meeting_id=meeting.id) is MeetingRefusal.CLOSED
    assert await counts(seeded_db) == (0, 0)


async def test_a_second_check_in_changes_nothing_whatever_the_method(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    member = await new_member(100)
    first = await scan_card(seeded_db, clock, meeting, member)
    again = await scan_card(seeded_db, clock, meeting, member)
    by_qr = await scan_qr(seeded_db, clock, meeting, member)
    assert isinstance(first, CheckIn) and first.created and first.units == 200
    for repeat in (again, by_qr):
        assert isinstance(repeat, CheckIn) and not repeat.created and repeat.units == 0 and repeat.present == 1
    assert await total(seeded_db, member) == 200
    assert await counts(seeded_db) == (1, 1)


async def test_twenty_concurrent_scans_make_one_attendance_and_one_award(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    member = await new_member(100)
    results = await asyncio.gather(
        *(
            scan_card(seeded_db, clock, meeting, member) if i % 2 else scan_qr(seeded_db, clock, meeting, member)
            for i in range(20)
        )
    )
    assert sum(1 for r in results if isinstance(r, CheckIn) and r.created) == 1
    assert all(isinstance(r, CheckIn) for r in results)
    assert await counts(seeded_db) == (1, 1)
    assert await total(seeded_db, member) == 200


async def test_the_referrer_gets_their_share_of_a_meeting(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    referrer = await new_member(100)
    member = await new_member(101, referrer=referrer)
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    assert isinstance(await scan_qr(seeded_db, clock, meeting, member), CheckIn)
    assert await total(seeded_db, member) == 200
    assert await total(seeded_db, referrer) == 100 + 60   # the referral itself, then 30 % of 20 points


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (Position(55.7539, 37.6208), None),                      # at the point
        (Position(55.7539 + 0.0015, 37.6208), None),             # ~167 m north
        (Position(55.7539 + 0.0020, 37.6208), CheckinRefusal.TOO_FAR),   # ~222 m north
        (Position(59.9386, 30.3141), CheckinRefusal.TOO_FAR),    # Saint Petersburg
        (Position(123.0, 37.6), CheckinRefusal.TOO_FAR),         # not a place on Earth
    ],
)
async def test_a_geofenced_meeting_needs_the_member_within_the_radius(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock, position: Position, expected: CheckinRefusal | None
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10), geofence=True)
    member = await new_member(100)
    assert await scan_qr(seeded_db, clock, meeting, member) is CheckinRefusal.NEED_LOCATION
    result = await scan_qr(seeded_db, clock, meeting, member, position=position)
    if expected is None:
        assert isinstance(result, CheckIn) and result.created
    else:
        assert result is expected
        assert await counts(seeded_db) == (0, 0)


async def test_a_card_scan_needs_the_organiser_of_that_district_with_check_in_started(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    member = await new_member(100)
    assert await scan_card(seeded_db, clock, meeting, member) is CheckinRefusal.NO_SESSION
    assert await scan_card(seeded_db, clock, meeting, member, organiser=OTHER_ORGANISER) is CheckinRefusal.NOT_ORGANISER
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    assert await meetings.stop_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id)
    assert await scan_card(seeded_db, clock, meeting, member) is CheckinRefusal.NO_SESSION
    assert await counts(seeded_db) == (0, 0)


async def test_an_organiser_cannot_scan_their_own_card(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    organiser_member = await new_member(ORGANISER.tg_id)
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(minutes=10))
    await meetings.start_checkin(seeded_db, actor=ORGANISER, meeting_id=meeting.id, now=clock.now())
    assert await scan_card(seeded_db, clock, meeting, organiser_member) is CheckinRefusal.SELF_SCAN


async def test_no_points_and_no_attendance_outside_the_campaign(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    member = await new_member(100)
    # The seeded campaign ends on 2027-02-28; a meeting on 1 March is after it.
    clock.set(datetime(2027, 2, 28, 20, 0, tzinfo=UTC))
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(hours=1))
    clock.set(meeting.starts_at)
    assert clock.today() == date(2027, 3, 1)
    assert await scan_qr(seeded_db, clock, meeting, member) is CheckinRefusal.NO_CAMPAIGN
    assert await counts(seeded_db) == (0, 0)


async def test_an_organiser_creates_meetings_only_in_their_districts(seeded_db: Database, clock: FrozenClock) -> None:
    start = clock.now() + timedelta(hours=1)
    refused = await meetings.create_meeting(
        seeded_db, actor=ORGANISER, district_id=2, title="Чужая", place="Где-то", starts_at=start,
        ends_at=start + timedelta(hours=1), now=clock.now(), today=clock.today(),
    )
    assert refused is MeetingRefusal.NOT_ORGANISER
    assert [d.id for d in await meetings.organised_districts(seeded_db, ORGANISER)] == [1]
    city_coordinator = await grant(seeded_db, 902, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)
    assert sorted(d.id for d in await meetings.organised_districts(seeded_db, city_coordinator)) == [1, 2, 3]
    mine = await make_meeting(seeded_db, clock)
    theirs = await make_meeting(seeded_db, clock, actor=OTHER_ORGANISER, district_id=2)
    assert [m.id for m in await meetings.organiser_meetings(seeded_db, ORGANISER, clock.now())] == [mine.id]
    assert {m.id for m in await meetings.organiser_meetings(seeded_db, city_coordinator, clock.now())} == {
        mine.id,
        theirs.id,
    }
    assert (
        await meetings.reissue_meeting_qr(seeded_db, actor=OTHER_ORGANISER, meeting_id=mine.id)
        is MeetingRefusal.NOT_ORGANISER
    )


async def test_members_see_their_districts_meetings_and_say_they_will_come(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    member = await new_member(100, district_id=1)
    own = await make_meeting(seeded_db, clock)
    other = await make_meeting(seeded_db, clock, actor=OTHER_ORGANISER, district_id=2)
    assert [
        (m.id, going) for m, going, _ in await meetings.upcoming_meetings(seeded_db, member=member, now=clock.now())
    ] == [(own.id, False)]
    assert await meetings.toggle_rsvp(seeded_db, member=member, meeting_id=own.id, now=clock.now()) is True
    assert [
        (going, coming)
        for _, going, coming in await meetings.upcoming_meetings(seeded_db, member=member, now=clock.now())
    ] == [(True, 1)]
    assert await meetings.toggle_rsvp(seeded_db, member=member, meeting_id=own.id, now=clock.now()) is False
    assert (
        await meetings.toggle_rsvp(seeded_db, member=member, meeting_id=other.id, now=clock.now())
        is RsvpRefusal.OTHER_DISTRICT
    )
    clock.advance(timedelta(hours=4))
    assert await meetings.upcoming_meetings(seeded_db, member=member, now=clock.now()) == []
    assert await meetings.toggle_rsvp(seeded_db, member=member, meeting_id=own.id, now=clock.now()) is RsvpRefusal.OVER


async def test_checking_in_after_the_campaign_was_created_later_uses_the_running_campaign(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    # A meeting planned before a new season starts still awards points into the season running on the day.
    clock.set(datetime(2027, 3, 5, 9, 0, tzinfo=UTC))
    member = await new_member(100)
    meeting = await make_meeting(seeded_db, clock, starts_in=timedelta(days=30))
    spring = await administration.create_campaign(
        seeded_db, name="Весна", starts_on=date(2027, 3, 10), ends_on=date(2027, 5, 31), now=clock.now()
    )
    assert not isinstance(spring, administration.CampaignRefusal)
    clock.set(meeting.starts_at)
    result = await scan_qr(seeded_db, clock, meeting, member)
    assert isinstance(result, CheckIn) and result.created
    async with seeded_db.reading() as conn:
        assert await fetch_value(conn, "SELECT campaign_id FROM ledger WHERE kind = 'meeting'") == spring.id
