"""The verification queue: submissions waiting for the verifier, and what it decided.

Every function here is synchronous: the verifier applies a verdict in one unit of work
(`Database.run`) together with the post's status, its award and the member's message.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from storage.db import fetch_one, moment, moment_or_none, stamp


def enqueue(conn: sqlite3.Connection, *, post_id: int, checker: str, now: datetime) -> None:
    conn.execute(
        "INSERT INTO verifications(post_id, network, not_before, enqueued_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (post_id, checker, stamp(now), stamp(now)),
    )


@dataclass(frozen=True, slots=True)
class Due:
    """A waiting submission with what its check needs."""

    post_id: int
    url: str
    network: str
    checker: str
    attempts: int
    enqueued_at: datetime
    member_id: int
    material_id: int | None
    campaign_id: int


def due(
    conn: sqlite3.Connection, *, checker: str, now: datetime, exclude: Collection[int], limit: int
) -> list[Due]:
    """Waiting submissions of one checker whose time has come, oldest first, except those in `exclude`."""
    rows = conn.execute(
        "SELECT v.post_id, p.url, p.network, v.network, v.attempts, v.enqueued_at, p.member_id, p.material_id,"
        " p.campaign_id FROM verifications v JOIN posts p ON p.id = v.post_id"
        " WHERE v.status = 'waiting' AND v.network = ? AND v.not_before <= ?"
        " AND v.post_id NOT IN (SELECT value FROM json_each(?))"
        " ORDER BY v.not_before, v.post_id LIMIT ?",
        (checker, stamp(now), json.dumps(sorted(exclude)), limit),
    ).fetchall()
    return [Due(*tuple(r)[:5], moment(r[5]), *tuple(r)[6:]) for r in rows]


def next_due_at(conn: sqlite3.Connection, checker: str) -> datetime | None:
    row = conn.execute(
        "SELECT MIN(not_before) FROM verifications WHERE status = 'waiting' AND network = ?", (checker,)
    ).fetchone()
    return moment_or_none(row[0]) if row else None


def is_waiting(conn: sqlite3.Connection, post_id: int) -> bool:
    row = conn.execute("SELECT status FROM verifications WHERE post_id = ?", (post_id,)).fetchone()
    return row is not None and row[0] == "waiting"


def attempts(conn: sqlite3.Connection, post_id: int) -> tuple[int, datetime]:
    """How many checks of a queued submission went unanswered, and when it was queued."""
    row = conn.execute("SELECT attempts, enqueued_at FROM verifications WHERE post_id = ?", (post_id,)).fetchone()
    return int(row["attempts"]), moment(row["enqueued_at"])


def finish(conn: sqlite3.Connection, post_id: int, *, status: str, outcome: str, now: datetime) -> bool:
    """End a waiting verification; False when it was not waiting (decided meanwhile)."""
    return conn.execute(
        "UPDATE verifications SET status = ?, outcome = ?, decided_at = ? WHERE post_id = ? AND status = 'waiting'",
        (status, outcome, stamp(now), post_id),
    ).rowcount == 1


def retry_later(conn: sqlite3.Connection, post_id: int, *, not_before: datetime, error: str) -> None:
    conn.execute(
        "UPDATE verifications SET attempts = attempts + 1, not_before = ?, last_error = ?"
        " WHERE post_id = ? AND status = 'waiting'",
        (stamp(not_before), error[:300], post_id),
    )


def set_post_status(
    conn: sqlite3.Connection, post_id: int, *, status: str, reason: str | None, material_id: int | None,
    now: datetime,
) -> bool:
    """Decide a pending post as the verifier (no moderator); False when it is not pending any more."""
    return conn.execute(
        "UPDATE posts SET status = ?, reject_reason = ?, moderated_at = ?, material_id = COALESCE(material_id, ?)"
        " WHERE id = ? AND status = 'pending'",
        (status, reason, stamp(now), material_id, post_id),
    ).rowcount == 1


def notify(conn: sqlite3.Connection, *, chat_id: int, member_id: int, text: str, now: datetime) -> None:
    """A message to the member through the durable outbox, committed with the verdict."""
    cursor = conn.execute(
        "INSERT INTO broadcasts(kind, payload, status, total, created_at, started_at)"
        " VALUES ('verification', '{\"method\": \"sendMessage\"}', 'sending', 1, ?, ?)",
        (stamp(now), stamp(now)),
    )
    conn.execute(
        "INSERT INTO outbox(broadcast_id, chat_id, member_id, payload) VALUES (?, ?, ?, ?)",
        (cursor.lastrowid, chat_id, member_id, json.dumps({"text": text}, ensure_ascii=False)),
    )


@dataclass(frozen=True, slots=True)
class MaterialFacts:
    id: int
    link: str | None
    hashtag: str | None


def materials_of(conn: sqlite3.Connection, campaign_id: int, material_id: int | None) -> list[MaterialFacts]:
    """The material a post shared, or every material of its campaign when the member did not say."""
    if material_id is not None:
        rows = conn.execute("SELECT id, link, hashtag FROM materials WHERE id = ?", (material_id,)).fetchall()
    else:
        rows = conn.execute(
            "SELECT id, link, hashtag FROM materials WHERE campaign_id = ? AND active = 1 ORDER BY id", (campaign_id,)
        ).fetchall()
    return [MaterialFacts(*tuple(r)) for r in rows]


def linked_keys(conn: sqlite3.Connection, member_id: int, network: str) -> list[str]:
    rows = conn.execute(
        "SELECT key FROM linked_profiles WHERE member_id = ? AND network = ?", (member_id, network)
    ).fetchall()
    return [r[0] for r in rows]


def context(conn: sqlite3.Connection, post_id: int) -> dict[str, Any] | None:
    """What applying a verdict needs about a post: its member and campaign."""
    row = conn.execute(
        "SELECT p.id, p.url, p.status, p.member_id, p.campaign_id, m.tg_id, m.locale, c.owner_must_be_linked"
        " FROM posts p JOIN members m ON m.id = p.member_id JOIN campaigns c ON c.id = p.campaign_id"
        " WHERE p.id = ?",
        (post_id,),
    ).fetchone()
    return dict(row) if row else None


async def waiting_of(conn: aiosqlite.Connection, member_id: int) -> int:
    """A member's submissions still pending verification (for /me)."""
    row = await fetch_one(
        conn,
        "SELECT COUNT(*) FROM verifications v JOIN posts p ON p.id = v.post_id"
        " WHERE p.member_id = ? AND v.status = 'waiting'",
        (member_id,),
    )
    return int(row[0]) if row else 0


async def counts(conn: aiosqlite.Connection) -> dict[str, int]:
    rows = await conn.execute_fetchall("SELECT status, COUNT(*) FROM verifications GROUP BY status")
    return {r[0]: int(r[1]) for r in rows}
