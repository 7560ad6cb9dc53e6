"""Fraud signals (SPEC §10): patterns that look like a points farm, for coordinators to judge.

A signal is evidence, never a verdict: the pass only records findings (each once, by its
key); nothing is revoked or suspended until a coordinator decides, with one tap on the
signal: open the member's entries, revoke the referral awards the signal names, mark the
member trusted, suspend them, or dismiss the signal. Each decision is in the audit log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot import revocation, suspension
from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.linking import SignalKind
from bot.roles import Actor
from storage import geo
from storage import ledger as ledger_store
from storage import scopes as scope_store
from storage import signals as store
from storage.db import Database
from storage.signals import Finding, Signal

IDLE_AFTER = timedelta(days=7)
IDLE_MIN_REFEREES = 3
IDLE_SHARE_PCT = 60
REFUSED_POSTS_PER_DAY = 3
ORGANISER_MIN_MEETINGS = 3
ORGANISER_MIN_CHECKINS = 6
ORGANISER_SHARE_PCT = 60
LOOK_BACK = timedelta(days=30)
LISTED = 10

__all__ = ["SignalKind", "find_all", "run_pass"]


def find_all(conn: sqlite3.Connection, *, now: datetime, today: date, referrals_per_day: int) -> list[Finding]:
    """Every pattern the data shows now (synchronous: one read on the database thread)."""
    since = now - LOOK_BACK
    return [
        *store.referral_bursts(conn, now=now, day_ago=now - timedelta(hours=24), threshold=referrals_per_day),
        *store.idle_referees(conn, week_ago=now - IDLE_AFTER, min_referees=IDLE_MIN_REFEREES,
                             share_pct=IDLE_SHARE_PCT),
        *store.erased_referees(conn, since=since),
        *store.refused_posts(conn, since_day=today - LOOK_BACK, threshold=REFUSED_POSTS_PER_DAY),
        *store.shared_phones(conn),
        *store.organiser_patterns(conn, since=since, min_meetings=ORGANISER_MIN_MEETINGS,
                                  min_checkins=ORGANISER_MIN_CHECKINS, share_pct=ORGANISER_SHARE_PCT),
    ]


async def run_pass(db: Database, *, now: datetime, today: date, referrals_per_day: int) -> int:
    """Look for every pattern and record what is new; returns how many new signals."""

    def work(conn: sqlite3.Connection) -> int:
        found = find_all(conn, now=now, today=today, referrals_per_day=referrals_per_day)
        return sum(store.add_in(conn, finding, now) for finding in found)

    return await db.run(work)


async def _district_ids(db: Database, actor: Actor) -> list[int] | None:
    """The districts a coordinator's signals come from (bot.scopes); None for everywhere."""
    async with db.reading() as conn:
        return await scope_store.district_ids(conn, actor.coordinator_scope())


@dataclass(frozen=True, slots=True)
class Flags:
    signals: list[Signal]
    total: int


async def open_flags(db: Database, *, actor: Actor, limit: int = LISTED) -> Flags:
    districts = await _district_ids(db, actor)
    async with db.reading() as conn:
        return Flags(await store.open_signals(conn, districts, limit=limit), await store.count_open(conn, districts))


async def open_count(db: Database, *, actor: Actor) -> int:
    """How many signals in the coordinator's scope wait for a decision (the dashboard's navigation shows it)."""
    districts = await _district_ids(db, actor)
    async with db.reading() as conn:
        return await store.count_open(conn, districts)


async def count_open(db: Database, district_ids: Collection[int] | None) -> int:
    async with db.reading() as conn:
        return await store.count_open(conn, district_ids)


class SignalRefusal(StrEnum):
    UNKNOWN = "unknown"
    NOT_IN_SCOPE = "not_in_scope"
    CLOSED = "closed"
    NOTHING_TO_REVOKE = "nothing_to_revoke"


async def _in_scope(db: Database, actor: Actor, signal_id: int) -> Signal | SignalRefusal:
    async with db.reading() as conn:
        signal = await store.get(conn, signal_id)
        district = await geo.get_district(conn, signal.district_id) if signal and signal.district_id else None
        actor = await current_actor(conn, actor)
    if signal is None:
        return SignalRefusal.UNKNOWN
    if not actor.is_admin and (district is None or not actor.coordinates(district)):
        return SignalRefusal.NOT_IN_SCOPE
    if signal.status != "open":
        return SignalRefusal.CLOSED
    return signal


