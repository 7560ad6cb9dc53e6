"""Hypothesis feeds updates of every kind through the real dispatcher and SQLite.

Every update must be answered or ignored without an unhandled exception (no error
record in the log: the error handler logs "update … failed" for each), every button
press must be answered so no button keeps spinning, and the ledger's totals must
still match its entries afterwards.

New features are covered without touching this file: callback data is generated for
every `CallbackData` class found in `handlers/`, commands come from
`bot.runtime.commands.COMMANDS`, button texts from the locales, deep links for every
`TokenKind`. The world (members, roles, meetings, dialogs half done, erased members)
carries over from one batch to the next, so later batches reach deeper states.
"""

from __future__ import annotations

import asyncio
import enum
import importlib
import itertools
import logging
import pkgutil
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import AnswerCallbackQuery
from aiogram.types import Update
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import handlers
from bot import administration, meetings, membership, tokens
from bot.i18n import I18n
from bot.meetings import Position
from bot.model import GrantedRole, Meeting, Member, ModerationMode, ScopeKind
from bot.runtime.app import App, build_app
from bot.runtime.commands import COMMANDS
from bot.runtime.config import Settings
from scheduler.clock import FrozenClock
from storage import ledger as ledger_store
from storage import members as member_store
from tests.conftest import DISTRICTS_CSV
from tests.support.factories import NewMember, grant
from tests.support.session import BOT_USER, MockedBot

BATCH = 50          # updates per example, fed at once
EXAMPLES = int(__import__("os").environ.get("FUZZ_EXAMPLES", "200"))  # 10,000 updates in all

ADMIN, COORDINATOR, ORGANISER = 1, 10, 20
MEMBERS = tuple(range(100, 160))  # many: some erase themselves during the run
ERASED = 40
NEWCOMERS = tuple(range(50, 60))
KNOWN_USERS = (ADMIN, COORDINATOR, ORGANISER, *MEMBERS, ERASED, *NEWCOMERS)
PLACE = Position(55.0302, 82.9204)

# -- the world the updates arrive in -------------------------------------------------------------


