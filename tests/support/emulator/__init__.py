"""A local Telegram Bot API emulator for end-to-end tests and benchmarks (aiohttp, 127.0.0.1 only).

The real bot reaches it through `TELEGRAM_API_URL` (`TelegramAPIServer.from_base`); simulated
users (`SimUser`) send messages, press the buttons the bot actually sent and read its answers.
It refuses what Telegram refuses where that is cheap to check (text length, callback data size,
HTML entities, identical edits), can enforce Telegram's send rate limits and can inject errors.

Bookkeeping is indexed by chat so that benchmarks pushing hundreds of thousands of updates or
tens of thousands of messages through it never pay for a scan over the whole history.

The package: `state` (what it remembers), `checks` (what it refuses, as Telegram would),
`http` (the Bot API over HTTP: methods, long polling, webhook delivery), `users` (SimUser).
"""

from tests.support.emulator.checks import ApiError, check_html, parse_html
from tests.support.emulator.http import BotAPIEmulator
from tests.support.emulator.state import CallbackAnswer, SentMessage, StoredFile, inline_buttons, reply_buttons
from tests.support.emulator.users import SimUser

__all__ = [
    "ApiError",
    "BotAPIEmulator",
    "CallbackAnswer",
    "SentMessage",
    "SimUser",
    "StoredFile",
    "check_html",
    "inline_buttons",
    "parse_html",
    "reply_buttons",
]
