"""Awarding and revoking points. Callers run these inside one `db.transaction()`.

Every change of points is a ledger entry; member and team totals move in the same
transaction. An idempotency key per act makes a repeated or concurrent act harmless.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import aiosqlite

from bot.model import Campaign, Member
from bot.scoring import ACTIVITY_KINDS, Kind, referral_share
from storage import ledger as ledger_store
from storage import members as member_store
from storage.ledger import Award, AwardPlan

__all__ = ["Award", "AwardPlan", "Revocation", "RevokeRefusal", "award", "plan_award", "referral_key", "revoke"]


def referral_key(member_id: int) -> str:
    """The idempotency key of the award for bringing a member in: one per member, ever."""
    return f"referral:{member_id}"


def _referee_of(entry: ledger_store.Entry) -> int | None:
    """The member a referral award was for ("referral:<member id>")."""
    kind, _, member_id = entry.idem_key.partition(":")
    return int(member_id) if entry.kind == Kind.REFERRAL and kind == "referral" and member_id.isdigit() else None


def plan_award(
    *,
    campaign: Campaign,
    member: Member,
    kind: Kind,
    units: int,
    subject: str,
    idem_key: str,
    now: datetime,
    created_by: int | None = None,
) -> AwardPlan:
    """What an award writes: the member's entry and, for activity points only, their referrer's share.

    One level only: the share goes to the member's own referrer, and referral points
    (or shares) never earn anyone a share. The share ends for good once the award for
    bringing this member in is revoked (the coordinator judged the account fake), and it
    never goes to a referrer who erased their data: the storage checks both as it writes.
    """
    shares = kind in ACTIVITY_KINDS and member.referrer_id is not None
    return AwardPlan(
        campaign_id=campaign.id, member_id=member.id, district_id=member.district_id, kind=kind, units=units,
        subject=subject, idem_key=idem_key, now=now, created_by=created_by,
        referrer_id=member.referrer_id if shares else None,
        share_units=referral_share(units, campaign.referral_share_pct) if shares else 0,
        share_ends_with=referral_key(member.id) if shares else None,
    )


async def award(
    conn: aiosqlite.Connection,
    *,
    campaign: Campaign,
    member: Member,
    kind: Kind,
    units: int,
    subject: str,
    idem_key: str,
    now: datetime,
    created_by: int | None = None,
) -> Award | None:
    """Award points once per `idem_key`; None when that act was already awarded or the rating is frozen.

    A finished campaign (`finished_at` set at its end) refuses every award, even when the
    caller's `campaign` was read before it finished: the check is part of the insert.

    Activity points also give the member's referrer their share (one level only), unless
    the referrer has erased their data.
    """
    return await ledger_store.award(conn, plan_award(
        campaign=campaign, member=member, kind=kind, units=units, subject=subject, idem_key=idem_key, now=now,
        created_by=created_by,
    ))


class RevokeRefusal(StrEnum):
    NOT_FOUND = "not_found"
    IS_REVERSAL = "is_reversal"
    ALREADY_REVOKED = "already_revoked"
    IS_SHARE = "is_share"
    OWN = "own"                      # nobody revokes their own entries


@dataclass(frozen=True, slots=True)
class Revocation:
    entry: ledger_store.Entry
    reversal_id: int
    share_reversals: list[tuple[int, int]]   # (referrer member id, units reversed)
    # A revoked referral award also ends the referrer's share of that member's points: the
    # units of the shares reversed now (future ones are never paid).
    ended_share_units: int = 0


async def revoke(
    conn: aiosqlite.Connection, *, entry_id: int, reason: str, revoked_by: int, now: datetime
) -> Revocation | RevokeRefusal:
    """Write a reversal of an entry, and of the referral share that came with it."""
    entry = await ledger_store.get(conn, entry_id)
    if entry is None:
        return RevokeRefusal.NOT_FOUND
    if entry.reverses_id is not None:
        return RevokeRefusal.IS_REVERSAL
    if entry.kind == Kind.REFERRAL_SHARE:
        return RevokeRefusal.IS_SHARE
    reversal_id = await _reverse(conn, entry, reason=reason, by=revoked_by, now=now)
    if reversal_id is None:
        return RevokeRefusal.ALREADY_REVOKED
    share_reversals = []
    for share in await ledger_store.shares_of(conn, entry.id):
        if await _reverse(conn, share, reason=reason, by=revoked_by, now=now) is not None:
            share_reversals.append((share.member_id, share.units))
    ended = 0
    referee_id = _referee_of(entry)
    if referee_id is not None:
        for share in await ledger_store.shares_from(conn, referee_id=referee_id, referrer_id=entry.member_id):
            if await _reverse(conn, share, reason=reason, by=revoked_by, now=now) is not None:
                ended += share.units
    return Revocation(
        entry=entry, reversal_id=reversal_id, share_reversals=share_reversals, ended_share_units=ended
    )


async def _reverse(
    conn: aiosqlite.Connection, entry: ledger_store.Entry, *, reason: str, by: int, now: datetime
) -> int | None:
    member = await member_store.get(conn, entry.member_id)
    member_district = member.district_id if member else entry.district_id
    reversal_id = await ledger_store.insert(
        conn, campaign_id=entry.campaign_id, member_id=entry.member_id, district_id=entry.district_id,
        kind=entry.kind, units=-entry.units, subject=entry.subject, idem_key=f"revoke:{entry.id}",
        now=now, created_by=by, reverses_id=entry.id, reason=reason,
    )
    if reversal_id is None:
        return None
    # The reversal comes off the team the points were earned for, not the member's current one.
    await ledger_store.add_to_totals(
        conn, campaign_id=entry.campaign_id, member_id=entry.member_id, member_district_id=member_district,
        entry_district_id=entry.district_id, units=-entry.units, now=now,
    )
    return reversal_id
