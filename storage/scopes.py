"""A scope's districts in SQL: the one place that turns `bot.scopes.Scope` into a filter."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite

from bot.model import District
from bot.scopes import Scope
from storage.db import fetch_all, fetch_value


def district_filter(column: str, scope: Scope, *, named: str | None = None) -> tuple[str, Any]:
    """`" AND <column> IN (the scope's districts)"` and its parameters; `""` for everywhere.

    Positional `?` parameters as a tuple, or, with `named="x"`, `:x_cities`/`:x_districts`
    as a dict to merge into the statement's own.
    """
    if scope.everything:
        return "", ({} if named else ())
    cities, districts = json.dumps(sorted(scope.cities)), json.dumps(sorted(scope.districts))
    if named:
        c, d = f":{named}_cities", f":{named}_districts"
        params: Any = {f"{named}_cities": cities, f"{named}_districts": districts}
    else:
        c = d = "?"
        params = (cities, districts)
    sql = (
        f" AND {column} IN (SELECT id FROM districts WHERE city_id IN (SELECT value FROM json_each({c}))"
        f" OR id IN (SELECT value FROM json_each({d})))"
    )
    return sql, params


def covering(kind_column: str = "scope_kind", id_column: str = "scope_id") -> str:
    """SQL true for a row whose scope (kind, id columns) covers one district, the other way round
    from `district_filter`: its two positional parameters are the district's city id and its id."""
    return (
        f"({kind_column} = 'all' OR ({kind_column} = 'city' AND {id_column} = ?)"
        f" OR ({kind_column} = 'district' AND {id_column} = ?))"
    )


async def district_ids(conn: aiosqlite.Connection, scope: Scope) -> list[int] | None:
    """The ids of the districts a scope covers, in id order; None means every district."""
    if scope.everything:
        return None
    where, params = district_filter("id", scope)
    rows = await fetch_all(conn, "SELECT id FROM districts WHERE 1 = 1" + where + " ORDER BY id", params)
    return [row[0] for row in rows]


async def covers_all(conn: aiosqlite.Connection, outer: Scope, inner: Scope) -> bool:
    """Whether every district of `inner` lies in `outer` (a scope inside a coordinator's own)."""
    if outer.everything:
        return True
    if inner.everything:
        return False
    inside, inside_params = district_filter("id", inner)
    outside, outside_params = district_filter("id", outer)
    stray = await fetch_value(
        conn,
        "SELECT 1 FROM districts WHERE 1 = 1" + inside + " AND NOT (1 = 1" + outside + ") LIMIT 1",
        (*inside_params, *outside_params),
    )
    return stray is None


async def districts(conn: aiosqlite.Connection, scope: Scope) -> list[District]:
    """The districts of a scope with their cities, by city and name."""
    where, params = district_filter("d.id", scope)
    rows = await fetch_all(
        conn,
        "SELECT d.id, d.code, d.name, d.city_id, c.name FROM districts d JOIN cities c ON c.id = d.city_id"
        " WHERE 1 = 1" + where + " ORDER BY c.name, d.name, d.id",
        params,
    )
    return [District(*row) for row in rows]
