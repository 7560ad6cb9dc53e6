"""The Bot API over HTTP on 127.0.0.1: the methods the bot calls, long polling and webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import mimetypes
import time
from collections import Counter, deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import ClientError, ClientSession, ClientTimeout, MultipartReader, web

from tests.support.emulator.checks import (
    BOT_ID,
    CALLBACK_ANSWER_LIMIT,
    CAPTION_LIMIT,
    CHAT_ACTIONS,
    DEFAULT_DESCRIPTIONS,
    NOT_MODIFIED,
    OPT_IN_UPDATES,
    SEND_METHODS,
    TEXT_LIMIT,
    ApiError,
    check_markup,
    check_text,
    too_many_requests,
)
from tests.support.emulator.state import (
    CallbackAnswer,
    ChatLog,
    Fault,
    SentMessage,
    StoredFile,
    Upload,
    png_size,
    unique_file_id,
)
from tests.support.emulator.users import SimUser


class BotAPIEmulator:
    """The Bot API over HTTP on 127.0.0.1, with simulated users, fault injection and rate limits."""

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
        self.bot_id = int(token.split(":")[0]) if token else BOT_ID
        self.bot_username = bot_username
        self.latency = latency
        self.enforce_limits = enforce_limits
        self.global_rate = global_rate
        self.base_url = ""
        self.sent: list[SentMessage] = []
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.chat_actions: list[tuple[int, str]] = []
        self.deleted: list[tuple[int, int]] = []
        self.blocked: set[int] = set()
        self.requests: Counter[str] = Counter()
        self.count_429 = 0
        self.count_403 = 0
        self.get_updates_calls = 0
        self.allowed_updates: frozenset[str] | None = None
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_retries = 3
        self.webhook_deliveries = 0
        self.webhook_last_error: str | None = None
        self._runner: web.AppRunner | None = None
        self._closing = False
        self._updates: deque[dict[str, Any]] = deque()
        self._next_update_id = 1
        self._update_arrived = asyncio.Event()
        self._webhook_task: asyncio.Task[None] | None = None
        self._chats: dict[int, ChatLog] = {}
        self._users: dict[int, SimUser] = {}
        self._callback_owner: dict[str, int] = {}
        self._faults: list[Fault] = []
        self._window: deque[float] = deque()
        self._file_ids = itertools.count(1)
        self._paths: dict[str, str] = {}
        self._methods: dict[str, tuple[str, Callable[[dict[str, Any]], Awaitable[Any]]]] = {}
        for name in dir(self):
            if name.startswith("_m_"):
                self._methods[name[3:].lower()] = (_camel(name[3:]), getattr(self, name))

    # -- lifecycle -----------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Listen on host:port (0 picks a free port) and return the base URL for TELEGRAM_API_URL."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # Cancel handlers of clients that went away (a killed bot mid long-poll) and do not wait
        # long for stragglers on shutdown.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1]
        self.base_url = f"http://{host}:{bound}"
        return self.base_url

    async def stop(self) -> None:
        """Wake pending long polls, stop webhook delivery and close the server."""
        self._closing = True
        self._update_arrived.set()
        await self._stop_webhook()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> BotAPIEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # -- users, updates, faults ----------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str,
        *,
        username: str | None = None,
        last_name: str | None = None,
        language_code: str | None = "ru",
        phone: str | None = None,
    ) -> SimUser:
        """A person in a private chat with the bot (the same object when asked twice for one id)."""
        existing = self._users.get(user_id)
        if existing is not None:
            return existing
        user = SimUser(self, user_id, first_name, username=username, last_name=last_name,
                       language_code=language_code, phone=phone)
        self._users[user_id] = user
        return user

    @property
    def next_update_id(self) -> int:
        return self._next_update_id

    @property
    def pending_updates(self) -> int:
        """Updates not yet confirmed by getUpdates' offset (or delivered to the webhook)."""
        return len(self._updates)

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue a raw update for the bot (an update_id is assigned when missing); returns its id."""
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        self._updates.append(update)
        self._update_arrived.set()
        return int(update["update_id"])

    def fail_next(
        self,
        method: str | None = None,
        *,
        error_code: int = 429,
        retry_after: int | None = 1,
        times: int = 1,
        description: str | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` (any sending method when None) with an error.

        429 carries `parameters.retry_after`; other codes get Telegram's usual description.
        """
        if error_code == 429:
            text = description or f"Too Many Requests: retry after {retry_after or 1}"
        else:
            text = description or DEFAULT_DESCRIPTIONS.get(error_code, f"Error {error_code}")
        self._faults.append(Fault(method.lower() if method else None, error_code, text, retry_after, times))

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Every message and edit the bot sent to a chat, in order."""
        return self._chat(chat_id).messages

    def current(self, chat_id: int, message_id: int) -> SentMessage | None:
        """A bot message as it looks now, after edits; None once deleted."""
        return self._chat(chat_id).current.get(message_id)

    def callback_answers(self, user_id: int) -> list[CallbackAnswer]:
        return self._chat(user_id).callback_answers

    @property
    def unanswered_callbacks(self) -> int:
        """Callback queries the bot never answered (the user's button keeps spinning)."""
        return len(self._callback_owner)

    def new_file(self, data: bytes, *, kind: str = "documents", filename: str | None = None,
                 mime_type: str | None = None) -> str:
        """Store bytes as if uploaded to Telegram; returns the file_id."""
        number = next(self._file_ids)
        file_id = f"{kind[:-1] if kind.endswith('s') else kind}-{number}"
        suffix = ""
        if filename and "." in filename:
            suffix = "." + filename.rsplit(".", 1)[1]
        elif kind == "photos":
            suffix = ".jpg"
        self.store_file(StoredFile(file_id, data, f"{kind}/file_{number}{suffix}", filename, mime_type))
        return file_id

    def store_file(self, stored: StoredFile) -> None:
        self.files[stored.file_id] = stored
        self._paths[stored.path] = stored.file_id

    def _chat(self, chat_id: int) -> ChatLog:
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = ChatLog(chat_id)
        return chat

    # -- HTTP ----------------------------------------------------------------------------------

    def _authorised(self, token: str) -> bool:
        if self.token is not None:
            return token == self.token
        prefix, colon, rest = token.partition(":")
        return bool(colon and rest and prefix.isdigit())

    async def _handle(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        if not self._authorised(token):
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if self.token is None:
            self.bot_id = int(token.split(":")[0])
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            params = await _request_params(request)
            result = await self._dispatch(request.match_info["method"], params)
        except ApiError as error:
            return web.json_response(error.body(), status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        if not self._authorised(request.match_info["token"]):
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        if self.latency:
            await asyncio.sleep(self.latency)
        path = request.match_info["path"]
        file_id = self._paths.get(path)
        stored = self.files.get(file_id) if file_id else None
        if stored is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")

    async def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        key = method.lower()
        entry = self._methods.get(key)
        if entry is None:
            self.requests[method] += 1
            raise ApiError(404, "Not Found: method not found")
        name, handler = entry
        self.requests[name] += 1
        self._apply_faults(key)
        if key in SEND_METHODS or key == "sendchataction":
            chat_id = _chat_id(params)
            if chat_id in self.blocked:
                self.count_403 += 1
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if key in SEND_METHODS:
                self._check_limits(chat_id)
        return await handler(params)

    def _apply_faults(self, method: str) -> None:
        for fault in self._faults:
            if fault.method == method or (fault.method is None and method in SEND_METHODS):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self._faults.remove(fault)
                if fault.code == 429:
                    self.count_429 += 1
                    raise ApiError(429, fault.description, {"retry_after": fault.retry_after or 1})
                if fault.code == 403:
                    self.count_403 += 1
                raise ApiError(fault.code, fault.description)

    def _check_limits(self, chat_id: int) -> None:
        """Telegram's advice as hard limits: `global_rate` sends per second overall, one per chat."""
        if not self.enforce_limits:
            return
        now = time.monotonic()
        window = self._window
        while window and now - window[0] >= 1.0:
            window.popleft()
        chat = self._chat(chat_id)
        wait = 0.0
        if chat.last_send is not None and now - chat.last_send < 1.0:
            wait = 1.0 - (now - chat.last_send)
        if len(window) >= self.global_rate:
            wait = max(wait, 1.0 - (now - window[0]))
        if wait > 0:
            self.count_429 += 1
            raise too_many_requests(max(1, math.ceil(wait)))
        window.append(now)
        chat.last_send = now

    # -- updates -------------------------------------------------------------------------------

    def _allowed(self, update: dict[str, Any]) -> bool:
        if self.allowed_updates is None:
            return True
        kind = next((k for k in update if k != "update_id"), "")
        if not self.allowed_updates:
            return kind not in OPT_IN_UPDATES
        return kind in self.allowed_updates

    def _set_allowed_updates(self, params: dict[str, Any]) -> None:
        # Telegram keeps the previous setting when the parameter is absent.
        if "allowed_updates" in params:
            value = _json(params["allowed_updates"])
            self.allowed_updates = frozenset(value) if isinstance(value, list) else None

    def _confirm(self, offset: int) -> None:
        updates = self._updates
        if offset < 0:
            while len(updates) > -offset:
                updates.popleft()
            return
        while updates and updates[0]["update_id"] < offset:
            updates.popleft()

    def _drop_unwanted_head(self) -> None:
        updates = self._updates
        while updates and not self._allowed(updates[0]):
            updates.popleft()

    async def _m_getUpdates(self, params: dict[str, Any]) -> Any:
        self.get_updates_calls += 1
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        self._set_allowed_updates(params)
        offset = _int(params.get("offset") or 0)
        limit = min(max(_int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._confirm(offset)
        self._drop_unwanted_head()
        if not self._updates and timeout > 0 and not self._closing:
            self._update_arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._update_arrived.wait(), timeout=timeout)
            self._drop_unwanted_head()
        result: list[dict[str, Any]] = []
        for update in self._updates:
            if self._allowed(update):
                result.append(update)
                if len(result) >= limit:
                    break
        return result

    async def _m_setWebhook(self, params: dict[str, Any]) -> Any:
        url = str(params.get("url") or "")
        if not url:
            return await self._m_deleteWebhook(params)
        parts = urlsplit(url)
        # Never deliver anywhere but this machine.
        if parts.scheme not in {"http", "https"} or parts.hostname not in {"127.0.0.1", "localhost"}:
            raise ApiError(400, "Bad Request: bad webhook: the emulator delivers to 127.0.0.1 only")
        secret = params.get("secret_token")
        if secret is not None and not (1 <= len(str(secret)) <= 256):
            raise ApiError(400, "Bad Request: secret token is invalid")
        self._set_allowed_updates(params)
        if _bool(params.get("drop_pending_updates")):
            self._updates.clear()
        await self._stop_webhook()
        self.webhook_url = url
        self.webhook_secret = str(secret) if secret is not None else None
        self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> Any:
        await self._stop_webhook()
        self.webhook_url = None
        self.webhook_secret = None
        if _bool(params.get("drop_pending_updates")):
            self._updates.clear()
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> Any:
        info: dict[str, Any] = {"url": self.webhook_url or "", "has_custom_certificate": False,
                                "pending_update_count": len(self._updates)}
        if self.webhook_last_error:
            info["last_error_date"] = int(time.time())
            info["last_error_message"] = self.webhook_last_error
        if self.allowed_updates is not None:
            info["allowed_updates"] = sorted(self.allowed_updates)
        return info

    async def _stop_webhook(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _deliver_webhooks(self) -> None:
        """POST queued updates one by one; a non-200 answer is retried a few times, then dropped."""
        async with ClientSession(timeout=ClientTimeout(total=10)) as session:
            while not self._closing and self.webhook_url:
                self._drop_unwanted_head()
                if not self._updates:
                    self._update_arrived.clear()
                    await self._update_arrived.wait()
                    continue
                update = self._updates[0]
                await self._post_update(session, update)
                if self._updates and self._updates[0] is update:
                    self._updates.popleft()

    async def _post_update(self, session: ClientSession, update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook_secret} if self.webhook_secret else {}
        for attempt in range(self.webhook_retries + 1):
            if not self.webhook_url:
                return
            try:
                async with session.post(self.webhook_url, json=update, headers=headers) as response:
                    if response.status == 200:
                        self.webhook_deliveries += 1
                        self.webhook_last_error = None
                        await self._answer_in_response(response)
                        return
                    self.webhook_last_error = f"Wrong response from the webhook: {response.status} {response.reason}"
            except (ClientError, OSError, TimeoutError) as error:
                self.webhook_last_error = f"Connection failed: {type(error).__name__}"
            await asyncio.sleep(0.05 * (attempt + 1))

    async def _answer_in_response(self, response: Any) -> None:
        """aiogram may answer a webhook with a method call in the response body; Telegram runs it."""
        params: dict[str, Any] = {}
        if response.content_type == "application/json":
            body = await response.json()
            params = body if isinstance(body, dict) else {}
        elif response.content_type.startswith("multipart/"):
            reader = MultipartReader.from_response(response)
            while (part := await reader.next()) is not None:
                name = getattr(part, "name", None)
                if name is None:
                    continue
                filename = getattr(part, "filename", None)
                data = await part.read()  # type: ignore[union-attr]
                params[name] = Upload(filename, bytes(data)) if filename else bytes(data).decode()
        method = params.pop("method", None)
        if method:
            with contextlib.suppress(ApiError):
                await self._dispatch(str(method), params)

    # -- bot and commands ----------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Vverh", "username": self.bot_username}

    async def _m_getMe(self, params: dict[str, Any]) -> Any:
        return {**self._bot_user(), "can_join_groups": False, "can_read_all_group_messages": False,
                "supports_inline_queries": False, "can_connect_to_business": False, "has_main_web_app": False}

    def _commands_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = _json(params.get("scope")) or {"type": "default"}
        return json.dumps(scope, sort_keys=True, ensure_ascii=False), str(params.get("language_code") or "")

    async def _m_setMyCommands(self, params: dict[str, Any]) -> Any:
        commands = _json(params.get("commands")) or []
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        for command in commands:
            name, description = str(command.get("command", "")), str(command.get("description", ""))
            if not (1 <= len(name) <= 32) or name.lower() != name or not name.replace("_", "").isalnum():
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not (1 <= len(description) <= 256):
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = commands
        return True

    async def _m_getMyCommands(self, params: dict[str, Any]) -> Any:
        return self.commands.get(self._commands_key(params), [])

    async def _m_deleteMyCommands(self, params: dict[str, Any]) -> Any:
        self.commands.pop(self._commands_key(params), None)
        return True

    async def _m_setChatMenuButton(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        self.menu_buttons[_int(chat_id) if chat_id else None] = _json(params.get("menu_button")) or {"type": "default"}
        return True

    async def _m_getChatMenuButton(self, params: dict[str, Any]) -> Any:
        chat_id = params.get("chat_id")
        key = _int(chat_id) if chat_id else None
        return self.menu_buttons.get(key) or self.menu_buttons.get(None) or {"type": "commands"}

    async def _m_setMyDescription(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_setMyShortDescription(self, params: dict[str, Any]) -> Any:
        return True

    async def _m_getChat(self, params: dict[str, Any]) -> Any:
        chat = self._chat_json(_chat_id(params))
        return {**chat, "accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": {
            "unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False, "premium_subscription": False,
            "gifts_from_channels": False}}

    # -- sending -------------------------------------------------------------------------------

    async def _m_sendMessage(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text") or "")
        check_text(text, params.get("parse_mode"), limit=TEXT_LIMIT, caption=False)
        return self._record(params, "sendMessage", text=text)

    async def _m_sendPhoto(self, params: dict[str, Any]) -> Any:
        caption = str(params.get("caption") or "")
        check_text(caption, params.get("parse_mode"), limit=CAPTION_LIMIT, caption=True)
        upload = self._file_param(params, "photo")
        return self._record(params, "sendPhoto", text=caption, photo=upload.data)

    async def _m_sendDocument(self, params: dict[str, Any]) -> Any:
        caption = str(params.get("caption") or "")
        check_text(caption, params.get("parse_mode"), limit=CAPTION_LIMIT, caption=True)
        upload = self._file_param(params, "document")
        return self._record(params, "sendDocument", text=caption, document=upload.data, filename=upload.filename)

    async def _m_sendLocation(self, params: dict[str, Any]) -> Any:
        latitude, longitude = float(params.get("latitude") or 0), float(params.get("longitude") or 0)
        return self._record(params, "sendLocation", location=(latitude, longitude))

    async def _m_copyMessage(self, params: dict[str, Any]) -> Any:
        source = self._source_message(params)
        sent = self._record(params, "copyMessage", **source)
        return {"message_id": sent["message_id"]}

    async def _m_forwardMessage(self, params: dict[str, Any]) -> Any:
        source = self._source_message(params)
        return self._record(params, "forwardMessage", **source)

    async def _m_sendChatAction(self, params: dict[str, Any]) -> Any:
        action = str(params.get("action") or "")
        if action not in CHAT_ACTIONS:
            raise ApiError(400, "Bad Request: wrong parameter action in request")
        self.chat_actions.append((_chat_id(params), action))
        return True

    def _source_message(self, params: dict[str, Any]) -> dict[str, Any]:
        from_chat = self._chat(_int(params.get("from_chat_id")))
        message_id = _int(params.get("message_id"))
        bot_message = from_chat.current.get(message_id)
        user_message = from_chat.user_messages.get(message_id)
        fields: dict[str, Any]
        if bot_message is not None:
            fields = {"text": bot_message.text, "photo": bot_message.photo, "document": bot_message.document,
                      "filename": bot_message.filename, "location": bot_message.location}
        elif user_message is not None:
            fields = {"text": user_message.text}
            if user_message.file_id is not None:
                data = self.files[user_message.file_id].data
                if user_message.is_photo:
                    fields["photo"] = data
                else:
                    fields["document"], fields["filename"] = data, user_message.filename
        else:
            raise ApiError(400, "Bad Request: message to copy not found")
        if "caption" in params and (fields.get("photo") is not None or fields.get("document") is not None):
            fields["text"] = str(params.get("caption") or "")
        return fields

    def _file_param(self, params: dict[str, Any], name: str) -> Upload:
        value = params.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, Upload):
            return value
        if isinstance(value, str) and value in self.files:
            stored = self.files[value]
            return Upload(stored.filename or stored.path.rsplit("/", 1)[-1], stored.data)
        if not value:
            raise ApiError(400, f"Bad Request: there is no {name} in the request")
        raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    # -- editing and deleting ------------------------------------------------------------------

    async def _m_editMessageText(self, params: dict[str, Any]) -> Any:
        text = str(params.get("text") or "")
        check_text(text, params.get("parse_mode"), limit=TEXT_LIMIT, caption=False)
        return self._edit(params, text=text, caption=False)

    async def _m_editMessageCaption(self, params: dict[str, Any]) -> Any:
        caption = str(params.get("caption") or "")
        check_text(caption, params.get("parse_mode"), limit=CAPTION_LIMIT, caption=True)
        return self._edit(params, text=caption, caption=True)

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        return self._edit(params, text=None, caption=False)

    async def _m_deleteMessage(self, params: dict[str, Any]) -> Any:
        chat = self._chat(_chat_id(params))
        message_id = _int(params.get("message_id"))
        if chat.current.pop(message_id, None) is None and chat.user_messages.pop(message_id, None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        self.deleted.append((chat.chat_id, message_id))
        return True

    def _edit(self, params: dict[str, Any], *, text: str | None, caption: bool) -> Any:
        if params.get("inline_message_id"):
            raise ApiError(400, "Bad Request: MESSAGE_ID_INVALID")
        chat = self._chat(_chat_id(params))
        message_id = _int(params.get("message_id"))
        original = chat.current.get(message_id)
        if original is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if text is not None and not caption and original.is_media:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        if text is not None and caption and not original.is_media:
            raise ApiError(400, "Bad Request: there is no caption in the message to edit")
        markup = _json(params.get("reply_markup"))
        check_markup(markup)
        new_text = original.text if text is None else text
        parse_mode = original.parse_mode if text is None else params.get("parse_mode")
        # A reply keyboard belongs to the chat, not the message: only the inline keyboard can change.
        before = original.reply_markup if original.reply_markup and "inline_keyboard" in original.reply_markup else None
        if new_text == original.text and markup == before:
            raise ApiError(400, NOT_MODIFIED)
        edited = SentMessage(
            chat_id=chat.chat_id, message_id=message_id, method=_camel_edit(text, caption), text=new_text,
            reply_markup=markup, parse_mode=parse_mode, photo=original.photo, document=original.document,
            filename=original.filename, edited=True, location=original.location, params=_plain(params),
        )
        chat.current[message_id] = edited
        chat.messages.append(edited)
        self.sent.append(edited)
        chat.notify()
        return self._message_json(edited)

    # -- callbacks and files -------------------------------------------------------------------

    async def _m_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        owner = self._callback_owner.pop(str(params.get("callback_query_id")), None)
        if owner is None:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        text = str(params.get("text") or "")
        if len(text) > CALLBACK_ANSWER_LIMIT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        chat = self._chat(owner)
        url = params.get("url")
        chat.callback_answers.append(CallbackAnswer(text, _bool(params.get("show_alert")), str(url) if url else None))
        chat.notify()
        return True

    async def _m_getFile(self, params: dict[str, Any]) -> Any:
        stored = self.files.get(str(params.get("file_id")))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": unique_file_id(stored.file_id),
            "file_size": len(stored.data),
            "file_path": stored.path,
        }

    # -- JSON -------------------------------------------------------------------------------------

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": f"Group {chat_id}"}
        user = self._users.get(chat_id)
        return {"id": chat_id, "type": "private", **(user.names() if user is not None else {"first_name": "User"})}

    def _message_json(self, sent: SentMessage) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": sent.message_id,
            "date": int(time.time()),
            "chat": self._chat_json(sent.chat_id),
            "from": self._bot_user(),
        }
        if sent.edited:
            message["edit_date"] = int(time.time())
        if sent.photo is not None:
            file_id = f"sent-photo-{sent.chat_id}-{sent.message_id}"
            width, height = png_size(sent.photo)
            message["photo"] = [{"file_id": file_id, "file_unique_id": unique_file_id(file_id), "width": width,
                                 "height": height, "file_size": len(sent.photo)}]
        elif sent.document is not None:
            file_id = f"sent-document-{sent.chat_id}-{sent.message_id}"
            message["document"] = {"file_id": file_id, "file_unique_id": unique_file_id(file_id),
                                   "file_name": sent.filename or "file", "file_size": len(sent.document),
                                   "mime_type": _mime_type(sent.filename)}
        elif sent.location is not None:
            message["location"] = {"latitude": sent.location[0], "longitude": sent.location[1]}
        if sent.is_media:
            if sent.text:
                message["caption"] = sent.text
        elif sent.text:
            message["text"] = sent.text
        if sent.reply_markup and "inline_keyboard" in sent.reply_markup:
            message["reply_markup"] = {"inline_keyboard": sent.reply_markup["inline_keyboard"]}
        return message

    def _record(self, params: dict[str, Any], method: str, **fields: Any) -> dict[str, Any]:
        chat = self._chat(_chat_id(params))
        markup = _json(params.get("reply_markup"))
        check_markup(markup)
        sent = SentMessage(chat_id=chat.chat_id, message_id=next(chat.ids), method=method, reply_markup=markup,
                           parse_mode=params.get("parse_mode"), params=_plain(params), **fields)
        # Keep what the bot sent downloadable by the file_id Telegram would have returned.
        if sent.photo is not None:
            file_id = f"sent-photo-{chat.chat_id}-{sent.message_id}"
            self.store_file(StoredFile(file_id, sent.photo, f"photos/{file_id}.jpg", None, "image/png"))
        if sent.document is not None:
            file_id = f"sent-document-{chat.chat_id}-{sent.message_id}"
            self.store_file(StoredFile(file_id, sent.document, f"documents/{file_id}", sent.filename))
        if markup is not None:
            if "keyboard" in markup:
                chat.reply_keyboard = sent
            elif markup.get("remove_keyboard"):
                chat.reply_keyboard = None
        self.sent.append(sent)
        chat.messages.append(sent)
        chat.current[sent.message_id] = sent
        chat.notify()
        return self._message_json(sent)


async def _request_params(request: web.Request) -> dict[str, Any]:
    """Parameters from the query string and a JSON, urlencoded or multipart body (files as `Upload`)."""
    params: dict[str, Any] = dict(request.query)
    if request.method != "POST" or not request.can_read_body:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise ApiError(400, "Bad Request: can't parse JSON") from None
        if isinstance(body, dict):
            params.update(body)
        return params
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            params[key] = Upload(value.filename, value.file.read())
        else:
            params[key] = value
    return params


def _plain(params: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in params.items() if not isinstance(value, Upload)}


def _camel(name: str) -> str:
    return name[0].lower() + name[1:]


def _camel_edit(text: str | None, caption: bool) -> str:
    if text is None:
        return "editMessageReplyMarkup"
    return "editMessageCaption" if caption else "editMessageText"


def _mime_type(filename: str | None) -> str:
    return mimetypes.guess_type(filename or "")[0] or "application/octet-stream"





def _chat_id(params: dict[str, Any]) -> int:
    value = params.get("chat_id")
    if value is None or value == "":
        raise ApiError(400, "Bad Request: chat_id is empty")
    return _int(value, "Bad Request: chat not found")


def _int(value: Any, error: str = "Bad Request: invalid integer value") -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ApiError(400, error) from None


def _bool(value: Any) -> bool:
    return value is True or str(value).lower() in {"true", "1"}


def _json(value: Any) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, (dict, list)):
        return value
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        raise ApiError(400, "Bad Request: can't parse JSON object") from None
