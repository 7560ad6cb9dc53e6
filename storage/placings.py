"""Ranks for mass messages: one window-function pass over a campaign's totals, straight into the outbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import aiosqlite

from bot.scopes import Scope
from storage.db import fetch_all, fetch_value
from storage.scopes import district_filter

# Overall and team places in one pass. Ties on points go to whoever reached the total first;
# member id makes the order total. Erased members keep their points in team totals but take no place.
_RANKED = """
WITH ranked AS (
    SELECT t.member_id, t.district_id, t.units,
           ROW_NUMBER() OVER (ORDER BY t.units DESC, t.reached_at, t.member_id) AS place,
           COUNT(*) OVER () AS places,
           LAG(t.units) OVER (ORDER BY t.units DESC, t.reached_at, t.member_id) AS above_units,
           ROW_NUMBER() OVER (PARTITION BY t.district_id
                              ORDER BY t.units DESC, t.reached_at, t.member_id) AS team_place,
           COUNT(*) OVER (PARTITION BY t.district_id) AS team_places
    FROM member_totals t JOIN members m ON m.id = t.member_id
    WHERE t.campaign_id = :campaign AND m.status != 'deleted'
)
"""


async def snapshot_totals(conn: aiosqlite.Connection, campaign_id: int, day: date) -> date | None:
    """Write today's snapshot of non-zero totals; return the previous snapshot's day (kept, older ones dropped)."""
    today = day.isoformat()
    previous = await fetch_value(
        conn, "SELECT MAX(day) FROM daily_totals WHERE campaign_id = ? AND day < ?", (campaign_id, today)
    )
    await conn.execute("DELETE FROM daily_totals WHERE campaign_id = ? AND day = ?", (campaign_id, today))
    await conn.execute(
        "INSERT INTO daily_totals(campaign_id, day, member_id, units)"
        " SELECT campaign_id, ?, member_id, units FROM member_totals WHERE campaign_id = ? AND units != 0",
        (today, campaign_id),
    )
    if previous is not None:
        await conn.execute(
            "DELETE FROM daily_totals WHERE campaign_id = ? AND day < ?", (campaign_id, previous)
        )
    return None if previous is None else date.fromisoformat(previous)


async def queue_personal_places(
    conn: aiosqlite.Connection, *, broadcast_id: int, campaign_id: int, previous_day: date | None
) -> int:
    """One outbox row per active member with their total, places, the gap to the place above and yesterday's total."""
    await conn.execute(
        _RANKED
        + """
        INSERT INTO outbox(broadcast_id, chat_id, member_id, payload)
        SELECT :broadcast, m.tg_id, m.id, json_object(
                   'locale', m.locale, 'name', m.display_name, 'district', d.name,
                   'units', r.units, 'yesterday', COALESCE(y.units, 0),
                   'place', r.place, 'places', r.places,
                   'team_place', r.team_place, 'team_places', r.team_places,
                   'gap', COALESCE(r.above_units - r.units, -1))
        FROM ranked r
        JOIN members m ON m.id = r.member_id
        JOIN districts d ON d.id = r.district_id
        LEFT JOIN daily_totals y ON y.campaign_id = :campaign AND y.day = :previous AND y.member_id = r.member_id
        WHERE m.status = 'active' AND m.tg_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM notification_settings n WHERE n.member_id = m.id AND n.daily_rating = 0)
        ORDER BY r.place
        """,
        {"broadcast": broadcast_id, "campaign": campaign_id,
         "previous": None if previous_day is None else previous_day.isoformat()},
    )
    total = int(await fetch_value(conn, "SELECT COUNT(*) FROM outbox WHERE broadcast_id = ?", (broadcast_id,)))
    await conn.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, broadcast_id))
    return total


@dataclass(frozen=True, slots=True)
class Leader:
    place: int
    member_id: int
    name: str
    username: str | None
    phone: str | None
    district: str
    city: str
    units: int


async def leaders(conn: aiosqlite.Connection, campaign_id: int, scope: Scope, limit: int) -> list[Leader]:
    """The top of the rating within a scope, places counted inside the scope."""
    where, params = district_filter("t.district_id", scope, named="scope")
    rows = await fetch_all(
        conn,
        "SELECT ROW_NUMBER() OVER (ORDER BY t.units DESC, t.reached_at, t.member_id) AS place, m.id, m.display_name,"
        " m.username, m.phone, d.name, c.name, t.units"
        " FROM member_totals t JOIN members m ON m.id = t.member_id JOIN districts d ON d.id = t.district_id"
        " JOIN cities c ON c.id = d.city_id"
        " WHERE t.campaign_id = :campaign AND m.status != 'deleted'" + where
        + " ORDER BY t.units DESC, t.reached_at, t.member_id LIMIT :limit",
        {"campaign": campaign_id, "limit": limit, **params},
    )
    return [Leader(*row) for row in rows]
