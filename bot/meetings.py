"""Offline meetings and QR check-in («Офлайн-встречи»): pure rules and the business acts.

Times people type are read in the campaign's timezone relative to a given `now`;
this module never reads the clock. Each act is one transaction and refuses with a
named reason the handler localises.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

import aiosqlite

from bot.ledger import award
from bot.model import District, GrantedRole, Meeting, Member
from bot.roles import Actor, ScopeKind
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import geo
from storage import meetings as store
from storage import members as member_store
from storage.db import Database
from storage.meetings import Attendee, Recipient

# The meeting QR (and card scans) count from half an hour before the start to half an hour after the end.
OPENS_BEFORE = timedelta(minutes=30)
CLOSES_AFTER = timedelta(minutes=30)
# A meeting may be entered a little late (the organiser forgot), never for a day long gone.
START_GRACE = timedelta(hours=1)
MAX_AHEAD = timedelta(days=366)
MAX_LENGTH = timedelta(hours=24)
REMIND_BEFORE = timedelta(hours=2)
TITLE_MIN, TITLE_MAX = 3, 80
PLACE_MIN, PLACE_MAX = 3, 200
RADIUS_MIN, RADIUS_MAX = 20, 5000
EARTH_RADIUS_M = 6_371_008.8


# ---------------------------------------------------------------------------
# Times people type


class TimeProblem(StrEnum):
    UNRECOGNISED = "unrecognised"
    NO_TIME = "no_time"
    NO_SUCH_DATE = "no_such_date"
    IN_THE_PAST = "in_the_past"
    TOO_FAR = "too_far"
    END_BEFORE_START = "end_before_start"
    TOO_LONG = "too_long"


@dataclass(frozen=True, slots=True)
class Span:
    """A typed start, and the end when the text was a range ("18:30-20:00")."""

    start: datetime
    end: datetime | None = None


_DAY_WORDS = {
    "сегодня": 0, "today": 0,
    "завтра": 1, "tomorrow": 1,
    "послезавтра": 2,
}
_TIME = r"(?P<{h}>\d{{1,2}})[:.](?P<{m}>\d{{2}})"
_WHEN = re.compile(
    r"(?:(?P<day>\S+?)[,]?\s+)?(?:(?:в|at)\s+)?" + _TIME.format(h="h", m="m")
    + r"(?:\s*-\s*" + _TIME.format(h="h2", m="m2") + r")?"
)
_DATE_ONLY = re.compile(r"\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{4}-\d{1,2}-\d{1,2}")
_DURATION = re.compile(
    r"\+?\s*(?P<n>\d{1,2}(?:[.,]\d)?)\s*(?P<unit>h|hr|hrs|hours?|ч|час|часа|часов)"
    r"|\+?\s*(?P<minutes>\d{1,3})\s*(?:m|min|mins|minutes?|м|мин|минут|минуты)"
)


def _normalise(text: str) -> str:
    text = text.strip().lower().replace("ё", "е")
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    return " ".join(text.split())


def _day(word: str | None, today: date) -> date | TimeProblem:
    if word is None:
        return today
    if word in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word])
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)
    dotted = re.fullmatch(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?", word)
    try:
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        if dotted:
            day, month = int(dotted[1]), int(dotted[2])
            if dotted[3]:
                year = int(dotted[3])
                return date(year + 2000 if year < 100 else year, month, day)
            this_year = date(today.year, month, day) if (month, day) != (2, 29) else _leap(today.year, day, month)
            # "05.01" typed in December means next January.
            return this_year if this_year >= today else date(today.year + 1, month, day)
    except ValueError:
        return TimeProblem.NO_SUCH_DATE
    return TimeProblem.UNRECOGNISED


def _leap(year: int, day: int, month: int) -> date:
    for candidate in range(year, year + 8):
        try:
            return date(candidate, month, day)
        except ValueError:
            continue
    raise ValueError("no such date")


def _local(day: date, hour: int, minute: int, tz: ZoneInfo) -> datetime | TimeProblem:
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return TimeProblem.UNRECOGNISED
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def parse_start(text: str, *, now: datetime, tz: ZoneInfo) -> Span | TimeProblem:
    """A meeting's start as people type it: "25.07 18:30", "завтра 18:00", "18:30" (today),
    "2026-12-05 18:30", or a range "18:30-20:00" that gives the end as well."""
    text = _normalise(text)
    match = _WHEN.fullmatch(text)
    if match is None:
        return TimeProblem.NO_TIME if _DATE_ONLY.fullmatch(text) or text in _DAY_WORDS else TimeProblem.UNRECOGNISED
    today = now.astimezone(tz).date()
    day = _day(match["day"], today)
    if isinstance(day, TimeProblem):
        return day
    start = _local(day, int(match["h"]), int(match["m"]), tz)
    if isinstance(start, TimeProblem):
        # "25.07" alone is a date without a time, not 25 o'clock.
        return TimeProblem.NO_TIME if match["day"] is None and _DATE_ONLY.fullmatch(text) else start
    if start < now - START_GRACE:
        return TimeProblem.IN_THE_PAST
    if start > now + MAX_AHEAD:
        return TimeProblem.TOO_FAR
    if match["h2"] is None:
        return Span(start)
    end = _local(day, int(match["h2"]), int(match["m2"]), tz)
    if isinstance(end, TimeProblem):
        return end
    end = _roll_over_midnight(start, end)
    if end <= start:
        return TimeProblem.END_BEFORE_START
    return Span(start, end)


def _roll_over_midnight(start: datetime, end: datetime) -> datetime:
    # "22:00-01:00" ends the next day; "18:00-17:00" is a typo, not a 23-hour meeting.
    if end <= start and (end + timedelta(days=1)) - start <= timedelta(hours=12):
        return end + timedelta(days=1)
    return end


def parse_end(text: str, *, start: datetime, now: datetime, tz: ZoneInfo) -> datetime | TimeProblem:
    """A meeting's end: a time on the start's day ("20:00"), a date and time, or a length ("+2h", "90 мин")."""
    text = _normalise(text)
    duration = _DURATION.fullmatch(text)
    if duration is not None:
        if duration["minutes"] is not None:
            length = timedelta(minutes=int(duration["minutes"]))
        else:
            length = timedelta(minutes=round(float(duration["n"].replace(",", ".")) * 60))
        end = start + length
    else:
        match = _WHEN.fullmatch(text)
        if match is None or match["h2"] is not None:
            return TimeProblem.UNRECOGNISED
        local_start = start.astimezone(tz)
        day = _day(match["day"], local_start.date()) if match["day"] else local_start.date()
        if isinstance(day, TimeProblem):
            return day
        parsed = _local(day, int(match["h"]), int(match["m"]), tz)
        if isinstance(parsed, TimeProblem):
            return parsed
        end = parsed if match["day"] else _roll_over_midnight(start, parsed)
    return check_span(start, end, now=now)


def check_span(start: datetime, end: datetime, *, now: datetime) -> datetime | TimeProblem:
    if end <= start:
        return TimeProblem.END_BEFORE_START
    if end - start > MAX_LENGTH:
        return TimeProblem.TOO_LONG
    if end <= now:
        return TimeProblem.IN_THE_PAST
    return end


def quick_starts(now: datetime, tz: ZoneInfo) -> list[tuple[str, datetime]]:
    """Starts an organiser picks with one tap: ("today"|"tomorrow", local datetime), still ahead."""
    today = now.astimezone(tz).date()
    choices = []
    for word, offset in (("today", 0), ("tomorrow", 1)):
        for hour in (18, 19):
            moment = datetime.combine(today + timedelta(days=offset), time(hour, 0), tzinfo=tz)
            if moment > now + timedelta(minutes=15):
                choices.append((word, moment))
    return choices


QUICK_LENGTHS = (60, 90, 120, 180)   # minutes


def format_moment(moment: datetime, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    local = moment.astimezone(tz)
    if now is not None and local.year != now.astimezone(tz).year:
        return local.strftime("%d.%m.%Y %H:%M")
    return local.strftime("%d.%m %H:%M")


def format_span(start: datetime, end: datetime, tz: ZoneInfo, *, now: datetime | None = None) -> str:
    """"25.07 18:30–20:00", or both dates when it runs past midnight."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    if local_start.date() == local_end.date():
        return f"{format_moment(start, tz, now=now)}–{local_end:%H:%M}"
    return f"{format_moment(start, tz, now=now)} – {format_moment(end, tz, now=now)}"


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


