"""The durable outbox: broadcasts, their rows, and the once-per-key job ledger."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.scopes import Scope
from storage.db import fetch_all, fetch_value, moment, moment_or_none, stamp
from storage.scopes import district_filter

PENDING = ("queued", "sending")


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    broadcast_id: int
    chat_id: int
    member_id: int | None
    payload: str | None
    attempts: int
    not_before: datetime | None


@dataclass(frozen=True, slots=True)
class BroadcastSummary:
    id: int
    kind: str
    initiator_tg_id: int | None
    total: int
    delivered: int
    blocked: int
    failed: int
    created_at: datetime
    finished_at: datetime


# -- once-per-key runs -----------------------------------------------------------------------------

async def claim_run(conn: aiosqlite.Connection, job_key: str, now: datetime) -> bool:
    """Record that a job ran for this key; False when it already did (call inside the job's transaction)."""
    cursor = await conn.execute(
        "INSERT INTO job_runs(job_key, started_at, finished_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (job_key, stamp(now), stamp(now)),
    )
    return cursor.rowcount == 1


async def run_started_at(conn: aiosqlite.Connection, job_key: str) -> datetime | None:
    return moment_or_none(await fetch_value(conn, "SELECT started_at FROM job_runs WHERE job_key = ?", (job_key,)))


# -- filling -----------------------------------------------------------------------------------------

async def create_broadcast(
    conn: aiosqlite.Connection, *, kind: str, payload: dict[str, Any], now: datetime,
    initiator_tg_id: int | None = None, run_key: str | None = None,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO broadcasts(kind, run_key, initiator_tg_id, payload, status, created_at, started_at)"
        " VALUES (?, ?, ?, ?, 'sending', ?, ?)",
        (kind, run_key, initiator_tg_id, _dumps(payload), stamp(now), stamp(now)),
    )
    return int(cursor.lastrowid or 0)


async def add_rows(
    conn: aiosqlite.Connection, broadcast_id: int, rows: Iterable[tuple[int, int | None, dict[str, Any] | None]]
) -> int:
    """Queue (chat_id, member_id, payload) rows; returns how many."""
    values = [(broadcast_id, chat_id, member_id, None if p is None else _dumps(p)) for chat_id, member_id, p in rows]
    await conn.executemany(
        "INSERT INTO outbox(broadcast_id, chat_id, member_id, payload) VALUES (?, ?, ?, ?)", values
    )
    await set_total(conn, broadcast_id)
    return len(values)


async def add_members_in_scope(conn: aiosqlite.Connection, broadcast_id: int, scope: Scope) -> int:
    """Queue one row per active member of the scope's districts."""
    where, params = district_filter("district_id", scope)
    await conn.execute(
        "INSERT INTO outbox(broadcast_id, chat_id, member_id) SELECT ?, tg_id, id FROM members"
        " WHERE status = 'active' AND tg_id IS NOT NULL" + where + " ORDER BY id",
        (broadcast_id, *params),
    )
    return await set_total(conn, broadcast_id)


async def count_members_in_scope(conn: aiosqlite.Connection, scope: Scope) -> int:
    where, params = district_filter("district_id", scope)
    return int(await fetch_value(
        conn, "SELECT COUNT(*) FROM members WHERE status = 'active' AND tg_id IS NOT NULL" + where, params
    ))


async def set_total(conn: aiosqlite.Connection, broadcast_id: int) -> int:
    total = int(await fetch_value(conn, "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ?", (broadcast_id,)))
    await conn.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, broadcast_id))
    return total


async def drop_if_empty(conn: aiosqlite.Connection, broadcast_id: int, now: datetime) -> None:
    """A broadcast with no recipients is done at once (its initiator still gets a report)."""
    await conn.execute(
        "UPDATE broadcasts SET status = 'done', finished_at = ? WHERE id = ? AND total = 0", (stamp(now), broadcast_id)
    )


# -- sending -----------------------------------------------------------------------------------------

async def requeue_interrupted(conn: aiosqlite.Connection) -> int:
    """Rows left 'sending' by a process that died: their message may or may not have gone out."""
    cursor = await conn.execute("UPDATE outbox SET status = 'queued' WHERE status = 'sending'")
    return cursor.rowcount


async def next_batch(conn: aiosqlite.Connection, after_id: int, limit: int) -> list[OutboxRow]:
    """Queued rows after a keyset cursor, in id order."""
    rows = await fetch_all(
        conn,
        "SELECT id, broadcast_id, chat_id, member_id, payload, attempts, not_before FROM outbox"
        " WHERE status = 'queued' AND id > ? ORDER BY id LIMIT ?",
        (after_id, limit),
    )
    return [
        OutboxRow(*row[:6], moment_or_none(row[6]))  # type: ignore[misc]
        for row in rows
    ]


