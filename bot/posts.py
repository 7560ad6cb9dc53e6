"""«Поддержи онлайн!»: post submissions, their moderation, and campaign materials.

Each act is one transaction and refuses with a named reason the handler localises. A
post is its normalised URL (bot.links): the UNIQUE(campaign, url) key makes one post
count once across all members, however often and however concurrently it is sent.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import aiosqlite

from bot import ledger, links, meeting_notices, verification
from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.ledger import Award, AwardPlan, Revocation, plan_award
from bot.links import PostLink
from bot.materials import action_of
from bot.model import Campaign, Member, ModerationMode, PostStatus, ScopeKind
from bot.roles import Actor
from bot.scopes import Scope
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import geo, kv, material_shares
from storage import ledger as ledger_store
from storage import materials as material_store
from storage import members as member_store
from storage import posts as post_store
from storage.db import Database
from storage.materials import Material
from storage.posts import NewPost, Post, RefusalFacts

TITLE_MAX = 120
BODY_MAX = 3000
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


# A new campaign's posts are checked on their networks by the verifier (bot.verification).
DEFAULT_MODERATION = ModerationMode.VERIFIED
# Besides the cap per local day, any 24 hours hold at most twice the cap.
ROLLING_WINDOW = timedelta(hours=24)
ROLLING_CAP_FACTOR = 2


class PostRefusal(StrEnum):
    NO_CAMPAIGN = "no_campaign"
    OUTSIDE_DATES = "outside_dates"
    DUPLICATE = "duplicate"              # somebody else sent this post already
    DUPLICATE_OWN = "duplicate_own"      # this member sent it already
    COUNTED_BEFORE = "counted_before"    # the post was counted in an earlier campaign
    ORIGINAL = "original"                # the link is a published material's own post
    DAILY_CAP = "daily_cap"
    ROLLING_CAP = "rolling_cap"          # twice the cap within the last 24 hours
    UNKNOWN_MATERIAL = "unknown_material"
    SUSPENDED = "suspended"              # a coordinator suspended the member: no new points


@dataclass(frozen=True, slots=True)
class Submission:
    post_id: int
    campaign: Campaign
    link: PostLink
    pending: bool                 # waits for a coordinator (manual moderation, member not trusted) or the verifier
    award: Award | None
    today: int                    # the member's submissions today, this one included
    verifying: bool = False       # pending verification (verified moderation)


@dataclass(frozen=True, slots=True)
class Refused:
    reason: PostRefusal
    campaign: Campaign | None = None
    existing: Post | None = None


def _post_award(
    campaign: Campaign, member: Member, post_id: int, *, now: datetime, created_by: int | None = None
) -> AwardPlan:
    """A post's points: once per post (its id is the key), at submission or on approval."""
    return plan_award(
        campaign=campaign, member=member, kind=Kind.POST, units=campaign.post_units, subject=f"post:{post_id}",
        idem_key=f"post:{post_id}", now=now, created_by=created_by,
    )


def _refusal(facts: RefusalFacts, *, campaign: Campaign, member: Member, daily_cap: int) -> Refused:
    """Which rule refused a submission, from what stood in its way (most telling first)."""
    existing = facts.existing
    if facts.suspended:
        return Refused(PostRefusal.SUSPENDED, campaign)
    if facts.original_of is not None:
        return Refused(PostRefusal.ORIGINAL, campaign)
    if existing is not None and existing.campaign_id != campaign.id:
        return Refused(PostRefusal.COUNTED_BEFORE, campaign, existing)
    if existing is not None:
        own = existing.member_id == member.id
        return Refused(PostRefusal.DUPLICATE_OWN if own else PostRefusal.DUPLICATE, campaign, existing)
    if facts.today >= daily_cap:
        return Refused(PostRefusal.DAILY_CAP, campaign)
    if facts.recent >= daily_cap * ROLLING_CAP_FACTOR:
        return Refused(PostRefusal.ROLLING_CAP, campaign)
    return Refused(PostRefusal.UNKNOWN_MATERIAL, campaign)


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
    """A member's post link: recorded once ever, awarded at once or after moderation, within the caps.

    One unit of work: the post is recorded (or the facts of its refusal read) and awarded in
    the same transaction, so a post counts once however often and concurrently it is sent.
    """
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return Refused(PostRefusal.NO_CAMPAIGN)
    if not campaign.is_open_on(today):
        return Refused(PostRefusal.OUTSIDE_DATES, campaign)
    post = NewPost(
        campaign_id=campaign.id, member_id=member.id, material_id=material_id, url=link.url, key=link.key,
        network=link.network, manual=campaign.moderation == ModerationMode.MANUAL, local_day=today,
        submitted_at=now, verify=campaign.moderation == ModerationMode.VERIFIED,
    )
    limits = {"daily_cap": daily_cap, "recent_cap": daily_cap * ROLLING_CAP_FACTOR,
              "since": now - ROLLING_WINDOW}

    def work(conn: sqlite3.Connection) -> Submission | Refused:
        recorded = post_store.record_submission(conn, post, **limits)
        if recorded is None:
            facts = post_store.refusal_facts(conn, post, **limits)
            return _refusal(facts, campaign=campaign, member=member, daily_cap=daily_cap)
        award = None
        if not recorded.pending:
            award = ledger_store.write_award(conn, _post_award(campaign, member, recorded.post_id, now=now))
        if post.verify:
            verification.enqueue(conn, post_id=recorded.post_id, network=link.network, now=now)
        return Submission(
            post_id=recorded.post_id, campaign=campaign, link=link, pending=recorded.pending, award=award,
            today=recorded.today, verifying=post.verify,
        )

    # One trip to the database: this runs for every link members send.
    return await db.run(work)


