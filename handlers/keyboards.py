"""Keyboards shared by several features."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.i18n import Translator
from bot.runtime.context import staff_var

T = TypeVar("T")

PAGE_SIZE = 8
MENU_KEYS = ("menu-post", "menu-meetings", "menu-rating", "menu-profile", "menu-invite", "menu-help")


def main_menu(t: Translator) -> ReplyKeyboardMarkup:
    """The member's menu; an organiser's or coordinator's also opens their panel of tools."""
    rows = [MENU_KEYS[0:2], MENU_KEYS[2:4], MENU_KEYS[4:6]]
    if staff_var.get():
        rows.append(("menu-panel",))
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=t(key)) for key in row] for row in rows],
        resize_keyboard=True,
        is_persistent=True,
        input_field_placeholder=t("menu-placeholder"),
    )


def paginated(
    items: Sequence[T],
    page: int,
    *,
    button: Callable[[T], InlineKeyboardButton],
    page_data: Callable[[int], CallbackData],
    extra: Sequence[InlineKeyboardButton] = (),
    columns: int = 2,
) -> InlineKeyboardMarkup:
    """Items `PAGE_SIZE` to a page, with ◀ n/N ▶ navigation when there is more than one page."""
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    builder = InlineKeyboardBuilder()
    for item in items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        builder.add(button(item))
    builder.adjust(columns)
    if pages > 1:
        nav = [
            InlineKeyboardButton(text="◀", callback_data=page_data((page - 1) % pages).pack()),
            InlineKeyboardButton(text=f"{page + 1}/{pages}", callback_data=page_data(page).pack()),
            InlineKeyboardButton(text="▶", callback_data=page_data((page + 1) % pages).pack()),
        ]
        builder.row(*nav)
    if extra:
        builder.row(*extra)
    return builder.as_markup()


def button(text: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text[:64], callback_data=data.pack())
