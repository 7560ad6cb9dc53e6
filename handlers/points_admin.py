"""Coordinator tools for points: materials, moderation, revocation, export."""

from __future__ import annotations

import html
import logging
from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command, CommandObject
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message

from bot import administration, links, posts, rating
from bot.i18n import Translator
from bot.ledger import RevokeRefusal
from bot.model import ScopeKind
from bot.posts import (
    CampaignCache,
    MaterialRefusal,
    ModerationRefusal,
    RejectReason,
    WithdrawnOriginal,
)
from bot.revocation import Entries, ScopeRefusal, entries_of, entries_text, revoke_entry
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.scoring import Kind, format_points, points
from bot.texts import whole_lines
from handlers.cancel import cancel_markup
from handlers.invites import tell_first_share
from handlers.keyboards import button
from handlers.notify import Notify, tell_author, tell_revoked
from scheduler.clock import Clock
from storage import geo
from storage.db import Database
from storage.posts import PendingBatch

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))
# A decision under a queue message too old to edit still counts; the buttons that only redraw
# the queue or continue a dialog ask for the message themselves.
router.callback_query.filter(HasRole(Role.COORDINATOR), AccessibleMessage(required=False))

NOT_A_COMMAND = F.func(lambda message: not (message.text or "").startswith("/"))


class Publish(StatesGroup):
    text = State()
    link = State()


class PublishAction(StrEnum):
    WITHOUT_LINK = "nl"


class PublishButton(CallbackData, prefix="pub"):
    action: PublishAction


class MaterialAction(StrEnum):
    WITHDRAW = "off"


class MaterialButton(CallbackData, prefix="mat"):
    action: MaterialAction
    m: int


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
        label = material_scope(t, kind, scope.district.name if scope.district else scope.label)
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
    await message.answer(t("publish-ask-text", scope=label), reply_markup=cancel_markup(t))


async def _scope_label(db: Database, t: Translator, kind: str, scope_id: int) -> str:
    async with db.reading() as conn:
        if kind == ScopeKind.CITY:
            city = await geo.get_city(conn, scope_id)
            return material_scope(t, kind, city.name if city else "—")
        if kind == ScopeKind.DISTRICT:
            district = await geo.get_district(conn, scope_id)
            return material_scope(t, kind, district.name if district else "—")
    return material_scope(t, kind, "")


def material_scope(t: Translator, kind: str, name: str) -> str:
    """Whom a material is for, as a phrase: «для всех», «для города Омск», «для округа Центральный»."""
    if kind == ScopeKind.CITY:
        return t("material-for-city", city=name)
    if kind == ScopeKind.DISTRICT:
        return t("material-for-district", district=name)
    return t("material-for-all")


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
    no_link = button(t("publish-no-link"), PublishButton(action=PublishAction.WITHOUT_LINK))
    markup = InlineKeyboardMarkup(inline_keyboard=[[no_link]])
    await message.answer(t("publish-ask-link"), reply_markup=markup)


@router.message(Publish.link, F.text, NOT_A_COMMAND)
async def publish_link(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache, settings: Settings, notify: Notify,
) -> None:
    link = links.find_url(message.text or "")
    if link is None or not link.lower().startswith(("http://", "https://")):
        await message.answer(t("publish-bad-link"))
        return
    await _publish(message, state, db, clock, t, actor, campaigns, settings, notify, link)


@router.message(Publish.link, NOT_A_COMMAND)
async def publish_link_other(message: Message, t: Translator) -> None:
    await message.answer(t("publish-bad-link"))


@router.callback_query(Publish.link, PublishButton.filter(F.action == PublishAction.WITHOUT_LINK), AccessibleMessage())
async def publish_without_link(
    query: CallbackQuery, message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache, settings: Settings, notify: Notify,
) -> None:
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _publish(message, state, db, clock, t, actor, campaigns, settings, notify, None)