async def pending_count(db: Database, campaigns: CampaignCache, *, member: Member, now: datetime, today: date) -> int:
    """How many of a member's posts wait for a coordinator in the current campaign."""
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return 0
    async with db.reading() as conn:
        return await post_store.count_pending(conn, campaign.id, member.id)


# Bump when a network's identity rule in bot.links changes: posts recorded before get theirs again.
IDENTITY_RULES = "2"


async def rekey_posts(db: Database) -> int:
    """Give posts recorded under older identity rules the identity today's rules give their link.

    Once per change of the rules (at start-up): a post counts once ever, also against posts
    recorded before. Of two old posts that turn out to be one, the older keeps the identity;
    the other stays as it was counted, without one. Returns how many posts changed.
    """
    async with db.transaction() as conn:
        if await kv.get(conn, "post_identity_rules") == IDENTITY_RULES:
            return 0
        taken: set[str] = set()
        keys: dict[int, str | None] = {}
        for post_id, url, key in await post_store.identities(conn):
            parsed = links.parse_post_link(url, links.EVERY_NETWORK)
            new = parsed.key if isinstance(parsed, PostLink) and key is not None else key
            if new is not None and new in taken:
                new = None
            if new is not None:
                taken.add(new)
            if new != key:
                keys[post_id] = new
        await post_store.set_identities(conn, keys)
        await kv.put(conn, "post_identity_rules", IDENTITY_RULES)
        return len(keys)


async def choose_material(db: Database, *, member: Member, post_id: int, material_id: int) -> bool:
    """Say which material a post shared (coordinators see which material spreads)."""
    async with db.transaction() as conn:
        return await post_store.set_material(conn, post_id, member.id, material_id)


# Moderation


class ModerationRefusal(StrEnum):
    UNKNOWN_POST = "unknown_post"
    UNKNOWN_MEMBER = "unknown_member"
    NOT_IN_SCOPE = "not_in_scope"
    OWN = "own"                          # nobody moderates their own posts or marks themselves trusted
    ALREADY_DECIDED = "already_decided"
    NOTHING_PENDING = "nothing_pending"
    CAMPAIGN_FINISHED = "campaign_finished"
    ALREADY_TRUSTED = "already_trusted"
    NOT_TRUSTED = "not_trusted"


class RejectReason(StrEnum):
    NOT_MATERIAL = "not_material"
    UNAVAILABLE = "unavailable"
    NOT_OWN = "not_own"
    RULES = "rules"


@dataclass(frozen=True, slots=True)
class Moderation:
    post: Post
    member: Member
    award: Award | None


def _is_own(actor: Actor, member: Member) -> bool:
    return member.tg_id is not None and member.tg_id == actor.tg_id


async def _member_in_scope(
    conn: aiosqlite.Connection, actor: Actor, member_id: int
) -> Member | ModerationRefusal:
    member = await member_store.get(conn, member_id)
    district = await geo.get_district(conn, member.district_id) if member else None
    if member is None or district is None:
        return ModerationRefusal.UNKNOWN_MEMBER
    if not (await current_actor(conn, actor)).coordinates(district):
        return ModerationRefusal.NOT_IN_SCOPE
    if _is_own(actor, member):
        return ModerationRefusal.OWN
    return member


