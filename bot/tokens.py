# temporary stand-in (the full rule is being written)
import base64, hashlib, hmac, struct
from dataclasses import dataclass
from enum import StrEnum


class TokenKind(StrEnum):
    CARD = "c"
    MEETING = "m"
    REFERRAL = "r"


class TokenRefusal(StrEnum):
    MALFORMED = "malformed"
    FORGED = "forged"


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    subject_id: int
    version: int


def sign(secret: bytes, kind: TokenKind, subject_id: int, version: int = 0) -> str:
    body = struct.pack(">QI", subject_id, version)
    mac = hmac.new(secret, kind.encode() + body, hashlib.sha256).digest()[:16]
    return kind + base64.urlsafe_b64encode(body + mac).decode().rstrip("=")


def verify(secret: bytes, payload: str) -> Token | TokenRefusal:
    try:
        kind = TokenKind(payload[:1])
        raw = base64.urlsafe_b64decode(payload[1:] + "==")
        body, mac = raw[:12], raw[12:]
        subject_id, version = struct.unpack(">QI", body)
    except Exception:
        return TokenRefusal.MALFORMED
    if not hmac.compare_digest(mac, hmac.new(secret, kind.encode() + body, hashlib.sha256).digest()[:16]):
        return TokenRefusal.FORGED
    return Token(kind, subject_id, version)


def deep_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"