class ErrorRecords(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class World:
    loop: asyncio.AbstractEventLoop
    app: App
    errors: ErrorRecords
    fed: int = 0
    kinds: dict[str, int] = field(default_factory=dict)

    def feed(self, batch: list[Update]) -> None:
        session = self.app.bot.session  # type: ignore[attr-defined]
        session.requests.clear()
        self.errors.records.clear()
        outcomes = self.loop.run_until_complete(self._feed_at_once(batch))
        self.fed += len(batch)
        for update in batch:
            self.kinds[update.event_type] = self.kinds.get(update.event_type, 0) + 1
        raised = [(u, o) for u, o in zip(batch, outcomes, strict=True) if isinstance(o, BaseException)]
        assert raised == [], f"updates raised out of the dispatcher: {raised[:3]}"
        assert self.errors.records == [], "\n\n".join(
            logging.Formatter().format(r) for r in self.errors.records[:3]
        )
        answered = {m.callback_query_id for m in session.requests if isinstance(m, AnswerCallbackQuery)}
        pressed = {u.callback_query.id for u in batch if u.callback_query is not None}
        assert pressed <= answered, f"button presses left spinning: {sorted(pressed - answered)[:5]}"
        problems = self.loop.run_until_complete(self._inconsistencies())
        assert problems == [], problems

    async def _feed_at_once(self, batch: list[Update]) -> list[Any]:
        return await asyncio.gather(
            *(self.app.dp.feed_update(self.app.bot, u) for u in batch), return_exceptions=True
        )

    async def _inconsistencies(self) -> list[str]:
        async with self.app.db.reading() as conn:
            return await ledger_store.inconsistencies(conn)


async def _populate(app: App, clock: FrozenClock) -> None:
    db = app.db
    assert (await administration.import_districts(db, DISTRICTS_CSV)).errors == []
    await administration.create_campaign(
        db, name="Зима", starts_on=date(2026, 12, 1), ends_on=date(2027, 2, 28), moderation=ModerationMode.AUTO,
        now=clock.now(),
    )
    secret = app.dp["qr_secret"]
    new_member = NewMember(db, clock)
    registered: dict[int, Member] = {}
    for tg_id in (ORGANISER, *MEMBERS, ERASED):       # each invited by the one before, if there is one
        referrer = registered.get(tg_id - 1)
        if referrer is None:                          # seen by the bot (/start) before registering
            await membership.first_contact(db, tg_id=tg_id, referrer_id=None, secret=secret, now=clock.now())
        registered[tg_id] = await new_member(
            tg_id, username=f"user{tg_id}", locale="en" if tg_id % 3 == 0 else "ru", district_id=1 + tg_id % 5,
            referrer=referrer,
        )
    coordinator = await grant(db, COORDINATOR, GrantedRole.COORDINATOR)
    organiser = await grant(db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    for minutes, fenced in ((10, False), (20, True), (60 * 30, False)):
        start = clock.now() + timedelta(minutes=minutes)
        # Nobody runs two meetings at once: the geofenced one, at the same time, is the coordinator's.
        meeting = await meetings.create_meeting(
            db,
            actor=coordinator if fenced else organiser,
            district_id=1,
            title=f"Встреча {minutes}",
            place="Библиотека",
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            position=PLACE if fenced else None,
            radius_m=150 if fenced else None,
            now=clock.now(),
            today=clock.today(),
        )
        assert isinstance(meeting, Meeting)
    await meetings.start_checkin(db, actor=organiser, meeting_id=1, now=clock.now())
    async with db.reading() as conn:
        erased = await member_store.get(conn, registered[ERASED].id)
    assert erased is not None
    await membership.erase(db, member=erased, secret=secret, now=clock.now())


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    directory: Path = tmp_path_factory.mktemp("fuzz")
    app_settings = Settings(
        bot_token="123456789:TEST-token-for-the-fuzz-run",  # type: ignore[arg-type]
        database_url=f"sqlite:///{directory / 'vverh.db'}",
        admin_ids=frozenset({ADMIN}),
        qr_secret="fuzz-secret",  # type: ignore[arg-type]
        flood_rate=0,  # hypothesis sends far faster than people; the flood limit has its own tests
        _env_file=None,  # type: ignore[call-arg]
    )
    clock = FrozenClock(ZoneInfo("Europe/Moscow"), datetime(2026, 12, 10, 9, 0, tzinfo=UTC))
    loop = asyncio.new_event_loop()
    app = loop.run_until_complete(build_app(app_settings, clock=clock, bot=MockedBot()))
    errors = ErrorRecords()
    logging.getLogger().addHandler(errors)
    try:
        loop.run_until_complete(_populate(app, clock))
        for file_id, content in FILES.items():
            app.bot.session.add_file(file_id, content)  # type: ignore[attr-defined]
        yield World(loop, app, errors)
    finally:
        logging.getLogger().removeHandler(errors)
        loop.run_until_complete(app.close())
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


# -- what members, strangers and attackers send --------------------------------------------------

_ids = itertools.count(10_000_000)
SECRET_BYTES = b"fuzz-secret"
FILES = {
    "csv-good": DISTRICTS_CSV,
    "csv-bom": b"\xef\xbb\xbf" + DISTRICTS_CSV,
    "csv-bad": "code,name,city\nX-1,,Омск\nX-1,Дубль,Омск\nX-2,Лишнее,Омск,поле\n\x00\n".encode(),
    "csv-binary": bytes(range(256)) * 8,
    "csv-latin1": "code,name,city\nL-1,Café,Zürich\n".encode("latin-1"),
    "csv-header-only": b"code,name,city\n",
    "csv-empty": b"",
    "pdf": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
}


def _callback_data_classes() -> list[type[CallbackData]]:
    for module in pkgutil.iter_modules(handlers.__path__):
        importlib.import_module(f"handlers.{module.name}")
    found: list[type[CallbackData]] = []
    pending = list(CallbackData.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("handlers."):
            found.append(cls)
    return sorted(found, key=lambda c: c.__prefix__)


CALLBACK_CLASSES = _callback_data_classes()
SMALL_INTS = st.integers(-2, 12) | st.integers(-(2**63), 2**63 - 1) | st.sampled_from([0, 2**31, 10**12])
SAFE_TEXT = st.text(st.characters(blacklist_characters=":", blacklist_categories=("Cs",)), max_size=12)


def _field_strategy(annotation: Any) -> st.SearchStrategy[Any]:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(_field_strategy(arg) for arg in typing.get_args(annotation)))
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if annotation is type(None):
        return st.none()
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return st.sampled_from(list(annotation))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return SMALL_INTS
    if annotation is float:
        return st.floats(allow_nan=False, allow_infinity=False, width=32)
    return SAFE_TEXT  # str and anything a pack turns into text


def _packs(cls: type[CallbackData]) -> st.SearchStrategy[str | None]:
    fields = {name: _field_strategy(info.annotation) for name, info in cls.model_fields.items()}

    def pack(values: dict[str, Any]) -> str | None:
        try:
            return cls(**values).pack()
        except (ValueError, TypeError):
            return None  # a value the factory itself refuses (too long, ':' inside)

    return st.fixed_dictionaries(fields).map(pack)


VALID_LOOKING_DATA = st.one_of(*(_packs(cls) for cls in CALLBACK_CLASSES)).filter(lambda d: d is not None)
FORGED_DATA = st.one_of(
    st.text(min_size=1, max_size=64),
    st.binary(min_size=1, max_size=64).map(lambda b: b.decode("latin-1")),
    st.sampled_from([c.__prefix__ for c in CALLBACK_CLASSES]).flatmap(
        lambda p: st.text(max_size=40).map(lambda rest: f"{p}:{rest}")
    ),
    st.sampled_from([c.__prefix__ for c in CALLBACK_CLASSES]),
)

_texts = I18n("ru")
BUTTON_TEXTS = sorted(
    {
        text
        for code, t in _texts.each()
        for key in _texts.keys(code)
        if "{" not in (text := t(key)) and 0 < len(text) <= 64
    }
)
JUNK = ["", " ", "/", "//", "/ start", "\u200b", "<b>unclosed", "&amp;&lt;", "\x00\x01\x02", "'; DROP TABLE members;--",
        "🙂" * 300, "x" * 4096, "https://vk.com/wall-1_1", "http://localhost/../../etc/passwd", "Пропустить",
        "NSK-1", "@user101", "2026-12-01", "18:00", "завтра 18:00", "-1", "99999999999999999999", "NaN", "1e308"]
ARGS = st.one_of(
    st.just(""),
    st.just(""),
    st.sampled_from(["@user101", "@nobody", "31", "-5", "NSK-1", "nsk-1", "Новосибирск", "all", "ALL", "@user101 all",
                     "@user101 NSK-9", "@user103 NSK-2", "Зима 2026-12-01 2027-02-28", "Весна 2027-13-01 2027-01-01",
                     "x" * 300, "<i>html</i>", "\n\n\n", "@", "🙂"]),
    st.text(max_size=40),
)
COMMAND_NAMES = st.sampled_from([c.name for c in COMMANDS] * 3 + ["START", "Help", "unknown", "delete_me_now"])
COMMAND_TEXTS = st.builds(
    lambda name, mention, args: f"/{name}{mention}{' ' + args if args else ''}",
    COMMAND_NAMES,
    st.sampled_from(["", "", "", "", f"@{BOT_USER.username}", "@some_other_bot"]),
    ARGS,
)
DIALOG_TEXTS = st.sampled_from(["Встреча с жителями", "Библиотека, ул. Ленина 1", "завтра 18:00", "18:00", "20:00",
                                "10.12 19:30", "через час", "150", "0", "-1", "5000", "Новое Имя", "Я", "a" * 65,
                                "/cancel", "Пропустить", "Skip"])

def _deep_link(kind: tokens.TokenKind, subject: int, version: int, alter: int) -> str:
    payload = tokens.sign(SECRET_BYTES, kind, subject, version)
    if alter:
        i = alter % len(payload)
        payload = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1:]
    return payload


PAYLOADS = st.one_of(
    st.builds(_deep_link, st.sampled_from(list(tokens.TokenKind)), st.integers(0, 60), st.integers(0, 3),
              st.sampled_from([0, 0, 0, 1, 7, 20])),
    st.builds(lambda kind, subject: tokens.sign(b"someone-elses-secret", kind, subject),
              st.sampled_from(list(tokens.TokenKind)), st.integers(0, 60)),
    st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"), max_size=70),
    st.text(max_size=70),
)
TEXTS = st.one_of(
    COMMAND_TEXTS, COMMAND_TEXTS, st.sampled_from(BUTTON_TEXTS), DIALOG_TEXTS, st.sampled_from(JUNK),
    st.text(max_size=60), PAYLOADS.map(lambda p: f"/start {p}"),
)
# Mostly people the bot knows (members, an organiser, a coordinator, the admin, an erased member, newcomers).
USERS = st.one_of(
    st.sampled_from((ADMIN, COORDINATOR, ORGANISER, ORGANISER, *MEMBERS, ERASED, *NEWCOMERS)),
    st.sampled_from((ADMIN, COORDINATOR, ORGANISER)),
    st.integers(1, 2**40),
)


def _user(user_id: int, language: str | None, first_name: str) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name or "-"}
    if language is not None:
        user["language_code"] = language
    return user


