"""Members' linked profiles: one member per (network, key)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import fetch_all, fetch_one, moment, stamp


@dataclass(frozen=True, slots=True)
class Linked:
    id: int
    member_id: int
    network: str
    key: str
    linked_at: datetime


_COLUMNS = "id, member_id, network, key, linked_at"


def _linked(row: aiosqlite.Row) -> Linked:
    return Linked(row["id"], row["member_id"], row["network"], row["key"], moment(row["linked_at"]))


async def link(
    conn: aiosqlite.Connection, *, member_id: int, network: str, key: str, now: datetime
) -> tuple[Linked, bool]:
    """Link a profile: (its row, True), or (the row that holds it already, this member's or another's, False)."""
    cursor = await conn.execute(
        "INSERT INTO linked_profiles(member_id, network, key, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (member_id, network, key, stamp(now)),
    )
    row = await fetch_one(
        conn, f"SELECT {_COLUMNS} FROM linked_profiles WHERE network = ? AND key = ?", (network, key)
    )
    assert row is not None
    return _linked(row), cursor.rowcount == 1


async def unlink(conn: aiosqlite.Connection, *, member_id: int, profile_id: int) -> Linked | None:
    row = await fetch_one(
        conn, f"DELETE FROM linked_profiles WHERE id = ? AND member_id = ? RETURNING {_COLUMNS}",
        (profile_id, member_id),
    )
    return _linked(row) if row else None


async def of_member(conn: aiosqlite.Connection, member_id: int) -> list[Linked]:
    rows = await fetch_all(
        conn, f"SELECT {_COLUMNS} FROM linked_profiles WHERE member_id = ? ORDER BY network, id", (member_id,)
    )
    return [_linked(r) for r in rows]


def holder(conn: sqlite3.Connection, network: str, key: str) -> int | None:
    """The member a profile is linked to (synchronous, for the verifier's unit of work)."""
    row = conn.execute("SELECT member_id FROM linked_profiles WHERE network = ? AND key = ?", (network, key)).fetchone()
    return int(row[0]) if row else None
