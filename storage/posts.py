"""Members' post submissions: one row per post (normalised URL) per campaign."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.model import PostStatus
from bot.scopes import Scope
from storage.db import fetch_all, fetch_one, moment, stamp
from storage.scopes import district_filter


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    campaign_id: int
    member_id: int
    material_id: int | None
    url: str
    network: str
    status: PostStatus
    local_day: date
    reject_reason: str | None
    moderated_by: int | None
    submitted_at: datetime


_COLUMNS = (
    "id, campaign_id, member_id, material_id, url, network, status, local_day, reject_reason, moderated_by,"
    " submitted_at"
)


def _post(row: aiosqlite.Row) -> Post:
    return Post(
        row["id"], row["campaign_id"], row["member_id"], row["material_id"], row["url"], row["network"],
        PostStatus(row["status"]), date.fromisoformat(row["local_day"]), row["reject_reason"], row["moderated_by"],
        moment(row["submitted_at"]),
    )


@dataclass(frozen=True, slots=True)
class NewPost:
    campaign_id: int
    member_id: int
    material_id: int | None
    url: str
    key: str                       # the post's identity: unique across every campaign
    network: str
    manual: bool                   # the campaign's moderation is manual: pending unless the member is trusted
    local_day: date
    submitted_at: datetime
    verify: bool = False           # verified moderation: pending until the verifier decides, for everyone


@dataclass(frozen=True, slots=True)
class Recorded:
    post_id: int
    pending: bool
    today: int                     # the member's submissions that day, this one included


@dataclass(frozen=True, slots=True)
class RefusalFacts:
    """Why a submission was not recorded, as facts for the rules to read."""

    existing: Post | None          # the post, counted before (by anyone, in any campaign)
    original_of: int | None        # the material whose own post this is
    today: int                     # the member's submissions on the post's local day
    recent: int                    # the member's submissions in the rolling window
    material_ok: bool
    suspended: bool = False        # a coordinator suspended the member: no new posts


# Every submission takes its place in the caps, a rejected one too: the day's counter a member
# sees never goes back, and rejected invented links cannot be sent without end.
_CAP_HOLDS = "(SELECT COUNT(*) FROM posts WHERE member_id = :m AND local_day = :day)"
_RECENT = "(SELECT COUNT(*) FROM posts WHERE member_id = :m AND submitted_at > :since)"
_MATERIAL_OK = (
    "(:mat IS NULL OR EXISTS (SELECT 1 FROM materials WHERE id = :mat AND campaign_id = :c AND active = 1))"
)
_ORIGINAL = "(SELECT material_id FROM material_posts WHERE post_key = :key)"
_SUSPENDED = "EXISTS (SELECT 1 FROM suspensions WHERE member_id = :m)"
# A post the verifier still checks is not a coordinator's yet (bot.verification).
_NOT_VERIFYING = "NOT EXISTS (SELECT 1 FROM verifications v WHERE v.post_id = p.id AND v.status = 'waiting')"
_INSERT = (
    "INSERT INTO posts(campaign_id, member_id, material_id, url, post_key, network, status, local_day, submitted_at)"
    " SELECT :c, :m, :mat, :url, :key, :net,"
    " CASE WHEN :verify OR (:manual AND NOT EXISTS (SELECT 1 FROM trusted_members WHERE member_id = :m))"
    " THEN 'pending' ELSE 'approved' END, :day, :now"
    f" WHERE NOT {_SUSPENDED} AND {_CAP_HOLDS} < :cap AND {_RECENT} < :recent_cap AND {_MATERIAL_OK}"
    f" AND {_ORIGINAL} IS NULL"
    f" ON CONFLICT DO NOTHING RETURNING id, status, {_CAP_HOLDS} AS today"
)


def record_submission(
    conn: sqlite3.Connection, post: NewPost, *, daily_cap: int, recent_cap: int, since: datetime
) -> Recorded | None:
    """Record a submission in one statement, when every limit holds; None when it is refused.

    Synchronous, for a unit of work on the database thread (`Database.run`). A suspended member,
    a post already
    recorded (its identity, in any campaign), the daily cap, the cap on the window from `since`,
    a material that is not current, and a material's own post each leave nothing recorded.
    The status is decided here, in the same statement: pending under manual moderation unless
    the member is trusted.
    """
    row = conn.execute(_INSERT, _params(post, daily_cap, recent_cap, since)).fetchone()
    if row is None:
        return None
    return Recorded(post_id=int(row["id"]), pending=row["status"] == PostStatus.PENDING, today=int(row["today"]))


def refusal_facts(
    conn: sqlite3.Connection, post: NewPost, *, daily_cap: int, recent_cap: int, since: datetime
) -> RefusalFacts:
    """What stood in the way of `record_submission`, read in the same unit of work."""
    params = _params(post, daily_cap, recent_cap, since)
    existing = conn.execute(
        f"SELECT {_COLUMNS} FROM posts WHERE post_key = :key OR (campaign_id = :c AND url = :url)"
        " ORDER BY id LIMIT 1",
        params,
    ).fetchone()
    facts = conn.execute(
        f"SELECT {_CAP_HOLDS} AS today, {_RECENT} AS recent, {_MATERIAL_OK} AS ok, {_ORIGINAL} AS original,"
        f" {_SUSPENDED} AS suspended",
        params,
    ).fetchone()
    return RefusalFacts(
        existing=_post(existing) if existing else None, original_of=facts["original"], today=int(facts["today"]),
        recent=int(facts["recent"]), material_ok=bool(facts["ok"]), suspended=bool(facts["suspended"]),
    )


def _params(post: NewPost, daily_cap: int, recent_cap: int, since: datetime) -> dict[str, object]:
    return {"c": post.campaign_id, "m": post.member_id, "mat": post.material_id, "url": post.url, "key": post.key,
            "net": post.network, "manual": int(post.manual), "verify": int(post.verify),
            "day": post.local_day.isoformat(), "now": stamp(post.submitted_at),
            "cap": daily_cap, "recent_cap": recent_cap, "since": stamp(since)}


async def identities(conn: aiosqlite.Connection) -> list[tuple[int, str, str | None]]:
    """Every post's id, link and identity, oldest first."""
    rows = await fetch_all(conn, "SELECT id, url, post_key FROM posts ORDER BY id")
    return [(row["id"], row["url"], row["post_key"]) for row in rows]


