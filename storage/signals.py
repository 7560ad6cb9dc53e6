"""Fraud signals: findings for coordinators, one row per finding key."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import aiosqlite

from storage.db import fetch_all, fetch_one, fetch_value


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
    found_at: str
    member_name: str | None
    member_tg_id: int | None


_SELECT = (
    "SELECT s.id, s.kind, s.key, s.member_id, s.district_id, s.evidence, s.status, s.found_at,"
    " m.display_name, m.tg_id FROM signals s LEFT JOIN members m ON m.id = s.member_id"
)


def _signal(row: sqlite3.Row) -> Signal:
    values = list(row)
    values[5] = json.loads(values[5])
    return Signal(*values)


_INSERT = (
    "INSERT INTO signals(kind, key, member_id, district_id, evidence, found_at) VALUES (?, ?, ?, ?, ?, ?)"
    " ON CONFLICT(key) DO NOTHING"
)


def _params(finding: Finding, now: str) -> tuple[object, ...]:
    return (finding.kind, finding.key, finding.member_id, finding.district_id,
            json.dumps(dict(finding.evidence), ensure_ascii=False, sort_keys=True), now)


def add_in(conn: sqlite3.Connection, finding: Finding, now: str) -> bool:
    """Record a finding once (synchronous); False when it is known already."""
    return conn.execute(_INSERT, _params(finding, now)).rowcount == 1


async def add(conn: aiosqlite.Connection, finding: Finding, now: str) -> bool:
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


async def close(conn: aiosqlite.Connection, signal_id: int, *, status: str, by: int, now: str) -> bool:
    cursor = await conn.execute(
        "UPDATE signals SET status = ?, closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'",
        (status, by, now, signal_id),
    )
    return cursor.rowcount == 1


async def close_about(conn: aiosqlite.Connection, member_id: int, *, by: int, now: str) -> int:
    """Close every open signal about a member a coordinator acted on (suspended, marked trusted)."""
    cursor = await conn.execute(
        "UPDATE signals SET status = 'acted', closed_by = ?, closed_at = ? WHERE member_id = ? AND status = 'open'",
        (by, now, member_id),
    )
    return cursor.rowcount
