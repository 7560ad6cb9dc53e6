"""Which notifications each member wants (/settings), and the outbox rows that respect them."""

from __future__ import annotations

from collections.abc import Sequence

import aiosqlite

from bot.model import NotificationTopic
from storage.db import fetch_one, fetch_value

_COLUMNS = {topic: topic.value for topic in NotificationTopic}


async def wanted(conn: aiosqlite.Connection, member_id: int) -> dict[NotificationTopic, bool]:
    row = await fetch_one(
        conn, "SELECT new_meetings, new_materials, daily_rating FROM notification_settings WHERE member_id = ?",
        (member_id,),
    )
    return {topic: bool(row[column]) if row else True for topic, column in _COLUMNS.items()}


async def set_wanted(conn: aiosqlite.Connection, member_id: int, topic: NotificationTopic, on: bool) -> None:
    column = _COLUMNS[topic]
    await conn.execute(
        f"INSERT INTO notification_settings(member_id, {column}) VALUES (?, ?)"
        f" ON CONFLICT(member_id) DO UPDATE SET {column} = excluded.{column}",
        (member_id, int(on)),
    )


def not_turned_off(topic: NotificationTopic, member: str = "m.id") -> str:
    """An SQL condition: the member has not turned this topic off (for outbox queries)."""
    return (
        f" AND NOT EXISTS (SELECT 1 FROM notification_settings n WHERE n.member_id = {member}"
        f" AND n.{_COLUMNS[topic]} = 0)"
    )


async def add_members_wanting(
    conn: aiosqlite.Connection, broadcast_id: int, *, district_ids: Sequence[int], topic: NotificationTopic,
    except_tg_id: int | None = None,
) -> int:
    """Queue one row (with the member's language) per active member of the districts who wants this topic."""
    marks = ",".join("?" * len(district_ids))
    await conn.execute(
        "INSERT INTO outbox(broadcast_id, chat_id, member_id, payload)"
        " SELECT ?, m.tg_id, m.id, json_object('locale', m.locale) FROM members m"
        f" WHERE m.status = 'active' AND m.tg_id IS NOT NULL AND m.district_id IN ({marks})"
        " AND m.tg_id IS NOT ?" + not_turned_off(topic) + " ORDER BY m.id",
        (broadcast_id, *district_ids, except_tg_id),
    )
    total = int(await fetch_value(conn, "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ?", (broadcast_id,)))
    await conn.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, broadcast_id))
    return total
