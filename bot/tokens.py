"""Signed deep-link payloads for QR codes: member cards, meeting check-ins, invite links.

A payload is the kind letter followed by unpadded base64url of

    format byte | varint subject id | varint version | HMAC-SHA256(...)[:16]

so it is at most 43 characters of ``A-Za-z0-9_-``, well inside Telegram's 64-character
``start`` parameter. The MAC covers a domain tag, the format byte, the kind letter and
the numbers, so a card signature never validates as a meeting or a referral.

Parsing is strict: only the exact bytes and characters `sign` would produce are
accepted (minimal varints, canonical base64), so no altered payload is ever accepted.

What this module does not decide: a valid signature only proves that we issued the
payload once. Whether it is still good — the card or meeting QR version matches the
current one in the database (re-issuing voids the old one), the meeting is inside its
window — is checked by the caller against the database, with the caller's clock.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from enum import StrEnum

MAX_PAYLOAD_LENGTH = 64  # Telegram's limit on a deep link's start parameter
MAX_SUBJECT_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1

_FORMAT = 1
_DOMAIN = b"vverh/qr-token\x00"
_MAC_BYTES = 16
_MAX_VARINT_BYTES = 10  # enough for any 64-bit number
_PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]+")


class TokenKind(StrEnum):
    CARD = "c"  # a member's check-in card; subject = member id; version = card version
    MEETING = "m"  # a meeting's check-in QR; subject = meeting id; version = QR version
    REFERRAL = "r"  # a member's invite link; subject = member id; version = 0


class TokenRefusal(StrEnum):
    MALFORMED = "malformed"  # not our format at all
    FORGED = "forged"  # signature does not match: altered, or made without the secret


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    subject_id: int
    version: int


def sign(secret: bytes, kind: TokenKind, subject_id: int, version: int = 0) -> str:
    """The payload for a token; ValueError on an empty secret or numbers out of range."""
    if not secret:
        raise ValueError("the QR secret must not be empty")
    if not 0 <= subject_id <= MAX_SUBJECT_ID:
        raise ValueError(f"subject id out of range: {subject_id}")
    if not 0 <= version <= MAX_VERSION:
        raise ValueError(f"version out of range: {version}")
    kind = TokenKind(kind)
    body = bytes([_FORMAT]) + _varint(subject_id) + _varint(version)
    return kind.value + _b64encode(body + _mac(secret, kind, body))


def verify(secret: bytes, payload: str) -> Token | TokenRefusal:
    """The token a payload carries, or why it is refused. Never raises."""
    if not isinstance(payload, str) or not 2 <= len(payload) <= MAX_PAYLOAD_LENGTH:
        return TokenRefusal.MALFORMED
    if _PAYLOAD_RE.fullmatch(payload) is None:
        return TokenRefusal.MALFORMED
    try:
        kind = TokenKind(payload[0])
    except ValueError:
        return TokenRefusal.MALFORMED
    raw = _b64decode(payload[1:])
    if raw is None or len(raw) <= _MAC_BYTES:
        return TokenRefusal.MALFORMED
    body, mac = raw[:-_MAC_BYTES], raw[-_MAC_BYTES:]
    numbers = _parse_body(body)
    if numbers is None:
        return TokenRefusal.MALFORMED
    if not secret or not hmac.compare_digest(mac, _mac(secret, kind, body)):
        return TokenRefusal.FORGED
    subject_id, version = numbers
    return Token(kind, subject_id, version)


def deep_link(bot_username: str, payload: str) -> str:
    """The t.me link that opens the bot with this payload as the /start argument."""
    if not 0 < len(payload) <= MAX_PAYLOAD_LENGTH or _PAYLOAD_RE.fullmatch(payload) is None:
        raise ValueError(f"not a deep-link payload: {payload!r}")
    return f"https://t.me/{bot_username.removeprefix('@')}?start={payload}"


def signed_link(bot_username: str, secret: bytes, kind: TokenKind, subject_id: int, version: int = 0) -> str:
    """The t.me link of a card, a meeting's QR or an invite: the one place such a link is made."""
    return deep_link(bot_username, sign(secret, kind, subject_id, version))


def _mac(secret: bytes, kind: TokenKind, body: bytes) -> bytes:
    message = _DOMAIN + kind.value.encode() + body
    return hmac.new(secret, message, hashlib.sha256).digest()[:_MAC_BYTES]


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _b64decode(text: str) -> bytes | None:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    # Unpadded base64 has spare low bits in its last character; insisting on the
    # canonical spelling makes every accepted payload the exact string we signed.
    return raw if _b64encode(raw) == text else None


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        low, n = n & 0x7F, n >> 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _parse_body(body: bytes) -> tuple[int, int] | None:
    if not body or body[0] != _FORMAT:
        return None
    subject = _read_varint(body, 1)
    if subject is None:
        return None
    subject_id, at = subject
    version_read = _read_varint(body, at)
    if version_read is None:
        return None
    version, end = version_read
    if end != len(body) or subject_id > MAX_SUBJECT_ID or version > MAX_VERSION:
        return None
    return subject_id, version


def _read_varint(data: bytes, at: int) -> tuple[int, int] | None:
    """A minimal-length unsigned LEB128 number starting at `at`, and where it ends."""
    value = 0
    for i in range(_MAX_VARINT_BYTES):
        if at + i >= len(data):
            return None
        byte = data[at + i]
        value |= (byte & 0x7F) << (7 * i)
        if not byte & 0x80:
            if byte == 0 and i > 0:
                return None  # a padded spelling of a shorter number
            return value, at + i + 1
    return None
