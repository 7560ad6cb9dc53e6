"""Fraud signals: findings for coordinators, one row per finding key."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import aiosqlite

from storage.db import fetch_all, fetch_one, fetch_value, moment, stamp


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    key: str
    member_id: int | None
    district_id: int | None
    evidence: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Signal:
    id: int
    kind: str
    key: str
    member_id: int | None
    district_id: int | None
    evidence: dict[str, Any]
    status: str
    found_at: datetime
    member_name: str | None
    member_tg_id: int | None


_SELECT = (
    "SELECT s.id, s.kind, s.key, s.member_id, s.district_id, s.evidence, s.status, s.found_at,"
    " m.display_name, m.tg_id FROM signals s LEFT JOIN members m ON m.id = s.member_id"
)


# The evidence's moments and days as this module's queries write them; read back as datetimes and dates.
_STAMP_KEYS = frozenset({"at", "first", "last", "registered_at", "erased_at"})
_DAY_KEYS = frozenset({"day"})


def _typed(evidence: dict[str, Any]) -> dict[str, Any]:
    return {key: moment(value) if key in _STAMP_KEYS and isinstance(value, str)
            else date.fromisoformat(value) if key in _DAY_KEYS and isinstance(value, str) else value
            for key, value in evidence.items()}


def _signal(row: sqlite3.Row) -> Signal:
    values = list(row)
    values[5] = json.loads(values[5], object_hook=_typed)
    values[7] = moment(values[7])
    return Signal(*values)


_INSERT = (
    "INSERT INTO signals(kind, key, member_id, district_id, evidence, found_at) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(key) DO NOTHING"
)


def _params(finding: Finding, now: datetime) -> tuple[object, ...]:
    return (finding.kind, finding.key, finding.member_id, finding.district_id,
            json.dumps(dict(finding.evidence), ensure_ascii=False, sort_keys=True), stamp(now))


def add_in(conn: sqlite3.Connection, finding: Finding, now: datetime) -> bool:
    """Record a finding once (synchronous); False when it is known already."""
    return conn.execute(_INSERT, _params(finding, now)).rowcount == 1


async def add(conn: aiosqlite.Connection, finding: Finding, now: datetime) -> bool:
    cursor = await conn.execute(_INSERT, _params(finding, now))
    return cursor.rowcount == 1


def _scope(district_ids: Collection[int] | None) -> tuple[str, list[Any]]:
    if district_ids is None:
        return "", []
    return " AND s.district_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(district_ids))]


async def open_signals(
    conn: aiosqlite.Connection, district_ids: Collection[int] | None, *, limit: int, before_id: int | None = None
) -> list[Signal]:
    """Open signals of a scope (None: everywhere), newest first."""
    scope, params = _scope(district_ids)
    after = " AND s.id < ?" if before_id is not None else ""
    rows = await fetch_all(
        conn, f"{_SELECT} WHERE s.status = 'open'{scope}{after} ORDER BY s.id DESC LIMIT ?",
        (*params, *([before_id] if before_id is not None else []), limit),
    )
    return [_signal(r) for r in rows]


async def count_open(conn: aiosqlite.Connection, district_ids: Collection[int] | None) -> int:
    scope, params = _scope(district_ids)
    return int(await fetch_value(conn, f"SELECT COUNT(*) FROM signals s WHERE s.status = 'open'{scope}", params))


async def get(conn: aiosqlite.Connection, signal_id: int) -> Signal | None:
    row = await fetch_one(conn, f"{_SELECT} WHERE s.id = ?", (signal_id,))
    return _signal(row) if row else None


async def close(conn: aiosqlite.Connection, signal_id: int, *, status: str, by: int, now: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE signals SET status = ?, closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'",
        (status, by, stamp(now), signal_id),
    )
    return cursor.rowcount == 1


async def close_about(conn: aiosqlite.Connection, member_id: int, *, by: int, now: datetime) -> int:
    """Close every open signal about a member a coordinator acted on (suspended, marked trusted)."""
    cursor = await conn.execute(
        "UPDATE signals SET status = 'acted', closed_by = ?, closed_at = ? WHERE member_id = ? AND status = 'open'",
        (by, stamp(now), member_id),
    )
    return cursor.rowcount


# -- the pass: each query finds one kind of pattern -------------------------------------------------
# Stored times are UTC ISO strings, so SQL's string comparison is time order; `since` bounds how far back a
# pass looks. The evidence keeps the stored text (JSON); `_signal` reads it back as datetimes.

def referral_bursts(conn: sqlite3.Connection, *, now: datetime, day_ago: datetime, threshold: int) -> list[Finding]:
    """Inviters with at least `threshold` referees registered within the last 24 hours."""
    rows = conn.execute(
        "SELECT i.id, i.district_id, COUNT(*) AS n, json_group_array(json_object('id', m.id, 'name', m.display_name,"
        " 'at', m.registered_at)) AS referees, MIN(m.registered_at) AS first, MAX(m.registered_at) AS last"
        " FROM members m JOIN members i ON i.id = m.referrer_id"
        " WHERE m.registered_at > ? AND m.registered_at <= ? AND i.status != 'deleted'"
        " GROUP BY i.id HAVING COUNT(*) >= ?",
        (stamp(day_ago), stamp(now), threshold),
    ).fetchall()
    return [
        Finding("referral_burst", f"referral_burst:{r['id']}:{moment(r['first']).date().isoformat()}", r["id"],
                r["district_id"],
                {"referees": json.loads(r["referees"])[:30], "count": r["n"], "first": r["first"], "last": r["last"]})
        for r in rows
    ]


_ACTIVE_WITHIN_7_DAYS = (
    "(EXISTS (SELECT 1 FROM posts p WHERE p.member_id = m.id AND p.submitted_at <= {until})"
    " OR EXISTS (SELECT 1 FROM checkins c WHERE c.member_id = m.id AND c.created_at <= {until}))"
)


def idle_referees(
    conn: sqlite3.Connection, *, week_ago: datetime, min_referees: int, share_pct: int
) -> list[Finding]:
    """Inviters most of whose referees (registered a week ago or earlier) did nothing in their first 7 days."""
    until = "strftime('%Y-%m-%dT%H:%M:%f', m.registered_at, '+7 days')"
    active = _ACTIVE_WITHIN_7_DAYS.format(until=until)
    rows = conn.execute(
        f"SELECT i.id, i.district_id, COUNT(*) AS n, SUM(NOT {active}) AS idle,"
        f" json_group_array(CASE WHEN NOT {active} THEN json_object('id', m.id, 'name', m.display_name) END) AS who"
        " FROM members m JOIN members i ON i.id = m.referrer_id"
        " WHERE m.registered_at <= ? AND i.status != 'deleted'"
        " GROUP BY i.id HAVING COUNT(*) >= ? AND SUM(NOT " + active + ") * 100 >= COUNT(*) * ?",
        (stamp(week_ago), min_referees, share_pct),
    ).fetchall()
    return [
        Finding("idle_referees", f"idle_referees:{r['id']}:{r['idle']}", r["id"], r["district_id"],
                {"referees": r["n"], "idle": r["idle"], "share_pct": round(100 * r["idle"] / r["n"]),
                 "idle_members": [x for x in json.loads(r["who"]) if x][:30]})
        for r in rows
    ]


def erased_referees(conn: sqlite3.Connection, *, since: datetime) -> list[Finding]:
    """Referees who erased their data within 7 days of registering (about their inviter)."""
    rows = conn.execute(
        "SELECT m.id, m.registered_at, m.deleted_at, i.id AS inviter, i.district_id"
        " FROM members m JOIN members i ON i.id = m.referrer_id"
        " WHERE m.status = 'deleted' AND m.deleted_at > ? AND i.status != 'deleted'"
        " AND m.deleted_at <= strftime('%Y-%m-%dT%H:%M:%f', m.registered_at, '+7 days')",
        (stamp(since),),
    ).fetchall()
    return [
        Finding("referee_erased", f"referee_erased:{r['id']}", r["inviter"], r["district_id"],
                {"referee_id": r["id"], "registered_at": r["registered_at"], "erased_at": r["deleted_at"]})
        for r in rows
    ]


def refused_posts(conn: sqlite3.Connection, *, since_day: date, threshold: int) -> list[Finding]:
    """Members with at least `threshold` rejected posts on one local day."""
    rows = conn.execute(
        "SELECT p.member_id, m.district_id, p.local_day, COUNT(*) AS n, json_group_array(p.url) AS urls"
        " FROM posts p JOIN members m ON m.id = p.member_id"
        " WHERE p.status = 'rejected' AND p.local_day >= ? AND m.status != 'deleted'"
        " GROUP BY p.member_id, p.local_day HAVING COUNT(*) >= ?",
        (since_day.isoformat(), threshold),
    ).fetchall()
    return [
        Finding("refused_posts", f"refused_posts:{r['member_id']}:{r['local_day']}", r["member_id"], r["district_id"],
                {"day": r["local_day"], "count": r["n"], "urls": json.loads(r["urls"])[:10]})
        for r in rows
    ]


_PHONE = (
    "substr(replace(replace(replace(replace(replace(phone, '+', ''), ' ', ''), '-', ''), '(', ''), ')', ''), -10)"
)


def shared_phones(conn: sqlite3.Connection) -> list[Finding]:
    """Two or more accounts registered with one phone number."""
    rows = conn.execute(
        f"SELECT {_PHONE} AS number, COUNT(*) AS n, MAX(id) AS newest,"
        " json_group_array(json_object('id', id, 'name', display_name)) AS who"
        " FROM members WHERE phone IS NOT NULL AND status != 'deleted' GROUP BY number HAVING COUNT(*) >= 2",
    ).fetchall()
    findings = []
    for r in rows:
        who = json.loads(r["who"])
        district = conn.execute("SELECT district_id FROM members WHERE id = ?", (r["newest"],)).fetchone()[0]
        ids = ",".join(str(x["id"]) for x in sorted(who, key=lambda x: x["id"]))
        findings.append(Finding("shared_phone", f"shared_phone:{ids}", r["newest"], district,
                                {"members": who, "phone_ends": r["number"][-4:]}))
    return findings


def organiser_patterns(
    conn: sqlite3.Connection, *, since: datetime, min_meetings: int, min_checkins: int, share_pct: int
) -> list[Finding]:
    """Organisers whose meetings (since `since`) draw the same few people again and again, or mostly
    people from other cities."""
    findings = []
    rows = conn.execute(
        "SELECT mt.created_by AS organiser, COUNT(DISTINCT mt.id) AS meetings, COUNT(c.id) AS checkins,"
        " COUNT(DISTINCT c.member_id) AS people, MIN(mt.district_id) AS district_id,"
        " SUM(dm.city_id != dt.city_id) AS elsewhere"
        " FROM meetings mt JOIN checkins c ON c.meeting_id = mt.id JOIN members m ON m.id = c.member_id"
        " JOIN districts dt ON dt.id = mt.district_id JOIN districts dm ON dm.id = m.district_id"
        " WHERE mt.starts_at >= ? GROUP BY mt.created_by HAVING COUNT(c.id) >= ?",
        (stamp(since), min_checkins),
    ).fetchall()
    for r in rows:
        member = conn.execute("SELECT id FROM members WHERE tg_id = ?", (r["organiser"],)).fetchone()
        about = member[0] if member else None
        evidence = {"organiser_tg_id": r["organiser"], "meetings": r["meetings"], "checkins": r["checkins"],
                    "people": r["people"]}
        # The same attendees: few distinct people for many check-ins over several meetings.
        if r["meetings"] >= min_meetings and (r["checkins"] - r["people"]) * 100 >= r["checkins"] * share_pct:
            findings.append(Finding("repeated_attendees", f"repeated_attendees:{r['organiser']}:{r['meetings']}",
                                    about, r["district_id"], evidence))
        if r["elsewhere"] * 100 > r["checkins"] * share_pct:
            findings.append(Finding(
                "attendees_from_elsewhere", f"attendees_from_elsewhere:{r['organiser']}:{r['checkins']}", about,
                r["district_id"], {**evidence, "from_other_cities": r["elsewhere"]},
            ))
    return findings
