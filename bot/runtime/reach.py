"""Reaching Telegram at start: one clear line when it refuses the token, patient retries when it is away."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiogram import Bot
from aiogram.exceptions import (
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)

from bot.runtime.config import ConfigError, Settings

log = logging.getLogger("vverh")

TELEGRAM = "https://api.telegram.org"
FIRST_DELAY = 1.0
MAX_DELAY = 60.0


class TokenRefused(ConfigError):
    """Telegram answered, and said the token is wrong: retrying will not help (exit status 2)."""


def api_address(settings: Settings) -> str:
    return settings.telegram_api_url or TELEGRAM


async def wait_for_telegram(
    bot: Bot, settings: Settings, *, sleep: Callable[[float], Awaitable[object]] = asyncio.sleep
) -> None:
    """Ask Telegram who we are until it answers; back off while it cannot be reached.

    A refused token raises TokenRefused at once. A network failure or a server error is
    logged as one line each time, and tried again after 1, 2, 4 … up to 60 seconds.
    """
    address = api_address(settings)
    delay = FIRST_DELAY
    while True:
        try:
            await bot.get_me()
            return
        except (TelegramUnauthorizedError, TelegramNotFound):
            raise TokenRefused(
                f"Telegram at {address} refused the bot token: check BOT_TOKEN (the token @BotFather gave)"
                + ("" if settings.telegram_api_url is None else " and TELEGRAM_API_URL")
            ) from None
        except TelegramRetryAfter as error:
            wait = float(error.retry_after)
            log.warning("Telegram at %s asks to wait %.0f s before the next request; waiting", address, wait)
            await sleep(wait)
            continue
        except (TimeoutError, TelegramNetworkError, TelegramServerError, OSError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            log.warning(
                "cannot reach Telegram at %s (%s): check the network, a proxy or TELEGRAM_API_URL; "
                "retrying in %.0f s", address, reason, delay,
            )
        await sleep(delay)
        delay = min(delay * 2, MAX_DELAY)