async def set_identities(conn: aiosqlite.Connection, keys: dict[int, str | None]) -> None:
    """Give posts new identities at once (cleared first, so two posts may swap theirs)."""
    await conn.executemany("UPDATE posts SET post_key = NULL WHERE id = ?", [(post_id,) for post_id in keys])
    await conn.executemany(
        "UPDATE posts SET post_key = ? WHERE id = ?", [(key, post_id) for post_id, key in keys.items()]
    )


async def get(conn: aiosqlite.Connection, post_id: int) -> Post | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM posts WHERE id = ?", (post_id,))
    return _post(row) if row else None


async def moderate(
    conn: aiosqlite.Connection, post_id: int, *, status: PostStatus, reason: str | None, by: int, now: datetime
) -> Post | None:
    """Decide a pending post; None when it is not pending (any more)."""
    row = await fetch_one(
        conn,
        "UPDATE posts SET status = ?, reject_reason = ?, moderated_by = ?, moderated_at = ?"
        f" WHERE id = ? AND status = 'pending' RETURNING {_COLUMNS}",
        (status, reason, by, stamp(now), post_id),
    )
    return _post(row) if row else None


async def set_material(conn: aiosqlite.Connection, post_id: int, member_id: int, material_id: int) -> bool:
    """Which material a member's post shared; only their own post, only a material of its campaign."""
    cursor = await conn.execute(
        "UPDATE posts SET material_id = ? WHERE id = ? AND member_id = ?"
        " AND EXISTS (SELECT 1 FROM materials m WHERE m.id = ? AND m.campaign_id = posts.campaign_id)",
        (material_id, post_id, member_id, material_id),
    )
    return cursor.rowcount == 1


@dataclass(frozen=True, slots=True)
class PendingPost:
    post: Post
    member_name: str
    district: str
    material_title: str | None


@dataclass(frozen=True, slots=True)
class PendingBatch:
    posts: list[PendingPost]       # the oldest pending posts after the cursor, oldest first
    waiting: int                   # pending posts in the scope, these included
    more: bool                     # more wait after these


