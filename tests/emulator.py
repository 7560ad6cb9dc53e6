"""A local Telegram Bot API emulator for end-to-end tests and benchmarks (aiohttp, 127.0.0.1 only).

The real bot talks to it through `TELEGRAM_API_URL`; simulated users (`SimUser`) send
messages, press the buttons the bot actually sent and read its answers. It enforces the
limits that matter (message length, callback data size, HTML entities, rate limits when
asked) and can inject 429 and 403 answers.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
                "span", "blockquote", "tg-emoji"}
SEND_METHODS = {"sendmessage", "sendphoto", "senddocument", "copymessage", "forwardmessage", "sendlocation"}
BOT_ID = 123456789


class ApiError(Exception):
    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


@dataclass
class SentMessage:
    """A message the bot sent (or edited) in a chat."""

    chat_id: int
    message_id: int
    method: str
    text: str = ""
    reply_markup: dict[str, Any] | None = None
    parse_mode: str | None = None
    photo: bytes | None = None
    document: bytes | None = None
    filename: str | None = None
    at: float = field(default_factory=time.monotonic)
    edited: bool = False

    def inline_buttons(self) -> list[dict[str, Any]]:
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def reply_buttons(self) -> list[dict[str, Any]]:
        markup = self.reply_markup or {}
        return [
            button if isinstance(button, dict) else {"text": button}
            for row in markup.get("keyboard", []) for button in row
        ]


def inline_buttons(message: SentMessage) -> list[str]:
    return [button["text"] for button in message.inline_buttons()]


def reply_buttons(message: SentMessage) -> list[str]:
    return [button["text"] for button in message.reply_buttons()]


class _EntityChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.error: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.error = self.error or f"Unsupported start tag \"{tag}\""
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.error = self.error or f"Unexpected end tag \"{tag}\""
            return
        self.stack.pop()


def check_html(text: str) -> str | None:
    """Telegram refuses messages whose HTML it cannot parse; so do we."""
    if "<" not in text:
        return None
    checker = _EntityChecker()
    checker.feed(text)
    checker.close()
    if checker.error is None and checker.stack:
        checker.error = f"Can't find end tag corresponding to start tag \"{checker.stack[-1]}\""
    return checker.error


class BotAPIEmulator:
    """Bot API over HTTP on 127.0.0.1, with simulated users."""

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_username: str = "vverh_test_bot",
        latency: float = 0.0,
        enforce_limits: bool = False,
        global_rate: int = 30,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.latency = latency
        self.enforce_limits = enforce_limits
        self.global_rate = global_rate
        self.base_url = ""
        self._runner: web.AppRunner | None = None
        self._updates: deque[dict[str, Any]] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids: defaultdict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._new_update = asyncio.Event()
        self.sent: list[SentMessage] = []
        self.by_chat: defaultdict[int, list[SentMessage]] = defaultdict(list)
        self._message_index: dict[tuple[int, int], SentMessage] = {}
        self.callback_answers: defaultdict[int, list[dict[str, Any]]] = defaultdict(list)
        self._callback_owner: dict[str, int] = {}
        self.files: dict[str, bytes] = {}
        self._file_ids = itertools.count(1)
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.blocked: set[int] = set()
        self._failures: deque[tuple[str | None, int, str, int | None]] = deque()
        self._window: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}
        self.count_429 = 0
        self.count_403 = 0
        self.get_updates_calls = 0
        self.requests: defaultdict[str, int] = defaultdict(int)
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._users: dict[int, SimUser] = {}
        self._waiters: defaultdict[int, asyncio.Event] = defaultdict(asyncio.Event)

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server  # noqa: SLF001 - the bound port when port=0
        assert server is not None
        bound = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://{host}:{bound}"
        return self.base_url

    async def stop(self) -> None:
        if self._webhook_task is not None:
            self._webhook_task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotAPIEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- users and updates ---------------------------------------------------------------------

    def user(
        self, user_id: int, first_name: str, *, username: str | None = None, last_name: str | None = None,
        language_code: str = "ru",
    ) -> SimUser:
        user = SimUser(self, user_id, first_name, username=username, last_name=last_name, language_code=language_code)
        self._users[user_id] = user
        return user

    def push_update(self, update: dict[str, Any]) -> int:
        update.setdefault("update_id", next(self._update_ids))
        self._updates.append(update)
        self._new_update.set()
        if self.webhook_url and (self._webhook_task is None or self._webhook_task.done()):
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return int(update["update_id"])

    def fail_next(self, method: str | None = None, *, error_code: int = 429, retry_after: int | None = 1,
                  times: int = 1, description: str | None = None) -> None:
        """Answer the next `times` calls of `method` (any send method when None) with an error."""
        text = description or (
            f"Too Many Requests: retry after {retry_after}" if error_code == 429 else "Forbidden: bot was blocked by the user"
        )
        for _ in range(times):
            self._failures.append((method.lower() if method else None, error_code, text, retry_after))

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        return self.by_chat[chat_id]

    # -- HTTP ----------------------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            params.update(await request.json())
            return params
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                params[key] = (value.filename, value.file.read())
            else:
                params[key] = value
        # aiogram uploads files as separate parts and names them in the field: "attach://<part>".
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                params[key] = params.get(value.removeprefix("attach://"), value)
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if (self.token is not None and token != self.token) or ":" not in token or not token.split(":")[0].isdigit():
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"].lower()
        self.requests[method] += 1
        if self.latency:
            await asyncio.sleep(self.latency)
        params = await self._params(request)
        try:
            result = await self._dispatch(method, params)
        except ApiError as error:
            body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
            if error.parameters:
                body["parameters"] = error.parameters
            return web.json_response(body, status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["path"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data)

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        if method in SEND_METHODS:
            self._check_failures(method)
            chat_id = _int(params.get("chat_id"))
            if chat_id in self.blocked:
                self.count_403 += 1
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            self._check_limits(chat_id)
        return await handler(params)

    def _check_failures(self, method: str) -> None:
        if not self._failures:
            return
        target, code, text, retry_after = self._failures[0]
        if target is not None and target != method:
            return
        self._failures.popleft()
        if code == 429:
            self.count_429 += 1
            raise ApiError(429, text, {"retry_after": retry_after or 1})
        if code == 403:
            self.count_403 += 1
        raise ApiError(code, text)

    def _check_limits(self, chat_id: int) -> None:
        if not self.enforce_limits:
            return
        now = time.monotonic()
        while self._window and now - self._window[0] >= 1.0:
            self._window.popleft()
        last = self._last_to_chat.get(chat_id)
        if len(self._window) >= self.global_rate or (last is not None and now - last < 1.0):
            self.count_429 += 1
            raise ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1})
        self._window.append(now)
        self._last_to_chat[chat_id] = now

    # -- methods -------------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Vverh", "username": self.bot_username,
                "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getme(self, params: dict[str, Any]) -> Any:
        return self._bot_user()

    async def _m_getupdates(self, params: dict[str, Any]) -> Any:
        self.get_updates_calls += 1
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = _int(params.get("offset", 0))
        limit = _int(params.get("limit", 100)) or 100
        timeout = float(params.get("timeout", 0) or 0)
        while self._updates and offset and self._updates[0]["update_id"] < offset:
            self._updates.popleft()
        if not self._updates and timeout > 0:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout=min(timeout, 1.0))
            except TimeoutError:
                pass
        return list(itertools.islice(self._updates, 0, limit))

    async def _m_deletewebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = None
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._updates.clear()
        return True

    async def _m_setwebhook(self, params: dict[str, Any]) -> Any:
        self.webhook_url = str(params["url"])
        self.webhook_secret = params.get("secret_token")
        if self._updates:
            self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return True

    async def _m_getwebhookinfo(self, params: dict[str, Any]) -> Any:
        return {"url": self.webhook_url or "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    async def _deliver_webhooks(self) -> None:
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:
            while self._updates and self.webhook_url:
                update = self._updates[0]
                headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret} if self.webhook_secret else {}
                for attempt in range(5):
                    try:
                        async with session.post(self.webhook_url, json=update, headers=headers) as response:
                            if response.status == 200:
                                break
                    except OSError:
                        pass
                    await asyncio.sleep(0.2 * (attempt + 1))
                if self._updates and self._updates[0] is update:
                    self._updates.popleft()

    async def _m_setmycommands(self, params: dict[str, Any]) -> Any:
        commands = _json(params.get("commands")) or []
        scope = _json(params.get("scope")) or {"type": "default"}
        key = (json.dumps(scope, sort_keys=True), str(params.get("language_code") or ""))
        self.commands[key] = commands
        return True

    async def _m_getmycommands(self, params: dict[str, Any]) -> Any:
        scope = _json(params.get("scope")) or {"type": "default"}
        return self.commands.get((json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")), [])

    async def _m_deletemycommands(self, params: dict[str, Any]) -> Any:
        scope = _json(params.get("scope")) or {"type": "default"}
        self.commands.pop((json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")), None)
        return True

    async def _m_setchatmenubutton(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_sendchataction(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_getchat(self, params: dict[str, Any]) -> Any:
        chat_id = _int(params.get("chat_id"))
        user = self._users.get(chat_id)
        return {"id": chat_id, "type": "private", "first_name": user.first_name if user else "User",
                "accent_color_id": 0, "max_reaction_count": 0}

    async def _m_sendmessage(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text", ""))
        self._check_text(text, params.get("parse_mode"), limit=4096, empty="Bad Request: message text is empty")
        return self._record(params, "sendMessage", text=text)

    async def _m_sendphoto(self, params: dict[str, Any]) -> Any:
        caption = str(params.get("caption", "") or "")
        self._check_text(caption, params.get("parse_mode"), limit=1024, empty=None)
        photo = params.get("photo")
        data = photo[1] if isinstance(photo, tuple) else self.files.get(str(photo), b"")
        return self._record(params, "sendPhoto", text=caption, photo=data)

    async def _m_senddocument(self, params: dict[str, Any]) -> Any:
        caption = str(params.get("caption", "") or "")
        self._check_text(caption, params.get("parse_mode"), limit=1024, empty=None)
        document = params.get("document")
        filename, data = document if isinstance(document, tuple) else ("file", self.files.get(str(document), b""))
        return self._record(params, "sendDocument", text=caption, document=data, filename=filename)

    async def _m_sendlocation(self, params: dict[str, Any]) -> Any:
        return self._record(params, "sendLocation", text="")

    async def _m_copymessage(self, params: dict[str, Any]) -> Any:
        sent = self._record(params, "copyMessage", text="")
        return {"message_id": sent["message_id"]}

    async def _m_editmessagetext(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text", ""))
        self._check_text(text, params.get("parse_mode"), limit=4096, empty="Bad Request: message text is empty")
        return self._edit(params, text=text)

    async def _m_editmessagecaption(self, params: dict[str, Any]) -> Any:
        caption = str(params.get("caption", "") or "")
        self._check_text(caption, params.get("parse_mode"), limit=1024, empty=None)
        return self._edit(params, text=caption)

    async def _m_editmessagereplymarkup(self, params: dict[str, Any]) -> Any:
        return self._edit(params, text=None)

    async def _m_deletemessage(self, params: dict[str, Any]) -> Any:
        key = (_int(params.get("chat_id")), _int(params.get("message_id")))
        if key not in self._message_index:
            raise ApiError(400, "Bad Request: message to delete not found")
        del self._message_index[key]
        return True

    async def _m_answercallbackquery(self, params: dict[str, Any]) -> Any:
        query_id = str(params.get("callback_query_id"))
        owner = self._callback_owner.pop(query_id, None)
        if owner is None:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        text = str(params.get("text", "") or "")
        if len(text) > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[owner].append({"text": text, "show_alert": str(params.get("show_alert", "")).lower() == "true"})
        self._waiters[owner].set()
        return True

    async def _m_getfile(self, params: dict[str, Any]) -> Any:
        file_id = str(params.get("file_id"))
        if file_id not in self.files:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": file_id, "file_size": len(self.files[file_id]), "file_path": file_id}

    # -- helpers -------------------------------------------------------------------------------

    def _check_text(self, text: str, parse_mode: Any, *, limit: int, empty: str | None) -> None:
        if not text.strip() and empty is not None:
            raise ApiError(400, empty)
        if len(text) > limit:
            raise ApiError(400, "Bad Request: message is too long" if limit == 4096 else "Bad Request: message caption is too long")
        if str(parse_mode or "").upper() == "HTML":
            error = check_html(text)
            if error:
                raise ApiError(400, f"Bad Request: can't parse entities: {error}")

    def _check_markup(self, markup: dict[str, Any] | None) -> None:
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(str(data).encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not str(button.get("text", "")).strip():
                    raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")

    def _message_json(self, sent: SentMessage) -> dict[str, Any]:
        user = self._users.get(sent.chat_id)
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": {"id": sent.chat_id, "type": "private", "first_name": user.first_name if user else "User"},
            "from": self._bot_user(),
        }
        if sent.photo is not None:
            message["photo"] = [{"file_id": f"photo-{sent.chat_id}-{sent.message_id}", "file_unique_id": f"p{sent.message_id}",
                                 "width": 600, "height": 600}]
            if sent.text:
                message["caption"] = sent.text
        elif sent.document is not None:
            message["document"] = {"file_id": f"doc-{sent.chat_id}-{sent.message_id}", "file_unique_id": f"d{sent.message_id}",
                                   "file_name": sent.filename or "file"}
            if sent.text:
                message["caption"] = sent.text
        elif sent.text:
            message["text"] = sent.text
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = sent.reply_markup
        return message

    def _record(self, params: dict[str, Any], method: str, **fields: Any) -> dict[str, Any]:
        chat_id = _int(params.get("chat_id"))
        markup = _json(params.get("reply_markup"))
        self._check_markup(markup)
        sent = SentMessage(
            chat_id=chat_id, message_id=next(self._message_ids[chat_id]), method=method, reply_markup=markup,
            parse_mode=params.get("parse_mode"), **fields,
        )
        if sent.photo is not None:
            self.files[f"photo-{chat_id}-{sent.message_id}"] = sent.photo
        if sent.document is not None:
            self.files[f"doc-{chat_id}-{sent.message_id}"] = sent.document
        self.sent.append(sent)
        self.by_chat[chat_id].append(sent)
        self._message_index[(chat_id, sent.message_id)] = sent
        self._waiters[chat_id].set()
        return self._message_json(sent)

    def _edit(self, params: dict[str, Any], *, text: str | None) -> Any:
        chat_id = _int(params.get("chat_id"))
        key = (chat_id, _int(params.get("message_id")))
        original = self._message_index.get(key)
        if original is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = _json(params.get("reply_markup"))
        self._check_markup(markup)
        new_text = original.text if text is None else text
        if new_text == original.text and markup == original.reply_markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content and reply markup "
                                "are exactly the same as a current content and reply markup of the message")
        edited = SentMessage(
            chat_id=chat_id, message_id=original.message_id, method="edit", text=new_text, reply_markup=markup,
            parse_mode=params.get("parse_mode"), photo=original.photo, document=original.document,
            filename=original.filename, edited=True,
        )
        self._message_index[key] = edited
        self.sent.append(edited)
        self.by_chat[chat_id].append(edited)
        self._waiters[chat_id].set()
        return self._message_json(edited)

    def current(self, chat_id: int, message_id: int) -> SentMessage | None:
        """A message as it looks now, after edits."""
        return self._message_index.get((chat_id, message_id))

    def new_file(self, data: bytes) -> str:
        file_id = f"upload-{next(self._file_ids)}"
        self.files[file_id] = data
        return file_id


class SimUser:
    """A person in a private chat with the bot."""

    def __init__(self, emulator: BotAPIEmulator, user_id: int, first_name: str, *, username: str | None,
                 last_name: str | None, language_code: str) -> None:
        self.emulator = emulator
        self.id = user_id
        self.first_name = first_name
        self.username = username
        self.last_name = last_name
        self.language_code = language_code
        self._read = 0
        self._answers_read = 0
        self._message_ids = itertools.count(1)

    # -- what the user sees --------------------------------------------------------------------

    @property
    def messages(self) -> list[SentMessage]:
        return self.emulator.messages_to(self.id)

    @property
    def last(self) -> SentMessage:
        return self.messages[-1]

    async def wait_message(self, contains: str | None = None, timeout: float = 10.0) -> SentMessage:
        """The next bot message (new or edited) not read yet; with `contains`, the first that has it."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages
            while self._read < len(messages):
                message = messages[self._read]
                self._read += 1
                if contains is None or contains in message.text:
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = "\n---\n".join(m.text for m in messages[-5:])
                raise AssertionError(f"user {self.id} got no message containing {contains!r}; last messages:\n{seen}")
            waiter = self.emulator._waiters[self.id]  # noqa: SLF001
            waiter.clear()
            try:
                await asyncio.wait_for(waiter.wait(), timeout=min(remaining, 0.5))
            except TimeoutError:
                pass

    async def wait_callback_answer(self, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            answers = self.emulator.callback_answers[self.id]
            if self._answers_read < len(answers):
                self._answers_read += 1
                return answers[self._answers_read - 1]
            if time.monotonic() > deadline:
                raise AssertionError(f"user {self.id} got no callback answer")
            await asyncio.sleep(0.02)

    async def expect_silence(self, seconds: float = 0.5) -> None:
        """Assert the bot sends nothing more for a while."""
        count = len(self.messages)
        await asyncio.sleep(seconds)
        extra = self.messages[count:]
        assert not extra, f"unexpected messages: {[m.text for m in extra]}"

    # -- what the user does --------------------------------------------------------------------

    def _from(self) -> dict[str, Any]:
        user: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name,
                                "language_code": self.language_code}
        if self.username:
            user["username"] = self.username
        if self.last_name:
            user["last_name"] = self.last_name
        return user

    def _message(self, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": 1_000_000 + next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
            "from": self._from(),
            **fields,
        }

    async def send(self, text: str) -> int:
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.emulator.push_update({"message": self._message(**fields)})

    async def send_contact(self, phone: str, *, user_id: int | None = None, first_name: str | None = None) -> int:
        contact = {"phone_number": phone, "first_name": first_name or self.first_name,
                   "user_id": self.id if user_id is None else user_id}
        return self.emulator.push_update({"message": self._message(contact=contact)})

    async def send_location(self, latitude: float, longitude: float) -> int:
        return self.emulator.push_update({"message": self._message(location={"latitude": latitude, "longitude": longitude})})

    async def send_document(self, data: bytes, filename: str, mime_type: str = "text/csv", caption: str | None = None) -> int:
        file_id = self.emulator.new_file(data)
        document = {"file_id": file_id, "file_unique_id": file_id, "file_name": filename, "mime_type": mime_type,
                    "file_size": len(data)}
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        return self.emulator.push_update({"message": self._message(**fields)})

    async def send_photo(self, data: bytes, caption: str | None = None) -> int:
        file_id = self.emulator.new_file(data)
        fields: dict[str, Any] = {"photo": [{"file_id": file_id, "file_unique_id": file_id, "width": 100, "height": 100}]}
        if caption:
            fields["caption"] = caption
        return self.emulator.push_update({"message": self._message(**fields)})

    async def edit(self, message_id: int, text: str) -> int:
        message = self._message(text=text)
        message["message_id"] = message_id
        message["edit_date"] = int(time.time())
        return self.emulator.push_update({"edited_message": message})

    def _find_button(self, text: str) -> tuple[SentMessage, dict[str, Any]]:
        available: list[str] = []
        for message in reversed(self.messages):
            current = self.emulator.current(message.chat_id, message.message_id) or message
            buttons = current.inline_buttons()
            for exact in (True, False):
                for button in buttons:
                    if (button["text"] == text) if exact else (text in button["text"]):
                        return current, button
            available.extend(b["text"] for b in buttons)
        raise AssertionError(f"user {self.id}: no inline button {text!r}; available: {available}")

    async def press(self, text: str) -> int:
        """Press an inline button on the newest bot message that has it."""
        message, button = self._find_button(text)
        if "callback_data" not in button:
            raise AssertionError(f"button {text!r} is not a callback button: {button}")
        return self.press_data(button["callback_data"], message)

    def press_data(self, data: str, message: SentMessage | None = None) -> int:
        """Send a callback query with any data (forged or stale buttons)."""
        query_id = f"{self.id}-{next(self._message_ids)}"
        self.emulator._callback_owner[query_id] = self.id  # noqa: SLF001
        target = message or (self.messages[-1] if self.messages else None)
        query: dict[str, Any] = {"id": query_id, "from": self._from(), "chat_instance": str(self.id), "data": data}
        if target is not None:
            query["message"] = self.emulator._message_json(target)  # noqa: SLF001
        return self.emulator.push_update({"callback_query": query})

    async def press_reply(self, text: str) -> int:
        """Press a button of the newest reply keyboard the bot sent."""
        for message in reversed(self.messages):
            buttons = message.reply_buttons()
            if buttons:
                for button in buttons:
                    if button["text"] == text:
                        if button.get("request_contact"):
                            return await self.send_contact(f"+7900{self.id:07d}"[:16])
                        if button.get("request_location"):
                            raise AssertionError("use send_location() for a location button")
                        return await self.send(text)
                raise AssertionError(f"no reply button {text!r}; available: {[b['text'] for b in buttons]}")
        raise AssertionError(f"user {self.id} has no reply keyboard")

    async def block_bot(self) -> int:
        self.emulator.blocked.add(self.id)
        return self._chat_member("member", "kicked")

    async def unblock_bot(self) -> int:
        self.emulator.blocked.discard(self.id)
        return self._chat_member("kicked", "member")

    def _chat_member(self, old: str, new: str) -> int:
        bot = self.emulator._bot_user()  # noqa: SLF001
        old_member: dict[str, Any] = {"status": old, "user": bot}
        new_member: dict[str, Any] = {"status": new, "user": bot}
        if new == "kicked":
            new_member["until_date"] = 0
        if old == "kicked":
            old_member["until_date"] = 0
        return self.emulator.push_update({
            "my_chat_member": {
                "chat": {"id": self.id, "type": "private", "first_name": self.first_name},
                "from": self._from(),
                "date": int(time.time()),
                "old_chat_member": old_member,
                "new_chat_member": new_member,
            }
        })


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, "Bad Request: chat not found") from None


def _json(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        raise ApiError(400, "Bad Request: can't parse JSON") from None
