"""A Bot whose session records every request and answers it in-process (aiogram's tests/mocked_bot.py style).

Queue a real exception (TelegramRetryAfter, TelegramForbiddenError) to make the next
request fail the way Telegram would.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from collections.abc import AsyncGenerator
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.enums import ParseMode
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, File, Message, User

BOT_USER = User(id=42, is_bot=True, first_name="Vverh", username="vverh_test_bot")


class RecordingSession(BaseSession):
    def __init__(self, *, keep: bool = True) -> None:
        super().__init__()
        self.keep = keep
        self.requests: list[TelegramMethod[Any]] = []
        self.responses: deque[Any] = deque()
        self.files: dict[str, bytes] = {}
        self._message_ids = itertools.count(1000)

    def add_file(self, file_id: str, data: bytes) -> None:
        """Content the bot gets when it downloads the file with this id (unknown ids download as empty)."""
        self.files[file_id] = data

    def queue(self, response: Any) -> None:
        """The next request gets this result, or raises it when it is an exception."""
        self.responses.append(response)

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None  # noqa: ASYNC109 - aiogram's
    ) -> TelegramType:
        if self.keep:
            self.requests.append(method)
        if self.responses:
            response = self.responses.popleft()
            if isinstance(response, Exception):
                raise response
            return response  # type: ignore[no-any-return]
        return self._default(method)  # type: ignore[no-any-return]

    def _default(self, method: TelegramMethod[Any]) -> Any:
        name = type(method).__name__
        if name == "GetMe":
            return BOT_USER
        if name == "GetFile":
            file_id = str(getattr(method, "file_id", ""))
            return File(file_id=file_id, file_unique_id=file_id, file_path=f"files/{file_id}",
                        file_size=len(self.files.get(file_id, b"")))
        chat_id = getattr(method, "chat_id", None)
        if name.startswith(("Send", "Edit", "Copy", "Forward")) and chat_id is not None:
            return Message(
                message_id=next(self._message_ids),
                date=int(time.time()),
                chat=Chat(id=int(chat_id), type="private"),
                from_user=BOT_USER,
                text=getattr(method, "text", None) or getattr(method, "caption", None),
            )
        if name.startswith("Edit"):
            return True
        return True

    async def close(self) -> None:
        return None

    async def stream_content(
        self, url: str, headers: dict[str, Any] | None = None, timeout: int = 30, chunk_size: int = 65536,  # noqa: ASYNC109
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield self.files.get(url.rsplit("/files/", 1)[-1], b"")

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            str(getattr(m, "text", None) or getattr(m, "caption", ""))
            for m in self.requests
            if hasattr(m, "chat_id") and (chat_id is None or m.chat_id == chat_id)
            and (getattr(m, "text", None) or getattr(m, "caption", None))
        ]


class MockedBot(Bot):
    session: RecordingSession

    def __init__(self, *, keep: bool = True) -> None:
        super().__init__(
            "42:TEST-mocked-token-for-in-process-tests",
            session=RecordingSession(keep=keep),
            default=DefaultBotProperties(parse_mode=ParseMode.HTML),
        )
        self._me = BOT_USER