def parse_radius(text: str) -> int | None:
    """Metres typed by an organiser ("200", "200 м", "0.5 км"), within sensible limits."""
    text = _normalise(text).replace(",", ".")
    match = re.fullmatch(r"(\d{1,5}(?:\.\d+)?)\s*(m|м|метров|метра|км|km)?", text)
    if match is None:
        return None
    value = float(match[1]) * (1000 if match[2] in ("км", "km") else 1)
    metres = round(value)
    return metres if RADIUS_MIN <= metres <= RADIUS_MAX else None


class TextProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


def clean_text(text: str, low: int, high: int) -> str | TextProblem:
    cleaned = " ".join(text.split())
    if len(cleaned) < low:
        return TextProblem.TOO_SHORT
    if len(cleaned) > high:
        return TextProblem.TOO_LONG
    return cleaned


# ---------------------------------------------------------------------------
# Who organises what


@dataclass(frozen=True, slots=True)
class Scope:
    everything: bool
    city_ids: tuple[int, ...]
    district_ids: tuple[int, ...]


def organiser_scope(actor: Actor) -> Scope:
    """The union of the districts and cities where this user may run meetings."""
    if actor.is_admin:
        return Scope(True, (), ())
    grants = [g for g in actor.grants if g.role in (GrantedRole.ORGANISER, GrantedRole.COORDINATOR)]
    return Scope(
        everything=any(g.scope_kind == ScopeKind.ALL for g in grants),
        city_ids=tuple(sorted({g.scope_id for g in grants if g.scope_kind == ScopeKind.CITY})),
        district_ids=tuple(sorted({g.scope_id for g in grants if g.scope_kind == ScopeKind.DISTRICT})),
    )


