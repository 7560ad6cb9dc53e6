import base64
import re
import string
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.tokens import (
    MAX_SUBJECT_ID,
    MAX_VERSION,
    Token,
    TokenKind,
    TokenRefusal,
    deep_link,
    sign,
    verify,
)

SECRET = b"test-secret"
ALLOWED = string.ascii_letters + string.digits + "-_"
PAYLOAD_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")

kinds = st.sampled_from(list(TokenKind))
subject_ids = st.integers(min_value=0, max_value=MAX_SUBJECT_ID)
versions = st.integers(min_value=0, max_value=MAX_VERSION)
secrets_ = st.binary(min_size=1, max_size=64)
allowed_chars = st.sampled_from(ALLOWED)


@given(secret=secrets_, kind=kinds, subject_id=subject_ids, version=versions)
def test_a_signed_payload_verifies_back_to_the_same_token(
    secret: bytes, kind: TokenKind, subject_id: int, version: int
) -> None:
    payload = sign(secret, kind, subject_id, version)
    assert verify(secret, payload) == Token(kind, subject_id, version)


@given(kind=kinds, subject_id=subject_ids, version=versions)
def test_a_payload_fits_a_telegram_deep_link_and_starts_with_its_kind(
    kind: TokenKind, subject_id: int, version: int
) -> None:
    payload = sign(SECRET, kind, subject_id, version)
    assert PAYLOAD_RE.fullmatch(payload)
    assert payload[0] == kind.value


def test_the_largest_numbers_still_fit_comfortably() -> None:
    assert len(sign(SECRET, TokenKind.CARD, MAX_SUBJECT_ID, MAX_VERSION)) <= 48


@st.composite
def single_changes(draw: st.DrawFn) -> tuple[bytes, str, str]:
    """A secret, a payload it signed, and the payload with one character-level change."""
    secret = draw(secrets_)
    payload = sign(secret, draw(kinds), draw(subject_ids), draw(versions))
    change = draw(st.sampled_from(["replace", "delete", "insert", "truncate", "append"]))
    at = draw(st.integers(min_value=0, max_value=len(payload) - 1))
    if change == "replace":
        other = draw(allowed_chars.filter(lambda c: c != payload[at]))
        changed = payload[:at] + other + payload[at + 1 :]
    elif change == "delete":
        changed = payload[:at] + payload[at + 1 :]
    elif change == "insert":
        changed = payload[:at] + draw(allowed_chars) + payload[at:]
    elif change == "truncate":
        changed = payload[:at]
    else:
        changed = payload + draw(allowed_chars)
    return secret, payload, changed


@given(single_changes())
def test_any_single_change_to_a_payload_is_refused(case: tuple[bytes, str, str]) -> None:
    secret, payload, changed = case
    assert isinstance(verify(secret, payload), Token)
    assert isinstance(verify(secret, changed), TokenRefusal)


def test_a_last_character_that_differs_only_in_unused_bits_is_refused() -> None:
    payload = sign(SECRET, TokenKind.CARD, MAX_SUBJECT_ID, MAX_VERSION)
    body = payload[1:]
    assert len(body) % 4 != 0, "needs spare bits in the last character"
    b64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
    twin = body[:-1] + b64[b64.index(body[-1]) ^ 1]
    padding = "=" * (-len(body) % 4)
    assert base64.urlsafe_b64decode(twin + padding) == base64.urlsafe_b64decode(body + padding)
    assert verify(SECRET, payload[0] + twin) == TokenRefusal.MALFORMED


@given(kind=kinds, subject_id=subject_ids, version=versions)
def test_a_payload_signed_with_another_secret_is_forged(kind: TokenKind, subject_id: int, version: int) -> None:
    payload = sign(b"someone else's secret", kind, subject_id, version)
    assert verify(SECRET, payload) == TokenRefusal.FORGED


@pytest.mark.parametrize(("signed", "claimed"), [("c", "m"), ("c", "r"), ("r", "c"), ("m", "c")])
def test_a_payload_relabelled_as_another_kind_is_forged(signed: str, claimed: str) -> None:
    payload = sign(SECRET, TokenKind(signed), 42, 3)
    assert verify(SECRET, claimed + payload[1:]) == TokenRefusal.FORGED


def test_nothing_verifies_under_an_empty_secret() -> None:
    assert verify(b"", sign(SECRET, TokenKind.CARD, 1, 1)) == TokenRefusal.FORGED


@pytest.mark.parametrize(
    "garbage",
    [
        "",
        "c",
        "x" * 1000,
        "c" + "A" * 1000,
        "Карточка",
        "c😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
        "/start",
        "None",
        "null",
        "undefined",
        "c" + "A" * 42,
        "xAQEBAAAAAAAAAAAAAAAAAAAAAAA",
        "c AQEB",
        "cAQEB====",
        "\x00",
    ],
)
def test_garbage_is_malformed(garbage: str) -> None:
    assert verify(SECRET, garbage) == TokenRefusal.MALFORMED


def test_a_valid_payload_with_a_trailing_newline_is_malformed() -> None:
    assert verify(SECRET, sign(SECRET, TokenKind.MEETING, 7, 2) + "\n") == TokenRefusal.MALFORMED


@given(st.text(max_size=200))
def test_verify_never_raises_and_refuses_arbitrary_text(text: str) -> None:
    assert isinstance(verify(SECRET, text), TokenRefusal)


@pytest.mark.parametrize(
    ("subject_id", "version"), [(-1, 0), (MAX_SUBJECT_ID + 1, 0), (1, -1), (1, MAX_VERSION + 1)]
)
def test_numbers_out_of_range_cannot_be_signed(subject_id: int, version: int) -> None:
    with pytest.raises(ValueError):
        sign(SECRET, TokenKind.CARD, subject_id, version)


def test_an_empty_secret_cannot_sign() -> None:
    with pytest.raises(ValueError):
        sign(b"", TokenKind.CARD, 1)


def test_deep_link_opens_the_bot_with_the_payload() -> None:
    payload = sign(SECRET, TokenKind.REFERRAL, 12345)
    link = deep_link("@vverh_bot", payload)
    assert link == f"https://t.me/vverh_bot?start={payload}"
    parts = urlsplit(link)
    assert parts.path == "/vverh_bot"
    assert parse_qs(parts.query) == {"start": [payload]}


@pytest.mark.parametrize("payload", ["", "a b", "x" * 65, "a=b"])
def test_deep_link_refuses_what_telegram_would_not_pass_through(payload: str) -> None:
    with pytest.raises(ValueError):
        deep_link("vverh_bot", payload)
