"""Materials as actions: their steps and hashtag, and how many members shared each."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date

import aiosqlite

from storage.db import fetch_all


async def set_action(conn: aiosqlite.Connection, material_id: int, *, steps: list[str], hashtag: str | None) -> None:
    await conn.execute(
        "UPDATE materials SET steps = ?, hashtag = ? WHERE id = ?",
        (json.dumps(steps, ensure_ascii=False) if steps else "", hashtag, material_id),
    )


async def hashtags(conn: aiosqlite.Connection, material_ids: Collection[int]) -> dict[int, str]:
    rows = await fetch_all(
        conn, "SELECT id, hashtag FROM materials WHERE hashtag IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(material_ids)),),
    )
    return {r[0]: r[1] for r in rows}


async def counts(conn: aiosqlite.Connection, material_ids: Collection[int]) -> dict[int, int]:
    rows = await fetch_all(
        conn,
        "SELECT material_id, COUNT(*) FROM posts WHERE status != 'rejected'"
        " AND material_id IN (SELECT value FROM json_each(?)) GROUP BY material_id",
        (json.dumps(sorted(material_ids)),),
    )
    found = {r[0]: r[1] for r in rows}
    return {material_id: found.get(material_id, 0) for material_id in material_ids}


async def current(conn: aiosqlite.Connection, campaign_id: int) -> list[tuple[int, str]]:
    rows = await fetch_all(
        conn, "SELECT id, title FROM materials WHERE campaign_id = ? AND active = 1 ORDER BY id DESC", (campaign_id,)
    )
    return [(r[0], r[1]) for r in rows]


def _scope(district_ids: Collection[int] | None) -> tuple[str, list[str]]:
    if district_ids is None:
        return "", []
    return " AND m.district_id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(district_ids))]


async def by_team(
    conn: aiosqlite.Connection, material_id: int, district_ids: Collection[int] | None
) -> list[tuple[str, int]]:
    scope, params = _scope(district_ids)
    rows = await fetch_all(
        conn,
        "SELECT d.name, COUNT(*) AS n FROM posts p JOIN members m ON m.id = p.member_id"
        " JOIN districts d ON d.id = m.district_id"
        f" WHERE p.material_id = ? AND p.status != 'rejected'{scope} GROUP BY d.id ORDER BY n DESC, d.name",
        (material_id, *params),
    )
    return [(r[0], r[1]) for r in rows]


async def by_day(
    conn: aiosqlite.Connection, material_id: int, district_ids: Collection[int] | None, since_day: date
) -> list[tuple[date, int]]:
    scope, params = _scope(district_ids)
    rows = await fetch_all(
        conn,
        "SELECT p.local_day, COUNT(*) FROM posts p JOIN members m ON m.id = p.member_id"
        f" WHERE p.material_id = ? AND p.status != 'rejected' AND p.local_day >= ?{scope} GROUP BY p.local_day",
        (material_id, since_day.isoformat(), *params),
    )
    return [(date.fromisoformat(r[0]), r[1]) for r in rows]
