"""Values the bot keeps for itself, such as the generated QR secret."""

from __future__ import annotations

import aiosqlite

from storage.db import fetch_value


async def get(conn: aiosqlite.Connection, key: str) -> str | None:
    return await fetch_value(conn, "SELECT value FROM bot_settings WHERE key = ?", (key,))


async def put(conn: aiosqlite.Connection, key: str, value: str) -> None:
    await conn.execute(
        "INSERT INTO bot_settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


async def set_if_absent(conn: aiosqlite.Connection, key: str, value: str) -> str:
    """Store a value unless one exists; return the stored value either way."""
    await conn.execute("INSERT INTO bot_settings(key, value) VALUES (?, ?) ON CONFLICT DO NOTHING", (key, value))
    return str(await fetch_value(conn, "SELECT value FROM bot_settings WHERE key = ?", (key,)))
