"""Member side of points: «Поддержи онлайн!», invites, /me, /rating, /team."""

from __future__ import annotations

import html
import logging
from urllib.parse import quote

from aiogram import Bot, F, Router
from aiogram.filters import Command, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import formats, links, posts, qr, rating, tokens
from bot import materials as material_actions
from bot.i18n import Translator
from bot.links import LinkRefusal
from bot.model import Member, MemberStatus, ModerationMode
from bot.posts import CampaignCache, PostRefusal, Refused, Submission
from bot.rating import overtake_units
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage, IsMember, MenuButton
from bot.scoring import Kind, format_points, points
from bot.texts import CAPTION_LIMIT, whole_lines
from handlers import profiles
from handlers.invites import tell_first_share
from handlers.keyboards import button, main_menu
from handlers.members import profile_basics, profile_keyboard
from handlers.notify import Notify
from scheduler.clock import Clock
from storage import materials as material_store
from storage import members as member_store
from storage.db import Database
from storage.rating import Standing

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(IsMember())
# Both buttons do their act under a message too old to edit (a material announced days ago).
router.callback_query.filter(IsMember(), AccessibleMessage(required=False))

# A member's plain message with a link, the commonest update in a campaign, goes here first
# (handlers.get_routers): it needs no walk through every other router's filters.
submissions = Router(name=__name__ + ".submissions")
submissions.message.filter(IsMember())

MAX_TEAMS_LISTED = 10
KIND_ORDER = (Kind.POST, Kind.MEETING, Kind.SURVEY, Kind.REFERRAL, Kind.REFERRAL_SHARE)


class PostFor(StatesGroup):
    link = State()          # the member said which material they shared; the link comes next


class SharedMaterial(CallbackData, prefix="pm"):
    m: int


class PostMaterial(CallbackData, prefix="pmat"):
    p: int
    m: int


def link_text(message: Message) -> str | None:
    """The text to look for a post link in, with the targets of hyperlinked words; None without a link.

    A photo's caption counts as its text: a screenshot sent with the link under it is the link.
    """
    text = message.text or message.caption or ""
    entities = message.entities or message.caption_entities or ()
    hidden = [e.url for e in entities if e.type == "text_link" and e.url]
    found = links.find_url(text) is not None or any(e.type == "url" for e in entities)
    if not found and not hidden:
        return None
    return " ".join([*hidden, text])


class PlainLink(Filter):
    """A text outside any dialog, not a command, with a link in it; passes the text to look in as `link_text`."""

    async def __call__(self, message: Message, raw_state: str | None = None) -> bool | dict[str, str]:
        if raw_state is not None or message.text is None or message.text.startswith("/"):
            return False
        text = link_text(message)
        return False if text is None else {"link_text": text}


def points_word(units: int) -> dict[str, object]:
    return {"points": format_points(units), "n": points(units)}


# ---------------------------------------------------------------------------
# «Поддержи онлайн!»


@router.message(Command("post"))
@router.message(MenuButton("menu-post"))
async def show_post(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, member: Member,
    campaigns: CampaignCache, settings: Settings,
) -> None:
    await state.clear()
    campaign, materials = await posts.current_materials(
        db, campaigns, member=member, now=clock.now(), today=clock.today()
    )
    if campaign is None or not campaign.is_open_on(clock.today()):
        await message.answer(_refusal_text(t, Refused(
            PostRefusal.OUTSIDE_DATES if campaign else PostRefusal.NO_CAMPAIGN, campaign), settings))
        return
    intro = t("post-intro", cap=settings.post_daily_cap, **points_word(campaign.post_units))
    if campaign.moderation == ModerationMode.MANUAL:
        intro += "\n" + t("post-intro-moderated")
    elif campaign.moderation == ModerationMode.VERIFIED:
        intro += "\n" + t("post-intro-verified")
    intro += "\n\n" + (t("post-materials-title") if materials else t("post-no-materials"))
    await message.answer(intro, reply_markup=main_menu(t))
    counts = await material_actions.shares(db, [m.id for m in materials])
    hashtags = await material_actions.hashtags(db, [m.id for m in materials])
    for material in materials:
        lines = [f"<b>{_escape(material.title)}</b>"]
        if material.body:
            lines += _escape(material.body).split("\n")
        if material.link:
            lines.append(t("material-original", url=material.link))
        if material.id in hashtags:
            lines.append(t("material-hashtag", hashtag=hashtags[material.id]))
        lines.append(t("material-shared-count", count=counts.get(material.id, 0)))
        shared = button(t("post-material-shared"), SharedMaterial(m=material.id))
        markup = InlineKeyboardMarkup(inline_keyboard=[[shared]])
        if material.photo_file_id:
            await message.answer_photo(
                material.photo_file_id, caption=whole_lines(lines, CAPTION_LIMIT), reply_markup=markup
            )
        else:
            await message.answer(whole_lines(lines), reply_markup=markup)


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


