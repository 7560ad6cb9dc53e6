"""What the emulator refuses the way Telegram does: limits, HTML entities, keyboards; and the error answer."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

BOT_ID = 123456789
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
CALLBACK_ANSWER_LIMIT = 200
ALLOWED_TAGS = frozenset({
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler", "span",
    "blockquote", "tg-emoji",
})
# Methods that post a message: the only ones rate limits, blocked chats and `fail_next(None)` apply to.
SEND_METHODS = frozenset({"sendmessage", "sendphoto", "senddocument", "copymessage", "forwardmessage", "sendlocation"})
CHAT_ACTIONS = frozenset({
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
    "choose_sticker", "find_location", "record_video_note", "upload_video_note",
})
INLINE_ACTIONS = frozenset({
    "callback_data", "url", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
})
# Update types Telegram leaves out when a bot asks for "all" (an empty allowed_updates list).
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
}
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)


class ApiError(Exception):
    """An error answer, shaped like Telegram's."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def too_many_requests(retry_after: int) -> ApiError:
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})


class EntityChecker(HTMLParser):
    """Telegram's HTML subset: known tags, properly nested, no bare '<'; collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.error: str | None = None
        self.visible: list[str] = []

    def _fail(self, error: str) -> None:
        self.error = self.error or error

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self._fail(f'Unsupported start tag "{tag}"')
        elif tag == "a" and not dict(attrs).get("href"):
            self._fail('Can\'t find "href" attribute of the "a" tag')
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._fail(f'Unsupported start tag "{tag}/"')

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self._fail(f'Unexpected end tag "{tag}"')
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:
            self._fail("Unsupported start tag")
        self.visible.append(data)

    def handle_entityref(self, name: str) -> None:
        self.visible.append("x")

    def handle_charref(self, name: str) -> None:
        self.visible.append("x")


def parse_html(text: str) -> tuple[str | None, str]:
    """(Telegram's complaint or None, the visible text with entities as one character each)."""
    checker = EntityChecker()
    checker.feed(text)
    checker.close()
    if checker.rawdata:  # an unterminated "<tag" at the very end
        checker._fail("Unclosed start tag")  # noqa: SLF001
    if checker.error is None and checker.stack:
        checker.error = f'Can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    return checker.error, "".join(checker.visible)


def check_html(text: str) -> str | None:
    """Telegram refuses messages whose HTML it cannot parse; this says why, or None."""
    return parse_html(text)[0]


def check_text(text: str, parse_mode: Any, *, limit: int, caption: bool) -> None:
    visible = text
    if str(parse_mode or "").upper() == "HTML":
        error, visible = parse_html(text)
        if error:
            raise ApiError(400, f"Bad Request: can't parse entities: {error}")
    if len(visible) > limit:
        raise ApiError(400, "Bad Request: message caption is too long" if caption else
                       "Bad Request: message is too long")
    if not caption and not visible.strip():
        raise ApiError(400, "Bad Request: message text is empty")

def check_markup(markup: Any) -> None:
    if markup is None:
        return
    if not isinstance(markup, dict):
        raise ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if not str(button.get("text", "")).strip():
                raise ApiError(400, "Bad Request: BUTTON_TEXT_INVALID")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            if not INLINE_ACTIONS & button.keys():
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
    for row in markup.get("keyboard", []):
        for button in row:
            if not str(button.get("text", "") if isinstance(button, dict) else button).strip():
                raise ApiError(400, "Bad Request: keyboard button text is empty")
