"""Meetings, RSVPs, check-ins and organisers' check-in sessions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from bot.model import AttendanceStatus, Confirmation, District, Meeting, MeetingStatus
from bot.scopes import Scope
from storage.db import fetch_all, fetch_one, fetch_value, moment, stamp
from storage.scopes import covering, district_filter


@dataclass(frozen=True, slots=True)
class Attendee:
    member_id: int
    display_name: str
    username: str | None
    district_name: str
    method: str
    confirmed_by: int | None
    checked_in_at: datetime
    confirmed_by_name: str | None = None     # the organiser who scanned the card, while they are a member


@dataclass(frozen=True, slots=True)
class Recipient:
    tg_id: int
    locale: str


_SELECT = """
SELECT m.id, m.campaign_id, m.title, m.place, m.starts_at, m.ends_at, m.latitude, m.longitude, m.radius_m,
       m.qr_version, m.status, m.created_by, m.confirmation, m.report_text, m.report_photo,
       d.id AS d_id, d.code AS d_code, d.name AS d_name, d.city_id AS d_city_id, c.name AS d_city_name
FROM meetings m JOIN districts d ON d.id = m.district_id JOIN cities c ON c.id = d.city_id
"""


def _meeting(row: aiosqlite.Row) -> Meeting:
    return Meeting(
        id=row["id"],
        campaign_id=row["campaign_id"],
        district=District(row["d_id"], row["d_code"], row["d_name"], row["d_city_id"], row["d_city_name"]),
        title=row["title"],
        place=row["place"],
        starts_at=moment(row["starts_at"]),
        ends_at=moment(row["ends_at"]),
        latitude=row["latitude"],
        longitude=row["longitude"],
        radius_m=row["radius_m"],
        qr_version=row["qr_version"],
        status=MeetingStatus(row["status"]),
        created_by=row["created_by"],
        confirmation=Confirmation(row["confirmation"]),
        report_text=row["report_text"],
        report_photo=row["report_photo"],
    )


async def insert(
    conn: aiosqlite.Connection,
    *,
    campaign_id: int | None,
    district_id: int,
    title: str,
    place: str,
    starts_at: datetime,
    ends_at: datetime,
    latitude: float | None,
    longitude: float | None,
    radius_m: int | None,
    created_by: int,
    confirmation: Confirmation = Confirmation.AUTO,
    now: datetime,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO meetings(campaign_id, district_id, title, place, starts_at, ends_at, latitude, longitude,"
        " radius_m, created_by, confirmation, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (campaign_id, district_id, title, place, stamp(starts_at), stamp(ends_at), latitude, longitude, radius_m,
         created_by, confirmation, stamp(now)),
    )
    return int(cursor.lastrowid or 0)


async def get(conn: aiosqlite.Connection, meeting_id: int) -> Meeting | None:
    row = await fetch_one(conn, _SELECT + " WHERE m.id = ?", (meeting_id,))
    return _meeting(row) if row else None


async def upcoming_in_district(
    conn: aiosqlite.Connection, district_id: int, member_id: int, now: datetime, limit: int
) -> list[tuple[Meeting, bool, int]]:
    """Open meetings of a district not yet over: each with whether the member comes, and how many do."""
    rows = await fetch_all(
        conn,
        _SELECT.replace(
            "FROM meetings m",
            ", EXISTS (SELECT 1 FROM meeting_rsvps r WHERE r.meeting_id = m.id AND r.member_id = ?) AS going,"
            " (SELECT COUNT(*) FROM meeting_rsvps r WHERE r.meeting_id = m.id) AS coming FROM meetings m",
        )
        + " WHERE m.district_id = ? AND m.status = 'open' AND m.ends_at > ? ORDER BY m.starts_at, m.id LIMIT ?",
        (member_id, district_id, stamp(now), limit),
    )
    return [(_meeting(r), bool(r["going"]), int(r["coming"])) for r in rows]


async def in_scope(
    conn: aiosqlite.Connection, *, scope: Scope, since: datetime, limit: int
) -> list[Meeting]:
    """Meetings in an organiser's scope that end after `since`, soonest first."""
    if scope.is_empty:
        return []
    where, params = district_filter("m.district_id", scope)
    rows = await fetch_all(
        conn, _SELECT + " WHERE m.ends_at > ?" + where + " ORDER BY m.status DESC, m.starts_at, m.id LIMIT ?",
        (stamp(since), *params, limit),
    )
    return [_meeting(r) for r in rows]


