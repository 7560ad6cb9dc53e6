"""The rating: places of members and teams, read from the totals and their histograms.

Order: total descending, then the time the total was reached, then member id. A rank is
not a count over a million index entries: the histograms kept by triggers
(rating_units, rating_slots, rating_team_units, rating_team_slots) count the members ahead in whole
groups, and only the members with the same total who reached it in the same hour are
counted one by one. The same goes for a member's place in their team.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import aiosqlite

from storage.db import fetch_all, fetch_one

SLOT_LENGTH = 13  # "2026-12-10T09": the hour of a reached_at timestamp


@dataclass(frozen=True, slots=True)
class Standing:
    """A member's place: overall and in their team, and who is directly ahead."""

    member_id: int
    district_id: int
    units: int
    rank: int
    of: int
    team_rank: int
    team_of: int
    ahead_units: int | None        # the total of the member one place up; None for the leader
    ahead_name: str | None


@dataclass(frozen=True, slots=True)
class RatedMember:
    rank: int
    member_id: int
    name: str
    district_id: int
    units: int


@dataclass(frozen=True, slots=True)
class TeamStanding:
    rank: int
    district_id: int
    code: str
    name: str
    city: str
    units: int
    active_members: int

    @property
    def units_per_member(self) -> int:
        """Team points per active member, in whole units (rounded down)."""
        return self.units // self.active_members if self.active_members else 0


_STANDING_SQL = f"""
WITH me AS (
    SELECT units, reached_at, district_id, substr(reached_at, 1, {SLOT_LENGTH}) AS slot
    FROM member_totals WHERE campaign_id = :c AND member_id = :m
)
SELECT
    me.units, me.district_id,
    (SELECT COALESCE(SUM(members), 0) FROM rating_units WHERE campaign_id = :c AND units > me.units)
  + (SELECT COALESCE(SUM(members), 0) FROM rating_slots
        WHERE campaign_id = :c AND units = me.units AND slot < me.slot)
  + (SELECT COUNT(*) FROM member_totals
        WHERE campaign_id = :c AND units = me.units AND reached_at >= me.slot AND reached_at <= me.reached_at
          AND (reached_at < me.reached_at OR member_id < :m)) AS ahead,
    (SELECT COALESCE(SUM(members), 0) FROM rating_units WHERE campaign_id = :c) AS everyone,
    (SELECT COALESCE(SUM(members), 0) FROM rating_team_units
        WHERE campaign_id = :c AND district_id = me.district_id AND units > me.units)
  + (SELECT COALESCE(SUM(members), 0) FROM rating_team_slots
        WHERE campaign_id = :c AND district_id = me.district_id AND units = me.units AND slot < me.slot)
  + (SELECT COUNT(*) FROM member_totals
        WHERE campaign_id = :c AND district_id = me.district_id AND units = me.units
          AND reached_at >= me.slot AND reached_at <= me.reached_at
          AND (reached_at < me.reached_at OR member_id < :m)) AS team_ahead,
    (SELECT COALESCE(SUM(members), 0) FROM rating_team_units
        WHERE campaign_id = :c AND district_id = me.district_id) AS team_everyone,
    (SELECT member_id || ' ' || units FROM (
        SELECT member_id, units FROM (
            SELECT member_id, units FROM member_totals
            WHERE campaign_id = :c AND units = me.units AND reached_at <= me.reached_at
              AND (reached_at < me.reached_at OR member_id < :m)
            ORDER BY units DESC, reached_at DESC, member_id DESC LIMIT 1)
        UNION ALL
        SELECT member_id, units FROM (
            SELECT member_id, units FROM member_totals
            WHERE campaign_id = :c AND units = (
                SELECT MIN(units) FROM rating_units WHERE campaign_id = :c AND units > me.units AND members > 0)
            ORDER BY units DESC, reached_at DESC, member_id DESC LIMIT 1)
        LIMIT 1)) AS ahead_of_me
FROM me
"""


async def standing(conn: aiosqlite.Connection, campaign_id: int, member_id: int) -> Standing | None:
    """A member's places in one round trip; None when they are not in this campaign's rating."""
    row = await fetch_one(conn, _STANDING_SQL, {"c": campaign_id, "m": member_id})
    if row is None:
        return None
    ahead_units = ahead_name = None
    if row["ahead_of_me"]:
        ahead_id, ahead_total = row["ahead_of_me"].split()
        ahead_units = int(ahead_total)
        name_row = await fetch_one(conn, "SELECT display_name FROM members WHERE id = ?", (int(ahead_id),))
        ahead_name = name_row["display_name"] if name_row else None
    return Standing(
        member_id=member_id, district_id=row["district_id"], units=row["units"], rank=row["ahead"] + 1,
        of=row["everyone"], team_rank=row["team_ahead"] + 1, team_of=row["team_everyone"],
        ahead_units=ahead_units, ahead_name=ahead_name,
    )