@router.callback_query(SharedMaterial.filter())
async def material_shared(
    query: CallbackQuery, message: Message | None, callback_data: SharedMaterial, state: FSMContext, db: Database,
    t: Translator,
) -> None:
    async with db.reading() as conn:
        material = await material_store.get(conn, callback_data.m)
    if material is None or not material.active:
        await query.answer(t("post-refused-unknown_material"), show_alert=True)
        return
    await query.answer()
    await state.set_state(PostFor.link)
    await state.update_data(material_id=material.id)
    if message is not None:
        await message.answer(t("post-send-link", title=material.title))


@router.message(PostFor.link, F.func(lambda message: not (message.text or "").startswith("/")))
async def link_for_material(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, member: Member,
    campaigns: CampaignCache, settings: Settings, notify: Notify,
) -> None:
    text = link_text(message) or message.text
    if text is None:
        # A screenshot, a sticker, a voice message, a file: say how to copy a post's link.
        await message.answer(t("post-how-to-copy-link"))
        return
    material_id = (await state.get_data()).get("material_id")
    done = await _submit(message, text, db, clock, t, member, campaigns, settings,
                         material_id=int(material_id) if material_id else None, notify=notify)
    if done:
        await state.clear()


@submissions.message(PlainLink())
async def plain_link(
    message: Message, link_text: str, db: Database, clock: Clock, t: Translator, member: Member,
    campaigns: CampaignCache, settings: Settings, notify: Notify,
) -> None:
    """A plain message with a URL is a submission."""
    await _submit(message, link_text, db, clock, t, member, campaigns, settings, material_id=None, notify=notify)


async def _submit(
    message: Message, text: str, db: Database, clock: Clock, t: Translator, member: Member,
    campaigns: CampaignCache, settings: Settings, *, material_id: int | None, notify: Notify,
) -> bool:
    """Submit the post the text links to and answer; True when the submission is settled (either way)."""
    link = links.parse_post_link(text, settings.allowed_post_domains)
    if isinstance(link, LinkRefusal):
        await message.answer(_link_refusal_text(t, link, settings))
        return False
    result = await posts.submit_post(
        db, campaigns, member=member, link=link, material_id=material_id, daily_cap=settings.post_daily_cap,
        now=clock.now(), today=clock.today(),
    )
    if isinstance(result, Refused):
        await message.answer(_refusal_text(t, result, settings))
        return result.reason is not PostRefusal.UNKNOWN_MATERIAL
    await message.answer(_submitted_text(t, result, settings))
    await tell_first_share(notify, db, result.award, member.display_name, result.campaign)
    if material_id is None:
        await _ask_material(message, db, clock, t, member, campaigns, result)
    return True


def _submitted_text(t: Translator, result: Submission, settings: Settings) -> str:
    if result.verifying:
        return t("post-pending-verification", today=result.today, cap=settings.post_daily_cap)
    if result.pending:
        return t("post-pending", today=result.today, cap=settings.post_daily_cap)
    units = result.award.units if result.award else 0
    return t("post-counted", today=result.today, cap=settings.post_daily_cap, **points_word(units))