@st.composite
def message_bodies(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["text", "text", "text", "document", "contact", "location", "photo", "sticker",
                                 "venue", "voice", "dice", "forward", "reply_markup_data"]))
    if kind in ("text", "forward", "reply_markup_data"):
        text = draw(TEXTS)
        body: dict[str, Any] = {"text": text or "…"}
        if body["text"].startswith("/"):
            length = len(body["text"].split()[0]) if body["text"].split() else 1
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        if kind == "forward":
            body["forward_origin"] = {"type": "user", "date": 0, "sender_user": _user(draw(USERS), None, "Другой")}
        return body
    if kind == "document":
        file_id = draw(st.sampled_from(sorted(FILES)))
        document: dict[str, Any] = {"file_id": file_id, "file_unique_id": file_id}
        name = draw(st.sampled_from(["districts.csv", "DISTRICTS.CSV", "report.pdf", "noext", None]))
        if name:
            document["file_name"] = name
        mime = draw(st.sampled_from(["text/csv", "application/pdf", "application/octet-stream", None]))
        if mime:
            document["mime_type"] = mime
        size = draw(st.sampled_from([None, len(FILES[file_id]), 10**9]))
        if size is not None:
            document["file_size"] = size
        body = {"document": document}
        if draw(st.booleans()):
            body["caption"] = draw(st.sampled_from(["/import_districts", "районы", ""])) or "…"
        return body
    if kind == "contact":
        return {
            "contact": {
                "phone_number": draw(st.sampled_from(["+79990001122", "8 (999) 000-11-22", "", "+", "абв"])) or "0",
                "first_name": "Кто-то",
                **({"user_id": draw(USERS)} if draw(st.booleans()) else {}),
            }
        }
    if kind == "location":
        return {"location": {"latitude": draw(st.floats(-90, 90)), "longitude": draw(st.floats(-180, 180)),
                             **({"live_period": 60} if draw(st.booleans()) else {})}}
    if kind == "venue":
        return {"venue": {"location": {"latitude": PLACE.latitude, "longitude": PLACE.longitude},
                          "title": "Библиотека", "address": "ул. Ленина"}}
    if kind == "photo":
        return {"photo": [{"file_id": "pdf", "file_unique_id": "p", "width": 1, "height": 1}],
                **({"caption": draw(TEXTS) or "…"} if draw(st.booleans()) else {})}
    if kind == "sticker":
        return {"sticker": {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                            "is_animated": False, "is_video": False}}
    if kind == "voice":
        return {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 1}}
    return {"dice": {"emoji": "🎲", "value": 3}}


