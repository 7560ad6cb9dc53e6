"""The web side's SQL: the public rating's rows and name search, members' privacy choice,
one-time sign-in links, dashboard sessions, and the dashboard's lists within a scope."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import fetch_all, fetch_one, fetch_value, moment, stamp


@dataclass(frozen=True, slots=True)
class PublicRow:
    """One line of the public rating: nothing but a name (unless hidden), a team and points."""

    rank: int
    member_id: int
    name: str | None          # None: the member hid their name
    team: str
    city: str
    units: int


async def public_top(conn: aiosqlite.Connection, campaign_id: int, limit: int) -> list[PublicRow]:
    """The first members of the rating; erased members take no place (as in the reserve and broadcasts)."""
    rows = await fetch_all(
        conn,
        "SELECT t.member_id, t.units, m.display_name, m.name_hidden, d.name AS team, c.name AS city"
        " FROM member_totals t JOIN members m ON m.id = t.member_id"
        " JOIN districts d ON d.id = t.district_id JOIN cities c ON c.id = d.city_id"
        " WHERE t.campaign_id = ? AND m.status != 'deleted'"
        " ORDER BY t.units DESC, t.reached_at, t.member_id LIMIT ?",
        (campaign_id, limit),
    )
    return [
        PublicRow(rank=i, member_id=r["member_id"], name=None if r["name_hidden"] else r["display_name"],
                  team=r["team"], city=r["city"], units=r["units"])
        for i, r in enumerate(rows, start=1)
    ]


@dataclass(frozen=True, slots=True)
class NameMatch:
    member_id: int
    name: str
    team: str
    city: str


async def find_by_name(
    conn: aiosqlite.Connection, campaign_id: int, prefixes: Sequence[str], limit: int
) -> list[NameMatch]:
    """Members in this campaign's rating whose name starts with one of `prefixes` (index range scans).

    Hidden and erased members are never found: a name that is not shown must not be searchable.
    """
    found: dict[int, NameMatch] = {}
    for prefix in prefixes:
        if not prefix:
            continue
        rows = await fetch_all(
            conn,
            "SELECT m.id, m.display_name, d.name AS team, c.name AS city FROM members m"
            " JOIN districts d ON d.id = m.district_id JOIN cities c ON c.id = d.city_id"
            " WHERE m.display_name >= ? AND m.display_name < ? AND m.name_hidden = 0 AND m.status != 'deleted'"
            " AND EXISTS (SELECT 1 FROM member_totals t WHERE t.campaign_id = ? AND t.member_id = m.id)"
            " ORDER BY m.display_name, m.id LIMIT ?",
            (prefix, prefix + "\U0010ffff", campaign_id, limit),
        )
        for r in rows:
            found.setdefault(r["id"], NameMatch(r["id"], r["display_name"], r["team"], r["city"]))
    return sorted(found.values(), key=lambda m: (m.name, m.member_id))[:limit]


async def set_name_hidden(conn: aiosqlite.Connection, member_id: int, hidden: bool) -> None:
    await conn.execute("UPDATE members SET name_hidden = ? WHERE id = ?", (int(hidden), member_id))


async def name_hidden(conn: aiosqlite.Connection, member_id: int) -> bool:
    return bool(await fetch_value(conn, "SELECT name_hidden FROM members WHERE id = ?", (member_id,)))


# One-time sign-in links

async def insert_signin_link(
    conn: aiosqlite.Connection, *, secret_hash: str, tg_id: int, now: datetime, expires_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO web_signin_links(secret_hash, tg_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        (secret_hash, tg_id, stamp(now), stamp(expires_at)),
    )


async def redeem_signin_link(conn: aiosqlite.Connection, *, secret_hash: str, now: datetime) -> int | None:
    """Mark a link used and return whose it is; None when unknown, used already or expired."""
    row = await fetch_one(
        conn,
        "UPDATE web_signin_links SET used_at = ? WHERE secret_hash = ? AND used_at IS NULL AND expires_at > ?"
        " RETURNING tg_id",
        (stamp(now), secret_hash, stamp(now)),
    )
    return int(row["tg_id"]) if row else None


async def prune_signin(conn: aiosqlite.Connection, *, now: datetime) -> None:
    await conn.execute("DELETE FROM web_signin_links WHERE expires_at <= ?", (stamp(now),))
    await conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (stamp(now),))


# Sessions

@dataclass(frozen=True, slots=True)
class Session:
    tg_id: int
    csrf_token: str


async def insert_session(
    conn: aiosqlite.Connection, *, id_hash: str, tg_id: int, csrf_token: str, now: datetime, expires_at: datetime
) -> None:
    await conn.execute(
        "INSERT INTO web_sessions(id_hash, tg_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
        (id_hash, tg_id, csrf_token, stamp(now), stamp(expires_at)),
    )


async def session(conn: aiosqlite.Connection, *, id_hash: str, now: datetime) -> Session | None:
    row = await fetch_one(
        conn, "SELECT tg_id, csrf_token FROM web_sessions WHERE id_hash = ? AND expires_at > ?", (id_hash, stamp(now))
    )
    return Session(int(row["tg_id"]), row["csrf_token"]) if row else None


async def delete_session(conn: aiosqlite.Connection, *, id_hash: str) -> None:
    await conn.execute("DELETE FROM web_sessions WHERE id_hash = ?", (id_hash,))


async def delete_sessions_of(conn: aiosqlite.Connection, tg_id: int) -> None:
    await conn.execute("DELETE FROM web_sessions WHERE tg_id = ?", (tg_id,))


# The dashboard's lists, within a scope of districts (None: everywhere)

def _scope(column: str, district_ids: Sequence[int] | None) -> str:
    return "" if district_ids is None else f" AND {column} IN (SELECT value FROM json_each(:districts))"


@dataclass(frozen=True, slots=True)
class MemberLine:
    member_id: int
    tg_id: int | None
    name: str
    username: str | None
    team: str
    city: str
    units: int


async def search_members(
    conn: aiosqlite.Connection, campaign_id: int | None, district_ids: Sequence[int] | None, query: str, limit: int
) -> list[MemberLine]:
    """Members in a scope whose name or @username contains `query` (all of them, best first, when empty)."""
    like = "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = await fetch_all(
        conn,
        "SELECT m.id, m.tg_id, m.display_name, m.username, d.name, c.name, COALESCE(t.units, 0) AS units"
        " FROM members m JOIN districts d ON d.id = m.district_id JOIN cities c ON c.id = d.city_id"
        " LEFT JOIN member_totals t ON t.campaign_id = :campaign AND t.member_id = m.id"
        " WHERE m.status != 'deleted'" + _scope("m.district_id", district_ids)
        + (" AND (m.display_name LIKE :like ESCAPE '\\' OR m.username LIKE :like ESCAPE '\\')" if query else "")
        + " ORDER BY units DESC, m.display_name, m.id LIMIT :limit",
        {"campaign": campaign_id or 0, "districts": json.dumps(list(district_ids or [])), "like": like,
         "limit": limit},
    )
    return [MemberLine(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class PendingLine:
    post_id: int
    url: str
    member_name: str
    team: str
    material: str | None
    submitted_at: datetime


async def pending_posts(
    conn: aiosqlite.Connection, campaign_id: int, district_ids: Sequence[int] | None, limit: int
) -> list[PendingLine]:
    """The moderation queue of a scope, oldest first."""
    rows = await fetch_all(
        conn,
        "SELECT p.id, p.url, m.display_name, d.name, (SELECT title FROM materials WHERE id = p.material_id),"
        " p.submitted_at FROM posts p JOIN members m ON m.id = p.member_id JOIN districts d ON d.id = m.district_id"
        " WHERE p.campaign_id = :campaign AND p.status = 'pending'" + _scope("m.district_id", district_ids)
        + " ORDER BY p.id LIMIT :limit",
        {"campaign": campaign_id, "districts": json.dumps(list(district_ids or [])), "limit": limit},
    )
    return [PendingLine(*row[:5], moment(row[5])) for row in rows]