async def _ask_material(
    message: Message, db: Database, clock: Clock, t: Translator, member: Member, campaigns: CampaignCache,
    result: Submission,
) -> None:
    campaign, materials = await posts.current_materials(
        db, campaigns, member=member, now=clock.now(), today=clock.today()
    )
    if not materials:
        return
    rows = [[button(m.title, PostMaterial(p=result.post_id, m=m.id))] for m in materials]
    await message.answer(t("post-which-material"), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(PostMaterial.filter())
async def material_chosen(
    query: CallbackQuery, message: Message | None, callback_data: PostMaterial, db: Database, t: Translator,
    member: Member,
) -> None:
    done = await posts.choose_material(db, member=member, post_id=callback_data.p, material_id=callback_data.m)
    if not done:
        await query.answer(t("stale-button"), show_alert=True)
        return
    async with db.reading() as conn:
        material = await material_store.get(conn, callback_data.m)
    await query.answer()
    if message is not None and material is not None:
        await message.edit_text(t("post-material-noted", title=material.title))


def _link_refusal_text(t: Translator, refusal: LinkRefusal, settings: Settings) -> str:
    return t(f"post-link-{refusal}", networks=", ".join(settings.allowed_post_domains))


def _refusal_text(t: Translator, refused: Refused, settings: Settings) -> str:
    campaign = refused.campaign
    return t(
        f"post-refused-{refused.reason}", cap=settings.post_daily_cap,
        cap2=settings.post_daily_cap * posts.ROLLING_CAP_FACTOR,
        campaign=campaign.name if campaign else "", start=formats.date_text(campaign.starts_on) if campaign else "",
        end=formats.date_text(campaign.ends_on) if campaign else "",
    )


# ---------------------------------------------------------------------------
# Invitations


@router.message(Command("invite"))
@router.message(MenuButton("menu-invite"))
async def show_invite(
    message: Message, bot: Bot, db: Database, clock: Clock, t: Translator, member: Member, qr_secret: bytes,
    campaigns: CampaignCache, settings: Settings,
) -> None:
    me = await bot.me()
    link = tokens.signed_link(me.username or "", qr_secret, tokens.TokenKind.REFERRAL, member.id)
    campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
    async with db.reading() as conn:
        count = await member_store.count_referrals(conn, member.id)
        joined = await member_store.referrals_of(conn, member.id, campaign.id if campaign else None, MAX_INVITEES)
    # The organisation's name is drawn under the code: a printed QR says whose it is.
    png = qr.render_png(link, caption=t("invite-qr-caption", org=settings.org_name))
    share_text = t("invite-share-text", org=settings.org_name)
    share_url = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(share_text, safe='')}"
    share = InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=t("invite-share"), url=share_url)]])
    await message.answer_photo(
        BufferedInputFile(png, filename="invite.png"), caption=t("invite-text", link=link, count=count),
        reply_markup=share,
    )
    await message.answer(_invitees_text(t, joined, count), reply_markup=main_menu(t))


MAX_INVITEES = 30


def _invitees_text(t: Translator, joined: list[tuple[str, str, int]], count: int) -> str:
    if not joined:
        return t("invite-nobody-yet")
    lines = [t("invite-joined-title")]
    for number, (name, status, units) in enumerate(joined, start=1):
        if status == MemberStatus.DELETED:
            state = t("invite-status-deleted")
        elif units > 0:
            state = t("invite-status-points", **points_word(units))
        else:
            state = t("invite-status-no-points")
        who = t("invite-anonymous") if status == MemberStatus.DELETED else name
        lines.append(t("invite-joined-line", number=str(number), name=who, state=state))
    if count > len(joined):
        lines.append(t("invite-joined-more", count=str(count - len(joined))))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# /me, /rating, /team


@router.message(Command("me"))
@router.message(MenuButton("menu-profile"))
async def show_profile(
    message: Message, db: Database, clock: Clock, t: Translator, member: Member, campaigns: CampaignCache
) -> None:
    mine = await rating.my_points(db, campaigns, member=member, now=clock.now(), today=clock.today())
    lines = [await profile_basics(db, member, t), ""]
    lines += points_lines(t, mine)
    waiting = await posts.pending_count(db, campaigns, member=member, now=clock.now(), today=clock.today())
    if waiting:
        lines.append(t("me-posts-pending", count=waiting))
    lines += await profiles.standing_notes(db, t, member)
    await message.answer("\n".join(lines), reply_markup=profile_keyboard(t))