@st.composite
def updates(draw: st.DrawFn, users: st.SearchStrategy[int] = USERS, private: bool = False) -> Update:
    user_id = draw(users)
    sender = _user(user_id, draw(st.sampled_from(["ru", "en", "de", None])), draw(st.sampled_from(["Иван", "", "<b>"])))
    chat_kind = "private" if private else draw(st.sampled_from(["private"] * 12 + ["group", "supergroup"]))
    chat = {"id": user_id, "type": "private", "first_name": "Иван"} if chat_kind == "private" else \
        {"id": -100_000 - user_id % 1000, "type": chat_kind, "title": "Группа"}
    kinds = ["message"] * 10 + ["callback_query"] * 6
    if not private:
        kinds += ["edited_message", "my_chat_member", "channel_post", "inline_query"]
    kind = draw(st.sampled_from(kinds))
    update_id = next(_ids)
    base = {"message_id": draw(st.integers(1, 10**6)), "date": 1_796_000_000, "chat": chat}
    if kind == "message":
        return Update.model_validate({"update_id": update_id, "message": {**base, "from": sender,
                                                                          **draw(message_bodies())}})
    if kind == "edited_message":
        return Update.model_validate({"update_id": update_id, "edited_message": {
            **base, "from": sender, "edit_date": 1_796_000_100, **draw(message_bodies())}})
    if kind == "callback_query":
        data = draw(st.one_of(VALID_LOOKING_DATA, VALID_LOOKING_DATA, FORGED_DATA))
        query: dict[str, Any] = {"id": str(next(_ids)), "from": sender, "chat_instance": "ci", "data": data}
        where = draw(st.sampled_from(["message", "message", "message", "inaccessible", "inline"]))
        if where == "message":
            query["message"] = {**base, "from": BOT_USER.model_dump(exclude_none=True), "text": "…"}
        elif where == "inaccessible":
            query["message"] = {"message_id": base["message_id"], "date": 0, "chat": chat}
        else:
            query["inline_message_id"] = "inline-1"
        return Update.model_validate({"update_id": update_id, "callback_query": query})
    if kind == "my_chat_member":
        old, new = draw(st.sampled_from([("member", "kicked"), ("kicked", "member")]))
        bot = BOT_USER.model_dump(exclude_none=True)
        return Update.model_validate({"update_id": update_id, "my_chat_member": {
            "chat": chat, "from": sender, "date": 1_796_000_000,
            "old_chat_member": {"status": old, "user": bot, **({"until_date": 0} if old == "kicked" else {})},
            "new_chat_member": {"status": new, "user": bot, **({"until_date": 0} if new == "kicked" else {})},
        }})
    if kind == "channel_post":
        channel = {"id": -1_000_000_000_001, "type": "channel", "title": "Канал"}
        return Update.model_validate({"update_id": update_id, "channel_post": {
            "message_id": 1, "date": 1_796_000_000, "chat": channel, **draw(message_bodies())}})
    return Update.model_validate({"update_id": update_id, "inline_query": {
        "id": str(next(_ids)), "from": sender, "query": draw(st.text(max_size=20)), "offset": ""}})