async def get(db: Database, *, actor: Actor, signal_id: int) -> Signal | SignalRefusal:
    return await _in_scope(db, actor, signal_id)


async def dismiss(db: Database, *, actor: Actor, signal_id: int, now: datetime) -> Signal | SignalRefusal:
    """The coordinator judged the pattern harmless: the signal closes, and says so in the audit log."""
    signal = await _in_scope(db, actor, signal_id)
    if isinstance(signal, SignalRefusal):
        return signal
    async with db.transaction() as conn:
        if not await store.close(conn, signal.id, status="dismissed", by=actor.tg_id, now=now):
            return SignalRefusal.CLOSED
        await record(conn, actor=actor.tg_id, action=AuditAction.DISMISS_SIGNAL, now=now, member_id=signal.member_id,
                     subject=f"signal:{signal.id}", details={"kind": signal.kind})
    return signal


def referees_named(signal: Signal) -> list[int]:
    """The referees a referral signal names, whose referral awards a coordinator may revoke."""
    if signal.kind == SignalKind.REFERRAL_BURST:
        return [int(r["id"]) for r in signal.evidence.get("referees", [])]
    if signal.kind == SignalKind.IDLE_REFEREES:
        return [int(r["id"]) for r in signal.evidence.get("idle_members", [])]
    if signal.kind == SignalKind.REFEREE_ERASED:
        return [int(signal.evidence["referee_id"])]
    return []


async def revoke_referrals(
    db: Database, *, actor: Actor, signal_id: int, reason: str, now: datetime
) -> int | SignalRefusal:
    """Revoke the referral awards for the referees a signal names (each in its own act, each audited)."""
    signal = await _in_scope(db, actor, signal_id)
    if isinstance(signal, SignalRefusal):
        return signal
    referees = referees_named(signal)
    async with db.reading() as conn:
        awards = await ledger_store.live_referral_awards(conn, referees)
    revoked = 0
    for entry_id in awards:
        result = await revocation.revoke_entry(db, actor=actor, entry_id=entry_id, reason=reason, now=now)
        if isinstance(result, revocation.Revoked):
            revoked += 1
    if not revoked:
        return SignalRefusal.NOTHING_TO_REVOKE
    async with db.transaction() as conn:
        await store.close(conn, signal.id, status="acted", by=actor.tg_id, now=now)
    return revoked


async def suspend_member(
    db: Database, *, actor: Actor, signal_id: int, reason: str, now: datetime
) -> suspension.Suspended | suspension.SuspendRefusal | SignalRefusal:
    signal = await _in_scope(db, actor, signal_id)
    if isinstance(signal, SignalRefusal):
        return signal
    if signal.member_id is None:
        return SignalRefusal.UNKNOWN
    result = await suspension.suspend(db, actor=actor, member_id=signal.member_id, reason=reason, now=now)
    if isinstance(result, suspension.Suspended) or result is suspension.SuspendRefusal.ALREADY:
        async with db.transaction() as conn:
            await store.close_about(conn, signal.member_id, by=actor.tg_id, now=now)
    return result




async def trust_member(db: Database, *, actor: Actor, signal_id: int, now: datetime) -> Signal | SignalRefusal:
    """The coordinator knows the member: mark them trusted (bot.posts) and close the signals about them."""
    from bot import posts

    signal = await _in_scope(db, actor, signal_id)
    if isinstance(signal, SignalRefusal):
        return signal
    if signal.member_id is None:
        return SignalRefusal.UNKNOWN
    # Marking trusted is the posts feature's act (audited there); an already trusted member is fine.
    result = await posts.set_trusted(db, member_id=signal.member_id, trusted=True, actor=actor, now=now)
    if isinstance(result, posts.ModerationRefusal) and result is not posts.ModerationRefusal.ALREADY_TRUSTED:
        return SignalRefusal.NOT_IN_SCOPE
    async with db.transaction() as conn:
        await store.close_about(conn, signal.member_id, by=actor.tg_id, now=now)
    return signal
