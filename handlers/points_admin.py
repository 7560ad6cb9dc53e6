"""Coordinator tools for points: materials, moderation, revocation, export."""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot import administration, links, posts, rating
from bot.i18n import I18n, Translator
from bot.ledger import RevokeRefusal
from bot.model import ScopeKind
from bot.posts import CampaignCache, MaterialRefusal, Moderation, ModerationRefusal
from bot.revocation import Entries, Revoked, ScopeRefusal, entries_of, revoke_entry
from bot.roles import Actor, Role
from bot.runtime.filters import HasRole
from bot.scoring import format_points, points
from handlers.keyboards import button
from scheduler.clock import Clock
from storage import geo
from storage.db import Database
from storage.posts import PendingPost

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))
router.callback_query.filter(HasRole(Role.COORDINATOR))

NOT_A_COMMAND = F.func(lambda message: not (message.text or "").startswith("/"))
REJECT_REASONS = ("not_material", "unavailable", "not_own", "rules")


class Publish(StatesGroup):
    text = State()
    link = State()


class PubNoLink(CallbackData, prefix="pub-nl"):
    pass


class MatOff(CallbackData, prefix="mat-off"):
    m: int


class Mod(CallbackData, prefix="mod"):
    a: str          # "ok" approve, "no" choose a reason, "skip" next one, "back" the card again
    p: int


class ModReason(CallbackData, prefix="mod-r"):
    p: int
    r: str


# ---------------------------------------------------------------------------
# Publishing material


@router.message(Command("publish"))
async def publish_start(
    message: Message, command: CommandObject, state: FSMContext, db: Database, t: Translator, actor: Actor
) -> None:
    if command.args:
        scope = await administration.resolve_scope(db, command.args)
        if scope is None:
            await message.answer(t("publish-unknown-scope", scope=command.args))
            return
        kind, scope_id = scope.kind, scope.id
        label = t("material-scope-all") if kind == ScopeKind.ALL else scope.label
        district_id = scope.district.id if scope.district else None
    else:
        own = actor.coordinator_scopes()[0]
        kind, scope_id, district_id = own.scope_kind, own.scope_id, None
        label = await _scope_label(db, t, kind, scope_id)
        district_id = scope_id if kind == ScopeKind.DISTRICT else None
    district = await _district(db, district_id)
    if not actor.manages_scope(kind, scope_id, district):
        await message.answer(t("publish-refused-not_in_scope"))
        return
    await state.set_state(Publish.text)
    await state.set_data({"kind": kind, "scope_id": scope_id, "label": label, "district_id": district_id})
    await message.answer(t("publish-ask-text", scope=label))


async def _scope_label(db: Database, t: Translator, kind: str, scope_id: int) -> str:
    async with db.reading() as conn:
        if kind == ScopeKind.CITY:
            city = await geo.get_city(conn, scope_id)
            return city.name if city else "—"
        if kind == ScopeKind.DISTRICT:
            district = await geo.get_district(conn, scope_id)
            return f"{district.name} ({district.code})" if district else "—"
    return t("material-scope-all")


async def _district(db: Database, district_id: int | None) -> geo.District | None:
    if district_id is None:
        return None
    async with db.reading() as conn:
        return await geo.get_district(conn, district_id)


@router.message(Publish.text, F.photo)
async def publish_photo(message: Message, state: FSMContext, t: Translator) -> None:
    assert message.photo
    await _material_text(message, state, t, message.caption or "", message.photo[-1].file_id)


@router.message(Publish.text, F.text, NOT_A_COMMAND)
async def publish_text(message: Message, state: FSMContext, t: Translator) -> None:
    await _material_text(message, state, t, message.text or "", None)


@router.message(Publish.text, NOT_A_COMMAND)
async def publish_text_other(message: Message, t: Translator) -> None:
    await message.answer(t("publish-refused-empty"))


async def _material_text(message: Message, state: FSMContext, t: Translator, text: str, photo: str | None) -> None:
    cleaned = posts.clean_material_text(text)
    if isinstance(cleaned, MaterialRefusal):
        await message.answer(t(f"publish-refused-{cleaned}"))
        return
    await state.update_data(text=text, photo=photo)
    await state.set_state(Publish.link)
    markup = InlineKeyboardMarkup(inline_keyboard=[[button(t("publish-no-link"), PubNoLink())]])
    await message.answer(t("publish-ask-link"), reply_markup=markup)


@router.message(Publish.link, F.text, NOT_A_COMMAND)
async def publish_link(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache,
) -> None:
    link = links.find_url(message.text or "")
    if link is None or not link.lower().startswith(("http://", "https://")):
        await message.answer(t("publish-bad-link"))
        return
    await _publish(message, state, db, clock, t, actor, campaigns, link)


@router.message(Publish.link, NOT_A_COMMAND)
async def publish_link_other(message: Message, t: Translator) -> None:
    await message.answer(t("publish-bad-link"))


