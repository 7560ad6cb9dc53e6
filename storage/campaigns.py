"""Campaigns (seasons) and their scoring rules."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import aiosqlite

from bot.model import Campaign, MeetingsMode, ModerationMode
from storage.db import fetch_all, fetch_one, moment_or_none, stamp

_COLUMNS = (
    "id, name, starts_on, ends_on, post_units, meeting_units, referral_units,"
    " referral_share_pct, moderation, finished_at, meetings, owner_must_be_linked, survey_units"
)


def _campaign(row: aiosqlite.Row) -> Campaign:
    return Campaign(
        id=row["id"],
        name=row["name"],
        starts_on=date.fromisoformat(row["starts_on"]),
        ends_on=date.fromisoformat(row["ends_on"]),
        post_units=row["post_units"],
        meeting_units=row["meeting_units"],
        referral_units=row["referral_units"],
        referral_share_pct=row["referral_share_pct"],
        moderation=ModerationMode(row["moderation"]),
        finished_at=moment_or_none(row["finished_at"]),
        meetings=MeetingsMode(row["meetings"]),
        owner_must_be_linked=bool(row["owner_must_be_linked"]),
        survey_units=row["survey_units"],
    )


async def overlapping(conn: aiosqlite.Connection, starts_on: date, ends_on: date) -> Campaign | None:
    row = await fetch_one(
        conn,
        f"SELECT {_COLUMNS} FROM campaigns WHERE starts_on <= ? AND ends_on >= ? AND finished_at IS NULL",
        (ends_on.isoformat(), starts_on.isoformat()),
    )
    return _campaign(row) if row else None


async def insert_campaign(
    conn: aiosqlite.Connection, name: str, starts_on: date, ends_on: date, *, moderation: ModerationMode,
    now: datetime, meetings: MeetingsMode = MeetingsMode.AUTO, survey_units: int = 0,
    owner_must_be_linked: bool = False,
) -> int:
    cursor = await conn.execute(
        "INSERT INTO campaigns(name, starts_on, ends_on, moderation, meetings, survey_units, owner_must_be_linked,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (name, starts_on.isoformat(), ends_on.isoformat(), moderation, meetings, survey_units,
         int(owner_must_be_linked), stamp(now)),
    )
    return int(cursor.lastrowid or 0)


async def list_campaigns(conn: aiosqlite.Connection) -> list[Campaign]:
    return [_campaign(r) for r in await fetch_all(conn, f"SELECT {_COLUMNS} FROM campaigns ORDER BY starts_on")]


async def get_campaign(conn: aiosqlite.Connection, campaign_id: int) -> Campaign | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM campaigns WHERE id = ?", (campaign_id,))
    return _campaign(row) if row else None


async def campaigns_to_finish(conn: aiosqlite.Connection, today: date) -> list[Campaign]:
    """Campaigns whose last day is over but whose rating is not frozen yet."""
    rows = await fetch_all(
        conn, f"SELECT {_COLUMNS} FROM campaigns WHERE finished_at IS NULL AND ends_on < ? ORDER BY ends_on",
        (today.isoformat(),),
    )
    return [_campaign(row) for row in rows]


async def current_campaign(conn: aiosqlite.Connection, today: date) -> Campaign | None:
    """The campaign running today, else the next one to start, else the latest one."""
    day = today.isoformat()
    row = await fetch_one(
        conn,
        f"SELECT {_COLUMNS} FROM campaigns WHERE starts_on <= ? AND ends_on >= ? AND finished_at IS NULL"
        " ORDER BY starts_on DESC LIMIT 1",
        (day, day),
    )
    if row is None:
        row = await fetch_one(
            conn, f"SELECT {_COLUMNS} FROM campaigns WHERE starts_on > ? ORDER BY starts_on LIMIT 1", (day,)
        )
    if row is None:
        row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM campaigns ORDER BY ends_on DESC LIMIT 1")
    return _campaign(row) if row else None


async def mark_finished(conn: aiosqlite.Connection, campaign_id: int, now: datetime) -> bool:
    cursor = await conn.execute(
        "UPDATE campaigns SET finished_at = ? WHERE id = ? AND finished_at IS NULL", (stamp(now), campaign_id)
    )
    return cursor.rowcount == 1


async def set_meetings_mode(conn: aiosqlite.Connection, campaign_id: int, mode: MeetingsMode) -> bool:
    cursor = await conn.execute(
        "UPDATE campaigns SET meetings = ? WHERE id = ? AND meetings != ?", (mode, campaign_id, mode)
    )
    return cursor.rowcount == 1


async def set_owner_must_be_linked(conn: aiosqlite.Connection, campaign_id: int, on: bool) -> bool:
    """Whether a post's owner must be one of the member's linked profiles; False when it already was so."""
    cursor = await conn.execute(
        "UPDATE campaigns SET owner_must_be_linked = ? WHERE id = ? AND owner_must_be_linked != ?",
        (int(on), campaign_id, int(on)),
    )
    return cursor.rowcount == 1


async def set_moderation(conn: aiosqlite.Connection, campaign_id: int, mode: ModerationMode) -> bool:
    cursor = await conn.execute(
        "UPDATE campaigns SET moderation = ? WHERE id = ? AND moderation != ?", (mode, campaign_id, mode)
    )
    return cursor.rowcount == 1


def campaign_in(conn: sqlite3.Connection, campaign_id: int) -> Campaign | None:
    """`get_campaign` inside a synchronous unit of work (`Database.run`)."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    return _campaign(row) if row else None


def owner_must_be_linked(conn: sqlite3.Connection, campaign_id: int) -> bool:
    """Whether the campaign counts a post only when its owner is a profile the member linked."""
    row = conn.execute("SELECT owner_must_be_linked FROM campaigns WHERE id = ?", (campaign_id,)).fetchone()
    return bool(row and row[0])