async def _publish(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, actor: Actor,
    campaigns: CampaignCache, settings: Settings, notify: Notify, link: str | None,
) -> None:
    data = await state.get_data()
    await state.clear()
    result = await posts.publish_material(
        db, campaigns, actor=actor, scope_kind=data["kind"], scope_id=int(data["scope_id"]),
        text=data.get("text", ""), link=link, photo_file_id=data.get("photo"),
        allowed_domains=settings.allowed_post_domains, now=clock.now(), today=clock.today(),
        original_reason=t("original-revoke-reason"),
    )
    if isinstance(result, MaterialRefusal):
        await message.answer(t(f"publish-refused-{result}"))
        return
    material = result.material
    withdraw_button = button(t("publish-withdraw"), MaterialButton(action=MaterialAction.WITHDRAW, m=material.id))
    markup = InlineKeyboardMarkup(inline_keyboard=[[withdraw_button]])
    lines = [t("publish-done", title=material.title, scope=data["label"])]
    lines += [t("original-withdrawn-coordinator", url=w.post.url, name=w.member.display_name if w.member else "—",
                points=format_points(w.units)) for w in result.withdrawn]
    await message.answer("\n".join(lines), reply_markup=markup)
    for withdrawn in result.withdrawn:
        await _tell_original_withdrawn(notify, withdrawn)


async def _tell_original_withdrawn(notify: Notify, withdrawn: WithdrawnOriginal) -> None:
    url = withdrawn.post.url
    if withdrawn.units:
        await notify(withdrawn.member, "original-withdrawn-revoked", url=url, points=format_points(withdrawn.units),
                     n=points(withdrawn.units))
    else:
        await notify(withdrawn.member, "original-withdrawn-pending", url=url)


@router.callback_query(MaterialButton.filter(F.action == MaterialAction.WITHDRAW))
async def withdraw(
    query: CallbackQuery, message: Message | None, callback_data: MaterialButton, db: Database, t: Translator,
    actor: Actor, campaigns: CampaignCache,
) -> None:
    result = await posts.withdraw_material(db, campaigns, actor=actor, material_id=callback_data.m)
    if isinstance(result, MaterialRefusal):
        await query.answer(t(f"publish-refused-{result}"), show_alert=True)
        return
    await query.answer()
    if message is not None:
        await message.edit_text(t("publish-withdrawn", title=result.title))


# ---------------------------------------------------------------------------
# Moderation: a batch of pending posts in one message, a button each


class ModerationAction(StrEnum):
    APPROVE = "ok"
    REJECT = "no"                # choose a reason
    BACK = "back"                # the batch again
    MORE = "more"                # the next batch
    APPROVE_MEMBER = "all"       # every pending post of one member
    TRUST = "trust"              # the member's posts skip the queue from now on


class ModerationButton(CallbackData, prefix="mod"):
    action: ModerationAction
    p: int                       # a post id; a member id for APPROVE_MEMBER and TRUST
    c: int = 0                   # the batch shows pending posts after this post id


class RejectButton(CallbackData, prefix="mod-r"):
    p: int
    r: RejectReason
    c: int = 0


@router.message(Command("moderate"))
async def moderate_queue(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, campaigns: CampaignCache
) -> None:
    batch = await _batch(db, clock, actor, campaigns, 0)
    text, markup = _batch_view(t, batch, 0)
    await message.answer(text, reply_markup=markup)


async def _batch(db: Database, clock: Clock, actor: Actor, campaigns: CampaignCache, cursor: int) -> PendingBatch:
    batch = await posts.pending_batch(db, campaigns, actor=actor, now=clock.now(), today=clock.today(), after_id=cursor)
    if not batch.posts and cursor:  # past the end of the queue: start again from its oldest
        batch = await posts.pending_batch(db, campaigns, actor=actor, now=clock.now(), today=clock.today())
    return batch


