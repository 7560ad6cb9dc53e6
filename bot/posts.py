"""«Поддержи онлайн!»: post submissions, their moderation, and campaign materials.

Each act is one transaction and refuses with a named reason the handler localises. A
post is its normalised URL (bot.links): the UNIQUE(campaign, url) key makes one post
count once across all members, however often and however concurrently it is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from bot.ledger import Award, AwardPlan, plan_award
from bot.links import PostLink
from bot.model import Campaign, Member, ModerationMode, PostStatus, ScopeKind
from bot.roles import Actor
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import geo
from storage import ledger as ledger_store
from storage import materials as material_store
from storage import members as member_store
from storage import posts as post_store
from storage.db import Database
from storage.materials import Material
from storage.posts import NewPost, Post, RefusalFacts

TITLE_MAX = 120
BODY_MAX = 3000
REASON_MAX = 200
MATERIALS_SHOWN = 5


class CampaignCache:
    """The current campaign (and its current materials), read at most every `ttl` seconds: they are
    needed on every submission.

    A campaign created or finished meanwhile is seen within `ttl`; the window itself is
    checked against the day of each submission.
    """

    def __init__(self, ttl: timedelta = timedelta(seconds=10)) -> None:
        self.ttl = ttl
        self._value: tuple[Campaign | None, datetime, date] | None = None
        self._materials: dict[tuple[int, int], tuple[list[Material], datetime]] = {}

    async def get(self, db: Database, *, now: datetime, today: date) -> Campaign | None:
        cached = self._value
        if cached is not None and cached[2] == today and now - cached[1] < self.ttl:
            return cached[0]
        async with db.reading() as conn:
            campaign = await campaign_store.current_campaign(conn, today)
        self._value = (campaign, now, today)
        return campaign

    def forget(self) -> None:
        self._value = None
        self._materials.clear()

    async def materials(self, db: Database, *, campaign_id: int, district_id: int, now: datetime) -> list[Material]:
        """Current materials for a district's members; publishing or withdrawing refreshes them at once."""
        cached = self._materials.get((campaign_id, district_id))
        if cached is not None and now - cached[1] < self.ttl:
            return cached[0]
        async with db.reading() as conn:
            district = await geo.get_district(conn, district_id)
            found = [] if district is None else await material_store.current_for(
                conn, campaign_id, district.id, district.city_id, MATERIALS_SHOWN
            )
        self._materials[(campaign_id, district_id)] = (found, now)
        return found


class PostRefusal(StrEnum):
    NO_CAMPAIGN = "no_campaign"
    OUTSIDE_DATES = "outside_dates"
    DUPLICATE = "duplicate"              # somebody else sent this post already
    DUPLICATE_OWN = "duplicate_own"      # this member sent it already
    DAILY_CAP = "daily_cap"
    UNKNOWN_MATERIAL = "unknown_material"


@dataclass(frozen=True, slots=True)
class Submission:
    post_id: int
    campaign: Campaign
    link: PostLink
    pending: bool                 # waits for a coordinator (manual moderation)
    award: Award | None
    today: int                    # the member's submissions today, this one included


@dataclass(frozen=True, slots=True)
class Refused:
    reason: PostRefusal
    campaign: Campaign | None = None
    existing: Post | None = None


def _post_award(
    campaign: Campaign, member: Member, post_id: int, *, now: str, created_by: int | None = None
) -> AwardPlan:
    """A post's points: once per post (its id is the key), at submission or on approval."""
    return plan_award(
        campaign=campaign, member=member, kind=Kind.POST, units=campaign.post_units, subject=f"post:{post_id}",
        idem_key=f"post:{post_id}", now=now, created_by=created_by,
    )


async def submit_post(
    db: Database,
    campaigns: CampaignCache,
    *,
    member: Member,
    link: PostLink,
    material_id: int | None,
    daily_cap: int,
    now: datetime,
    today: date,
) -> Submission | Refused:
    """A member's post link: recorded once, awarded at once or after moderation, within the daily cap."""
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return Refused(PostRefusal.NO_CAMPAIGN)
    if not campaign.is_open_on(today):
        return Refused(PostRefusal.OUTSIDE_DATES, campaign)
    pending = campaign.moderation == ModerationMode.MANUAL
    stamp = now.isoformat()
    post = NewPost(
        campaign_id=campaign.id, member_id=member.id, material_id=material_id, url=link.url, network=link.network,
        status=PostStatus.PENDING if pending else PostStatus.APPROVED, local_day=today.isoformat(), submitted_at=stamp,
    )

    def award_for(post_id: int) -> AwardPlan:
        return _post_award(campaign, member, post_id, now=stamp)

    # One trip to the database: this runs for every link members send.
    outcome = await db.run(lambda conn: post_store.record_submission(
        conn, post, daily_cap=daily_cap, award_for=None if pending else award_for
    ))
    if isinstance(outcome, RefusalFacts):
        if outcome.existing is not None:
            own = outcome.existing.member_id == member.id
            return Refused(PostRefusal.DUPLICATE_OWN if own else PostRefusal.DUPLICATE, campaign, outcome.existing)
        if outcome.today >= daily_cap:
            return Refused(PostRefusal.DAILY_CAP, campaign)
        return Refused(PostRefusal.UNKNOWN_MATERIAL, campaign)
    return Submission(
        post_id=outcome.post_id, campaign=campaign, link=link, pending=pending, award=outcome.award,
        today=outcome.today,
    )


async def choose_material(db: Database, *, member: Member, post_id: int, material_id: int) -> bool:
    """Say which material a post shared (coordinators see which material spreads)."""
    async with db.transaction() as conn:
        return await post_store.set_material(conn, post_id, member.id, material_id)


