"""Simulated Telegram users: they send messages, press the buttons the bot sent and read its answers."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tests.support.emulator.state import (
    CallbackAnswer,
    SentMessage,
    UserMessage,
    inline_buttons,
    png_size,
    reply_buttons,
    unique_file_id,
    utf16_len,
)

if TYPE_CHECKING:
    from tests.support.emulator.http import BotAPIEmulator


class SimUser:
    """A person in a private chat with the bot: acts through updates, reads what the bot sent."""

    def __init__(self, emulator: BotAPIEmulator, user_id: int, first_name: str, *, username: str | None = None,
                 last_name: str | None = None, language_code: str | None = "ru", phone: str | None = None) -> None:
        self.emulator = emulator
        self.id = user_id
        self.first_name = first_name
        self.username = username
        self.last_name = last_name
        self.language_code = language_code
        self.phone = phone or f"+7900{user_id % 10**7:07d}"
        self._chat = emulator._chat(user_id)  # noqa: SLF001
        self._read = 0
        self._answers_read = 0
        self._queries = itertools.count(1)

    # -- what the user sees --------------------------------------------------------------------

    @property
    def messages(self) -> list[SentMessage]:
        """Every message and edit the bot sent to this user."""
        return self._chat.messages

    @property
    def last(self) -> SentMessage:
        if not self._chat.messages:
            raise AssertionError(f"user {self.id} has no messages from the bot")
        return self._chat.messages[-1]

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        return self._chat.callback_answers

    @property
    def visible_messages(self) -> list[SentMessage]:
        """The chat as it looks now: the latest version of every message not deleted."""
        return list(self._chat.current.values())

    async def _wait(self, ready: Callable[[], bool], seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        waiter = asyncio.Event()
        self._chat.waiters.add(waiter)
        try:
            while not ready():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                waiter.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(waiter.wait(), timeout=remaining)
            return True
        finally:
            self._chat.waiters.discard(waiter)

    # `timeout=` is the tests' vocabulary; asyncio.timeout() around every call would only add noise.
    async def wait_message(self, contains: str | None = None, timeout: float = 10.0) -> SentMessage:  # noqa: ASYNC109
        """The next bot message or edit not read yet; with `contains`, the first whose text has it.

        Messages passed over on the way are marked read too.
        """
        found: list[SentMessage] = []

        def ready() -> bool:
            messages = self._chat.messages
            while self._read < len(messages):
                message = messages[self._read]
                self._read += 1
                if contains is None or contains in message.text:
                    found.append(message)
                    return True
            return False

        if await self._wait(ready, timeout):
            return found[0]
        seen = "\n---\n".join(f"[{m.method}] {m.text}" for m in self._chat.messages[-5:]) or "(none)"
        wanted = "message" if contains is None else f"message containing {contains!r}"
        raise AssertionError(f"user {self.id} got no {wanted} within {timeout} s; last messages:\n{seen}")

    async def wait_callback_answer(self, timeout: float = 10.0) -> CallbackAnswer:  # noqa: ASYNC109
        """The next answerCallbackQuery the bot gave this user."""
        answers = self._chat.callback_answers
        if not await self._wait(lambda: self._answers_read < len(answers), timeout):
            raise AssertionError(f"user {self.id} got no callback answer within {timeout} s")
        self._answers_read += 1
        return answers[self._answers_read - 1]

    async def expect_silence(self, seconds: float = 0.5) -> None:
        """Assert the bot sends nothing more for a while."""
        count = len(self._chat.messages)
        await asyncio.sleep(seconds)
        extra = self._chat.messages[count:]
        assert not extra, f"unexpected messages to user {self.id}: {[m.text for m in extra]}"

    # -- what the user does --------------------------------------------------------------------

    def names(self) -> dict[str, Any]:
        """The first name, and the last name and username where set: what a User and a private Chat share."""
        names: dict[str, Any] = {"first_name": self.first_name}
        if self.last_name:
            names["last_name"] = self.last_name
        if self.username:
            names["username"] = self.username
        return names

    def sender(self) -> dict[str, Any]:
        """The `from` object of this user's updates."""
        user: dict[str, Any] = {"id": self.id, "is_bot": False, **self.names()}
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def _private_chat(self) -> dict[str, Any]:
        return self.emulator._chat_json(self.id)  # noqa: SLF001

    def _push_message(self, **fields: Any) -> int:
        message_id, date = next(self._chat.ids), int(time.time())
        message = {"message_id": message_id, "date": date, "chat": self._private_chat(), "from": self.sender(),
                   **fields}
        kept = UserMessage(date, str(fields.get("text") or fields.get("caption") or ""))
        if "document" in fields:
            kept.file_id, kept.filename = fields["document"]["file_id"], fields["document"]["file_name"]
        elif "photo" in fields:
            kept.file_id, kept.is_photo = fields["photo"][-1]["file_id"], True
        self._chat.user_messages[message_id] = kept
        self.emulator.push_update({"message": message})
        return message_id

    async def send(self, text: str) -> int:
        """Type a message; a leading /command gets its bot_command entity. Returns the message_id."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/") and len(text) > 1:
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        return self._push_message(**fields)

    async def send_contact(self, phone: str | None = None, *, user_id: int | None = None,
                           first_name: str | None = None) -> int:
        """Share a contact: by default one's own, as the request_contact button does."""
        contact = {"phone_number": phone or self.phone, "first_name": first_name or self.first_name,
                   "user_id": self.id if user_id is None else user_id}
        return self._push_message(contact=contact)

    async def send_location(self, latitude: float, longitude: float) -> int:
        return self._push_message(location={"latitude": latitude, "longitude": longitude})

    async def send_document(self, data: bytes, filename: str, mime_type: str = "text/csv",
                            caption: str | None = None) -> int:
        """Upload a file; the bot can getFile and download it."""
        file_id = self.emulator.new_file(data, kind="documents", filename=filename, mime_type=mime_type)
        document = {"file_id": file_id, "file_unique_id": unique_file_id(file_id), "file_name": filename,
                    "mime_type": mime_type, "file_size": len(data)}
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        return self._push_message(**fields)

    async def send_photo(self, data: bytes, caption: str | None = None) -> int:
        file_id = self.emulator.new_file(data, kind="photos", mime_type="image/jpeg")
        width, height = png_size(data)
        fields: dict[str, Any] = {"photo": [{"file_id": file_id, "file_unique_id": unique_file_id(file_id),
                                             "width": width, "height": height, "file_size": len(data)}]}
        if caption:
            fields["caption"] = caption
        return self._push_message(**fields)

    async def edit(self, message_id: int, text: str) -> int:
        """Edit one of one's own messages (an edited_message update)."""
        original = self._chat.user_messages.get(message_id)
        if original is None:
            original = self._chat.user_messages[message_id] = UserMessage(int(time.time()), text)
        original.text = text
        message = {
            "message_id": message_id,
            "date": original.date,
            "edit_date": int(time.time()),
            "chat": self._private_chat(),
            "from": self.sender(),
            "text": text,
        }
        return self.emulator.push_update({"edited_message": message})

    def _find_button(self, text: str) -> tuple[SentMessage, dict[str, Any]]:
        shown = list(reversed(self._chat.current.values()))
        for matches in (lambda label: label == text, lambda label: text in label):
            for message in shown:
                for button in message.inline_buttons():
                    if matches(str(button.get("text", ""))):
                        return message, button
        available = [f"{m.message_id}: {inline_buttons(m)}" for m in shown if m.inline_buttons()]
        raise AssertionError(f"user {self.id}: no inline button {text!r}; buttons on screen: {available or 'none'}")

    async def press(self, text: str) -> int:
        """Press the inline button labelled `text` (exactly, else containing it) on the newest message having it."""
        message, button = self._find_button(text)
        if "callback_data" not in button:
            raise AssertionError(f"button {button.get('text')!r} is not a callback button: {button}")
        return await self.press_data(str(button["callback_data"]), message)

    async def press_data(self, data: str, message: SentMessage | None = None) -> int:
        """Send a callback query with any data: forged, stale or from a deleted message."""
        query_id = f"{self.id}-{next(self._queries)}"
        self.emulator._callback_owner[query_id] = self.id  # noqa: SLF001
        if message is None and self._chat.current:
            message = next(reversed(self._chat.current.values()))
        query: dict[str, Any] = {"id": query_id, "from": self.sender(), "chat_instance": f"ci{self.id}", "data": data}
        if message is not None:
            query["message"] = self.emulator._message_json(message)  # noqa: SLF001
        return self.emulator.push_update({"callback_query": query})

    async def press_reply(self, text: str) -> int:
        """Press a button of the reply keyboard the bot shows now (a contact button shares one's own phone)."""
        keyboard = self._chat.reply_keyboard
        if keyboard is None:
            raise AssertionError(f"user {self.id} has no reply keyboard on screen")
        for button in keyboard.reply_buttons():
            if button.get("text") == text:
                if button.get("request_contact"):
                    return await self.send_contact()
                if button.get("request_location"):
                    raise AssertionError(f"{text!r} asks for a location: use send_location()")
                return await self.send(text)
        raise AssertionError(f"no reply button {text!r}; available: {reply_buttons(keyboard)}")

    async def block_bot(self) -> int:
        """Block the bot: a my_chat_member update, then every send to this chat answers 403."""
        self.emulator.blocked.add(self.id)
        return self._chat_member("member", "kicked")

    async def unblock_bot(self) -> int:
        self.emulator.blocked.discard(self.id)
        return self._chat_member("kicked", "member")

    def _chat_member(self, old: str, new: str) -> int:
        bot = self.emulator._bot_user()  # noqa: SLF001
        members = []
        for status in (old, new):
            member: dict[str, Any] = {"status": status, "user": bot}
            if status == "kicked":
                member["until_date"] = 0
            members.append(member)
        return self.emulator.push_update({
            "my_chat_member": {
                "chat": self._private_chat(),
                "from": self.sender(),
                "date": int(time.time()),
                "old_chat_member": members[0],
                "new_chat_member": members[1],
            }
        })