async def breakdown(conn: aiosqlite.Connection, campaign_id: int, member_id: int) -> dict[str, int]:
    """A member's units per kind (reversals included), kinds with no entries left out."""
    rows = await fetch_all(
        conn,
        "SELECT kind, SUM(units) AS units FROM ledger WHERE campaign_id = ? AND member_id = ? GROUP BY kind",
        (campaign_id, member_id),
    )
    return {row["kind"]: row["units"] for row in rows if row["units"]}


async def top(
    conn: aiosqlite.Connection, campaign_id: int, limit: int = 10, *, district_id: int | None = None
) -> list[RatedMember]:
    """The first members of the rating, overall or of one team (their rank is then the team rank)."""
    where = "t.campaign_id = ? AND m.status != 'deleted'"
    where += " AND t.district_id = ?" if district_id is not None else ""
    params: tuple[int, ...] = (campaign_id, district_id, limit) if district_id is not None else (campaign_id, limit)
    rows = await fetch_all(
        conn,
        "SELECT t.member_id, t.units, t.district_id, m.display_name FROM member_totals t"
        f" JOIN members m ON m.id = t.member_id WHERE {where}"
        " ORDER BY t.units DESC, t.reached_at, t.member_id LIMIT ?",
        params,
    )
    return [
        RatedMember(rank=i, member_id=r["member_id"], name=r["display_name"], district_id=r["district_id"],
                    units=r["units"])
        for i, r in enumerate(rows, start=1)
    ]


async def teams(conn: aiosqlite.Connection, campaign_id: int) -> list[TeamStanding]:
    """Every team, by total points (then by name), with its active members."""
    rows = await fetch_all(
        conn,
        "SELECT d.id, d.code, d.name, c.name AS city, COALESCE(tt.units, 0) AS units,"
        " COALESCE(tm.active, 0) AS active_members"
        " FROM districts d JOIN cities c ON c.id = d.city_id"
        " LEFT JOIN team_totals tt ON tt.campaign_id = ? AND tt.district_id = d.id"
        " LEFT JOIN team_members tm ON tm.district_id = d.id"
        " ORDER BY units DESC, d.name, d.id",
        (campaign_id,),
    )
    return [
        TeamStanding(rank=i, district_id=r["id"], code=r["code"], name=r["name"], city=r["city"], units=r["units"],
                     active_members=r["active_members"])
        for i, r in enumerate(rows, start=1)
    ]


@dataclass(frozen=True, slots=True)
class ExportRow:
    rank: int
    member_id: int
    name: str
    district_code: str
    district: str
    city: str
    units: int
    units_by_kind: dict[str, int]    # the ledger's kinds (reversals included), kinds with no entries left out


ExportKey = tuple[int, str, int]   # (units, reached_at, member_id) of the last row of a batch


async def export_batch(
    conn: aiosqlite.Connection, campaign_id: int, *, after: ExportKey | None, batch: int = 5_000
) -> tuple[list[tuple[int, ExportRow]], ExportKey | None]:
    """The next `batch` members of the rating after `after` (keyset paging) as (district id, row);
    ranks are left 0 for the caller to number. Returns the key to continue from, None at the end."""
    keyset = "" if after is None else (
        " AND (t.units < :u OR (t.units = :u AND (t.reached_at > :r OR (t.reached_at = :r AND t.member_id > :m))))"
    )
    params: dict[str, object] = {"c": campaign_id, "n": batch}
    if after is not None:
        params.update(u=after[0], r=after[1], m=after[2])
    rows = await fetch_all(
        conn,
        "SELECT t.member_id, t.units, t.reached_at, t.district_id, m.display_name, d.code, d.name AS district,"
        " c.name AS city,"
        " (SELECT json_group_object(kind, units) FROM (SELECT l.kind, SUM(l.units) AS units FROM ledger l"
        "   WHERE l.campaign_id = :c AND l.member_id = t.member_id GROUP BY l.kind)) AS kinds"
        " FROM member_totals t JOIN members m ON m.id = t.member_id JOIN districts d ON d.id = t.district_id"
        " JOIN cities c ON c.id = d.city_id"
        f" WHERE t.campaign_id = :c{keyset} ORDER BY t.units DESC, t.reached_at, t.member_id LIMIT :n",
        params,
    )
    out = [
        (row["district_id"], ExportRow(
            rank=0, member_id=row["member_id"], name=row["display_name"], district_code=row["code"],
            district=row["district"], city=row["city"], units=row["units"],
            units_by_kind={kind: units for kind, units in json.loads(row["kinds"]).items() if units},
        ))
        for row in rows
    ]
    if len(rows) < batch:
        return out, None
    last = rows[-1]
    return out, (last["units"], last["reached_at"], last["member_id"])


async def rated_members(conn: aiosqlite.Connection, campaign_id: int) -> int:
    row = await fetch_one(
        conn, "SELECT COALESCE(SUM(members), 0) AS n FROM rating_units WHERE campaign_id = ?", (campaign_id,)
    )
    return int(row["n"]) if row else 0
