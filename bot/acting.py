"""The actor as the act's own transaction sees them (SPEC §9: scope is checked by the act).

The actor middleware reads a user's role grants once, before routing, and the permission
filters judge the update by that read. A role revoked after it (by another coordinator, an
admin, or the command line) must not let the rest of the update act. So every act that checks
a scope first re-reads the actor's grants inside its own transaction: the grant check is part
of the scope check, and a revoked role refuses like any other scope outside one's own.
"""

from __future__ import annotations

from dataclasses import replace

import aiosqlite

from bot.roles import Actor
from storage import roles as role_store


async def current_actor(conn: aiosqlite.Connection, actor: Actor) -> Actor:
    """`actor` with the role grants they hold now; admins (`ADMIN_IDS`, fixed at start) unchanged."""
    if actor.is_admin:
        return actor
    grants = tuple(await role_store.grants_of(conn, actor.tg_id))
    return actor if grants == actor.grants else replace(actor, grants=grants)
