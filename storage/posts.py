"""Members' post submissions: one row per post (normalised URL) per campaign."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection
from dataclasses import dataclass

import aiosqlite

from bot.model import PostStatus
from storage.db import fetch_one
from storage.ledger import Award, AwardPlan, write_award


@dataclass(frozen=True, slots=True)
class Post:
    id: int
    campaign_id: int
    member_id: int
    material_id: int | None
    url: str
    network: str
    status: PostStatus
    local_day: str
    reject_reason: str | None
    moderated_by: int | None
    submitted_at: str


_COLUMNS = (
    "id, campaign_id, member_id, material_id, url, network, status, local_day, reject_reason, moderated_by,"
    " submitted_at"
)


def _post(row: aiosqlite.Row) -> Post:
    return Post(*(PostStatus(row[n]) if n == "status" else row[n] for n in Post.__slots__))


@dataclass(frozen=True, slots=True)
class NewPost:
    campaign_id: int
    member_id: int
    material_id: int | None
    url: str
    network: str
    status: PostStatus
    local_day: str
    submitted_at: str


@dataclass(frozen=True, slots=True)
class Recorded:
    post_id: int
    today: int                     # the member's submissions that day, this one included
    award: Award | None


@dataclass(frozen=True, slots=True)
class RefusalFacts:
    """Why a submission was not recorded: the post is known, the cap is reached, or the material is not current."""

    existing: Post | None
    today: int
    material_ok: bool


_CAP_HOLDS = "(SELECT COUNT(*) FROM posts WHERE member_id = :m AND local_day = :day AND status != 'rejected')"
_MATERIAL_OK = (
    "(:mat IS NULL OR EXISTS (SELECT 1 FROM materials WHERE id = :mat AND campaign_id = :c AND active = 1))"
)
_INSERT = (
    "INSERT INTO posts(campaign_id, member_id, material_id, url, network, status, local_day, submitted_at)"
    " SELECT :c, :m, :mat, :url, :net, :status, :day, :now"
    f" WHERE {_CAP_HOLDS} < :cap AND {_MATERIAL_OK}"
    f" ON CONFLICT(campaign_id, url) DO NOTHING RETURNING id, {_CAP_HOLDS} AS today"
)


def record_submission(
    conn: sqlite3.Connection, post: NewPost, *, daily_cap: int, award_for: Callable[[int], AwardPlan] | None
) -> Recorded | RefusalFacts:
    """A submission in one statement, its award (`award_for(post id)`) in the same unit of work.

    Synchronous, for `Database.run`: recorded and awarded, or the facts of the refusal,
    in one trip to the database thread.
    """
    params = {"c": post.campaign_id, "m": post.member_id, "mat": post.material_id, "url": post.url,
              "net": post.network, "status": post.status, "day": post.local_day, "now": post.submitted_at,
              "cap": daily_cap}
    row = conn.execute(_INSERT, params).fetchone()
    if row is None:
        existing = conn.execute(
            f"SELECT {_COLUMNS} FROM posts WHERE campaign_id = ? AND url = ?", (post.campaign_id, post.url)
        ).fetchone()
        facts = conn.execute(f"SELECT {_CAP_HOLDS} AS n, {_MATERIAL_OK} AS ok", params).fetchone()
        return RefusalFacts(
            existing=_post(existing) if existing else None, today=int(facts["n"]), material_ok=bool(facts["ok"])
        )
    post_id = int(row["id"])
    award = write_award(conn, award_for(post_id)) if award_for is not None else None
    return Recorded(post_id=post_id, today=int(row["today"]), award=award)


async def get(conn: aiosqlite.Connection, post_id: int) -> Post | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM posts WHERE id = ?", (post_id,))
    return _post(row) if row else None


async def moderate(
    conn: aiosqlite.Connection, post_id: int, *, status: PostStatus, reason: str | None, by: int, now: str
) -> Post | None:
    """Decide a pending post; None when it is not pending (any more)."""
    row = await fetch_one(
        conn,
        "UPDATE posts SET status = ?, reject_reason = ?, moderated_by = ?, moderated_at = ?"
        f" WHERE id = ? AND status = 'pending' RETURNING {_COLUMNS}",
        (status, reason, by, now, post_id),
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


def _scope_filter(cities: Collection[int] | None, districts: Collection[int] | None) -> tuple[str, list[int]]:
    """SQL restricting members' districts `d` to a coordinator's scope; (None, None) means everywhere."""
    if cities is None and districts is None:
        return "", []
    cities, districts = list(cities or ()), list(districts or ())
    parts = []
    if cities:
        parts.append(f"d.city_id IN ({', '.join('?' * len(cities))})")
    if districts:
        parts.append(f"d.id IN ({', '.join('?' * len(districts))})")
    return (f" AND ({' OR '.join(parts)})" if parts else " AND 0"), cities + districts


@dataclass(frozen=True, slots=True)
class PendingPost:
    post: Post
    member_name: str
    district: str
    material_title: str | None
    waiting: int                   # pending posts in the scope, this one included


async def next_pending(
    conn: aiosqlite.Connection, campaign_id: int, *, cities: Collection[int] | None,
    districts: Collection[int] | None, after_id: int = 0,
) -> PendingPost | None:
    """The oldest pending post in a coordinator's scope (after `after_id`, to skip one)."""
    scope, params = _scope_filter(cities, districts)
    base = (
        " FROM posts p JOIN members m ON m.id = p.member_id JOIN districts d ON d.id = m.district_id"
        f" WHERE p.campaign_id = ? AND p.status = 'pending'{scope}"
    )
    row = await fetch_one(
        conn,
        f"SELECT {', '.join('p.' + c.strip() for c in _COLUMNS.split(','))}, m.display_name, d.name AS district,"
        " (SELECT title FROM materials WHERE id = p.material_id) AS material_title,"
        f" (SELECT COUNT(*){base}) AS waiting{base} AND p.id > ? ORDER BY p.id LIMIT 1",
        (campaign_id, *params, campaign_id, *params, after_id),
    )
    if row is None:
        return None
    return PendingPost(
        post=_post(row), member_name=row["display_name"], district=row["district"],
        material_title=row["material_title"], waiting=row["waiting"],
    )
