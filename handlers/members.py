"""A registered member's own things: /start and the menu, profile basics, district change, erasure.

/me itself lives in handlers/points.py: the profile with points, rank and these buttons.
"""

from __future__ import annotations

from enum import StrEnum

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove

from bot import membership, names
from bot.i18n import Translator
from bot.membership import MoveRefusal
from bot.model import Member
from bot.roles import Actor
from bot.runtime.filters import AccessibleMessage, IsMember, MenuButton
from handlers.common import help_text
from handlers.keyboards import button, main_menu, paginated
from handlers.profiles import ProfileAction as ProfileButtonAction
from handlers.profiles import ProfileButton
from scheduler.clock import Clock
from storage import geo
from storage.db import Database

router = Router(name=__name__)
router.message.filter(IsMember())
router.callback_query.filter(IsMember(), AccessibleMessage())


class MoveCity(CallbackData, prefix="mv-c"):
    id: int
    page: int = 0


class MoveCities(CallbackData, prefix="mv-cp"):
    page: int


class MoveTo(CallbackData, prefix="mv-d"):
    id: int


class MoveConfirm(CallbackData, prefix="mv-ok"):
    id: int


class EraseAnswer(CallbackData, prefix="erase"):
    confirm: bool


class ProfileChoice(StrEnum):
    rename = "rename"
    move = "move"


class ProfileAction(CallbackData, prefix="prof"):
    action: ProfileChoice


class Rename(StatesGroup):
    name = State()


@router.message(CommandStart())
async def start_member(message: Message, t: Translator, member: Member, state: FSMContext) -> None:
    await state.clear()
    await message.answer(t("welcome-back", name=member.display_name), reply_markup=main_menu(t))


@router.message(MenuButton("menu-help"))
async def menu_help(message: Message, t: Translator, actor: Actor) -> None:
    await message.answer(help_text(t, actor), reply_markup=main_menu(t))


async def profile_basics(db: Database, member: Member, t: Translator) -> str:
    async with db.reading() as conn:
        district = await geo.get_district(conn, member.district_id)
    return t(
        "profile-basics",
        name=member.display_name,
        district=district.name if district else "—",
        city=district.city_name if district else "—",
        phone=member.phone or t("profile-no-phone"),
    )


def profile_keyboard(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [button(t("profile-rename"), ProfileAction(action=ProfileChoice.rename))],
            [button(t("profile-move"), ProfileAction(action=ProfileChoice.move))],
            [button(t("profiles-open"), ProfileButton(action=ProfileButtonAction.show))],
        ]
    )


@router.callback_query(ProfileAction.filter(F.action == ProfileChoice.rename))
async def rename_start(query: CallbackQuery, message: Message, state: FSMContext, t: Translator) -> None:
    await query.answer()
    await state.set_state(Rename.name)
    await message.answer(t("rename-ask"))


@router.message(Rename.name, F.text)
async def rename_typed(message: Message, state: FSMContext, db: Database, t: Translator, member: Member) -> None:
    cleaned = names.clean_display_name(message.text or "")
    if isinstance(cleaned, names.NameProblem):
        await message.answer(t(f"name-{cleaned}"))
        return
    await membership.rename(db, member_id=member.id, display_name=cleaned)
    await state.clear()
    await message.answer(t("rename-done", name=cleaned), reply_markup=main_menu(t))


@router.callback_query(ProfileAction.filter(F.action == ProfileChoice.move))
async def move_start(
    query: CallbackQuery, message: Message, db: Database, clock: Clock, t: Translator, member: Member
) -> None:
    if not await membership.self_move_available(db, member, clock.today()):
        await query.answer(t("move-refused-already_moved"), show_alert=True)
        return
    await query.answer()
    await _show_move_cities(message, db, t, 0, edit=False)


async def _show_move_cities(message: Message, db: Database, t: Translator, page: int, *, edit: bool) -> None:
    async with db.reading() as conn:
        cities = await geo.list_cities(conn)
    markup = paginated(
        cities, page, button=lambda c: button(c.name, MoveCity(id=c.id)), page_data=lambda p: MoveCities(page=p)
    )
    if edit:
        await message.edit_text(t("move-ask-city"), reply_markup=markup)
    else:
        await message.answer(t("move-ask-city"), reply_markup=markup)


@router.callback_query(MoveCities.filter())
async def move_cities_page(
    query: CallbackQuery, message: Message, callback_data: MoveCities, db: Database, t: Translator
) -> None:
    await query.answer()
    await _show_move_cities(message, db, t, callback_data.page, edit=True)


@router.callback_query(MoveCity.filter())
async def move_city(
    query: CallbackQuery, message: Message, callback_data: MoveCity, db: Database, t: Translator
) -> None:
    async with db.reading() as conn:
        city = await geo.get_city(conn, callback_data.id)
        districts = await geo.list_districts(conn, callback_data.id) if city else []
    if city is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    markup = paginated(
        districts, callback_data.page, button=lambda d: button(d.name, MoveTo(id=d.id)),
        page_data=lambda p: MoveCity(id=city.id, page=p), columns=1,
    )
    await message.edit_text(t("move-ask-district", city=city.name), reply_markup=markup)


@router.callback_query(MoveTo.filter())
async def move_pick(query: CallbackQuery, message: Message, callback_data: MoveTo, db: Database, t: Translator) -> None:
    async with db.reading() as conn:
        district = await geo.get_district(conn, callback_data.id)
    if district is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[button(t("move-confirm"), MoveConfirm(id=district.id))]]
    )
    await message.edit_text(
        t("move-confirm-text", district=district.name, city=district.city_name), reply_markup=markup
    )


@router.callback_query(MoveConfirm.filter())
async def move_confirm(
    query: CallbackQuery, message: Message, callback_data: MoveConfirm, db: Database, clock: Clock, t: Translator,
    member: Member, actor: Actor,
) -> None:
    result = await membership.change_district(
        db, actor=actor, member_id=member.id, district_id=callback_data.id, self_service=True,
        now=clock.now(), today=clock.today(),
    )
    if isinstance(result, MoveRefusal):
        await query.answer(t(f"move-refused-{result}"), show_alert=True)
        return
    await query.answer()
    await message.edit_text(t("move-done", district=result.name, city=result.city_name))


@router.message(Command("delete_me"))
async def delete_me(message: Message, t: Translator) -> None:
    markup = InlineKeyboardMarkup(
        inline_keyboard=[
            [button(t("erase-yes"), EraseAnswer(confirm=True))],
            [button(t("erase-no"), EraseAnswer(confirm=False))],
        ]
    )
    await message.answer(t("erase-ask"), reply_markup=markup)


@router.callback_query(EraseAnswer.filter())
async def delete_me_answer(
    query: CallbackQuery, message: Message, callback_data: EraseAnswer, db: Database, clock: Clock, t: Translator,
    member: Member, qr_secret: bytes, state: FSMContext,
) -> None:
    await query.answer()
    if not callback_data.confirm:
        await message.edit_text(t("erase-kept"))
        return
    await state.clear()
    await membership.erase(db, member=member, secret=qr_secret, now=clock.now())
    await message.edit_text(t("erase-done"))
    await message.answer(t("erase-goodbye"), reply_markup=ReplyKeyboardRemove())