def _batch_view(t: Translator, batch: PendingBatch, cursor: int) -> tuple[str, InlineKeyboardMarkup | None]:
    if not batch.posts:
        return t("moderate-empty"), None
    lines = [t("moderate-batch-head", waiting=batch.waiting), ""]
    rows = []
    members: dict[int, tuple[str, int]] = {}
    for number, pending in enumerate(batch.posts, start=1):
        post = pending.post
        lines.append(t(
            "moderate-batch-line", number=str(number), name=html.escape(pending.member_name),
            district=html.escape(pending.district),
            material=html.escape(pending.material_title) if pending.material_title else t("moderate-no-material"),
            url=html.escape(post.url),
        ))
        rows.append([
            button(t("moderate-approve-number", number=str(number)),
                   ModerationButton(action=ModerationAction.APPROVE, p=post.id, c=cursor)),
            button(t("moderate-reject-number", number=str(number)),
                   ModerationButton(action=ModerationAction.REJECT, p=post.id, c=cursor)),
        ])
        name, count = members.get(post.member_id, (pending.member_name, 0))
        members[post.member_id] = (name, count + 1)
    for member_id, (name, count) in members.items():
        rows.append([
            button(t("moderate-approve-member", name=name, count=count),
                   ModerationButton(action=ModerationAction.APPROVE_MEMBER, p=member_id, c=cursor)),
            button(t("moderate-trust", name=name),
                   ModerationButton(action=ModerationAction.TRUST, p=member_id, c=cursor)),
        ])
    if batch.more:
        rows.append([button(t("moderate-more"),
                            ModerationButton(action=ModerationAction.MORE, p=batch.posts[-1].post.id))])
    return whole_lines(lines), InlineKeyboardMarkup(inline_keyboard=rows)


async def _show_batch(
    message: Message, db: Database, clock: Clock, t: Translator, actor: Actor, campaigns: CampaignCache, cursor: int
) -> None:
    batch = await _batch(db, clock, actor, campaigns, cursor)
    text, markup = _batch_view(t, batch, cursor if batch.posts and batch.posts[0].post.id > cursor else 0)
    await message.edit_text(text, reply_markup=markup)


@router.callback_query(ModerationButton.filter(F.action == ModerationAction.APPROVE))
async def approve(
    query: CallbackQuery, message: Message | None, callback_data: ModerationButton, db: Database, clock: Clock,
    t: Translator, actor: Actor, notify: Notify, campaigns: CampaignCache,
) -> None:
    await _decide(query, message, callback_data.p, None, callback_data.c, db, clock, t, actor, notify, campaigns)


@router.callback_query(ModerationButton.filter(F.action == ModerationAction.REJECT), AccessibleMessage())
async def choose_reason(query: CallbackQuery, message: Message, callback_data: ModerationButton, t: Translator) -> None:
    await query.answer()
    rows = [[button(t(f"reject-reason-{reason}"), RejectButton(p=callback_data.p, r=reason, c=callback_data.c))]
            for reason in RejectReason]
    back = ModerationButton(action=ModerationAction.BACK, p=0, c=callback_data.c)
    rows.append([button(t("moderate-back"), back)])
    await message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(RejectButton.filter())
async def reject(
    query: CallbackQuery, message: Message | None, callback_data: RejectButton, db: Database, clock: Clock,
    t: Translator, actor: Actor, notify: Notify, campaigns: CampaignCache,
) -> None:
    await _decide(
        query, message, callback_data.p, callback_data.r, callback_data.c, db, clock, t, actor, notify, campaigns
    )


@router.callback_query(ModerationButton.filter(F.action == ModerationAction.BACK), AccessibleMessage())
async def back_to_batch(
    query: CallbackQuery, message: Message, callback_data: ModerationButton, db: Database, clock: Clock, t: Translator,
    actor: Actor, campaigns: CampaignCache,
) -> None:
    await query.answer()
    await _show_batch(message, db, clock, t, actor, campaigns, callback_data.c)


@router.callback_query(ModerationButton.filter(F.action == ModerationAction.MORE), AccessibleMessage())
async def next_batch(
    query: CallbackQuery, message: Message, callback_data: ModerationButton, db: Database, clock: Clock, t: Translator,
    actor: Actor, campaigns: CampaignCache,
) -> None:
    await query.answer()
    await _show_batch(message, db, clock, t, actor, campaigns, callback_data.p)


