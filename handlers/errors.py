"""The one error handler: log with context, apologise briefly in the user's language."""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.types import ErrorEvent

from bot.i18n import I18n

log = logging.getLogger("vverh.errors")

router = Router(name=__name__)


@router.errors()
async def on_error(event: ErrorEvent, i18n: I18n, bot: Bot) -> bool:
    update = event.update
    if isinstance(event.exception, TelegramForbiddenError):
        # The user blocked the bot while we were answering: nothing to apologise for, or to.
        log.info("update %s: the user blocked the bot", update.update_id)
        return True
    log.error(
        "update %s (%s) failed: %r", update.update_id, update.event_type, event.exception, exc_info=event.exception
    )
    user = None
    chat_id = None
    if update.message is not None:
        user, chat_id = update.message.from_user, update.message.chat.id
    elif update.callback_query is not None:
        user = update.callback_query.from_user
        message = update.callback_query.message
        chat_id = message.chat.id if message is not None else user.id
    if user is None or chat_id is None:
        return True
    t = i18n.get(i18n.pick_locale(user.language_code))
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t("error-apology"), show_alert=True)
        else:
            await bot.send_message(chat_id, t("error-apology"))
    except TelegramAPIError:
        log.warning("could not apologise to %s", chat_id)
    except Exception:  # noqa: BLE001 - the apology must never raise from the error handler
        log.exception("apology failed")
    return True
