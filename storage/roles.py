"""Coordinator and organiser roles with their scopes."""

from __future__ import annotations

from datetime import datetime

import aiosqlite

from bot.model import GrantedRole, RoleGrant, ScopeKind
from storage.db import fetch_all, stamp


async def grants_of(conn: aiosqlite.Connection, tg_id: int) -> list[RoleGrant]:
    rows = await fetch_all(
        conn, "SELECT tg_id, role, scope_kind, scope_id FROM roles WHERE tg_id = ? ORDER BY id", (tg_id,)
    )
    return [RoleGrant(r["tg_id"], GrantedRole(r["role"]), ScopeKind(r["scope_kind"]), r["scope_id"]) for r in rows]


async def grant(conn: aiosqlite.Connection, grant: RoleGrant, granted_by: int, now: datetime) -> bool:
    cursor = await conn.execute(
        "INSERT INTO roles(tg_id, role, scope_kind, scope_id, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (grant.tg_id, grant.role, grant.scope_kind, grant.scope_id, granted_by, stamp(now)),
    )
    return cursor.rowcount == 1


async def revoke(conn: aiosqlite.Connection, grant: RoleGrant) -> bool:
    cursor = await conn.execute(
        "DELETE FROM roles WHERE tg_id = ? AND role = ? AND scope_kind = ? AND scope_id = ?",
        (grant.tg_id, grant.role, grant.scope_kind, grant.scope_id),
    )
    return cursor.rowcount == 1
