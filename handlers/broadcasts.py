"""Mass sending: announcements, the rating broadcast and digest on demand, my_chat_member."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatMemberStatus, ChatType
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, ChatMemberUpdated, InlineKeyboardMarkup, Message

from bot import broadcasts, digest
from bot.broadcasts import MAX_CAPTION, MAX_TEXT, AnnounceRefusal, RatingRefusal
from bot.digest import DigestRefusal
from bot.i18n import I18n, Translator
from bot.roles import Actor, Role
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.scopes import Scope, ScopeKind
from handlers.keyboards import button, paginated
from scheduler.clock import Clock
from scheduler.jobs import Jobs
from scheduler.outbox import OutboxSender
from storage import geo
from storage import scopes as scope_store
from storage.db import Database

# Every command and button lives in one of two sub-routers whose router-level filters demand the
# role; the parent itself handles only my_chat_member, which any user's client sends.
router = Router(name=__name__)

admin = Router(name=__name__ + ".admin")
admin.message.filter(HasRole(Role.ADMIN))
admin.callback_query.filter(HasRole(Role.ADMIN))

coordinator = Router(name=__name__ + ".coordinator")
coordinator.message.filter(HasRole(Role.COORDINATOR))
coordinator.callback_query.filter(HasRole(Role.COORDINATOR), AccessibleMessage())

router.include_routers(admin, coordinator)

NOT_A_COMMAND = F.func(lambda message: not (message.text or "").startswith("/"))


class Announce(StatesGroup):
    compose = State()
    scope = State()
    confirm = State()


class Audience(StrEnum):
    MINE = "mine"            # every district the coordinator coordinates
    CITY = "city"
    DISTRICT = "district"


class AnnounceScope(CallbackData, prefix="an-s"):
    kind: Audience
    id: int = 0              # the city's or district's id


class AnnounceCities(CallbackData, prefix="an-cp"):
    page: int


class AnnounceCity(CallbackData, prefix="an-c"):
    id: int
    page: int = 0


class AnnounceSend(CallbackData, prefix="an-ok"):
    send: bool


# -- members who block or unblock the bot ---------------------------------------------------------

@router.my_chat_member(F.chat.type == ChatType.PRIVATE)
async def reachability_changed(event: ChatMemberUpdated, db: Database) -> None:
    status = event.new_chat_member.status
    if status == ChatMemberStatus.KICKED:
        await broadcasts.set_reachable(db, tg_id=event.chat.id, reachable=False)
    elif status == ChatMemberStatus.MEMBER:
        await broadcasts.set_reachable(db, tg_id=event.chat.id, reachable=True)


# -- scheduled work, now --------------------------------------------------------------------------

@admin.message(Command("broadcast_rating"))
async def broadcast_rating_now(message: Message, jobs: Jobs, actor: Actor, t: Translator) -> None:
    result = await jobs.daily_rating(initiator_tg_id=actor.tg_id)
    if isinstance(result, RatingRefusal):
        await message.answer(t(f"daily-refused-{result}"))
        return
    await message.answer(t("daily-queued", count=str(result.recipients)))


@coordinator.message(Command("digest"))
async def digest_now(
    message: Message, db: Database, i18n: I18n, clock: Clock, actor: Actor, locale: str, t: Translator
) -> None:
    result = await digest.digest_now(
        db, i18n, locale=locale, scope=actor.coordinator_scope(), now=clock.now(), today=clock.today(), tz=clock.tz
    )
    if isinstance(result, DigestRefusal):
        await message.answer(t(f"digest-refused-{result}"))
        return
    text, png = result
    await message.answer(text)
    await message.answer_photo(BufferedInputFile(png, filename="digest.png"), caption=t("digest-chart-caption"))


# -- announcements: compose → preview → scope → confirm → outbox -------------------------------

@coordinator.message(Command("announce"))
async def announce_start(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(Announce.compose)
    await message.answer(t("announce-compose"))


@coordinator.message(Announce.compose, F.photo)
async def announce_photo(message: Message, state: FSMContext, db: Database, actor: Actor, t: Translator) -> None:
    assert message.photo
    caption = message.html_text if message.caption else ""
    if len(caption) > MAX_CAPTION:
        await message.answer(t("announce-caption-too-long", limit=str(MAX_CAPTION)))
        return
    await state.update_data(text=caption, photo=message.photo[-1].file_id)
    await _preview(message, state, db, actor, t, text=caption, photo=message.photo[-1].file_id)


@coordinator.message(Announce.compose, F.text, NOT_A_COMMAND)
async def announce_text(message: Message, state: FSMContext, db: Database, actor: Actor, t: Translator) -> None:
    text = message.html_text
    if len(text) > MAX_TEXT:
        await message.answer(t("announce-too-long", limit=str(MAX_TEXT)))
        return
    await state.update_data(text=text, photo=None)
    await _preview(message, state, db, actor, t, text=text, photo=None)


@coordinator.message(Announce.compose)
async def announce_not_text(message: Message, t: Translator) -> None:
    await message.answer(t("announce-need-text"))


async def _preview(
    message: Message, state: FSMContext, db: Database, actor: Actor, t: Translator, *, text: str, photo: str | None
) -> None:
    await message.answer(t("announce-preview"))
    if photo:
        await message.answer_photo(photo, caption=text or None)
    else:
        await message.answer(text)
    await state.set_state(Announce.scope)
    await message.answer(t("announce-pick-scope"), reply_markup=await _cities_keyboard(db, actor, t, 0))


async def _cities_keyboard(db: Database, actor: Actor, t: Translator, page: int) -> InlineKeyboardMarkup:
    async with db.reading() as conn:
        districts = await scope_store.districts(conn, actor.coordinator_scope())
    cities = sorted({(d.city_name, d.city_id) for d in districts})
    return paginated(
        cities,
        page,
        button=lambda city: button(city[0], AnnounceCity(id=city[1], page=page)),
        page_data=lambda p: AnnounceCities(page=p),
        extra=[button(t("announce-scope-mine"), AnnounceScope(kind=Audience.MINE))],
    )


@coordinator.callback_query(Announce.scope, AnnounceCities.filter())
async def announce_cities(
    query: CallbackQuery, message: Message, callback_data: AnnounceCities, db: Database, actor: Actor, t: Translator
) -> None:
    await query.answer()
    markup = await _cities_keyboard(db, actor, t, callback_data.page)
    await message.edit_text(t("announce-pick-scope"), reply_markup=markup)


@coordinator.callback_query(Announce.scope, AnnounceCity.filter())
async def announce_city(
    query: CallbackQuery, message: Message, callback_data: AnnounceCity, db: Database, actor: Actor, t: Translator
) -> None:
    async with db.reading() as conn:
        districts = await scope_store.districts(conn, actor.coordinator_scope())
    districts = [d for d in districts if d.city_id == callback_data.id]
    if not districts:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    extra = [button(t("announce-back"), AnnounceCities(page=callback_data.page))]
    if actor.manages_scope(ScopeKind.CITY, callback_data.id):
        whole_city = t("announce-scope-city", city=districts[0].city_name)
        extra.insert(0, button(whole_city, AnnounceScope(kind=Audience.CITY, id=callback_data.id)))
    markup = paginated(
        districts, 0, button=lambda d: button(d.name, AnnounceScope(kind=Audience.DISTRICT, id=d.id)),
        page_data=lambda p: AnnounceCity(id=callback_data.id, page=callback_data.page), extra=extra, columns=1,
    )
    await message.edit_text(t("announce-pick-district", city=districts[0].city_name), reply_markup=markup)


async def _resolve_scope(
    db: Database, actor: Actor, t: Translator, kind: str, scope_id: int
) -> tuple[Scope, str] | None:
    """The scope a button names and its label, when the actor may address it; None when they may not."""
    own = actor.coordinator_scope()
    async with db.reading() as conn:
        if kind == Audience.MINE:
            return own, await digest.scope_label(conn, t, own)
        if kind == ScopeKind.CITY and own.includes(ScopeKind.CITY, scope_id):
            city = await geo.get_city(conn, scope_id)
            if city is None:
                return None
            return Scope.named(ScopeKind.CITY, city.id), city.name
        if kind == ScopeKind.DISTRICT:
            district = await geo.get_district(conn, scope_id)
            if district is None or not own.covers(district):
                return None
            label = t("announce-district-label", district=district.name, city=district.city_name)
            return Scope.named(ScopeKind.DISTRICT, district.id), label
    return None


@coordinator.callback_query(Announce.scope, AnnounceScope.filter())
async def announce_scope(
    query: CallbackQuery, message: Message, callback_data: AnnounceScope, state: FSMContext, db: Database, actor: Actor,
    t: Translator,
) -> None:
    resolved = await _resolve_scope(db, actor, t, callback_data.kind, callback_data.id)
    if resolved is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    scope, label = resolved
    count = await broadcasts.count_recipients(db, scope)
    if count == 0:
        await query.answer(t("announce-nobody", scope=label), show_alert=True)
        return
    await query.answer()
    await state.update_data(scope_kind=callback_data.kind, scope_id=callback_data.id)
    await state.set_state(Announce.confirm)
    markup = InlineKeyboardMarkup(inline_keyboard=[
        [button(t("announce-send"), AnnounceSend(send=True))],
        [button(t("announce-cancel"), AnnounceSend(send=False))],
    ])
    await message.edit_text(t("announce-confirm", scope=label, count=str(count)), reply_markup=markup)


@coordinator.callback_query(Announce.confirm, AnnounceSend.filter())
async def announce_send(
    query: CallbackQuery, message: Message, callback_data: AnnounceSend, state: FSMContext, db: Database, clock: Clock,
    actor: Actor, outbox: OutboxSender, t: Translator,
) -> None:
    data: dict[str, Any] = await state.get_data()
    if not callback_data.send:
        await state.clear()
        await query.answer()
        await message.edit_text(t("announce-cancelled"))
        return
    resolved = await _resolve_scope(db, actor, t, str(data.get("scope_kind")), int(data.get("scope_id", 0)))
    if resolved is None or "text" not in data:
        await state.clear()
        await query.answer(t("stale-button"), show_alert=True)
        return
    await state.clear()
    await query.answer()
    scope, label = resolved
    queued = await broadcasts.queue_announcement(
        db, actor=actor, scope=scope, text=str(data["text"]), photo=data.get("photo"), now=clock.now(),
    )
    if isinstance(queued, AnnounceRefusal):
        await message.edit_text(t("announce-refused-not_in_scope"))
        return
    outbox.wake()
    await message.edit_text(t("announce-queued", scope=label, count=str(queued.recipients)))