async def moderate(
    db: Database, *, post_id: int, reason: RejectReason | None, actor: Actor, now: datetime
) -> Moderation | ModerationRefusal:
    """Approve (award the post's points once; `reason` None) or reject a pending post.

    Within the coordinator's scope, never their own post (it waits for another coordinator
    or an admin). A post submitted inside the campaign's window may be approved after its
    last day, until the rating is frozen.
    """
    async with db.transaction() as conn:
        post = await post_store.get(conn, post_id)
        if post is None:
            return ModerationRefusal.UNKNOWN_POST
        member = await _member_in_scope(conn, actor, post.member_id)
        if isinstance(member, ModerationRefusal):
            return ModerationRefusal.UNKNOWN_POST if member is ModerationRefusal.UNKNOWN_MEMBER else member
        campaign = await campaign_store.get_campaign(conn, post.campaign_id)
        if campaign is None or campaign.finished_at is not None:
            return ModerationRefusal.CAMPAIGN_FINISHED
        return await _decide(conn, campaign, member, post, reason=reason, actor=actor, now=now)


async def _decide(
    conn: aiosqlite.Connection, campaign: Campaign, member: Member, post: Post, *, reason: RejectReason | None,
    actor: Actor, now: datetime,
) -> Moderation | ModerationRefusal:
    decided = await post_store.moderate(
        conn, post.id, status=PostStatus.APPROVED if reason is None else PostStatus.REJECTED,
        reason=None if reason is None else str(reason), by=actor.tg_id, now=now,
    )
    if decided is None:
        return ModerationRefusal.ALREADY_DECIDED
    await record(
        conn, actor=actor.tg_id, action=AuditAction.APPROVE_POST if reason is None else AuditAction.REJECT_POST,
        now=now, member_id=member.id, subject=f"post:{post.id}", reason=decided.reject_reason,
        details={"url": post.url},
    )
    awarded = None
    if reason is None and not member.is_deleted:
        plan = _post_award(campaign, member, post.id, now=now, created_by=actor.tg_id)
        awarded = await ledger_store.award(conn, plan)
    return Moderation(post=decided, member=member, award=awarded)


@dataclass(frozen=True, slots=True)
class ApprovedAll:
    member: Member
    approved: list[Moderation]

    @property
    def units(self) -> int:
        return sum(m.award.units for m in self.approved if m.award)


async def approve_all_of(
    db: Database, campaigns: CampaignCache, *, member_id: int, actor: Actor, now: datetime, today: date
) -> ApprovedAll | ModerationRefusal:
    """Approve every pending post of one member of the coordinator's scope, in one transaction."""
    campaign = await campaigns.get(db, now=now, today=today)
    async with db.transaction() as conn:
        member = await _member_in_scope(conn, actor, member_id)
        if isinstance(member, ModerationRefusal):
            return member
        current = await campaign_store.get_campaign(conn, campaign.id) if campaign else None
        if current is None or current.finished_at is not None:
            return ModerationRefusal.CAMPAIGN_FINISHED
        approved = []
        for post in await post_store.pending_of_member(conn, [current.id], member.id):
            decided = await _decide(conn, current, member, post, reason=None, actor=actor, now=now)
            if isinstance(decided, Moderation):
                approved.append(decided)
        if not approved:
            return ModerationRefusal.NOTHING_PENDING
        return ApprovedAll(member=member, approved=approved)


async def set_trusted(
    db: Database, *, member_id: int, trusted: bool, actor: Actor, now: datetime
) -> Member | ModerationRefusal:
    """Mark a member of the coordinator's scope trusted (their posts skip the manual queue), or unmark them."""
    async with db.transaction() as conn:
        member = await _member_in_scope(conn, actor, member_id)
        if isinstance(member, ModerationRefusal):
            return member
        if trusted:
            done = await post_store.trust(conn, member.id, by=actor.tg_id, now=now)
        else:
            done = await post_store.distrust(conn, member.id)
        if not done:
            return ModerationRefusal.ALREADY_TRUSTED if trusted else ModerationRefusal.NOT_TRUSTED
        action = AuditAction.MARK_TRUSTED if trusted else AuditAction.UNMARK_TRUSTED
        await record(conn, actor=actor.tg_id, action=action, now=now, member_id=member.id)
        return member


BATCH_SIZE = 5


async def member_id_of(db: Database, tg_id: int) -> int | None:
    """The member behind a Telegram account, for a coordinator naming them by @username or id."""
    async with db.reading() as conn:
        member = await member_store.get_by_tg(conn, tg_id)
    return None if member is None or member.is_deleted else member.id


