"""The webhook inbox: updates stored durably before Telegram is told they arrived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import fetch_all, fetch_value, stamp


@dataclass(frozen=True, slots=True)
class Stored:
    update_id: int
    body: str


async def store(conn: aiosqlite.Connection, update_id: int, body: str, now: datetime) -> bool:
    """Keep an update; False when it was here already (a redelivery)."""
    cursor = await conn.execute(
        "INSERT INTO inbox(update_id, body, received_at) VALUES (?, ?, ?) ON CONFLICT(update_id) DO NOTHING",
        (update_id, body, stamp(now)),
    )
    return cursor.rowcount == 1


async def claim(conn: aiosqlite.Connection, *, limit: int, busy: set[int]) -> list[Stored]:
    """The oldest unhandled updates not already being handled; each counts one more attempt."""
    rows = await fetch_all(
        conn, "SELECT update_id, body FROM inbox WHERE handled_at IS NULL ORDER BY update_id LIMIT ?",
        (limit + len(busy),),
    )
    claimed = [Stored(row["update_id"], row["body"]) for row in rows if row["update_id"] not in busy][:limit]
    if claimed:
        marks = ", ".join("?" * len(claimed))
        await conn.execute(
            f"UPDATE inbox SET attempts = attempts + 1 WHERE update_id IN ({marks})", [s.update_id for s in claimed]
        )
    return claimed


async def mark_handled(conn: aiosqlite.Connection, update_id: int, now: datetime) -> None:
    await conn.execute("UPDATE inbox SET handled_at = ? WHERE update_id = ?", (stamp(now), update_id))


async def count_pending(conn: aiosqlite.Connection) -> int:
    return int(await fetch_value(conn, "SELECT COUNT(*) FROM inbox WHERE handled_at IS NULL"))


async def give_up(conn: aiosqlite.Connection, *, max_attempts: int, now: datetime) -> list[int]:
    """Updates whose handling was cut short by a crash `max_attempts` times: stop retrying them.

    Such an update may itself be what kills the process; retrying it forever would keep
    the bot from ever starting. Returns their ids for the log.
    """
    rows = await fetch_all(
        conn, "SELECT update_id FROM inbox WHERE handled_at IS NULL AND attempts >= ?", (max_attempts,)
    )
    given_up = [int(row["update_id"]) for row in rows]
    if given_up:
        await conn.execute(
            "UPDATE inbox SET handled_at = ? WHERE handled_at IS NULL AND attempts >= ?", (stamp(now), max_attempts)
        )
    return given_up


async def prune(conn: aiosqlite.Connection, *, handled_before: datetime) -> int:
    """Forget handled updates older than Telegram would ever redeliver."""
    cursor = await conn.execute(
        "DELETE FROM inbox WHERE handled_at IS NOT NULL AND handled_at < ?", (stamp(handled_before),)
    )
    return cursor.rowcount
