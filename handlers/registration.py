"""Registration: welcome → consent → city → district → name → phone → main menu.

The step lives in the SQLite FSM storage, so a member who stops halfway (or whose
bot restarts) continues where they were with the next /start or tap.
"""

from __future__ import annotations

import logging
from datetime import datetime

from aiogram import F, Router
from aiogram.filters import CommandObject, CommandStart
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot import membership, names
from bot.i18n import I18n, Translator
from bot.membership import Registration, RegistrationRefusal
from bot.names import NameProblem
from bot.runtime.config import Settings
from bot.runtime.filters import AccessibleMessage, IsNotMember
from bot.scoring import format_points, points
from bot.tokens import Token, TokenKind, verify
from handlers.keyboards import button, main_menu, paginated
from handlers.notify import Notify
from scheduler.clock import Clock
from storage import geo
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(IsNotMember())
router.callback_query.filter(IsNotMember(), AccessibleMessage())


class Reg(StatesGroup):
    consent = State()
    city = State()
    district = State()
    name = State()
    phone = State()


class ConsentAnswer(CallbackData, prefix="rg-ok"):
    agree: bool


class CityPick(CallbackData, prefix="rg-c"):
    id: int


class CityPage(CallbackData, prefix="rg-cp"):
    page: int


class DistrictPick(CallbackData, prefix="rg-d"):
    id: int


class DistrictPage(CallbackData, prefix="rg-dp"):
    city: int
    page: int


class BackToCities(CallbackData, prefix="rg-back"):
    pass


class KeepName(CallbackData, prefix="rg-name"):
    pass


@router.message(CommandStart())
async def start(
    message: Message, command: CommandObject, state: FSMContext, db: Database, clock: Clock,
    t: Translator, settings: Settings, qr_secret: bytes,
) -> None:
    referrer_id = None
    if command.args:
        token = verify(qr_secret, command.args)
        if isinstance(token, Token) and token.kind == TokenKind.REFERRAL:
            referrer_id = token.subject_id
        elif not isinstance(token, Token):
            await message.answer(t("deeplink-invalid"))
    assert message.from_user is not None
    await membership.first_contact(
        db, tg_id=message.from_user.id, referrer_id=referrer_id, secret=qr_secret, now=clock.now()
    )
    if await state.get_state() is None:
        await state.set_state(Reg.consent)
    else:
        await message.answer(t("reg-resume"))
    await prompt(message, state, db, t, settings)


async def prompt(message: Message, state: FSMContext, db: Database, t: Translator, settings: Settings) -> None:
    """Send the question of the step the user is on."""
    current = await state.get_state()
    data = await state.get_data()
    if current == Reg.consent.state:
        await message.answer(
            t("reg-welcome", org=settings.org_name), reply_markup=_consent_keyboard(t, settings)
        )
    elif current == Reg.city.state:
        await _ask_city(message, state, db, t, edit=False)
    elif current == Reg.district.state:
        await _ask_district(message, db, t, int(data.get("city_id", 0)), 0, edit=False)
    elif current == Reg.name.state:
        await _ask_name(message, t)
    elif current == Reg.phone.state:
        await message.answer(t("reg-ask-phone"), reply_markup=_phone_keyboard(t))


