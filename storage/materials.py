"""Campaign materials for «Поддержи онлайн!»: what coordinators ask members to share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import fetch_all, fetch_one, moment, stamp
from storage.scopes import covering


@dataclass(frozen=True, slots=True)
class Material:
    id: int
    campaign_id: int
    scope_kind: str
    scope_id: int
    title: str
    body: str
    link: str | None
    photo_file_id: str | None
    active: bool
    created_by: int
    created_at: datetime


_COLUMNS = "id, campaign_id, scope_kind, scope_id, title, body, link, photo_file_id, active, created_by, created_at"


def _material(row: aiosqlite.Row) -> Material:
    return Material(*(bool(row[n]) if n == "active" else row[n] for n in Material.__slots__[:-1]),
                    moment(row["created_at"]))


async def insert(
    conn: aiosqlite.Connection,
    *,
    campaign_id: int,
    scope_kind: str,
    scope_id: int,
    title: str,
    body: str,
    link: str | None,
    photo_file_id: str | None,
    created_by: int,
    now: datetime,
) -> Material:
    row = await fetch_one(
        conn,
        "INSERT INTO materials(campaign_id, scope_kind, scope_id, title, body, link, photo_file_id, created_by,"
        f" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}",
        (campaign_id, scope_kind, scope_id, title, body, link, photo_file_id, created_by, stamp(now)),
    )
    assert row is not None
    return _material(row)


async def add_originals(conn: aiosqlite.Connection, material_id: int, post_keys: list[str]) -> None:
    """The identities of the posts a material publishes: never a member's own post."""
    await conn.executemany(
        "INSERT INTO material_posts(post_key, material_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
        [(key, material_id) for key in post_keys],
    )


async def get(conn: aiosqlite.Connection, material_id: int) -> Material | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM materials WHERE id = ?", (material_id,))
    return _material(row) if row else None


async def current_for(
    conn: aiosqlite.Connection, campaign_id: int, district_id: int, city_id: int, limit: int
) -> list[Material]:
    """Active materials a member of this district should see, newest first."""
    rows = await fetch_all(
        conn,
        f"SELECT {_COLUMNS} FROM materials WHERE campaign_id = ? AND active = 1 AND {covering()}"
        " ORDER BY id DESC LIMIT ?",
        (campaign_id, city_id, district_id, limit),
    )
    return [_material(r) for r in rows]


async def set_active(conn: aiosqlite.Connection, material_id: int, active: bool) -> bool:
    cursor = await conn.execute(
        "UPDATE materials SET active = ? WHERE id = ? AND active != ?", (int(active), material_id, int(active))
    )
    return cursor.rowcount == 1


async def shares(conn: aiosqlite.Connection, campaign_id: int) -> dict[int, int]:
    """Approved posts per material: which material spreads."""
    rows = await fetch_all(
        conn,
        "SELECT material_id, COUNT(*) AS n FROM posts WHERE campaign_id = ? AND status = 'approved'"
        " AND material_id IS NOT NULL GROUP BY material_id",
        (campaign_id,),
    )
    return {r["material_id"]: r["n"] for r in rows}