async def _decide(
    query: CallbackQuery, message: Message | None, post_id: int, reason: RejectReason | None, cursor: int, db: Database,
    clock: Clock, t: Translator, actor: Actor, notify: Notify, campaigns: CampaignCache,
) -> None:
    result = await posts.moderate(db, post_id=post_id, reason=reason, actor=actor, now=clock.now())
    if isinstance(result, ModerationRefusal):
        await query.answer(t(f"moderate-refused-{result}"), show_alert=True)
    else:
        done = "moderate-done-approved" if reason is None else "moderate-done-rejected"
        await query.answer(t(done, name=result.member.display_name))
        await tell_author(notify, result)
        campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
        await tell_first_share(notify, db, result.award, result.member.display_name, campaign)
    if message is not None:
        await _show_batch(message, db, clock, t, actor, campaigns, cursor)


@router.callback_query(ModerationButton.filter(F.action == ModerationAction.APPROVE_MEMBER))
async def approve_member(
    query: CallbackQuery, message: Message | None, callback_data: ModerationButton, db: Database, clock: Clock,
    t: Translator, actor: Actor, notify: Notify, campaigns: CampaignCache,
) -> None:
    result = await posts.approve_all_of(
        db, campaigns, member_id=callback_data.p, actor=actor, now=clock.now(), today=clock.today()
    )
    if isinstance(result, ModerationRefusal):
        await query.answer(t(f"moderate-refused-{result}"), show_alert=True)
    else:
        await query.answer(t("moderate-approved-member", name=result.member.display_name, count=len(result.approved)))
        await notify(
            result.member, "post-approved-all", count=len(result.approved), points=format_points(result.units),
            n=points(result.units),
        )
    if message is not None:
        await _show_batch(message, db, clock, t, actor, campaigns, callback_data.c)


@router.callback_query(ModerationButton.filter(F.action == ModerationAction.TRUST))
async def trust_from_queue(
    query: CallbackQuery, callback_data: ModerationButton, db: Database, clock: Clock, t: Translator, actor: Actor,
) -> None:
    result = await posts.set_trusted(db, member_id=callback_data.p, trusted=True, actor=actor, now=clock.now())
    if isinstance(result, ModerationRefusal):
        await query.answer(t(f"moderate-refused-{result}"), show_alert=True)
        return
    await query.answer(t("trust-done", name=result.display_name), show_alert=True)


@router.message(Command("trust", "untrust"))
async def trust_command(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor
) -> None:
    handle = (command.args or "").strip()
    if not handle or " " in handle:
        await message.answer(t("usage-trust"))
        return
    tg_id = await administration.resolve_user(db, handle)
    member_id = await posts.member_id_of(db, tg_id) if tg_id is not None else None
    if member_id is None:
        await message.answer(t("moderate-refused-unknown_member"))
        return
    trusted = command.command == "trust"
    result = await posts.set_trusted(db, member_id=member_id, trusted=trusted, actor=actor, now=clock.now())
    if isinstance(result, ModerationRefusal):
        await message.answer(t(f"moderate-refused-{result}"))
        return
    await message.answer(t("trust-done" if trusted else "untrust-done", name=result.display_name))


# ---------------------------------------------------------------------------
# Revoking a ledger entry


@router.message(Command("revoke"))
async def revoke(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor,
    notify: Notify,
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
    if entry.kind == Kind.REFERRAL:
        lines.append(t("entry-revoke-share-ended", points=format_points(result.revocation.ended_share_units)))
    await message.answer("\n".join(lines))
    await tell_revoked(notify, result, reason)


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
    await message.answer(entries_text(t, result, clock.tz, now=clock.now()))


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
    scope = actor.coordinator_scope()
    csv_data = await rating.export_csv(db, campaign, t, scope=scope)
    xlsx_data = await rating.export_xlsx(db, campaign, t, scope=scope)
    count = csv_data.count(b"\n") - 1
    stem = f"rating-{campaign.starts_on.isoformat()}-{clock.today().isoformat()}"
    caption = t("export-caption", campaign=campaign.name, count=str(count), n=count)
    await message.answer_document(BufferedInputFile(csv_data, filename=f"{stem}.csv"), caption=caption)
    await message.answer_document(BufferedInputFile(xlsx_data, filename=f"{stem}.xlsx"))
