"""Cities and districts (one team per district)."""

from __future__ import annotations

import json
from collections.abc import Sequence

import aiosqlite

from bot.model import City, District
from storage.db import fetch_all, fetch_one, fetch_value

_DISTRICT_SQL = """
SELECT d.id, d.code, d.name, d.city_id, c.name AS city_name
FROM districts d JOIN cities c ON c.id = d.city_id
"""


def _district(row: aiosqlite.Row) -> District:
    return District(row["id"], row["code"], row["name"], row["city_id"], row["city_name"])


async def upsert_districts(
    conn: aiosqlite.Connection, rows: Sequence[tuple[str, str, str]]
) -> tuple[int, int]:
    """Insert or rename districts given as (code, name, city); return (added, updated)."""
    added = updated = 0
    for code, name, city in rows:
        await conn.execute("INSERT INTO cities(name) VALUES (?) ON CONFLICT(name) DO NOTHING", (city,))
        city_id = await fetch_value(conn, "SELECT id FROM cities WHERE name = ?", (city,))
        existing = await fetch_one(conn, "SELECT name, city_id FROM districts WHERE code = ?", (code,))
        if existing is None:
            await conn.execute(
                "INSERT INTO districts(code, name, city_id) VALUES (?, ?, ?)", (code, name, city_id)
            )
            added += 1
        elif (existing["name"], existing["city_id"]) != (name, city_id):
            await conn.execute(
                "UPDATE districts SET name = ?, city_id = ? WHERE code = ?", (name, city_id, code)
            )
            updated += 1
    return added, updated


async def city_ids(conn: aiosqlite.Connection, names: set[str]) -> dict[str, int]:
    """The ids of those of `names` that are known cities."""
    rows = await fetch_all(
        conn, "SELECT name, id FROM cities WHERE name IN (SELECT value FROM json_each(?))", (json.dumps(list(names)),)
    )
    return {r["name"]: int(r["id"]) for r in rows}


async def district_city_ids(conn: aiosqlite.Connection, codes: Sequence[str]) -> dict[str, int]:
    """The city of each of `codes` that is a known district."""
    rows = await fetch_all(
        conn, "SELECT code, city_id FROM districts WHERE code IN (SELECT value FROM json_each(?))",
        (json.dumps(list(codes)),),
    )
    return {r["code"]: int(r["city_id"]) for r in rows}


async def list_cities(conn: aiosqlite.Connection) -> list[City]:
    rows = await fetch_all(
        conn,
        "SELECT c.id, c.name FROM cities c WHERE EXISTS (SELECT 1 FROM districts d WHERE d.city_id = c.id)"
        " ORDER BY c.name",
    )
    return [City(r["id"], r["name"]) for r in rows]


async def get_city(conn: aiosqlite.Connection, city_id: int) -> City | None:
    row = await fetch_one(conn, "SELECT id, name FROM cities WHERE id = ?", (city_id,))
    return City(row["id"], row["name"]) if row else None


async def find_city(conn: aiosqlite.Connection, name: str) -> City | None:
    row = await fetch_one(conn, "SELECT id, name FROM cities WHERE name = ?", (name.strip(),))
    return City(row["id"], row["name"]) if row else None


async def list_districts(conn: aiosqlite.Connection, city_id: int) -> list[District]:
    rows = await fetch_all(conn, _DISTRICT_SQL + " WHERE d.city_id = ? ORDER BY d.name, d.code", (city_id,))
    return [_district(r) for r in rows]


async def get_district(conn: aiosqlite.Connection, district_id: int) -> District | None:
    row = await fetch_one(conn, _DISTRICT_SQL + " WHERE d.id = ?", (district_id,))
    return _district(row) if row else None


async def find_district(conn: aiosqlite.Connection, code: str) -> District | None:
    row = await fetch_one(conn, _DISTRICT_SQL + " WHERE d.code = ?", (code.strip(),))
    return _district(row) if row else None