async def set_status(conn: aiosqlite.Connection, meeting_id: int, status: str) -> bool:
    cursor = await conn.execute(
        "UPDATE meetings SET status = ? WHERE id = ? AND status != ?", (status, meeting_id, status)
    )
    return cursor.rowcount == 1


async def bump_qr_version(conn: aiosqlite.Connection, meeting_id: int) -> None:
    await conn.execute("UPDATE meetings SET qr_version = qr_version + 1 WHERE id = ?", (meeting_id,))


async def bump_card_version(conn: aiosqlite.Connection, member_id: int) -> int:
    await conn.execute("UPDATE members SET card_version = card_version + 1 WHERE id = ?", (member_id,))
    return int(await fetch_value(conn, "SELECT card_version FROM members WHERE id = ?", (member_id,)))


# RSVPs

async def add_rsvp(conn: aiosqlite.Connection, meeting_id: int, member_id: int, now: datetime) -> bool:
    cursor = await conn.execute(
        "INSERT INTO meeting_rsvps(meeting_id, member_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (meeting_id, member_id, stamp(now)),
    )
    return cursor.rowcount == 1


async def remove_rsvp(conn: aiosqlite.Connection, meeting_id: int, member_id: int) -> bool:
    cursor = await conn.execute(
        "DELETE FROM meeting_rsvps WHERE meeting_id = ? AND member_id = ?", (meeting_id, member_id)
    )
    return cursor.rowcount == 1


async def rsvp_count(conn: aiosqlite.Connection, meeting_id: int) -> int:
    return int(await fetch_value(conn, "SELECT COUNT(*) FROM meeting_rsvps WHERE meeting_id = ?", (meeting_id,)))


# Check-ins

async def insert_checkin(
    conn: aiosqlite.Connection, *, meeting_id: int, member_id: int, method: str, confirmed_by: int | None,
    status: AttendanceStatus = AttendanceStatus.COUNTED, now: datetime,
) -> int | None:
    """Record an attendance; None when this member is already checked in to this meeting."""
    cursor = await conn.execute(
        "INSERT INTO checkins(meeting_id, member_id, method, confirmed_by, status, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(meeting_id, member_id) DO NOTHING",
        (meeting_id, member_id, method, confirmed_by, status, stamp(now)),
    )
    return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


async def present_count(conn: aiosqlite.Connection, meeting_id: int) -> int:
    return int(await fetch_value(
        conn, "SELECT COUNT(*) FROM checkins WHERE meeting_id = ? AND status != 'dropped'", (meeting_id,)
    ))


async def pending_count(conn: aiosqlite.Connection, meeting_id: int) -> int:
    return int(await fetch_value(
        conn, "SELECT COUNT(*) FROM checkins WHERE meeting_id = ? AND status = 'pending'", (meeting_id,)
    ))


def _overlaps(starts_at: datetime, ends_at: datetime) -> tuple[str, tuple[str, str]]:
    # Two meetings overlap when each starts before the other ends; touching ends do not overlap.
    return "m.starts_at < ? AND m.ends_at > ?", (stamp(ends_at), stamp(starts_at))


async def overlapping_attendance(
    conn: aiosqlite.Connection, *, member_id: int, meeting_id: int, starts_at: datetime, ends_at: datetime
) -> Meeting | None:
    """Another meeting whose times overlap these at which the member holds an attendance (counted or pending)."""
    overlap, params = _overlaps(starts_at, ends_at)
    row = await fetch_one(
        conn,
        _SELECT + " JOIN checkins k ON k.meeting_id = m.id WHERE k.member_id = ? AND k.status != 'dropped'"
        f" AND m.id != ? AND {overlap} ORDER BY m.starts_at, m.id LIMIT 1",
        (member_id, meeting_id, *params),
    )
    return _meeting(row) if row else None


