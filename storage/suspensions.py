"""Suspended members: the row, and taking their totals out of (and back into) the rating."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import fetch_one, moment, stamp


@dataclass(frozen=True, slots=True)
class Suspension:
    member_id: int
    reason: str
    suspended_by: int | None
    suspended_at: datetime


def _suspension(row: aiosqlite.Row) -> Suspension:
    return Suspension(row["member_id"], row["reason"], row["suspended_by"], moment(row["suspended_at"]))


async def get(conn: aiosqlite.Connection, member_id: int) -> Suspension | None:
    row = await fetch_one(
        conn, "SELECT member_id, reason, suspended_by, suspended_at FROM suspensions WHERE member_id = ?",
        (member_id,),
    )
    return _suspension(row) if row else None


async def suspend(conn: aiosqlite.Connection, member_id: int, *, reason: str, by: int, now: datetime) -> bool:
    """Record the suspension and take the member's totals of running campaigns out of the rating;
    False when they are suspended already. Their ledger entries stay: team totals do not change."""
    cursor = await conn.execute(
        "INSERT INTO suspensions(member_id, reason, suspended_by, suspended_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (member_id, reason, by, stamp(now)),
    )
    if cursor.rowcount != 1:
        return False
    await conn.execute(
        "DELETE FROM member_totals WHERE member_id = ?"
        " AND campaign_id IN (SELECT id FROM campaigns WHERE finished_at IS NULL)",
        (member_id,),
    )
    return True


async def lift(conn: aiosqlite.Connection, member_id: int) -> Suspension | None:
    """End a suspension and put the member back into the rating of every running campaign with the
    points the ledger holds for them; None when they were not suspended."""
    row = await fetch_one(
        conn,
        "DELETE FROM suspensions WHERE member_id = ? RETURNING member_id, reason, suspended_by, suspended_at",
        (member_id,),
    )
    if row is None:
        return None
    await conn.execute(
        "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at)"
        " SELECT c.id, m.id, m.district_id,"
        "  (SELECT COALESCE(SUM(units), 0) FROM ledger WHERE campaign_id = c.id AND member_id = m.id),"
        "  COALESCE((SELECT MAX(created_at) FROM ledger WHERE campaign_id = c.id AND member_id = m.id),"
        "           m.registered_at)"
        " FROM campaigns c JOIN members m ON m.id = ? WHERE c.finished_at IS NULL AND m.status != 'deleted'"
        " ON CONFLICT DO NOTHING",
        (member_id,),
    )
    return _suspension(row)