async def pending_batch(
    conn: aiosqlite.Connection, campaign_ids: Collection[int], *, scope: Scope, not_of_tg: int, after_id: int = 0,
    limit: int = 5,
) -> PendingBatch:
    """Pending posts in a coordinator's scope, never the coordinator's own (`not_of_tg`), after `after_id`."""
    scope_sql, params = district_filter("d.id", scope)
    campaigns = list(campaign_ids)
    marks = ", ".join("?" * len(campaigns)) or "NULL"
    base = (
        " FROM posts p JOIN members m ON m.id = p.member_id JOIN districts d ON d.id = m.district_id"
        f" WHERE p.campaign_id IN ({marks}) AND p.status = 'pending' AND m.tg_id IS NOT ?{scope_sql}"
        f" AND {_NOT_VERIFYING}"
    )
    base_params = (*campaigns, not_of_tg, *params)
    waiting = await fetch_one(conn, f"SELECT COUNT(*) AS n{base}", base_params)
    rows = await fetch_all(
        conn,
        f"SELECT {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))}, m.display_name, d.name AS district,"
        f" (SELECT title FROM materials WHERE id = p.material_id) AS material_title{base} AND p.id > ?"
        " ORDER BY p.id LIMIT ?",
        (*base_params, after_id, limit + 1),
    )
    found = [
        PendingPost(post=_post(row), member_name=row["display_name"], district=row["district"],
                    material_title=row["material_title"])
        for row in rows[:limit]
    ]
    return PendingBatch(posts=found, waiting=int(waiting["n"]) if waiting else 0, more=len(rows) > limit)


async def pending_of_member(conn: aiosqlite.Connection, campaign_ids: Collection[int], member_id: int) -> list[Post]:
    """A member's pending posts in the given campaigns, oldest first."""
    campaigns = list(campaign_ids)
    rows = await fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM posts p WHERE member_id = ? AND status = 'pending' AND {_NOT_VERIFYING}"
        f" AND campaign_id IN ({', '.join('?' * len(campaigns)) or 'NULL'}) ORDER BY id",
        (member_id, *campaigns),
    )
    return [_post(r) for r in rows]


async def count_pending(conn: aiosqlite.Connection, campaign_id: int, member_id: int) -> int:
    """How many of a member's posts wait for a coordinator."""
    row = await fetch_one(
        conn, "SELECT COUNT(*) AS n FROM posts p WHERE campaign_id = ? AND member_id = ? AND status = 'pending'"
        f" AND {_NOT_VERIFYING}",
        (campaign_id, member_id),
    )
    return int(row["n"]) if row else 0


# Trusted members: their posts skip the manual queue.


async def is_trusted(conn: aiosqlite.Connection, member_id: int) -> bool:
    return await fetch_one(conn, "SELECT 1 FROM trusted_members WHERE member_id = ?", (member_id,)) is not None


async def trust(conn: aiosqlite.Connection, member_id: int, *, by: int, now: datetime) -> bool:
    """Mark a member trusted; False when they already were."""
    cursor = await conn.execute(
        "INSERT INTO trusted_members(member_id, marked_by, marked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (member_id, by, stamp(now)),
    )
    return cursor.rowcount == 1


async def distrust(conn: aiosqlite.Connection, member_id: int) -> bool:
    """Take the trusted mark away; False when there was none."""
    cursor = await conn.execute("DELETE FROM trusted_members WHERE member_id = ?", (member_id,))
    return cursor.rowcount == 1


# A material published after a member sent its post: that post is the campaign's original.


async def counted_with_keys(conn: aiosqlite.Connection, post_keys: Collection[str]) -> list[Post]:
    """Members' posts (pending or approved) whose identity is one of `post_keys`, oldest first; only in
    campaigns still running (a finished campaign's rating is frozen)."""
    keys = list(post_keys)
    if not keys:
        return []
    rows = await fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM posts WHERE post_key IN ({', '.join('?' * len(keys))}) AND status != 'rejected'"
        " AND campaign_id IN (SELECT id FROM campaigns WHERE finished_at IS NULL) ORDER BY id",
        keys,
    )
    return [_post(r) for r in rows]


async def reject_as_original(conn: aiosqlite.Connection, post_id: int, *, by: int, now: datetime) -> Post | None:
    """Mark a member's post as the campaign's original; None when it was already rejected."""
    row = await fetch_one(
        conn,
        "UPDATE posts SET status = 'rejected', reject_reason = 'original', moderated_by = ?, moderated_at = ?"
        f" WHERE id = ? AND status != 'rejected' RETURNING {_COLUMNS}",
        (by, stamp(now), post_id),
    )
    return _post(row) if row else None
