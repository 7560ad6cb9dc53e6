"""Suspending a member (SPEC §10): no new points, out of the rating and the reserve, told why.

A coordinator suspends members of their scope, an admin anyone. The rule "no new points"
lives in the database (migration 0006_suspensions): while the suspension row exists no ledger entry
for the member is written and no total of theirs enters the rating, whichever act tries.
Lifting it puts them back with the points the ledger holds for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.model import Member
from bot.roles import Actor
from storage import geo
from storage import members as member_store
from storage import suspensions as store
from storage.db import Database
from storage.suspensions import Suspension

REASON_MAX = 200


class SuspendRefusal(StrEnum):
    NOT_A_MEMBER = "not_a_member"
    NOT_IN_SCOPE = "not_in_scope"
    NO_REASON = "no_reason"
    SELF = "self"
    ALREADY = "already"
    NOT_SUSPENDED = "not_suspended"


@dataclass(frozen=True, slots=True)
class Suspended:
    member: Member
    suspension: Suspension


async def _target(conn, actor: Actor, member_id: int) -> Member | SuspendRefusal:  # noqa: ANN001
    member = await member_store.get(conn, member_id)
    if member is None or member.is_deleted:
        return SuspendRefusal.NOT_A_MEMBER
    district = await geo.get_district(conn, member.district_id)
    if district is None or not (await current_actor(conn, actor)).coordinates(district):
        return SuspendRefusal.NOT_IN_SCOPE
    if member.tg_id == actor.tg_id:
        return SuspendRefusal.SELF
    return member


async def suspend(
    db: Database, *, actor: Actor, member_id: int, reason: str, now: datetime
) -> Suspended | SuspendRefusal:
    """Suspend a member of the actor's scope with a reason, in one transaction with its audit row."""
    reason = " ".join(reason.split())[:REASON_MAX]
    if not reason:
        return SuspendRefusal.NO_REASON
    async with db.transaction() as conn:
        member = await _target(conn, actor, member_id)
        if isinstance(member, SuspendRefusal):
            return member
        if not await store.suspend(conn, member.id, reason=reason, by=actor.tg_id, now=now):
            return SuspendRefusal.ALREADY
        await record(conn, actor=actor.tg_id, action=AuditAction.SUSPEND, now=now, member_id=member.id, reason=reason)
        suspension = await store.get(conn, member.id)
    assert suspension is not None
    return Suspended(member, suspension)


async def unsuspend(
    db: Database, *, actor: Actor, member_id: int, now: datetime
) -> Suspended | SuspendRefusal:
    """Lift a suspension: the member is back in the rating with every point they had."""
    async with db.transaction() as conn:
        member = await _target(conn, actor, member_id)
        if isinstance(member, SuspendRefusal):
            return member
        lifted = await store.lift(conn, member.id)
        if lifted is None:
            return SuspendRefusal.NOT_SUSPENDED
        await record(conn, actor=actor.tg_id, action=AuditAction.UNSUSPEND, now=now, member_id=member.id)
    return Suspended(member, lifted)


async def suspension_of(db: Database, member_id: int) -> Suspension | None:
    async with db.reading() as conn:
        return await store.get(conn, member_id)
