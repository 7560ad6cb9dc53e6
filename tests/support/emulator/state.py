"""What the emulator remembers: messages the bot sent, callback answers, files, chats and queued faults."""

from __future__ import annotations

import asyncio
import itertools
import struct
import time
from dataclasses import dataclass, field
from typing import Any


@dataclass
class SentMessage:
    """One message the bot sent, or one edit of it (`edited=True`), as the chat saw it."""

    chat_id: int
    message_id: int
    method: str
    text: str = ""  # the caption for photos and documents
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    at: float = field(default_factory=time.monotonic)
    edited: bool = False
    location: tuple[float, float] | None = None
    params: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def caption(self) -> str:
        return self.text if self.photo is not None or self.document is not None else ""

    @property
    def is_media(self) -> bool:
        return self.photo is not None or self.document is not None

    def inline_buttons(self) -> list[dict[str, Any]]:
        """Inline keyboard buttons as sent, row by row flattened."""
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def reply_buttons(self) -> list[dict[str, Any]]:
        """Reply keyboard buttons as dicts (a plain string button becomes {"text": ...})."""
        markup = self.reply_markup or {}
        return [
            button if isinstance(button, dict) else {"text": str(button)}
            for row in markup.get("keyboard", []) for button in row
        ]


def inline_buttons(message: SentMessage) -> list[str]:
    """Texts of a message's inline buttons."""
    return [str(button.get("text", "")) for button in message.inline_buttons()]


def reply_buttons(message: SentMessage) -> list[str]:
    """Texts of a message's reply keyboard buttons."""
    return [str(button.get("text", "")) for button in message.reply_buttons()]


@dataclass(frozen=True)
class CallbackAnswer:
    """What the bot said in answerCallbackQuery."""

    text: str
    show_alert: bool
    url: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class StoredFile:
    """A file anyone uploaded; getFile and the download URL serve it."""

    file_id: str
    data: bytes
    path: str
    filename: str | None = None
    mime_type: str | None = None


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass
class Fault:
    method: str | None
    code: int
    description: str
    retry_after: int | None
    remaining: int


@dataclass(slots=True)
class UserMessage:
    """What is kept of a simulated user's message: enough to copy, forward, edit or delete it."""

    date: int
    text: str
    file_id: str | None = None
    filename: str | None = None
    is_photo: bool = False


@dataclass
class ChatLog:
    """Everything the emulator knows about one chat."""

    chat_id: int
    messages: list[SentMessage] = field(default_factory=list)
    current: dict[int, SentMessage] = field(default_factory=dict)  # message_id -> latest version, in send order
    user_messages: dict[int, UserMessage] = field(default_factory=dict)
    callback_answers: list[CallbackAnswer] = field(default_factory=list)
    reply_keyboard: SentMessage | None = None
    last_send: float | None = None
    waiters: set[asyncio.Event] = field(default_factory=set)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def notify(self) -> None:
        for waiter in self.waiters:
            waiter.set()


def unique_file_id(file_id: str) -> str:
    return "u" + file_id.replace("-", "")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def png_size(data: bytes) -> tuple[int, int]:
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    return 512, 512