def points_lines(t: Translator, mine: rating.MyPoints) -> list[str]:
    if mine.campaign is None:
        return [t("me-no-campaign"), t("me-referrals", count=mine.referrals)]
    standing = mine.standing
    total = standing.units if standing else sum(mine.breakdown.values())
    lines = [t("me-points", points=format_points(total))]
    for kind in KIND_ORDER:
        if kind in mine.breakdown:
            lines.append(t("me-kind-line", kind=t(f"me-kind-{kind}"), points=format_points(mine.breakdown[kind])))
    # With no points there is no place to speak of: a member among zeros is told how to earn the first.
    if total <= 0:
        standing = None
        lines.append(t("me-first-point"))
    elif standing is None:
        lines.append(t("me-no-rank"))
    else:
        lines.append(t("me-rank", rank=str(standing.rank), of=str(standing.of), team_rank=str(standing.team_rank),
                       team_of=str(standing.team_of)))
    lines.append(t("me-referrals", count=mine.referrals))
    if standing is not None:
        lines.append(_overtake_line(t, standing))
    return lines


def _overtake_line(t: Translator, standing: Standing) -> str:
    gap = overtake_units(standing)
    if gap is None:
        return t("me-leader")
    return t("me-overtake", name=standing.ahead_name or "—", **points_word(gap))


@router.message(Command("rating"))
@router.message(MenuButton("menu-rating"))
async def show_rating(
    message: Message, db: Database, clock: Clock, t: Translator, member: Member, campaigns: CampaignCache
) -> None:
    view = await rating.rating_view(db, campaigns, member=member, now=clock.now(), today=clock.today())
    if view is None:
        await message.answer(t("rating-no-campaign"), reply_markup=main_menu(t))
        return
    names = {team.district_id: team.name for team in view.teams}
    lines = [t("rating-title", campaign=view.campaign.name), ""]
    scored = [row for row in view.top if row.units > 0]
    if not scored:
        lines.append(t("rating-empty"))
    for row in scored:
        lines.append(t("rating-line", rank=str(row.rank), name=row.name, team=names.get(row.district_id, "—"),
                       points=format_points(row.units)))
    if view.mine is not None and view.mine.units <= 0:
        lines += ["", t("rating-you-zero")]
    elif view.mine is not None:
        lines += ["", t("rating-you", rank=str(view.mine.rank), of=str(view.mine.of), **points_word(view.mine.units))]
    lines += ["", t("rating-teams-title")]
    listed = view.teams[:MAX_TEAMS_LISTED]
    own = next((team for team in view.teams if team.district_id == member.district_id), None)
    if own is not None and own not in listed:
        listed.append(own)
    for team in listed:
        lines.append(t("rating-team-line", rank=str(team.rank), team=team.name, city=team.city,
                       points=format_points(team.units), per_member=format_points(team.units_per_member)))
    await message.answer(whole_lines(lines), reply_markup=main_menu(t))


@router.message(Command("team"))
async def show_team(
    message: Message, db: Database, clock: Clock, t: Translator, member: Member, campaigns: CampaignCache
) -> None:
    view = await rating.team_view(db, campaigns, member=member, now=clock.now(), today=clock.today())
    if view is None:
        await message.answer(t("rating-no-campaign"), reply_markup=main_menu(t))
        return
    team = view.team
    lines = [
        t("team-title", team=team.name, city=team.city),
        t("team-summary", rank=str(team.rank), of=str(view.teams), points=format_points(team.units),
          per_member=format_points(team.units_per_member), members=str(team.active_members)),
        "", t("team-top-title"),
    ]
    for row in (row for row in view.top if row.units > 0):
        lines.append(
            t("rating-line", rank=str(row.rank), name=row.name, team=team.name, points=format_points(row.units))
        )
    if view.mine is not None and view.mine.units > 0:
        lines += ["", t("team-you", rank=str(view.mine.team_rank), of=str(view.mine.team_of))]
    elif view.mine is not None:
        lines += ["", t("rating-you-zero")]
    await message.answer(whole_lines(lines), reply_markup=main_menu(t))
