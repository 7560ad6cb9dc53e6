"""Members link their profiles on the networks (SPEC §10): one member per profile.

A second member claiming a linked profile is refused, and the conflict becomes a fraud
signal for the coordinators: two accounts, one profile, is what a points farm looks like.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.model import Member
from bot.profiles import Network, Profile, ProfileProblem, parse_profile
from storage import profiles as store
from storage import signals as signal_store
from storage.db import Database
from storage.profiles import Linked
from storage.signals import Finding

MAX_PROFILES = 12


class SignalKind(StrEnum):
    REFERRAL_BURST = "referral_burst"
    IDLE_REFEREES = "idle_referees"
    REFEREE_ERASED = "referee_erased"
    REFUSED_POSTS = "refused_posts"
    PROFILE_CLAIMED_TWICE = "profile_claimed_twice"
    SHARED_PHONE = "shared_phone"
    REPEATED_ATTENDEES = "repeated_attendees"
    ATTENDEES_FROM_ELSEWHERE = "attendees_from_elsewhere"


class LinkRefusal(StrEnum):
    EMPTY = "empty"
    UNKNOWN_NETWORK = "unknown_network"
    NOT_A_PROFILE = "not_a_profile"
    TAKEN = "taken"                  # another member linked it first
    ALREADY_YOURS = "already_yours"
    TOO_MANY = "too_many"


@dataclass(frozen=True, slots=True)
class LinkedProfile:
    profile: Profile
    row: Linked


def _profile(row: Linked) -> Profile:
    return Profile(Network(row.network), row.key)


async def link_profile(
    db: Database, *, member: Member, text: str, network: Network | None, now: datetime
) -> LinkedProfile | LinkRefusal:
    """Link the profile a member pasted; a profile another member holds is refused and signalled."""
    parsed = parse_profile(text, network)
    if isinstance(parsed, ProfileProblem):
        return LinkRefusal(parsed.value)
    async with db.transaction() as conn:
        if len(await store.of_member(conn, member.id)) >= MAX_PROFILES:
            return LinkRefusal.TOO_MANY
        row, created = await store.link(conn, member_id=member.id, network=parsed.network, key=parsed.key, now=now)
        if not created:
            if row.member_id == member.id:
                return LinkRefusal.ALREADY_YOURS
            await signal_store.add(conn, Finding(
                kind=SignalKind.PROFILE_CLAIMED_TWICE, key=f"profile:{parsed.network}:{parsed.key}:{member.id}",
                member_id=member.id, district_id=member.district_id,
                evidence={"network": str(parsed.network), "profile": parsed.url, "holder_id": row.member_id,
                          "claimer_id": member.id},
            ), now)
            return LinkRefusal.TAKEN
    return LinkedProfile(parsed, row)


async def unlink_profile(db: Database, *, member: Member, profile_id: int) -> Profile | None:
    async with db.transaction() as conn:
        row = await store.unlink(conn, member_id=member.id, profile_id=profile_id)
    return _profile(row) if row else None


async def profiles_of(db: Database, member_id: int) -> list[LinkedProfile]:
    async with db.reading() as conn:
        rows = await store.of_member(conn, member_id)
    return [LinkedProfile(_profile(r), r) for r in rows]
