"""Who is on the other end of a web request: sign-in links, the Telegram Login Widget,
Mini App initData, dashboard sessions and their CSRF tokens.

The signature checks are Telegram's documented algorithms, pure functions of the data
and the bot token:
- Login Widget (core.telegram.org/widgets/login#checking-authorization): the hash is
  HMAC-SHA256 over the data-check-string (every field but `hash`, sorted, `key=value`
  joined by newlines) with SHA256(bot_token) as the key;
- Mini App initData (core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app):
  the same data-check-string, with HMAC-SHA256("WebAppData", bot_token) as the key.
Both are refused when `auth_date` is older than the allowed age.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import parse_qsl

from storage import web as web_store
from storage.db import Database

SIGNIN_LINK_LIFETIME = timedelta(minutes=10)
SESSION_LIFETIME = timedelta(hours=12)
LOGIN_WIDGET_MAX_AGE = timedelta(hours=1)
INIT_DATA_MAX_AGE = timedelta(hours=1)
_LINK_DOMAIN = b"vverh/web-signin\x00"


class AuthRefusal(StrEnum):
    MALFORMED = "malformed"
    FORGED = "forged"
    EXPIRED = "expired"      # too old, or a link already used


@dataclass(frozen=True, slots=True)
class TelegramUser:
    id: int
    first_name: str
    language_code: str | None = None


def _data_check_string(fields: Mapping[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def _fresh(fields: Mapping[str, str], now: datetime, max_age: timedelta) -> bool:
    try:
        auth_date = int(fields.get("auth_date", ""))
    except ValueError:
        return False
    age = now.timestamp() - auth_date
    return -60 <= age <= max_age.total_seconds()    # a minute of clock skew the other way


def check_login_widget(fields: Mapping[str, str], bot_token: str, *, now: datetime) -> TelegramUser | AuthRefusal:
    """A Telegram Login Widget answer (the query string of its redirect), checked as Telegram documents."""
    given = fields.get("hash", "")
    if not given or "id" not in fields or "auth_date" not in fields:
        return AuthRefusal.MALFORMED
    key = hashlib.sha256(bot_token.encode()).digest()
    expected = hmac.new(key, _data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        return AuthRefusal.FORGED
    if not _fresh(fields, now, LOGIN_WIDGET_MAX_AGE):
        return AuthRefusal.EXPIRED
    try:
        return TelegramUser(int(fields["id"]), fields.get("first_name", ""))
    except ValueError:
        return AuthRefusal.MALFORMED


def check_init_data(init_data: str, bot_token: str, *, now: datetime) -> TelegramUser | AuthRefusal:
    """A Mini App's `Telegram.WebApp.initData`, checked as Telegram documents."""
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return AuthRefusal.MALFORMED
    given = fields.get("hash", "")
    if not given or "auth_date" not in fields or "user" not in fields:
        return AuthRefusal.MALFORMED
    key = hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, _data_check_string(fields).encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, given.lower()):
        return AuthRefusal.FORGED
    if not _fresh(fields, now, INIT_DATA_MAX_AGE):
        return AuthRefusal.EXPIRED
    try:
        user = json.loads(fields["user"])
        return TelegramUser(int(user["id"]), str(user.get("first_name", "")), user.get("language_code"))
    except (ValueError, KeyError, TypeError):
        return AuthRefusal.MALFORMED


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _link_signature(key: bytes, secret: str) -> str:
    return hmac.new(key, _LINK_DOMAIN + secret.encode(), hashlib.sha256).hexdigest()[:22]


async def issue_signin_link(db: Database, *, key: bytes, tg_id: int, now: datetime) -> str:
    """A new one-time sign-in token for this Telegram account: good once, for ten minutes."""
    secret = secrets.token_urlsafe(24)
    async with db.transaction() as conn:
        await web_store.prune_signin(conn, now=now)
        await web_store.insert_signin_link(
            conn, secret_hash=_hash(secret), tg_id=tg_id, now=now,
            expires_at=now + SIGNIN_LINK_LIFETIME,
        )
    return f"{secret}.{_link_signature(key, secret)}"


async def redeem_signin_link(db: Database, *, key: bytes, token: str, now: datetime) -> int | AuthRefusal:
    """The Telegram id a sign-in token was issued to, once; refused when forged, used or expired."""
    secret, _, signature = token.partition(".")
    if not secret or len(token) > 100:
        return AuthRefusal.MALFORMED
    if not hmac.compare_digest(_link_signature(key, secret), signature):
        return AuthRefusal.FORGED
    async with db.transaction() as conn:
        tg_id = await web_store.redeem_signin_link(conn, secret_hash=_hash(secret), now=now)
    return AuthRefusal.EXPIRED if tg_id is None else tg_id


@dataclass(frozen=True, slots=True)
class NewSession:
    cookie: str
    csrf_token: str


async def open_session(db: Database, *, tg_id: int, now: datetime) -> NewSession:
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    async with db.transaction() as conn:
        await web_store.insert_session(
            conn, id_hash=_hash(cookie), tg_id=tg_id, csrf_token=csrf, now=now,
            expires_at=now + SESSION_LIFETIME,
        )
    return NewSession(cookie, csrf)


async def session_of(db: Database, *, cookie: str, now: datetime) -> web_store.Session | None:
    if not cookie or len(cookie) > 100:
        return None
    async with db.reading() as conn:
        return await web_store.session(conn, id_hash=_hash(cookie), now=now)


async def close_session(db: Database, *, cookie: str) -> None:
    async with db.transaction() as conn:
        await web_store.delete_session(conn, id_hash=_hash(cookie))


def csrf_matches(expected: str, given: str | None) -> bool:
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


async def hide_name(db: Database, *, member_id: int, hidden: bool) -> None:
    """The member's choice: their name in the public rating, or «a member of team …»."""
    async with db.transaction() as conn:
        await web_store.set_name_hidden(conn, member_id, hidden)


async def is_name_hidden(db: Database, *, member_id: int) -> bool:
    async with db.reading() as conn:
        return await web_store.name_hidden(conn, member_id)