@router.callback_query(Publish.link, PubNoLink.filter())
async def publish_without_link(
    query: CallbackQuery, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
        await _publish(query.message, state, db, clock, t, actor, campaigns, None)


async def _publish(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache, link: str | None,
) -> None:
    data = await state.get_data()
    await state.clear()
    district = await _district(db, data.get("district_id"))
    result = await posts.publish_material(
        db, campaigns, actor=actor, scope_kind=data["kind"], scope_id=int(data["scope_id"]), scope_district=district,
        text=data.get("text", ""), link=link, photo_file_id=data.get("photo"), now=clock.now(), today=clock.today(),
    )
    if isinstance(result, MaterialRefusal):
        await message.answer(t(f"publish-refused-{result}"))
        return
    markup = InlineKeyboardMarkup(inline_keyboard=[[button(t("publish-withdraw"), MatOff(m=result.id))]])
    await message.answer(t("publish-done", title=result.title, scope=data["label"]), reply_markup=markup)


@router.callback_query(MatOff.filter())
async def withdraw(
    query: CallbackQuery, callback_data: MatOff, db: Database, t: Translator, actor: Actor, campaigns: CampaignCache
) -> None:
    result = await posts.withdraw_material(db, campaigns, actor=actor, material_id=callback_data.m)
    if isinstance(result, MaterialRefusal):
        await query.answer(t(f"publish-refused-{result}"), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(t("publish-withdrawn", title=result.title))


# ---------------------------------------------------------------------------
# Moderation


@router.message(Command("moderate"))
async def moderate_queue(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, campaigns: CampaignCache
) -> None:
    pending = await posts.next_pending(db, campaigns, actor=actor, now=clock.now(), today=clock.today())
    await _show_pending(message, t, pending, edit=False)


async def _show_pending(message: Message, t: Translator, pending: PendingPost | None, *, edit: bool) -> None:
    if pending is None:
        text, markup = t("moderate-empty"), None
    else:
        text = t(
            "moderate-card", waiting=str(pending.waiting), name=pending.member_name, district=pending.district,
            material=pending.material_title or t("moderate-no-material"), url=pending.post.url,
        )
        post_id = pending.post.id
        markup = InlineKeyboardMarkup(inline_keyboard=[
            [button(t("moderate-approve"), Mod(a="ok", p=post_id)),
             button(t("moderate-reject"), Mod(a="no", p=post_id))],
            [button(t("moderate-skip"), Mod(a="skip", p=post_id))],
        ])
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


@router.callback_query(Mod.filter(F.a == "no"))
async def choose_reason(query: CallbackQuery, callback_data: Mod, t: Translator) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        rows = [[button(t(f"reject-reason-{r}"), ModReason(p=callback_data.p, r=r))] for r in REJECT_REASONS]
        rows.append([button(t("moderate-back"), Mod(a="back", p=callback_data.p))])
        await query.message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(Mod.filter(F.a.in_({"skip", "back"})))
async def skip_or_back(
    query: CallbackQuery, callback_data: Mod, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache,
) -> None:
    await query.answer()
    after = callback_data.p if callback_data.a == "skip" else callback_data.p - 1
    pending = await posts.next_pending(db, campaigns, actor=actor, now=clock.now(), today=clock.today(), after_id=after)
    if pending is None and callback_data.a == "skip":
        pending = await posts.next_pending(db, campaigns, actor=actor, now=clock.now(), today=clock.today())
    if isinstance(query.message, Message):
        await _show_pending(query.message, t, pending, edit=True)


@router.callback_query(Mod.filter(F.a == "ok"))
async def approve(
    query: CallbackQuery, callback_data: Mod, db: Database, clock: Clock, t: Translator, i18n: I18n, actor: Actor,
    bot: Bot, campaigns: CampaignCache,
) -> None:
    await _decide(query, callback_data.p, None, db, clock, t, i18n, actor, bot, campaigns)


@router.callback_query(ModReason.filter())
async def reject(
    query: CallbackQuery, callback_data: ModReason, db: Database, clock: Clock, t: Translator, i18n: I18n,
    actor: Actor, bot: Bot, campaigns: CampaignCache,
) -> None:
    if callback_data.r not in REJECT_REASONS:
        await query.answer(t("stale-button"))
        return
    await _decide(query, callback_data.p, callback_data.r, db, clock, t, i18n, actor, bot, campaigns)


async def _decide(
    query: CallbackQuery, post_id: int, reason: str | None, db: Database, clock: Clock, t: Translator, i18n: I18n,
    actor: Actor, bot: Bot, campaigns: CampaignCache,
) -> None:
    result = await posts.moderate(db, post_id=post_id, approve=reason is None, reason=reason, actor=actor,
                                  now=clock.now())
    if isinstance(result, ModerationRefusal):
        await query.answer(t(f"moderate-refused-{result}"), show_alert=True)
    else:
        await query.answer()
        await _tell_author(bot, i18n, result)
    if not isinstance(query.message, Message):
        return
    if isinstance(result, Moderation):
        name, url = result.member.display_name, result.post.url
        if reason is None:
            await query.message.edit_text(t("moderate-approved", name=name, url=url))
        else:
            label = t(f"reject-reason-{reason}")
            await query.message.edit_text(t("moderate-rejected", name=name, url=url, reason=label))
    pending = await posts.next_pending(db, campaigns, actor=actor, now=clock.now(), today=clock.today())
    await _show_pending(query.message, t, pending, edit=False)


async def _tell_author(bot: Bot, i18n: I18n, result: Moderation) -> None:
    member = result.member
    if member.tg_id is None:
        return
    mt = i18n.get(member.locale)
    if result.post.status == "approved":
        units = result.award.units if result.award else 0
        text = mt("post-approved", url=result.post.url, points=format_points(units), n=points(units))
    else:
        text = mt("post-rejected", url=result.post.url, reason=mt(f"reject-reason-{result.post.reject_reason}"))
    try:
        await bot.send_message(member.tg_id, text)
    except TelegramAPIError as error:
        log.info("could not tell member %s about moderation: %s", member.id, error)


# ---------------------------------------------------------------------------
# Revoking a ledger entry


@router.message(Command("revoke"))
async def revoke(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, i18n: I18n, actor: Actor,
    bot: Bot,
) -> None:
    parts = (command.args or "").split(maxsplit=1)
    if len(parts) != 2 or not parts[0].lstrip("#").isdigit() or len(parts[0]) > 18:
        await message.answer(t("usage-revoke"))
        return
    entry_id, reason = int(parts[0].lstrip("#")), parts[1]
    result = await revoke_entry(db, actor=actor, entry_id=entry_id, reason=reason, now=clock.now())
    if isinstance(result, (RevokeRefusal, ScopeRefusal)):
        await message.answer(t(f"entry-revoke-refused-{result}", id=str(entry_id)))
        return
    entry = result.revocation.entry
    name = result.member.display_name if result.member else f"#{entry.member_id}"
    lines = [t("entry-revoke-done", id=str(entry_id), name=name, points=format_points(entry.units), reason=reason)]
    shares = sum(units for _, units in result.revocation.share_reversals)
    if shares:
        lines.append(t("entry-revoke-shares", points=format_points(shares)))
    await message.answer("\n".join(lines))
    await _tell_revoked(bot, i18n, result, reason)


async def _tell_revoked(bot: Bot, i18n: I18n, result: Revoked, reason: str) -> None:
    member = result.member
    if member is None or member.tg_id is None:
        return
    mt = i18n.get(member.locale)
    entry = result.revocation.entry
    text = mt("entry-revoke-member-told", points=format_points(entry.units), kind=mt(f"me-kind-{entry.kind}"),
              reason=reason)
    try:
        await bot.send_message(member.tg_id, text)
    except TelegramAPIError as error:
        log.info("could not tell member %s about a revocation: %s", member.id, error)


@router.message(Command("entries"))
async def entries(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache,
) -> None:
    handle = (command.args or "").strip()
    if not handle or " " in handle:
        await message.answer(t("usage-entries"))
        return
    campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
    if campaign is None:
        await message.answer(t("export-no-campaign"))
        return
    tg_id = await administration.resolve_user(db, handle)
    if tg_id is None:
        await message.answer(t("entries-refused-not_a_member", who=handle))
        return
    result = await entries_of(db, actor=actor, tg_id=tg_id, campaign_id=campaign.id)
    if not isinstance(result, Entries):
        await message.answer(t(f"entries-refused-{result}", who=handle))
        return
    if not result.listed:
        await message.answer(t("entries-none", name=result.member.display_name))
        return
    lines = [t("entries-head", name=result.member.display_name)]
    for listed in result.listed:
        entry = listed.entry
        when = datetime.fromisoformat(entry.created_at).astimezone(clock.tz).strftime("%d.%m %H:%M")
        what = listed.post_url or t(f"me-kind-{entry.kind}")
        key = "entries-line-revoked" if listed.revoked else "entries-line"
        lines.append(t(key, id=str(entry.id), when=when, what=what, points=format_points(entry.units)))
    lines.append(t("entries-footer"))
    await message.answer("\n".join(lines))


# ---------------------------------------------------------------------------
# Export


@router.message(Command("export"))
async def export(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, campaigns: CampaignCache
) -> None:
    campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
    if campaign is None:
        await message.answer(t("export-no-campaign"))
        return
    districts = await _scope_districts(db, actor)
    csv_data = await rating.export_csv(db, campaign, districts=districts)
    xlsx_data = await rating.export_xlsx(db, campaign, districts=districts)
    count = csv_data.count(b"\n") - 1
    stem = f"rating-{campaign.starts_on.isoformat()}-{clock.today().isoformat()}"
    caption = t("export-caption", campaign=campaign.name, count=str(count))
    await message.answer_document(BufferedInputFile(csv_data, filename=f"{stem}.csv"), caption=caption)
    await message.answer_document(BufferedInputFile(xlsx_data, filename=f"{stem}.xlsx"))


async def _scope_districts(db: Database, actor: Actor) -> set[int] | None:
    """The teams a coordinator may export; None for everywhere."""
    scope = posts.coordinator_scope(actor)
    if scope.cities is None and scope.districts is None:
        return None
    found = set(scope.districts or ())
    async with db.reading() as conn:
        for city_id in scope.cities or ():
            found.update(d.id for d in await geo.list_districts(conn, city_id))
    return found