async def pending_batch(
    db: Database, campaigns: CampaignCache, *, actor: Actor, now: datetime, today: date, after_id: int = 0
) -> post_store.PendingBatch:
    """The next pending posts a coordinator may decide: in their scope, never their own."""
    campaign = await campaigns.get(db, now=now, today=today)
    async with db.reading() as conn:
        return await post_store.pending_batch(
            conn, [campaign.id] if campaign else [], scope=(await current_actor(conn, actor)).coordinator_scope(),
            not_of_tg=actor.tg_id, after_id=after_id, limit=BATCH_SIZE,
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


ORIGINAL = "original"    # the reject reason of a member's post that turned out to be a material's original


@dataclass(frozen=True, slots=True)
class WithdrawnOriginal:
    """A member's post that a material published later showed to be the campaign's original."""

    post: Post
    member: Member | None
    units: int                          # the points revoked (0: the post was still pending)
    share_units: int                    # the inviter's share revoked with them


@dataclass(frozen=True, slots=True)
class Published:
    material: Material
    withdrawn: list[WithdrawnOriginal]


async def publish_material(
    db: Database,
    campaigns: CampaignCache,
    *,
    actor: Actor,
    scope_kind: str,
    scope_id: int,
    text: str,
    link: str | None,
    photo_file_id: str | None,
    allowed_domains: Collection[str],
    now: datetime,
    today: date,
    original_reason: str = ORIGINAL,
) -> Published | MaterialRefusal:
    """A coordinator publishes material to share, for a scope inside their own.

    The posts its link and text point to are originals: members are asked for their own
    reposts, so those links never count as a member's post. A member who sent one of them
    before it was published loses its point in the same transaction (a revocation with
    `original_reason`, the inviter's share with it); a pending one is rejected.
    """
    cleaned = clean_material_text(text)
    if isinstance(cleaned, MaterialRefusal):
        return cleaned
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None or campaign.finished_at is not None:
        return MaterialRefusal.NO_CAMPAIGN
    title, body = cleaned
    campaigns.forget()
    originals = links.find_posts(" ".join(filter(None, [link, text])), allowed_domains)
    async with db.transaction() as conn:
        district = await geo.get_district(conn, scope_id) if scope_kind == ScopeKind.DISTRICT else None
        if not (await current_actor(conn, actor)).manages_scope(scope_kind, scope_id, district):
            return MaterialRefusal.NOT_IN_SCOPE
        material = await material_store.insert(
            conn, campaign_id=campaign.id, scope_kind=scope_kind, scope_id=scope_id, title=title, body=body,
            link=link, photo_file_id=photo_file_id, created_by=actor.tg_id, now=now,
        )
        keys = [original.key for original in originals]
        await material_store.add_originals(conn, material.id, keys)
        withdrawn = [
            await _withdraw_original(conn, post, actor=actor, reason=original_reason, now=now)
            for post in await post_store.counted_with_keys(conn, keys)
        ]
        action = action_of(text)           # steps and hashtag: what a member does, what the verifier checks
        await material_shares.set_action(conn, material.id, steps=list(action.steps), hashtag=action.hashtag)
        await meeting_notices.queue_material_notice(
            conn, title=title, scope=Scope.named(scope_kind, scope_id), published_by=actor.tg_id, now=now
        )
        return Published(material, [w for w in withdrawn if w is not None])


async def _withdraw_original(
    conn: aiosqlite.Connection, post: Post, *, actor: Actor, reason: str, now: datetime
) -> WithdrawnOriginal | None:
    """A material's own post is not a member's: reject it, and revoke its point and the inviter's share."""
    rejected = await post_store.reject_as_original(conn, post.id, by=actor.tg_id, now=now)
    if rejected is None:
        return None
    units = shares = 0
    entry = await ledger_store.by_idem_key(conn, f"post:{post.id}")
    if entry is not None:
        revoked = await ledger.revoke(conn, entry_id=entry.id, reason=reason, revoked_by=actor.tg_id, now=now)
        if isinstance(revoked, Revocation):
            units, shares = entry.units, sum(share for _, share in revoked.share_reversals)
            await record(
                conn, actor=actor.tg_id, action=AuditAction.REVOKE_ENTRY, now=now, member_id=post.member_id,
                subject=f"ledger:{entry.id}", reason=reason,
                details={"kind": entry.kind, "units": entry.units, "for": entry.subject, "original": post.url},
            )
    if not units:
        await record(
            conn, actor=actor.tg_id, action=AuditAction.REJECT_POST, now=now, member_id=post.member_id,
            subject=f"post:{post.id}", reason=reason,
        )
    return WithdrawnOriginal(rejected, await member_store.get(conn, post.member_id), units, shares)


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
        if not (await current_actor(conn, actor)).manages_scope(material.scope_kind, material.scope_id, district):
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