async def overlapping_run(
    conn: aiosqlite.Connection, *, tg_id: int, starts_at: datetime, ends_at: datetime, except_id: int = 0
) -> Meeting | None:
    """Another meeting overlapping these times that this person runs: created and still open (or with
    attendances), or is checking people in to."""
    overlap, params = _overlaps(starts_at, ends_at)
    row = await fetch_one(
        conn,
        _SELECT + f" WHERE m.id != ? AND {overlap} AND ("
        "(m.created_by = ? AND (m.status = 'open' OR EXISTS (SELECT 1 FROM checkins k WHERE k.meeting_id = m.id"
        " AND k.status != 'dropped')))"
        " OR EXISTS (SELECT 1 FROM checkin_sessions s WHERE s.meeting_id = m.id AND s.organiser_tg_id = ?))"
        " ORDER BY m.starts_at, m.id LIMIT 1",
        (except_id, *params, tg_id, tg_id),
    )
    return _meeting(row) if row else None


async def runs_meeting(conn: aiosqlite.Connection, tg_id: int, meeting_id: int) -> bool:
    """Whether this person organises the meeting: created it or is checking people in to it."""
    return bool(await fetch_value(
        conn,
        "SELECT 1 FROM meetings WHERE id = ? AND created_by = ?"
        " UNION ALL SELECT 1 FROM checkin_sessions WHERE meeting_id = ? AND organiser_tg_id = ?",
        (meeting_id, tg_id, meeting_id, tg_id),
    ))


@dataclass(frozen=True, slots=True)
class PendingAttendance:
    checkin_id: int
    member_id: int


async def pending_attendances(conn: aiosqlite.Connection, meeting_id: int) -> list[PendingAttendance]:
    rows = await fetch_all(
        conn, "SELECT id, member_id FROM checkins WHERE meeting_id = ? AND status = 'pending' ORDER BY id",
        (meeting_id,),
    )
    return [PendingAttendance(r["id"], r["member_id"]) for r in rows]


async def set_attendance_status(conn: aiosqlite.Connection, checkin_id: int, status: AttendanceStatus) -> None:
    await conn.execute("UPDATE checkins SET status = ? WHERE id = ?", (status, checkin_id))


async def save_report(
    conn: aiosqlite.Connection, meeting_id: int, *, photo: str, text: str, now: datetime
) -> bool:
    """Keep the organiser's report; a second one before the decision replaces the first."""
    cursor = await conn.execute(
        "UPDATE meetings SET report_photo = ?, report_text = ?, reported_at = ?, confirmation = 'reported'"
        " WHERE id = ? AND confirmation IN ('awaiting', 'reported')",
        (photo, text, stamp(now), meeting_id),
    )
    return cursor.rowcount == 1


async def decide(
    conn: aiosqlite.Connection, meeting_id: int, *, decision: Confirmation, by: int, now: datetime
) -> bool:
    """Confirm or refuse a reported meeting; False when it was already decided (or never reported)."""
    cursor = await conn.execute(
        "UPDATE meetings SET confirmation = ?, decided_by = ?, decided_at = ?"
        " WHERE id = ? AND confirmation = 'reported'",
        (decision, by, stamp(now), meeting_id),
    )
    return cursor.rowcount == 1


async def coordinators_of(conn: aiosqlite.Connection, district: District) -> list[int]:
    """Telegram ids of the coordinators whose scope covers this district."""
    rows = await fetch_all(
        conn,
        "SELECT DISTINCT tg_id FROM roles WHERE role = 'coordinator' AND " + covering() + " ORDER BY tg_id",
        (district.city_id, district.id),
    )
    return [int(r["tg_id"]) for r in rows]


async def attendance_recipients(conn: aiosqlite.Connection, meeting_id: int) -> list[Recipient]:
    """Members with an attendance at this meeting who can be written to."""
    rows = await fetch_all(
        conn,
        "SELECT m.tg_id, m.locale FROM checkins k JOIN members m ON m.id = k.member_id"
        " WHERE k.meeting_id = ? AND m.status = 'active' AND m.tg_id IS NOT NULL ORDER BY k.id",
        (meeting_id,),
    )
    return [Recipient(r["tg_id"], r["locale"]) for r in rows]


async def attendees(conn: aiosqlite.Connection, meeting_id: int) -> list[Attendee]:
    rows = await fetch_all(
        conn,
        "SELECT k.member_id, m.display_name, m.username, d.name AS district_name, k.method, k.confirmed_by,"
        " k.created_at, o.display_name AS organiser FROM checkins k JOIN members m ON m.id = k.member_id"
        " JOIN districts d ON d.id = m.district_id"
        " LEFT JOIN members o ON o.tg_id = k.confirmed_by AND k.confirmed_by IS NOT NULL"
        " WHERE k.meeting_id = ? AND k.status != 'dropped' AND m.status != 'deleted' ORDER BY k.id",
        (meeting_id,),
    )
    return [
        Attendee(r["member_id"], r["display_name"], r["username"], r["district_name"], r["method"],
                 r["confirmed_by"], moment(r["created_at"]), r["organiser"])
        for r in rows
    ]