@st.composite
def registration_walks(draw: st.DrawFn) -> list[Update]:
    """A newcomer pressing through registration, sometimes out of order or with a wrong step."""
    # Members among them: one who erased their data comes back; one who did not is told they are in.
    user_id = draw(st.sampled_from(NEWCOMERS) | st.sampled_from(MEMBERS) | st.integers(10**6, 10**7))
    sender = _user(user_id, draw(st.sampled_from(["ru", "en"])), "Новичок")
    chat = {"id": user_id, "type": "private", "first_name": "Новичок"}
    city, district = draw(st.integers(1, 3)), draw(st.integers(1, 5))
    referral = tokens.sign(SECRET_BYTES, tokens.TokenKind.REFERRAL, draw(st.integers(1, 14)))
    steps: list[tuple[str, Any]] = [
        ("text", draw(st.sampled_from(["/start", f"/start {referral}"]))), ("data", "rg-ok:1"),
        ("data", f"rg-c:{city}"), ("data", f"rg-d:{district}"), ("data", "rg-name"),
        ("text", draw(st.sampled_from(["Пропустить", "Skip", "+7 999"]))),
    ]
    if draw(st.booleans()):
        steps.insert(draw(st.integers(0, len(steps))), ("data", draw(VALID_LOOKING_DATA)))
    walk = []
    for kind, value in steps:
        update_id = next(_ids)
        if kind == "text":
            message = {"message_id": 1, "date": 1_796_000_000, "chat": chat, "from": sender, "text": value}
            if value.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(value.split()[0])}]
            walk.append(Update.model_validate({"update_id": update_id, "message": message}))
        else:
            walk.append(Update.model_validate({"update_id": update_id, "callback_query": {
                "id": str(next(_ids)), "from": sender, "chat_instance": "ci", "data": value,
                "message": {"message_id": 2, "date": 1_796_000_000, "chat": chat,
                            "from": BOT_USER.model_dump(exclude_none=True), "text": "…"}}}))
    return walk


