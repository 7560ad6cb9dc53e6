"""Business acts of membership: invite, register, change district, erase.

Each act is one transaction and refuses with a named reason the handler localises.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.ledger import Award, award, referral_key
from bot.model import Member
from bot.names import normalise
from bot.roles import Actor
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import geo
from storage import ledger as ledger_store
from storage import members as member_store
from storage import surveys as survey_store
from storage.db import Database

CONSENT_VERSION = "2026-11-v1"

def forget_hash(secret: bytes, tg_id: int) -> str:
    """A keyed hash of a Telegram id: recognises a returning erased member, reveals nothing."""
    return hmac.new(secret, f"tg:{tg_id}".encode(), hashlib.sha256).hexdigest()


class InviteOutcome(StrEnum):
    RECORDED = "recorded"
    NOT_NEW = "not_new"            # used the bot before: no referral
    UNKNOWN_REFERRER = "unknown_referrer"
    SELF = "self"


async def first_contact(
    db: Database, *, tg_id: int, referrer_id: int | None, secret: bytes, now: datetime
) -> InviteOutcome | None:
    """Remember a Telegram user; record who invited them if they are new here."""
    async with db.transaction() as conn:
        is_new = await member_store.touch_user(conn, tg_id, now)
        if referrer_id is None:
            return None
        if not is_new or await member_store.was_forgotten(conn, forget_hash(secret, tg_id)):
            return InviteOutcome.NOT_NEW
        referrer = await member_store.get(conn, referrer_id)
        if referrer is None or referrer.is_deleted:
            return InviteOutcome.UNKNOWN_REFERRER
        if referrer.tg_id == tg_id:
            return InviteOutcome.SELF
        await member_store.set_user_referrer(conn, tg_id, referrer_id)
        return InviteOutcome.RECORDED


async def forget_contact(db: Database, tg_id: int) -> None:
    """Someone declined consent: keep nothing about them."""
    async with db.transaction() as conn:
        if await member_store.get_by_tg(conn, tg_id) is None:
            await member_store.forget_user(conn, tg_id)


class RegistrationRefusal(StrEnum):
    ALREADY_MEMBER = "already_member"
    UNKNOWN_DISTRICT = "unknown_district"


@dataclass(frozen=True, slots=True)
class Registration:
    member: Member
    district: geo.District
    referral: Award | None
    referrer: Member | None


async def register(
    db: Database,
    *,
    tg_id: int,
    username: str | None,
    display_name: str,
    phone: str | None,
    locale: str,
    district_id: int,
    consent_at: datetime,
    now: datetime,
    today: date,
) -> Registration | RegistrationRefusal:
    """Make a member of a Telegram user; award their referrer once, if a campaign runs."""
    async with db.transaction() as conn:
        district = await geo.get_district(conn, district_id)
        if district is None:
            return RegistrationRefusal.UNKNOWN_DISTRICT
        referrer_id = await member_store.user_referrer(conn, tg_id)
        member_id = await member_store.insert(
            conn, tg_id=tg_id, username=username, display_name=normalise(display_name), phone=phone, locale=locale,
            district_id=district_id, referrer_id=referrer_id, now=now,
        )
        if member_id is None:
            return RegistrationRefusal.ALREADY_MEMBER
        await member_store.claim_username(conn, tg_id, username)
        await member_store.set_locale(conn, tg_id, locale, now)
        await member_store.insert_consent(conn, member_id, CONSENT_VERSION, consent_at)
        member = await member_store.get(conn, member_id)
        assert member is not None
        campaign = await campaign_store.current_campaign(conn, today)
        referral = None
        referrer = await member_store.get(conn, referrer_id) if referrer_id else None
        if campaign is not None and campaign.finished_at is None:
            await ledger_store.ensure_member_total(
                conn, campaign_id=campaign.id, member_id=member_id, district_id=district_id, now=now
            )
            if referrer is not None and not referrer.is_deleted and campaign.is_open_on(today):
                referral = await award(
                    conn, campaign=campaign, member=referrer, kind=Kind.REFERRAL, units=campaign.referral_units,
                    subject=f"member:{member_id}", idem_key=referral_key(member_id), now=now,
                )
        return Registration(member=member, district=district, referral=referral, referrer=referrer)


class MoveRefusal(StrEnum):
    UNKNOWN_DISTRICT = "unknown_district"
    SAME_DISTRICT = "same_district"
    ALREADY_MOVED = "already_moved"
    NOT_A_MEMBER = "not_a_member"
    NOT_IN_SCOPE = "not_in_scope"


async def change_district(
    db: Database,
    *,
    actor: Actor,
    member_id: int,
    district_id: int,
    self_service: bool,
    now: datetime,
    today: date,
) -> geo.District | MoveRefusal:
    """Move a member to another team: once per campaign by themselves, any time by a coordinator
    whose scope covers both the team they are in now and the one they go to.

    Both are checked here, in the move's own transaction: the member's team as it is at this
    moment, not as a handler saw it a moment ago. Points already earned stay with the old
    team; future points go to the new one.
    """
    async with db.transaction() as conn:
        member = await member_store.get(conn, member_id)
        if member is None or member.is_deleted:
            return MoveRefusal.NOT_A_MEMBER
        if self_service and member.tg_id != actor.tg_id:
            return MoveRefusal.NOT_A_MEMBER
        district = await geo.get_district(conn, district_id)
        if district is None:
            return MoveRefusal.UNKNOWN_DISTRICT
        if not self_service:
            current = await geo.get_district(conn, member.district_id)
            scope = (await current_actor(conn, actor)).coordinator_scope()
            if current is None or not (scope.covers(current) and scope.covers(district)):
                return MoveRefusal.NOT_IN_SCOPE
        if district.id == member.district_id:
            return MoveRefusal.SAME_DISTRICT
        campaign = await campaign_store.current_campaign(conn, today)
        campaign_id = campaign.id if campaign else None
        if self_service and await member_store.self_moves_in(conn, member.id, campaign_id) >= 1:
            return MoveRefusal.ALREADY_MOVED
        await member_store.set_district(conn, member.id, district.id)
        await member_store.record_move(
            conn, member_id=member.id, campaign_id=campaign_id, from_district=member.district_id,
            to_district=district.id, moved_by=actor.tg_id, self_service=self_service, now=now,
        )
        await ledger_store.move_member_total(conn, member_id=member.id, district_id=district.id)
        if not self_service:
            await record(
                conn, actor=actor.tg_id, action=AuditAction.MOVE, now=now, member_id=member.id,
                subject=f"district:{district.id}", details={"from": member.district_id, "to": district.id},
            )
        return district


async def self_move_available(db: Database, member: Member, today: date) -> bool:
    async with db.reading() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        return await member_store.self_moves_in(conn, member.id, campaign.id if campaign else None) == 0


async def erase(db: Database, *, member: Member, secret: bytes, now: datetime) -> None:
    """Erase a member's personal data; their anonymous ledger entries keep the totals true,
    their survey answers stay in the results without their name."""
    if member.tg_id is None:
        return
    async with db.transaction() as conn:
        await member_store.erase(conn, member.id, member.tg_id, forget_hash(secret, member.tg_id), now)
        await survey_store.anonymise_member(conn, member.id)


async def saw_username(db: Database, *, tg_id: int, username: str | None) -> None:
    """A Telegram account showed this @username (or none): it is theirs now, and no longer anyone else's."""
    async with db.transaction() as conn:
        await member_store.claim_username(conn, tg_id, username)


async def set_locale(db: Database, *, tg_id: int, locale: str, now: datetime) -> None:
    async with db.transaction() as conn:
        await member_store.set_locale(conn, tg_id, locale, now)


async def set_phone(db: Database, *, member_id: int, phone: str | None) -> bool:
    """Change or remove a member's phone (a shared contact of their own); True when it changed."""
    async with db.transaction() as conn:
        return await member_store.set_phone(conn, member_id, phone)


async def rename(db: Database, *, member_id: int, display_name: str) -> None:
    async with db.transaction() as conn:
        await member_store.set_display_name(conn, member_id, normalise(display_name))