async def broadcast_payload(conn: aiosqlite.Connection, broadcast_id: int) -> str:
    return str(await fetch_value(conn, "SELECT payload FROM broadcasts WHERE id = ?", (broadcast_id,)) or "{}")


# A row's state changes, synchronous, for `Database.run`: the sender's many small writes share commits there.


def mark_sending(conn: sqlite3.Connection, row: OutboxRow, at: datetime) -> None:
    conn.execute("UPDATE outbox SET status = 'sending', updated_at = ? WHERE id = ?", (stamp(at), row.id))


def mark_delivered(conn: sqlite3.Connection, row: OutboxRow, at: datetime) -> None:
    conn.execute(
        "UPDATE outbox SET status = 'delivered', updated_at = ?, last_error = NULL WHERE id = ?", (stamp(at), row.id)
    )


def mark_failed(conn: sqlite3.Connection, row: OutboxRow, at: datetime, *, attempts: int, error: str) -> None:
    conn.execute(
        "UPDATE outbox SET status = 'failed', updated_at = ?, attempts = ?, last_error = ? WHERE id = ?",
        (stamp(at), attempts, error, row.id),
    )


def mark_retry(
    conn: sqlite3.Connection, row: OutboxRow, at: datetime, *, attempts: int, error: str, not_before: datetime
) -> None:
    conn.execute(
        "UPDATE outbox SET status = 'queued', updated_at = ?, attempts = ?, last_error = ?, not_before = ?"
        " WHERE id = ?",
        (stamp(at), attempts, error, stamp(not_before), row.id),
    )


def mark_blocked(conn: sqlite3.Connection, row: OutboxRow, at: datetime, *, error: str) -> None:
    """The recipient blocked the bot: this row, and the member, until they unblock it."""
    conn.execute(
        "UPDATE outbox SET status = 'blocked', updated_at = ?, last_error = ? WHERE id = ?", (stamp(at), error, row.id)
    )
    conn.execute("UPDATE members SET status = 'blocked' WHERE tg_id = ? AND status = 'active'", (row.chat_id,))


async def finish_broadcasts(conn: aiosqlite.Connection, now: datetime) -> list[BroadcastSummary]:
    """Close every broadcast with nothing left to send; return those whose initiator awaits a report.

    Marks them reported in the same transaction, so each report is queued exactly once.
    """
    for row in await fetch_all(conn, "SELECT id FROM broadcasts WHERE status = 'sending'"):
        pending = await fetch_value(
            conn, "SELECT 1 FROM outbox WHERE broadcast_id = ? AND status IN ('queued', 'sending') LIMIT 1", (row[0],)
        )
        if pending is None:
            await conn.execute(
                "UPDATE broadcasts SET status = 'done', finished_at = ?,"
                " delivered = (SELECT COUNT(*) FROM outbox WHERE broadcast_id = broadcasts.id"
                " AND status = 'delivered'),"
                " blocked = (SELECT COUNT(*) FROM outbox WHERE broadcast_id = broadcasts.id AND status = 'blocked'),"
                " failed = (SELECT COUNT(*) FROM outbox WHERE broadcast_id = broadcasts.id AND status = 'failed')"
                " WHERE id = ?",
                (stamp(now), row[0]),
            )
    rows = await fetch_all(
        conn,
        "SELECT id, kind, initiator_tg_id, total, delivered, blocked, failed, created_at, finished_at FROM broadcasts"
        " WHERE status = 'done' AND reported_at IS NULL AND initiator_tg_id IS NOT NULL ORDER BY id",
    )
    if rows:
        await conn.execute(
            "UPDATE broadcasts SET reported_at = ? WHERE status = 'done' AND reported_at IS NULL"
            " AND initiator_tg_id IS NOT NULL",
            (stamp(now),),
        )
    return [BroadcastSummary(*row[:7], moment(row["created_at"]), moment(row["finished_at"])) for row in rows]


async def unfinished_count(conn: aiosqlite.Connection) -> int:
    return int(await fetch_value(conn, "SELECT COUNT(*) FROM broadcasts WHERE status != 'done'"))


async def locale_of(conn: aiosqlite.Connection, tg_id: int) -> str | None:
    """A Telegram user's language: the member's, else the one they chose before registering."""
    return await fetch_value(
        conn,
        "SELECT COALESCE((SELECT locale FROM members WHERE tg_id = ?),"
        " (SELECT locale FROM telegram_users WHERE tg_id = ?))",
        (tg_id, tg_id),
    )


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))