# Check-in sessions

async def start_session(conn: aiosqlite.Connection, organiser_tg_id: int, meeting_id: int, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO checkin_sessions(organiser_tg_id, meeting_id, started_at) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (organiser_tg_id, meeting_id, stamp(now)),
    )


async def stop_session(conn: aiosqlite.Connection, organiser_tg_id: int, meeting_id: int) -> bool:
    cursor = await conn.execute(
        "DELETE FROM checkin_sessions WHERE organiser_tg_id = ? AND meeting_id = ?", (organiser_tg_id, meeting_id)
    )
    return cursor.rowcount == 1


async def stop_all_sessions(conn: aiosqlite.Connection, meeting_id: int) -> None:
    await conn.execute("DELETE FROM checkin_sessions WHERE meeting_id = ?", (meeting_id,))


async def has_session(conn: aiosqlite.Connection, organiser_tg_id: int, meeting_id: int) -> bool:
    return bool(
        await fetch_value(
            conn, "SELECT 1 FROM checkin_sessions WHERE organiser_tg_id = ? AND meeting_id = ?",
            (organiser_tg_id, meeting_id),
        )
    )


async def sessions_of(conn: aiosqlite.Connection, organiser_tg_id: int) -> list[Meeting]:
    """Open meetings this organiser is checking people in to."""
    rows = await fetch_all(
        conn,
        _SELECT + " JOIN checkin_sessions s ON s.meeting_id = m.id"
        " WHERE s.organiser_tg_id = ? AND m.status = 'open' ORDER BY m.starts_at, m.id",
        (organiser_tg_id,),
    )
    return [_meeting(r) for r in rows]


# Reminders

async def due_for_reminder(conn: aiosqlite.Connection, *, now: datetime, horizon: datetime) -> list[Meeting]:
    rows = await fetch_all(
        conn,
        _SELECT + " WHERE m.status = 'open' AND m.reminded_at IS NULL AND m.starts_at > ? AND m.starts_at <= ?"
        " ORDER BY m.starts_at, m.id",
        (stamp(now), stamp(horizon)),
    )
    return [_meeting(r) for r in rows]


async def mark_reminded(conn: aiosqlite.Connection, meeting_id: int, now: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE meetings SET reminded_at = ? WHERE id = ? AND reminded_at IS NULL", (stamp(now), meeting_id)
    )
    return cursor.rowcount == 1


async def due_for_day_before(conn: aiosqlite.Connection, *, after: datetime, horizon: datetime) -> list[Meeting]:
    rows = await fetch_all(
        conn,
        _SELECT + " WHERE m.status = 'open' AND m.reminded_day_before_at IS NULL AND m.starts_at > ?"
        " AND m.starts_at <= ? ORDER BY m.starts_at, m.id",
        (stamp(after), stamp(horizon)),
    )
    return [_meeting(r) for r in rows]


async def mark_reminded_day_before(conn: aiosqlite.Connection, meeting_id: int, now: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE meetings SET reminded_day_before_at = ? WHERE id = ? AND reminded_day_before_at IS NULL",
        (stamp(now), meeting_id),
    )
    return cursor.rowcount == 1


async def rsvp_recipients(conn: aiosqlite.Connection, meeting_id: int) -> list[Recipient]:
    rows = await fetch_all(
        conn,
        "SELECT m.tg_id, m.locale FROM meeting_rsvps r JOIN members m ON m.id = r.member_id"
        " WHERE r.meeting_id = ? AND m.status = 'active' AND m.tg_id IS NOT NULL ORDER BY r.created_at, r.member_id",
        (meeting_id,),
    )
    return [Recipient(r["tg_id"], r["locale"]) for r in rows]


async def locale_of(conn: aiosqlite.Connection, tg_id: int) -> str | None:
    value = await fetch_value(
        conn,
        "SELECT COALESCE((SELECT locale FROM members WHERE tg_id = ? AND status != 'deleted'),"
        " (SELECT locale FROM telegram_users WHERE tg_id = ?))",
        (tg_id, tg_id),
    )
    return str(value) if value else None
