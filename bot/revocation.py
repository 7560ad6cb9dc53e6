"""A coordinator revokes a ledger entry: a reversal entry, its referral share reversed with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot import ledger
from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.formats import moment_text
from bot.i18n import Translator
from bot.ledger import Revocation, RevokeRefusal
from bot.model import Member
from bot.roles import Actor
from bot.scoring import format_points
from bot.texts import TEXT_LIMIT, whole_lines
from storage import geo
from storage import ledger as ledger_store
from storage import members as member_store
from storage.db import Database
from storage.ledger import Listed

REASON_MAX = 200
LISTED_ENTRIES = 15


class ScopeRefusal(StrEnum):
    NOT_IN_SCOPE = "not_in_scope"


class LookupRefusal(StrEnum):
    NOT_A_MEMBER = "not_a_member"


@dataclass(frozen=True, slots=True)
class Revoked:
    revocation: Revocation
    member: Member | None


async def revoke_entry(
    db: Database, *, actor: Actor, entry_id: int, reason: str, now: datetime
) -> Revoked | RevokeRefusal | ScopeRefusal:
    """Revoke an entry of a team in the coordinator's scope, in one transaction."""
    async with db.transaction() as conn:
        entry = await ledger_store.get(conn, entry_id)
        if entry is None:
            return RevokeRefusal.NOT_FOUND
        district = await geo.get_district(conn, entry.district_id)
        if district is None or not (await current_actor(conn, actor)).coordinates(district):
            return ScopeRefusal.NOT_IN_SCOPE
        owner = await member_store.get(conn, entry.member_id)
        if owner is not None and owner.tg_id is not None and owner.tg_id == actor.tg_id:
            return RevokeRefusal.OWN  # another coordinator of the scope or an admin decides
        result = await ledger.revoke(
            conn, entry_id=entry_id, reason=reason.strip()[:REASON_MAX], revoked_by=actor.tg_id, now=now
        )
        if isinstance(result, RevokeRefusal):
            return result
        await record(
            conn, actor=actor.tg_id, action=AuditAction.REVOKE_ENTRY, now=now, member_id=entry.member_id,
            subject=f"ledger:{entry.id}", reason=reason.strip()[:REASON_MAX],
            details={"kind": entry.kind, "units": entry.units, "for": entry.subject,
                     "shares": [units for _, units in result.share_reversals]},
        )
        member = await member_store.get(conn, entry.member_id)
        return Revoked(result, member)


@dataclass(frozen=True, slots=True)
class Entries:
    member: Member
    listed: list[Listed]


async def entries_of(
    db: Database, *, actor: Actor, tg_id: int, campaign_id: int
) -> Entries | LookupRefusal | ScopeRefusal:
    """A member's newest awards, so a coordinator can name the one to revoke; only in the coordinator's scope."""
    async with db.reading() as conn:
        member = await member_store.get_by_tg(conn, tg_id)
        if member is None or member.is_deleted:
            return LookupRefusal.NOT_A_MEMBER
        district = await geo.get_district(conn, member.district_id)
        if district is None or not (await current_actor(conn, actor)).coordinates(district):
            return ScopeRefusal.NOT_IN_SCOPE
        return Entries(member, await ledger_store.recent_entries(conn, campaign_id, member.id, LISTED_ENTRIES))


def entries_text(t: Translator, entries: Entries, tz: ZoneInfo, *, now: datetime) -> str:
    """A member's newest awards, a line each, and how to revoke one: whole lines within Telegram's limit."""
    lines = [t("entries-head", name=entries.member.display_name)]
    for listed in entries.listed:
        entry = listed.entry
        key = "entries-line-revoked" if listed.revoked else "entries-line"
        lines.append(t(key, id=str(entry.id), when=moment_text(entry.created_at, tz, now=now),
                       what=listed.post_url or t(f"me-kind-{entry.kind}"), points=format_points(entry.units)))
    footer = t("entries-footer")
    return whole_lines(lines, TEXT_LIMIT - len(footer) - 1) + "\n" + footer