def _consent_keyboard(t: Translator, settings: Settings) -> InlineKeyboardMarkup:
    rows = [
        [button(t("reg-consent-yes"), ConsentAnswer(agree=True))],
        [button(t("reg-consent-no"), ConsentAnswer(agree=False))],
    ]
    if settings.privacy_url:
        rows.append([InlineKeyboardButton(text=t("reg-privacy-link"), url=settings.privacy_url)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.callback_query(Reg.consent, ConsentAnswer.filter())
async def consent_answer(
    query: CallbackQuery, callback_data: ConsentAnswer, state: FSMContext, db: Database, clock: Clock,
    t: Translator, message: Message,
) -> None:
    await query.answer()
    if not callback_data.agree:
        await state.clear()
        await membership.forget_contact(db, query.from_user.id)
        await message.edit_text(t("reg-declined"))
        return
    await state.update_data(consent_at=clock.now().isoformat())
    await state.set_state(Reg.city)
    await message.edit_text(t("reg-consent-given"))
    await _ask_city(message, state, db, t, edit=False)


async def _ask_city(
    message: Message, state: FSMContext, db: Database, t: Translator, *, edit: bool, page: int = 0
) -> None:
    async with db.reading() as conn:
        cities = await geo.list_cities(conn)
    if not cities:
        await state.clear()
        await message.answer(t("reg-no-districts"))
        return
    if len(cities) == 1:
        # One city is no choice: go straight to its districts.
        await state.update_data(city_id=cities[0].id)
        await state.set_state(Reg.district)
        await _ask_district(message, db, t, cities[0].id, 0, edit=edit)
        return
    markup = paginated(
        cities, page, button=lambda c: button(c.name, CityPick(id=c.id)), page_data=lambda p: CityPage(page=p)
    )
    if edit:
        await message.edit_text(t("reg-ask-city"), reply_markup=markup)
    else:
        await message.answer(t("reg-ask-city"), reply_markup=markup)


async def _ask_district(message: Message, db: Database, t: Translator, city_id: int, page: int, *, edit: bool) -> None:
    async with db.reading() as conn:
        city = await geo.get_city(conn, city_id)
        districts = await geo.list_districts(conn, city_id) if city else []
        cities = await geo.list_cities(conn)
    extra = [button(t("reg-back-to-cities"), BackToCities())] if len(cities) > 1 else []
    markup = paginated(
        districts, page, button=lambda d: button(d.name, DistrictPick(id=d.id)),
        page_data=lambda p: DistrictPage(city=city_id, page=p), extra=extra, columns=1,
    )
    text = t("reg-ask-district", city=city.name if city else "—")
    if edit:
        await message.edit_text(text, reply_markup=markup)
    else:
        await message.answer(text, reply_markup=markup)


@router.callback_query(Reg.city, CityPage.filter())
async def city_page(
    query: CallbackQuery, message: Message, callback_data: CityPage, state: FSMContext, db: Database, t: Translator
) -> None:
    await query.answer()
    await _ask_city(message, state, db, t, edit=True, page=callback_data.page)


@router.callback_query(Reg.city, CityPick.filter())
async def city_pick(
    query: CallbackQuery, message: Message, callback_data: CityPick, state: FSMContext, db: Database, t: Translator
) -> None:
    async with db.reading() as conn:
        city = await geo.get_city(conn, callback_data.id)
    if city is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await state.update_data(city_id=city.id)
    await state.set_state(Reg.district)
    await _ask_district(message, db, t, city.id, 0, edit=True)


@router.callback_query(Reg.district, DistrictPage.filter())
async def district_page(
    query: CallbackQuery, message: Message, callback_data: DistrictPage, db: Database, t: Translator
) -> None:
    await query.answer()
    await _ask_district(message, db, t, callback_data.city, callback_data.page, edit=True)


@router.callback_query(Reg.district, BackToCities.filter())
async def back_to_cities(
    query: CallbackQuery, message: Message, state: FSMContext, db: Database, t: Translator
) -> None:
    await query.answer()
    await state.set_state(Reg.city)
    await _ask_city(message, state, db, t, edit=True)


@router.callback_query(Reg.district, DistrictPick.filter())
async def district_pick(
    query: CallbackQuery, message: Message, callback_data: DistrictPick, state: FSMContext, db: Database,
    t: Translator,
) -> None:
    async with db.reading() as conn:
        district = await geo.get_district(conn, callback_data.id)
    if district is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await state.update_data(district_id=district.id)
    await state.set_state(Reg.name)
    await message.edit_text(t("reg-district-chosen", district=district.name, city=district.city_name))
    await _ask_name(message, t, query.from_user.full_name)


async def _ask_name(message: Message, t: Translator, telegram_name: str | None = None) -> None:
    name = telegram_name if telegram_name is not None else (message.chat.full_name or "")
    cleaned = names.clean_display_name(name)
    markup = None
    if not isinstance(cleaned, NameProblem):
        markup = InlineKeyboardMarkup(inline_keyboard=[[button(t("reg-keep-name", name=cleaned), KeepName())]])
    await message.answer(t("reg-ask-name"), reply_markup=markup)


@router.callback_query(Reg.name, KeepName.filter())
async def keep_name(query: CallbackQuery, message: Message, state: FSMContext, t: Translator) -> None:
    cleaned = names.clean_display_name(query.from_user.full_name)
    if isinstance(cleaned, NameProblem):
        await query.answer(t(f"name-{cleaned}"), show_alert=True)
        return
    await query.answer()
    await _name_chosen(message, state, t, cleaned)


@router.message(Reg.name, F.text)
async def typed_name(message: Message, state: FSMContext, t: Translator) -> None:
    cleaned = names.clean_display_name(message.text or "")
    if isinstance(cleaned, NameProblem):
        await message.answer(t(f"name-{cleaned}"))
        return
    await _name_chosen(message, state, t, cleaned)


async def _name_chosen(message: Message, state: FSMContext, t: Translator, name: str) -> None:
    await state.update_data(name=name)
    await state.set_state(Reg.phone)
    await message.answer(t("reg-name-chosen", name=name))
    await message.answer(t("reg-ask-phone"), reply_markup=_phone_keyboard(t))


def _phone_keyboard(t: Translator) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[
            [KeyboardButton(text=t("reg-share-phone"), request_contact=True)],
            [KeyboardButton(text=t("reg-skip-phone"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


@router.message(Reg.phone, F.contact)
async def phone_shared(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, locale: str, notify: Notify,
) -> None:
    assert message.contact is not None and message.from_user is not None
    if message.contact.user_id != message.from_user.id:
        await message.answer(t("reg-phone-not-yours"), reply_markup=_phone_keyboard(t))
        return
    phone = "".join(ch for ch in message.contact.phone_number if ch.isdigit() or ch == "+")[:20]
    await _finish(message, state, db, clock, t, locale, notify, phone=phone)


@router.message(Reg.phone, F.text)
async def phone_skipped(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, i18n: I18n, locale: str,
    notify: Notify,
) -> None:
    if message.text not in i18n.all_texts("reg-skip-phone"):
        await message.answer(t("reg-phone-use-button"), reply_markup=_phone_keyboard(t))
        return
    await _finish(message, state, db, clock, t, locale, notify, phone=None)


async def _finish(
    message: Message, state: FSMContext, db: Database, clock: Clock, t: Translator, locale: str, notify: Notify,
    *, phone: str | None,
) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    if "district_id" not in data or "name" not in data or "consent_at" not in data:
        await state.set_state(Reg.consent)
        await message.answer(t("reg-resume"), reply_markup=ReplyKeyboardRemove())
        return
    result = await membership.register(
        db,
        tg_id=message.from_user.id,
        username=message.from_user.username,
        display_name=data["name"],
        phone=phone,
        locale=locale,
        district_id=int(data["district_id"]),
        consent_at=datetime.fromisoformat(str(data["consent_at"])),
        now=clock.now(),
        today=clock.today(),
    )
    if result is RegistrationRefusal.UNKNOWN_DISTRICT:
        await state.set_state(Reg.city)
        await message.answer(t("reg-district-gone"), reply_markup=ReplyKeyboardRemove())
        await _ask_city(message, state, db, t, edit=False)
        return
    await state.clear()
    if result is RegistrationRefusal.ALREADY_MEMBER:
        await message.answer(t("already-member"), reply_markup=main_menu(t))
        return
    assert isinstance(result, Registration)
    await message.answer(
        t("reg-done", name=result.member.display_name, district=result.district.name, city=result.district.city_name),
        reply_markup=main_menu(t),
    )
    if result.referral is not None:
        units = result.referral.units
        await notify(
            result.referrer, "referral-joined", name=result.member.display_name, points=format_points(units),
            n=points(units),
        )


@router.callback_query()
async def stale_callback(
    query: CallbackQuery, message: Message, state: FSMContext, db: Database, t: Translator, settings: Settings
) -> None:
    """A button from an earlier step, or from before a restart."""
    await query.answer(t("stale-button"))
    if await state.get_state() is None:
        await state.set_state(Reg.consent)
    await prompt(message, state, db, t, settings)


@router.message()
async def not_registered(message: Message, state: FSMContext, db: Database, t: Translator, settings: Settings) -> None:
    """Anything else from someone who is not a member yet: continue (or start) registration."""
    if await state.get_state() is None:
        await state.set_state(Reg.consent)
    else:
        await message.answer(t("reg-step-hint"))
    await prompt(message, state, db, t, settings)
