"""Business acts of running the campaign: districts, campaigns, roles."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.districts_csv import RowError, RowProblem, parse_districts
from bot.model import Campaign, GrantedRole, MeetingsMode, ModerationMode, RoleGrant, ScopeKind
from bot.posts import DEFAULT_MODERATION
from bot.roles import Actor
from bot.typed import match_name
from storage import campaigns as campaign_store
from storage import geo, kv
from storage import ledger as ledger_store
from storage import members as member_store
from storage import roles as role_store
from storage.db import Database


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    updated: int
    errors: list[RowError]


async def import_districts(db: Database, data: bytes, actor: Actor | None = None) -> ImportResult:
    """Import `code,name,city` rows; a file with any bad row changes nothing.

    From the command line (`actor` None) anything goes; a city coordinator may only add or
    change districts of their own cities, and only a coordinator of everything adds cities.
    """
    rows, errors = parse_districts(data)
    if errors:
        return ImportResult(0, 0, errors)
    async with db.transaction() as conn:
        if actor is not None and not actor.manages_scope(ScopeKind.ALL, 0):
            cities = await geo.city_ids(conn, {r.city for r in rows})
            current = await geo.district_city_ids(conn, [r.code for r in rows])
            outside = [
                RowError(r.line, RowProblem.OUTSIDE_SCOPE, r.city)
                for r in rows
                if not _may_import(actor, cities.get(r.city), current.get(r.code))
            ]
            if outside:
                return ImportResult(0, 0, outside)
        added, updated = await geo.upsert_districts(conn, [(r.code, r.name, r.city) for r in rows])
    return ImportResult(added, updated, [])


def _may_import(actor: Actor, city_id: int | None, current_city_id: int | None) -> bool:
    """A row's city, and the city its district code belongs to now, must both be the actor's."""
    return all(
        city is not None and actor.manages_scope(ScopeKind.CITY, city)
        for city in (city_id, current_city_id if current_city_id is not None else city_id)
    )


class CampaignRefusal(StrEnum):
    BAD_DATES = "bad_dates"
    OVERLAPS = "overlaps"
    EMPTY_NAME = "empty_name"


async def create_campaign(
    db: Database, *, name: str, starts_on: date, ends_on: date, moderation: ModerationMode = DEFAULT_MODERATION,
    now: datetime, meetings: MeetingsMode = MeetingsMode.AUTO, survey_units: int = 0,
    owner_must_be_linked: bool = False,
) -> Campaign | CampaignRefusal:
    """Create a season; seasons never overlap, so at most one is active."""
    name = " ".join(name.split())
    if not name:
        return CampaignRefusal.EMPTY_NAME
    if starts_on > ends_on:
        return CampaignRefusal.BAD_DATES
    async with db.transaction() as conn:
        if await campaign_store.overlapping(conn, starts_on, ends_on) is not None:
            return CampaignRefusal.OVERLAPS
        campaign_id = await campaign_store.insert_campaign(
            conn, name, starts_on, ends_on, moderation=moderation, now=now, meetings=meetings,
            survey_units=survey_units, owner_must_be_linked=owner_must_be_linked,
        )
        await ledger_store.enter_everyone(conn, campaign_id)
        campaign = await campaign_store.get_campaign(conn, campaign_id)
    assert campaign is not None
    return campaign


async def list_campaigns(db: Database) -> list[Campaign]:
    async with db.reading() as conn:
        return await campaign_store.list_campaigns(conn)


async def current_campaign(db: Database, today: date) -> Campaign | None:
    async with db.reading() as conn:
        return await campaign_store.current_campaign(conn, today)


async def qr_secret(db: Database, configured: str | None) -> bytes:
    """QR_SECRET from the settings, else one generated on first run and kept in the database."""
    if configured:
        return configured.encode()
    async with db.transaction() as conn:
        value = await kv.set_if_absent(conn, "qr_secret", secrets.token_urlsafe(32))
    return value.encode()


async def load_actor(db: Database, tg_id: int, *, is_admin: bool) -> Actor:
    async with db.reading() as conn:
        member = await member_store.get_by_tg(conn, tg_id)
        grants = await role_store.grants_of(conn, tg_id)
    return Actor(tg_id=tg_id, is_admin=is_admin, member=member, grants=tuple(grants))


class GrantRefusal(StrEnum):
    UNKNOWN_SCOPE = "unknown_scope"
    NOT_IN_YOUR_SCOPE = "not_in_your_scope"
    UNKNOWN_USER = "unknown_user"
    ALREADY = "already"
    NOT_HELD = "not_held"


@dataclass(frozen=True, slots=True)
class ScopeName:
    kind: ScopeKind
    id: int
    label: str
    district: geo.District | None = None


async def resolve_scope(db: Database, text: str) -> ScopeName | None:
    """'all' / 'все', a district code, or a city name."""
    text = " ".join(text.split())
    if text.lower() in {"all", "все", "всё", "*"}:
        return ScopeName(ScopeKind.ALL, 0, "*")
    async with db.reading() as conn:
        district = await geo.find_district(conn, text)
        if district is not None:
            return ScopeName(ScopeKind.DISTRICT, district.id, f"{district.name} ({district.code})", district)
        city = await geo.find_city(conn, text)
        if city is None:
            # As people type it: any case, or the beginning of one city's name only («новосиб»).
            city = match_name(text, await geo.list_cities(conn), lambda c: c.name).found
        if city is not None:
            return ScopeName(ScopeKind.CITY, city.id, city.name)
    return None


async def resolve_user(db: Database, handle: str) -> int | None:
    """A Telegram id from '123456' or '@username' of a known member."""
    handle = handle.strip()
    if handle.lstrip("-").isdigit():
        return int(handle)
    async with db.reading() as conn:
        return await member_store.tg_id_by_username(conn, handle.lstrip("@"))


async def change_role(
    db: Database, *, actor: Actor, tg_id: int, role: GrantedRole, scope: ScopeName, grant: bool, now: datetime
) -> GrantRefusal | None:
    """Grant or revoke a role; coordinators act only within their own scope."""
    target = RoleGrant(tg_id, role, scope.kind, scope.id)
    if role == GrantedRole.COORDINATOR and not actor.is_admin:
        return GrantRefusal.NOT_IN_YOUR_SCOPE
    if role == GrantedRole.COORDINATOR and scope.kind == ScopeKind.DISTRICT:
        return GrantRefusal.UNKNOWN_SCOPE
    async with db.transaction() as conn:
        actor = await current_actor(conn, actor)
        if role == GrantedRole.ORGANISER and not actor.manages_scope(scope.kind, scope.id, scope.district):
            return GrantRefusal.NOT_IN_YOUR_SCOPE
        if grant:
            done = await role_store.grant(conn, target, actor.tg_id, now)
        else:
            done = await role_store.revoke(conn, target)
        if not done:
            return GrantRefusal.ALREADY if grant else GrantRefusal.NOT_HELD
        await record(
            conn, actor=actor.tg_id, action=AuditAction.GRANT_ROLE if grant else AuditAction.REVOKE_ROLE, now=now,
            target_tg_id=tg_id, subject=f"{role}@{scope.kind}:{scope.id}",
        )
        return None


async def set_moderation(
    db: Database, *, actor: Actor, mode: ModerationMode, today: date, now: datetime
) -> Campaign | None:
    """How the current campaign's posts count from now on: verified, after a coordinator, or at once."""
    async with db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None:
            return None
        await campaign_store.set_moderation(conn, campaign.id, mode)
        await record(conn, actor=actor.tg_id, action=AuditAction.SET_MODERATION, now=now,
                     subject=f"campaign:{campaign.id}", details={"from": str(campaign.moderation), "to": str(mode)})
        return await campaign_store.get_campaign(conn, campaign.id)


async def set_owner_must_be_linked(
    db: Database, *, actor: Actor, on: bool, today: date, now: datetime
) -> Campaign | None:
    """Whether the current campaign's verified posts must belong to one of the member's linked profiles
    (where the post's link names its owner); checked by the verifier from now on."""
    async with db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None:
            return None
        if await campaign_store.set_owner_must_be_linked(conn, campaign.id, on):
            await record(conn, actor=actor.tg_id, action=AuditAction.SET_MODERATION, now=now,
                         subject=f"campaign:{campaign.id}",
                         details={"owner_must_be_linked": {"from": campaign.owner_must_be_linked, "to": on}})
        return await campaign_store.get_campaign(conn, campaign.id)
