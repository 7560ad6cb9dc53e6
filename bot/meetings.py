"""Offline meetings («Офлайн-встречи»): the rules of a meeting and the organiser's and members' acts.

Times people type live in `bot.meeting_times`; check-in and its points in `bot.checkin`.
This module never reads the clock. Each act is one transaction and refuses with a
named reason the handler localises.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import aiosqlite

from bot import meeting_notices
from bot.acting import current_actor
from bot.formats import span_text
from bot.meeting_times import TimeProblem, check_span, normalise
from bot.model import Campaign, Confirmation, District, Meeting, MeetingsMode, MeetingStatus, Member
from bot.roles import Actor
from bot.texts import TextProblem, clean_text  # noqa: F401 - the dialogs reach it through this module
from storage import campaigns as campaign_store
from storage import geo
from storage import meetings as store
from storage import scopes as scope_store
from storage.db import Database
from storage.meetings import Attendee, Recipient

# The meeting QR (and card scans) count from half an hour before the start to half an hour after the end.
OPENS_BEFORE = timedelta(minutes=30)
CLOSES_AFTER = timedelta(minutes=30)
REMIND_BEFORE = timedelta(hours=2)
TITLE_MIN, TITLE_MAX = 3, 80
PLACE_MIN, PLACE_MAX = 3, 200
RADIUS_MIN, RADIUS_MAX = 20, 5000
EARTH_RADIUS_M = 6_371_008.8


# ---------------------------------------------------------------------------
# The check-in window and the geofence


class Window(StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    OVER = "over"


def checkin_window(meeting: Meeting) -> tuple[datetime, datetime]:
    return meeting.starts_at - OPENS_BEFORE, meeting.ends_at + CLOSES_AFTER


def window_state(meeting: Meeting, now: datetime) -> Window:
    opens, closes = checkin_window(meeting)
    if now < opens:
        return Window.NOT_YET
    if now > closes:
        return Window.OVER
    return Window.OPEN


@dataclass(frozen=True, slots=True)
class Position:
    latitude: float
    longitude: float

    @property
    def is_valid(self) -> bool:
        return -90 <= self.latitude <= 90 and -180 <= self.longitude <= 180


def distance_m(a: Position, b: Position) -> float:
    """Great-circle distance in metres (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def within_geofence(meeting: Meeting, position: Position) -> bool:
    if not meeting.has_geofence:
        return True
    assert meeting.latitude is not None and meeting.longitude is not None and meeting.radius_m is not None
    return distance_m(Position(meeting.latitude, meeting.longitude), position) <= meeting.radius_m


# A location for a geofenced check-in must be the member's own, sent from the button at that moment.
FRESH_LOCATION = timedelta(seconds=60)
CLOCK_SKEW = timedelta(seconds=5)


class LocationProblem(StrEnum):
    FORWARDED = "forwarded"    # someone else's point, or the member's own from earlier
    VENUE = "venue"            # a place picked on the map or from search
    LIVE = "live"              # a live location: its later edits may come from anywhere
    EDITED = "edited"          # a sent location moved afterwards
    STALE = "stale"            # sent before the bot asked, or too long ago


@dataclass(frozen=True, slots=True)
class SharedLocation:
    """What a location message says about how it was sent (from the Bot API's message fields)."""

    sent_at: datetime
    forwarded: bool = False
    venue: bool = False
    via_bot: bool = False
    live: bool = False
    edited: bool = False


def location_problem(shared: SharedLocation, *, asked_at: datetime | None, now: datetime) -> LocationProblem | None:
    """Why a location cannot count for a geofenced check-in, or None when it can.

    Only a point the member sends after the bot asked, within a minute, neither
    forwarded, nor a venue, nor sent through an inline bot, nor live, nor edited. The
    button sends exactly that; what a modified client can still fake is in docs/security.md.
    """
    if shared.forwarded:
        return LocationProblem.FORWARDED
    if shared.venue or shared.via_bot:
        return LocationProblem.VENUE
    if shared.edited:
        return LocationProblem.EDITED
    if shared.live:
        return LocationProblem.LIVE
    if shared.sent_at < now - FRESH_LOCATION or shared.sent_at > now + CLOCK_SKEW:
        return LocationProblem.STALE
    if asked_at is not None and shared.sent_at < asked_at - CLOCK_SKEW:
        return LocationProblem.STALE
    return None


def parse_radius(text: str) -> int | None:
    """Metres typed by an organiser ("200", "200 м", "0.5 км"), within sensible limits."""
    text = normalise(text).replace(",", ".")
    match = re.fullmatch(r"(\d{1,5}(?:\.\d+)?)\s*(m|м|метров|метра|км|km)?", text)
    if match is None:
        return None
    value = float(match[1]) * (1000 if match[2] in ("км", "km") else 1)
    metres = round(value)
    return metres if RADIUS_MIN <= metres <= RADIUS_MAX else None




# ---------------------------------------------------------------------------
# Who organises what


async def organised_districts(db: Database, actor: Actor) -> list[District]:
    async with db.reading() as conn:
        return await scope_store.districts(conn, actor.organiser_scope())


# ---------------------------------------------------------------------------
# Business acts


class MeetingRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    OVERLAPS = "overlaps"
    UNKNOWN_DISTRICT = "unknown_district"
    NOT_ORGANISER = "not_organiser"
    CLOSED = "closed"
    OVER = "over"
    BAD_TIMES = "bad_times"
    BAD_GEOFENCE = "bad_geofence"


@dataclass(frozen=True, slots=True)
class Announce:
    """Tell the district's members about a new meeting, with an «I'll come» button whose data
    `button_data(meeting_id)` gives (the handler's callback data; the core knows no Telegram)."""

    button_data: Callable[[int], str]
    tz: ZoneInfo


@dataclass(frozen=True, slots=True)
class Clash:
    """A refusal because of another meeting at the same time (SPEC §9 "one place at a time")."""

    other: Meeting
    reason: MeetingRefusal = MeetingRefusal.OVERLAPS


async def create_meeting(
    db: Database,
    *,
    actor: Actor,
    district_id: int,
    title: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    position: Position | None = None,
    radius_m: int | None = None,
    now: datetime,
    today: date,
    announce: Announce | None = None,
) -> Meeting | MeetingRefusal | Clash:
    """Create a meeting in a district the actor organises, never overlapping another meeting they run.

    In a campaign whose meetings need confirmation, the meeting's attendance waits for
    the organiser's report and a coordinator's decision.
    """
    if isinstance(check_span(starts_at, ends_at, now=now), TimeProblem):
        return MeetingRefusal.BAD_TIMES
    if (position is None) != (radius_m is None) or (
        position is not None and (not position.is_valid or not RADIUS_MIN <= (radius_m or 0) <= RADIUS_MAX)
    ):
        return MeetingRefusal.BAD_GEOFENCE
    async with db.transaction() as conn:
        district = await geo.get_district(conn, district_id)
        if district is None:
            return MeetingRefusal.UNKNOWN_DISTRICT
        if not (await current_actor(conn, actor)).organises(district):
            return MeetingRefusal.NOT_ORGANISER
        other = await store.overlapping_run(conn, tg_id=actor.tg_id, starts_at=starts_at, ends_at=ends_at)
        if other is not None:
            return Clash(other)
        campaign = await campaign_store.current_campaign(conn, today)
        needs_confirmation = campaign is not None and campaign.meetings is MeetingsMode.CONFIRMED
        confirmation = Confirmation.AWAITING if needs_confirmation else Confirmation.AUTO
        meeting_id = await store.insert(
            conn, campaign_id=campaign.id if campaign else None, district_id=district.id, title=title, place=place,
            starts_at=starts_at, ends_at=ends_at, latitude=position.latitude if position else None,
            longitude=position.longitude if position else None, radius_m=radius_m, created_by=actor.tg_id,
            confirmation=confirmation, now=now,
        )
        meeting = await store.get(conn, meeting_id)
        assert meeting is not None
        if announce is not None:
            await meeting_notices.queue_announcement(
                conn, meeting, when=span_text(meeting.starts_at, meeting.ends_at, announce.tz, now=now),
                button_data=announce.button_data(meeting.id), now=now,
            )
    return meeting


async def get_meeting(db: Database, meeting_id: int) -> Meeting | None:
    async with db.reading() as conn:
        return await store.get(conn, meeting_id)


async def _managed(conn: aiosqlite.Connection, actor: Actor, meeting_id: int) -> Meeting | MeetingRefusal:
    meeting = await store.get(conn, meeting_id)
    if meeting is None:
        return MeetingRefusal.UNKNOWN_MEETING
    if not (await current_actor(conn, actor)).organises(meeting.district):
        return MeetingRefusal.NOT_ORGANISER
    return meeting


async def managed_meeting(db: Database, actor: Actor, meeting_id: int) -> Meeting | MeetingRefusal:
    """A meeting this organiser may run, for showing its card and QR."""
    async with db.reading() as conn:
        return await _managed(conn, actor, meeting_id)


async def organiser_meetings(db: Database, actor: Actor, now: datetime, limit: int = 20) -> list[Meeting]:
    """Meetings in the organiser's scope that are upcoming or ended within a day, open ones first."""
    async with db.reading() as conn:
        return await store.in_scope(conn, scope=actor.organiser_scope(), since=now - timedelta(days=1), limit=limit)


async def meeting_counts(db: Database, meeting_id: int) -> tuple[int, int, int]:
    """(attendances recorded, of them waiting for confirmation, members who said they will come)."""
    async with db.reading() as conn:
        return (
            await store.present_count(conn, meeting_id), await store.pending_count(conn, meeting_id),
            await store.rsvp_count(conn, meeting_id),
        )


async def start_checkin(
    db: Database, *, actor: Actor, meeting_id: int, now: datetime
) -> Meeting | MeetingRefusal | Clash:
    """Scans of members' cards by this organiser now count for this meeting.

    Nobody runs two overlapping meetings: not while organising another one at that time.
    """
    async with db.transaction() as conn:
        meeting = await _managed(conn, actor, meeting_id)
        if isinstance(meeting, MeetingRefusal):
            return meeting
        if not meeting.is_open:
            return MeetingRefusal.CLOSED
        if window_state(meeting, now) is Window.OVER:
            return MeetingRefusal.OVER
        other = await store.overlapping_run(
            conn, tg_id=actor.tg_id, starts_at=meeting.starts_at, ends_at=meeting.ends_at, except_id=meeting.id
        )
        if other is not None:
            return Clash(other)
        await store.start_session(conn, actor.tg_id, meeting.id, now)
        return meeting


async def stop_checkin(db: Database, *, actor: Actor, meeting_id: int) -> bool:
    async with db.transaction() as conn:
        return await store.stop_session(conn, actor.tg_id, meeting_id)


async def checkin_sessions(db: Database, actor: Actor, now: datetime) -> list[Meeting]:
    """Meetings this organiser is checking people in to right now."""
    async with db.reading() as conn:
        meetings = await store.sessions_of(conn, actor.tg_id)
    return [m for m in meetings if actor.organises(m.district) and window_state(m, now) is not Window.OVER]


async def is_checking_in(db: Database, actor: Actor, meeting_id: int) -> bool:
    async with db.reading() as conn:
        return await store.has_session(conn, actor.tg_id, meeting_id)


async def reissue_meeting_qr(db: Database, *, actor: Actor, meeting_id: int) -> Meeting | MeetingRefusal:
    """A new meeting QR; the old one stops working at once."""
    async with db.transaction() as conn:
        meeting = await _managed(conn, actor, meeting_id)
        if isinstance(meeting, MeetingRefusal):
            return meeting
        if not meeting.is_open:
            return MeetingRefusal.CLOSED
        await store.bump_qr_version(conn, meeting.id)
        refreshed = await store.get(conn, meeting.id)
    assert refreshed is not None
    return refreshed


async def close_meeting(
    db: Database, *, actor: Actor, meeting_id: int, now: datetime | None = None, tz: ZoneInfo | None = None
) -> Meeting | MeetingRefusal:
    """No more check-ins for this meeting, by any method; attendances already recorded stay.

    Closed before it starts, the meeting is cancelled: everyone who said they would come
    is told (given `now` and the timezone for the notice).
    """
    async with db.transaction() as conn:
        meeting = await _managed(conn, actor, meeting_id)
        if isinstance(meeting, MeetingRefusal):
            return meeting
        if not await store.set_status(conn, meeting.id, MeetingStatus.CLOSED):
            return MeetingRefusal.CLOSED
        await store.stop_all_sessions(conn, meeting.id)
        if now is not None and tz is not None and now < meeting.starts_at:
            await meeting_notices.queue_cancellation(
                conn, meeting, when=span_text(meeting.starts_at, meeting.ends_at, tz, now=now), now=now
            )
        refreshed = await store.get(conn, meeting.id)
    assert refreshed is not None
    return refreshed


async def attendees(db: Database, *, actor: Actor, meeting_id: int) -> tuple[Meeting, list[Attendee]] | MeetingRefusal:
    async with db.reading() as conn:
        meeting = await _managed(conn, actor, meeting_id)
        if isinstance(meeting, MeetingRefusal):
            return meeting
        return meeting, await store.attendees(conn, meeting.id)


async def reissue_card(db: Database, *, member_id: int) -> int:
    """A new personal QR card; the old one stops working at once. Returns the new version."""
    async with db.transaction() as conn:
        return await store.bump_card_version(conn, member_id)

# Members' side


class RsvpRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    CLOSED = "closed"
    OVER = "over"
    OTHER_DISTRICT = "other_district"


async def upcoming_meetings(
    db: Database, *, member: Member, now: datetime, limit: int = 10
) -> list[tuple[Meeting, bool, int]]:
    """Open meetings of the member's team not yet over, each with (going, how many come)."""
    async with db.reading() as conn:
        return await store.upcoming_in_district(conn, member.district_id, member.id, now, limit)


async def toggle_rsvp(db: Database, *, member: Member, meeting_id: int, now: datetime) -> bool | RsvpRefusal:
    """Say "I'll come", or take it back. Returns whether the member is now coming."""
    async with db.transaction() as conn:
        meeting = await store.get(conn, meeting_id)
        if meeting is None:
            return RsvpRefusal.UNKNOWN_MEETING
        if meeting.district.id != member.district_id:
            return RsvpRefusal.OTHER_DISTRICT
        if not meeting.is_open:
            return RsvpRefusal.CLOSED
        if meeting.ends_at <= now:
            return RsvpRefusal.OVER
        if await store.remove_rsvp(conn, meeting.id, member.id):
            return False
        await store.add_rsvp(conn, meeting.id, member.id, now)
        return True


@dataclass(frozen=True, slots=True)
class Reminder:
    meeting: Meeting
    recipients: list[Recipient]
    day_before: bool = False     # the reminder a day before; otherwise the one two hours before


# The day-before reminder goes out once the start is a day away, and not at all when the
# meeting was created (or the bot was down) until it is less than half a day away.
DAY_BEFORE = timedelta(hours=24)
DAY_BEFORE_AT_LEAST = timedelta(hours=12)


async def take_due_reminders(db: Database, *, now: datetime) -> list[Reminder]:
    """Meetings starting within `REMIND_BEFORE` (and those a day away), each marked reminded in the
    transaction that picks it.

    Marking first means a reminder is never sent twice, across restarts too; a crash
    between this commit and the sending loses that reminder rather than doubling it.
    """
    async with db.transaction() as conn:
        reminders = []
        for meeting in await store.due_for_reminder(conn, now=now, horizon=now + REMIND_BEFORE):
            if await store.mark_reminded(conn, meeting.id, now):
                reminders.append(Reminder(meeting, await store.rsvp_recipients(conn, meeting.id)))
        for meeting in await store.due_for_day_before(
            conn, after=now + DAY_BEFORE_AT_LEAST, horizon=now + DAY_BEFORE
        ):
            if await store.mark_reminded_day_before(conn, meeting.id, now):
                reminders.append(Reminder(meeting, await store.rsvp_recipients(conn, meeting.id), day_before=True))
        return reminders


async def locale_of(db: Database, tg_id: int) -> str | None:
    """The language a Telegram user reads, for telling an organiser who may not be a member."""
    async with db.reading() as conn:
        return await store.locale_of(conn, tg_id)


async def set_meetings_mode(db: Database, *, mode: MeetingsMode, today: date) -> Campaign | None:
    """Whether the current campaign's meetings pay at check-in ('auto') or after confirmation ('confirmed').

    Applies to meetings created from now on; a meeting keeps the mode it was created with.
    """
    async with db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None:
            return None
        await campaign_store.set_meetings_mode(conn, campaign.id, mode)
        return await campaign_store.get_campaign(conn, campaign.id)
