"""Figures for the coordinators' digest and final report, within a scope of districts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import aiosqlite

from bot.model import ScopeKind
from bot.scopes import Scope
from storage.db import fetch_all, fetch_one, stamp
from storage.scopes import district_filter


@dataclass(frozen=True, slots=True)
class ScopeFigures:
    members: int
    new_members: int
    posts: int
    new_posts: int
    pending_posts: int
    checkins: int
    new_checkins: int


@dataclass(frozen=True, slots=True)
class TeamLine:
    district_id: int
    name: str
    city: str
    units: int
    recent_units: int


@dataclass(frozen=True, slots=True)
class CoordinatorGrant:
    tg_id: int
    scope_kind: ScopeKind
    scope_id: int
    locale: str | None


def _scope(column: str, scope: Scope) -> str:
    return district_filter(column, scope, named="scope")[0]


async def figures(
    conn: aiosqlite.Connection, campaign_id: int, scope: Scope, since: datetime
) -> ScopeFigures:
    """Members, posts and check-ins in a scope: in total and since a moment (the last day)."""
    params = {"campaign": campaign_id, "since": stamp(since), **district_filter("", scope, named="scope")[1]}
    row = await fetch_one(
        conn,
        "SELECT"
        " (SELECT COUNT(*) FROM members WHERE status != 'deleted'" + _scope("district_id", scope) + "),"
        " (SELECT COUNT(*) FROM members WHERE status != 'deleted' AND registered_at >= :since"
        + _scope("district_id", scope) + "),"
        " (SELECT COUNT(*) FROM posts p JOIN members m ON m.id = p.member_id WHERE p.campaign_id = :campaign"
        " AND p.status != 'rejected'" + _scope("m.district_id", scope) + "),"
        # New posts are counted as the total is (rejected ones are in neither), so "+N" never exceeds it.
        " (SELECT COUNT(*) FROM posts p JOIN members m ON m.id = p.member_id WHERE p.campaign_id = :campaign"
        " AND p.status != 'rejected' AND p.submitted_at >= :since" + _scope("m.district_id", scope) + "),"
        " (SELECT COUNT(*) FROM posts p JOIN members m ON m.id = p.member_id WHERE p.campaign_id = :campaign"
        " AND p.status = 'pending'" + _scope("m.district_id", scope) + "),"
        " (SELECT COUNT(*) FROM checkins c JOIN meetings mt ON mt.id = c.meeting_id WHERE mt.campaign_id = :campaign"
        + _scope("mt.district_id", scope) + "),"
        " (SELECT COUNT(*) FROM checkins c JOIN meetings mt ON mt.id = c.meeting_id WHERE mt.campaign_id = :campaign"
        " AND c.created_at >= :since" + _scope("mt.district_id", scope) + ")",
        params,
    )
    assert row is not None
    return ScopeFigures(*(int(value) for value in row))


async def teams(
    conn: aiosqlite.Connection, campaign_id: int, scope: Scope, since: datetime
) -> list[TeamLine]:
    """Every team in the scope with its points, best first, and what it earned since a moment."""
    rows = await fetch_all(
        conn,
        "SELECT d.id, d.name, c.name, COALESCE(t.units, 0),"
        " COALESCE((SELECT SUM(l.units) FROM ledger l WHERE l.campaign_id = :campaign AND l.district_id = d.id"
        " AND l.created_at >= :since), 0)"
        " FROM districts d JOIN cities c ON c.id = d.city_id"
        " LEFT JOIN team_totals t ON t.campaign_id = :campaign AND t.district_id = d.id"
        " WHERE 1 = 1" + _scope("d.id", scope) + " ORDER BY COALESCE(t.units, 0) DESC, d.name, d.id",
        {"campaign": campaign_id, "since": stamp(since), **district_filter("", scope, named="scope")[1]},
    )
    return [TeamLine(*row) for row in rows]


async def points_by_day(
    conn: aiosqlite.Connection, campaign_id: int, district_ids: Sequence[int],
    day_starts: Sequence[tuple[date, datetime]],
) -> list[tuple[date, int, int]]:
    """(day, district id, units earned that day) from the ledger; `day_starts` maps each local day to its start."""
    if not day_starts:
        return []
    days = json.dumps([[day.isoformat(), stamp(start)] for day, start in day_starts])
    rows = await fetch_all(
        conn,
        "WITH days(day, starts, ends) AS ("
        "  SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'),"
        "   LEAD(json_extract(value, '$[1]'), 1, '9999') OVER (ORDER BY key) FROM json_each(:days))"
        " SELECT days.day, l.district_id, SUM(l.units) FROM days"
        " JOIN ledger l ON l.campaign_id = :campaign AND l.created_at >= days.starts AND l.created_at < days.ends"
        " WHERE l.district_id IN (SELECT value FROM json_each(:districts))"
        " GROUP BY days.day, l.district_id ORDER BY days.day",
        {"campaign": campaign_id, "districts": json.dumps(list(district_ids)), "days": days},
    )
    return [(date.fromisoformat(row[0]), int(row[1]), int(row[2])) for row in rows]


async def coordinator_grants(conn: aiosqlite.Connection) -> list[CoordinatorGrant]:
    rows = await fetch_all(
        conn,
        "SELECT r.tg_id, r.scope_kind, r.scope_id,"
        " COALESCE((SELECT locale FROM members WHERE tg_id = r.tg_id),"
        " (SELECT locale FROM telegram_users WHERE tg_id = r.tg_id))"
        " FROM roles r WHERE r.role = 'coordinator' ORDER BY r.tg_id, r.id",
    )
    return [CoordinatorGrant(row[0], ScopeKind(row[1]), row[2], row[3]) for row in rows]