async def organised_districts(db: Database, actor: Actor) -> list[District]:
    async with db.reading() as conn:
        cities = await geo.list_cities(conn)
        districts = [d for city in cities for d in await geo.list_districts(conn, city.id)]
    return [d for d in districts if actor.organises(d)]


# ---------------------------------------------------------------------------
# Business acts


class MeetingRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    UNKNOWN_DISTRICT = "unknown_district"
    NOT_ORGANISER = "not_organiser"
    CLOSED = "closed"
    OVER = "over"
    BAD_TIMES = "bad_times"
    BAD_GEOFENCE = "bad_geofence"


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
) -> Meeting | MeetingRefusal:
    """Create a meeting in a district the actor organises."""
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
        if not actor.organises(district):
            return MeetingRefusal.NOT_ORGANISER
        campaign = await campaign_store.current_campaign(conn, today)
        meeting_id = await store.insert(
            conn, campaign_id=campaign.id if campaign else None, district_id=district.id, title=title, place=place,
            starts_at=starts_at, ends_at=ends_at, latitude=position.latitude if position else None,
            longitude=position.longitude if position else None, radius_m=radius_m, created_by=actor.tg_id, now=now,
        )
        meeting = await store.get(conn, meeting_id)
    assert meeting is not None
    return meeting


async def get_meeting(db: Database, meeting_id: int) -> Meeting | None:
    async with db.reading() as conn:
        return await store.get(conn, meeting_id)


async def _managed(conn: aiosqlite.Connection, actor: Actor, meeting_id: int) -> Meeting | MeetingRefusal:
    meeting = await store.get(conn, meeting_id)
    if meeting is None:
        return MeetingRefusal.UNKNOWN_MEETING
    if not actor.organises(meeting.district):
        return MeetingRefusal.NOT_ORGANISER
    return meeting


async def managed_meeting(db: Database, actor: Actor, meeting_id: int) -> Meeting | MeetingRefusal:
    """A meeting this organiser may run, for showing its card and QR."""
    async with db.reading() as conn:
        return await _managed(conn, actor, meeting_id)


async def organiser_meetings(db: Database, actor: Actor, now: datetime, limit: int = 20) -> list[Meeting]:
    """Meetings in the organiser's scope that are upcoming or ended within a day, open ones first."""
    scope = organiser_scope(actor)
    async with db.reading() as conn:
        return await store.in_scope(
            conn, everything=scope.everything, city_ids=scope.city_ids, district_ids=scope.district_ids,
            since=now - timedelta(days=1), limit=limit,
        )


async def meeting_counts(db: Database, meeting_id: int) -> tuple[int, int]:
    """(attendances recorded, members who said they will come)."""
    async with db.reading() as conn:
        return await store.present_count(conn, meeting_id), await store.rsvp_count(conn, meeting_id)


async def start_checkin(db: Database, *, actor: Actor, meeting_id: int, now: datetime) -> Meeting | MeetingRefusal:
    """Scans of members' cards by this organiser now count for this meeting."""
    async with db.transaction() as conn:
        meeting = await _managed(conn, actor, meeting_id)
        if isinstance(meeting, MeetingRefusal):
            return meeting
        if not meeting.is_open:
            return MeetingRefusal.CLOSED
        if window_state(meeting, now) is Window.OVER:
            return MeetingRefusal.OVER
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


async def close_meeting(db: Database, *, actor: Actor, meeting_id: int) -> Meeting | MeetingRefusal:
    """No more check-ins for this meeting, by any method; attendances already recorded stay."""
    async with db.transaction() as conn:
        meeting = await _managed(conn, actor, meeting_id)
        if isinstance(meeting, MeetingRefusal):
            return meeting
        if not await store.set_status(conn, meeting.id, "closed"):
            return MeetingRefusal.CLOSED
        await store.stop_all_sessions(conn, meeting.id)
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


# Check-in


class Method(StrEnum):
    CARD_SCAN = "card_scan"       # the organiser scanned the member's /card
    MEETING_QR = "meeting_qr"     # the member scanned the meeting's QR


class CheckinRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    CLOSED = "closed"
    NOT_YET_OPEN = "not_yet_open"
    OVER = "over"
    QR_REVOKED = "qr_revoked"
    UNKNOWN_MEMBER = "unknown_member"
    CARD_REVOKED = "card_revoked"
    NOT_ORGANISER = "not_organiser"
    NO_SESSION = "no_session"
    SELF_SCAN = "self_scan"
    NO_CAMPAIGN = "no_campaign"
    NEED_LOCATION = "need_location"
    TOO_FAR = "too_far"


@dataclass(frozen=True, slots=True)
class CheckIn:
    meeting: Meeting
    member: Member
    created: bool        # False: this member was already checked in; nothing changed
    units: int           # points awarded by this check-in
    present: int         # attendances of the meeting so far


async def check_in(
    db: Database,
    *,
    meeting_id: int,
    member_id: int,
    method: Method,
    now: datetime,
    today: date,
    organiser: Actor | None = None,
    card_version: int | None = None,
    qr_version: int | None = None,
    position: Position | None = None,
) -> CheckIn | CheckinRefusal:
    """Record one attendance of a member at a meeting, worth the campaign's meeting points once.

    A card scan needs the organiser's running check-in session and the card's current
    version; the meeting QR needs the QR's current version and, with a geofence, a
    position within the radius. Both count only inside the meeting's window, in a
    running campaign, for an open meeting. Repeats and concurrent scans are harmless:
    one row per (meeting, member) and one ledger entry per check-in key.

    Any registered member may be checked in at any meeting, not only their own team's:
    coming to a neighbouring district's meeting is real activity, and the points go to
    the member's own team (the ledger records the member's team, not the meeting's).
    """
    async with db.transaction() as conn:
        meeting = await store.get(conn, meeting_id)
        if meeting is None:
            return CheckinRefusal.UNKNOWN_MEETING
        if method is Method.MEETING_QR and qr_version != meeting.qr_version:
            return CheckinRefusal.QR_REVOKED
        if not meeting.is_open:
            return CheckinRefusal.CLOSED
        if method is Method.CARD_SCAN:
            if organiser is None or not organiser.organises(meeting.district):
                return CheckinRefusal.NOT_ORGANISER
            if not await store.has_session(conn, organiser.tg_id, meeting.id):
                return CheckinRefusal.NO_SESSION
        member = await member_store.get(conn, member_id)
        if member is None or member.is_deleted:
            return CheckinRefusal.UNKNOWN_MEMBER
        if method is Method.CARD_SCAN:
            if card_version != member.card_version:
                return CheckinRefusal.CARD_REVOKED
            assert organiser is not None
            if member.tg_id == organiser.tg_id:
                return CheckinRefusal.SELF_SCAN
        window = window_state(meeting, now)
        if window is Window.NOT_YET:
            return CheckinRefusal.NOT_YET_OPEN
        if window is Window.OVER:
            return CheckinRefusal.OVER
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None or not campaign.is_open_on(today):
            return CheckinRefusal.NO_CAMPAIGN
        if method is Method.MEETING_QR and meeting.has_geofence:
            if position is None:
                return CheckinRefusal.NEED_LOCATION
            if not position.is_valid or not within_geofence(meeting, position):
                return CheckinRefusal.TOO_FAR
        checkin_id = await store.insert_checkin(
            conn, meeting_id=meeting.id, member_id=member.id, method=method,
            confirmed_by=organiser.tg_id if method is Method.CARD_SCAN and organiser else None, now=now,
        )
        units = 0
        if checkin_id is not None:
            result = await award(
                conn, campaign=campaign, member=member, kind=Kind.MEETING, units=campaign.meeting_units,
                subject=f"checkin:{checkin_id}", idem_key=f"checkin:{meeting.id}:{member.id}", now=now.isoformat(),
                created_by=organiser.tg_id if organiser else None,
            )
            units = result.units if result else 0
        present = await store.present_count(conn, meeting.id)
        return CheckIn(meeting=meeting, member=member, created=checkin_id is not None, units=units, present=present)


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


async def take_due_reminders(db: Database, *, now: datetime) -> list[Reminder]:
    """Meetings starting within `REMIND_BEFORE`, each marked reminded in the transaction that picks it.

    Marking first means a reminder is never sent twice, across restarts too; a crash
    between this commit and the sending loses that reminder rather than doubling it.
    """
    async with db.transaction() as conn:
        due = await store.due_for_reminder(conn, now=now, horizon=now + REMIND_BEFORE)
        reminders = []
        for meeting in due:
            if await store.mark_reminded(conn, meeting.id, now):
                reminders.append(Reminder(meeting, await store.rsvp_recipients(conn, meeting.id)))
        return reminders