class Batch(list[Update]):
    """Updates fed at once; printed briefly when hypothesis reports a failing batch."""

    def __repr__(self) -> str:
        return "Batch[\n" + "\n".join(
            f"  {u.model_dump_json(exclude_none=True, exclude_defaults=True)[:300]}" for u in self
        ) + "\n]"


@st.composite
def sessions(draw: st.DrawFn) -> list[Update]:
    """Someone the bot knows opens a command, then answers whatever it asked with anything at all."""
    user_id = draw(st.sampled_from((ADMIN, COORDINATOR, ORGANISER, ORGANISER, *MEMBERS[:4])))
    opening = draw(st.sampled_from(["newmeeting", "newmeeting", "mymeetings", "import_districts", "me", "card",
                                    "meetings", "delete_me", "lang", "cancel"]) | COMMAND_NAMES)
    chat = {"id": user_id, "type": "private", "first_name": "Иван"}
    sender = _user(user_id, "ru", "Иван")
    first = Update.model_validate({"update_id": next(_ids), "message": {
        "message_id": 1, "date": 1_796_000_000, "chat": chat, "from": sender, "text": f"/{opening}",
        "entities": [{"type": "bot_command", "offset": 0, "length": len(opening) + 1}]}})
    follow_ups = []
    for _ in range(5):
        how = draw(st.sampled_from(["text", "text", "button", "any"]))
        if how == "text":
            follow_ups.append(Update.model_validate({"update_id": next(_ids), "message": {
                "message_id": 1, "date": 1_796_000_000, "chat": chat, "from": sender, "text": draw(DIALOG_TEXTS)}}))
        elif how == "button":
            follow_ups.append(Update.model_validate({"update_id": next(_ids), "callback_query": {
                "id": str(next(_ids)), "from": sender, "chat_instance": "ci", "data": draw(VALID_LOOKING_DATA),
                "message": {"message_id": 2, "date": 1_796_000_000, "chat": chat,
                            "from": BOT_USER.model_dump(exclude_none=True), "text": "…"}}}))
        else:
            follow_ups.append(draw(updates(users=st.just(user_id), private=True)))
    return [first, *follow_ups]


@st.composite
def batches(draw: st.DrawFn) -> Batch:
    """Anything at all from anyone, two newcomers registering and two dialogs, all at the same time."""
    mixed = draw(st.lists(updates(), min_size=BATCH - 30, max_size=BATCH - 30))
    walks = draw(registration_walks())[:6] + draw(registration_walks())[:6]
    return Batch(mixed + walks + draw(sessions()) + draw(sessions()) + draw(sessions()))


@settings(
    max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)
@given(batch=batches())
def test_every_update_is_answered_or_ignored_and_the_ledger_stays_true(world: World, batch: list[Update]) -> None:
    world.feed(batch)


def test_the_fuzzing_reached_every_kind_of_update_and_every_button(world: World) -> None:
    # Runs after the fuzz test (same module, file order): it proves the run was as big as it claims.
    assert world.fed >= EXAMPLES * BATCH
    assert {"message", "callback_query", "edited_message", "my_chat_member"} <= set(world.kinds)
    assert len(CALLBACK_CLASSES) >= 20