# Moderation


class ModerationRefusal(StrEnum):
    UNKNOWN_POST = "unknown_post"
    NOT_IN_SCOPE = "not_in_scope"
    ALREADY_DECIDED = "already_decided"
    CAMPAIGN_FINISHED = "campaign_finished"


@dataclass(frozen=True, slots=True)
class Moderation:
    post: Post
    member: Member
    award: Award | None


async def moderate(
    db: Database, *, post_id: int, approve: bool, reason: str | None, actor: Actor, now: datetime
) -> Moderation | ModerationRefusal:
    """Approve (award the post's points once) or reject a pending post, within the coordinator's scope.

    A post submitted inside the campaign's window may be approved after its last day,
    until the rating is frozen.
    """
    stamp = now.isoformat()
    async with db.transaction() as conn:
        post = await post_store.get(conn, post_id)
        if post is None:
            return ModerationRefusal.UNKNOWN_POST
        member = await member_store.get(conn, post.member_id)
        district = await geo.get_district(conn, member.district_id) if member else None
        if member is None or district is None:
            return ModerationRefusal.UNKNOWN_POST
        if not actor.coordinates(district):
            return ModerationRefusal.NOT_IN_SCOPE
        campaign = await campaign_store.get_campaign(conn, post.campaign_id)
        if campaign is None or campaign.finished_at is not None:
            return ModerationRefusal.CAMPAIGN_FINISHED
        decided = await post_store.moderate(
            conn, post.id, status=PostStatus.APPROVED if approve else PostStatus.REJECTED,
            reason=None if approve else (reason or "")[:REASON_MAX], by=actor.tg_id, now=stamp,
        )
        if decided is None:
            return ModerationRefusal.ALREADY_DECIDED
        awarded = None
        if approve and not member.is_deleted:
            awarded = await ledger_store.award(
                conn, _post_award(campaign, member, post.id, now=stamp, created_by=actor.tg_id)
            )
        return Moderation(post=decided, member=member, award=awarded)


@dataclass(frozen=True, slots=True)
class Scope:
    """Where a coordinator works, as city and district ids; both None means everywhere."""

    cities: frozenset[int] | None
    districts: frozenset[int] | None


def coordinator_scope(actor: Actor) -> Scope:
    grants = actor.coordinator_scopes()
    if any(g.scope_kind == ScopeKind.ALL for g in grants):
        return Scope(None, None)
    return Scope(
        frozenset(g.scope_id for g in grants if g.scope_kind == ScopeKind.CITY),
        frozenset(g.scope_id for g in grants if g.scope_kind == ScopeKind.DISTRICT),
    )


async def next_pending(
    db: Database, campaigns: CampaignCache, *, actor: Actor, now: datetime, today: date, after_id: int = 0
) -> post_store.PendingPost | None:
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return None
    scope = coordinator_scope(actor)
    async with db.reading() as conn:
        return await post_store.next_pending(
            conn, campaign.id, cities=scope.cities, districts=scope.districts, after_id=after_id
        )


# Materials


class MaterialRefusal(StrEnum):
    NO_CAMPAIGN = "no_campaign"
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NOT_IN_SCOPE = "not_in_scope"
    UNKNOWN = "unknown"


def clean_material_text(text: str) -> tuple[str, str] | MaterialRefusal:
    """Split a coordinator's text into a title (its first line) and a body."""
    text = text.strip()
    if not text:
        return MaterialRefusal.EMPTY
    if len(text) > BODY_MAX:
        return MaterialRefusal.TOO_LONG
    title, _, body = text.partition("\n")
    return title.strip()[:TITLE_MAX], body.strip()


async def publish_material(
    db: Database,
    campaigns: CampaignCache,
    *,
    actor: Actor,
    scope_kind: str,
    scope_id: int,
    scope_district: geo.District | None,
    text: str,
    link: str | None,
    photo_file_id: str | None,
    now: datetime,
    today: date,
) -> Material | MaterialRefusal:
    """A coordinator publishes material to share, for a scope inside their own."""
    cleaned = clean_material_text(text)
    if isinstance(cleaned, MaterialRefusal):
        return cleaned
    if not actor.manages_scope(scope_kind, scope_id, scope_district):
        return MaterialRefusal.NOT_IN_SCOPE
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None or campaign.finished_at is not None:
        return MaterialRefusal.NO_CAMPAIGN
    title, body = cleaned
    campaigns.forget()
    async with db.transaction() as conn:
        return await material_store.insert(
            conn, campaign_id=campaign.id, scope_kind=scope_kind, scope_id=scope_id, title=title, body=body,
            link=link, photo_file_id=photo_file_id, created_by=actor.tg_id, now=now.isoformat(),
        )


async def withdraw_material(
    db: Database, campaigns: CampaignCache, *, actor: Actor, material_id: int
) -> Material | MaterialRefusal:
    campaigns.forget()
    async with db.transaction() as conn:
        material = await material_store.get(conn, material_id)
        if material is None or not material.active:
            return MaterialRefusal.UNKNOWN
        district = (
            await geo.get_district(conn, material.scope_id) if material.scope_kind == ScopeKind.DISTRICT else None
        )
        if not actor.manages_scope(material.scope_kind, material.scope_id, district):
            return MaterialRefusal.NOT_IN_SCOPE
        await material_store.set_active(conn, material.id, False)
        return material


async def current_materials(
    db: Database, campaigns: CampaignCache, *, member: Member, now: datetime, today: date
) -> tuple[Campaign | None, list[Material]]:
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return None, []
    return campaign, await campaigns.materials(db, campaign_id=campaign.id, district_id=member.district_id, now=now)
