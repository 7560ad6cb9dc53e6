"""Leaving any dialog: /cancel, the typed words «отмена», «стоп», «назад», and the inline «Отмена» button.

One router, tried before every dialog's own handlers, so no dialog can take these words
as its input (an announcement once went out reading «Отмена»).
"""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Command, Filter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyKeyboardRemove

from bot.i18n import I18n, Translator
from bot.model import MemberStatus
from bot.roles import Actor
from bot.runtime.filters import AccessibleMessage
from bot.typed import fold
from handlers.keyboards import button, main_menu

router = Router(name=__name__)
router.callback_query.filter(AccessibleMessage())


class CancelDialog(CallbackData, prefix="cancel"):
    pass


def cancel_button(t: Translator) -> InlineKeyboardButton:
    """The inline «Отмена» every long dialog carries."""
    return button(t("dialog-cancel"), CancelDialog())


def cancel_markup(t: Translator) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[cancel_button(t)]])


_OWN_EXITS: set[str] = set()


def own_exits(*groups: type[StatesGroup]) -> None:
    """Dialogs whose own handlers answer «отмена», «стоп», «назад» at every step (surveys: «назад» is
    one question back and «стоп» is "finish later"), so the words are theirs rather than a plain cancel."""
    _OWN_EXITS.update(f"{group.__name__}:" for group in groups)


class CancelWord(Filter):
    """A typed «отмена», «стоп», «назад» (any language's words) while a dialog is open."""

    async def __call__(self, message: Message, i18n: I18n, raw_state: str | None = None, **_: Any) -> bool:
        if raw_state is None or not message.text or len(message.text) > 40:
            return False
        if any(raw_state.startswith(prefix) for prefix in _OWN_EXITS):
            return False
        return fold(message.text) in _words(i18n)


_WORDS: dict[int, frozenset[str]] = {}


def _words(i18n: I18n) -> frozenset[str]:
    known = _WORDS.get(id(i18n))
    if known is None:
        known = frozenset(
            fold(word) for text in i18n.all_texts("cancel-words") for word in text.split(",") if word.strip()
        ) | frozenset(fold(text) for text in i18n.all_texts("dialog-cancel"))
        _WORDS[id(i18n)] = known
    return known


async def _cancelled(message: Message, state: FSMContext, t: Translator, actor: Actor | None) -> None:
    current = await state.get_state()
    await state.clear()
    is_member = actor is not None and actor.member is not None and actor.member.status != MemberStatus.DELETED
    markup = main_menu(t) if is_member else ReplyKeyboardRemove()
    if current is None:
        await message.answer(t("nothing-to-cancel"), reply_markup=markup)
    else:
        await message.answer(t("cancelled") if is_member else t("cancelled-registration"), reply_markup=markup)


@router.message(Command("cancel"))
@router.message(CancelWord())
async def cancel(message: Message, state: FSMContext, t: Translator, actor: Actor | None = None) -> None:
    await _cancelled(message, state, t, actor)


@router.callback_query(CancelDialog.filter())
async def cancel_pressed(
    query: CallbackQuery, message: Message, state: FSMContext, t: Translator, actor: Actor | None = None
) -> None:
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _cancelled(message, state, t, actor)
