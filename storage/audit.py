"""The append-only audit log of staff acts."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import fetch_all, in_thread, moment, stamp


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One staff act as written: who, what, whom, when, why."""

    at: datetime
    actor_tg_id: int | None
    action: str
    member_id: int | None = None
    target_tg_id: int | None = None
    subject: str | None = None
    reason: str | None = None
    details: Mapping[str, Any] | None = None


_INSERT = (
    "INSERT INTO audit_log(at, actor_tg_id, action, member_id, target_tg_id, subject, reason, details)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def write(conn: sqlite3.Connection, row: AuditRow) -> int:
    """Append a row inside the caller's unit of work (synchronous: `Database.run`, `in_thread`)."""
    cursor = conn.execute(_INSERT, (
        stamp(row.at), row.actor_tg_id, row.action, row.member_id, row.target_tg_id, row.subject, row.reason,
        json.dumps(dict(row.details or {}), ensure_ascii=False, sort_keys=True),
    ))
    return int(cursor.lastrowid or 0)


async def insert(conn: aiosqlite.Connection, row: AuditRow) -> int:
    """Append a row inside the caller's `Database.transaction()`."""
    return await in_thread(conn, lambda c: write(c, row))


@dataclass(frozen=True, slots=True)
class Listed:
    id: int
    at: datetime
    actor_tg_id: int | None
    action: str
    member_id: int | None
    member_name: str | None        # as the member is shown now ('#id' once erased)
    target_tg_id: int | None
    subject: str | None
    reason: str | None
    details: str


def _listed(row: sqlite3.Row) -> Listed:
    return Listed(row[0], moment(row[1]), *tuple(row)[2:])


async def batch(conn: aiosqlite.Connection, *, after_id: int, limit: int = 5_000) -> list[Listed]:
    """The next rows in order of writing, after `after_id` (keyset paging keeps memory flat)."""
    rows = await fetch_all(
        conn,
        "SELECT a.id, a.at, a.actor_tg_id, a.action, a.member_id, m.display_name, a.target_tg_id, a.subject,"
        " a.reason, a.details FROM audit_log a LEFT JOIN members m ON m.id = a.member_id"
        " WHERE a.id > ? ORDER BY a.id LIMIT ?",
        (after_id, limit),
    )
    return [_listed(r) for r in rows]


async def of_action(conn: aiosqlite.Connection, action: str) -> list[Listed]:
    """Rows of one kind of act, oldest first (for checks and tests)."""
    rows = await fetch_all(
        conn,
        "SELECT a.id, a.at, a.actor_tg_id, a.action, a.member_id, m.display_name, a.target_tg_id, a.subject,"
        " a.reason, a.details FROM audit_log a LEFT JOIN members m ON m.id = a.member_id"
        " WHERE a.action = ? ORDER BY a.id",
        (action,),
    )
    return [_listed(r) for r in rows]
