"""Long messages built by whole lines within Telegram's limits — the one place that decides what fits.

Telegram refuses a text over 4,096 characters (a caption over 1,024), counted in UTF-16 code
units, and refuses HTML cut inside a tag or an entity. Every long list (the rating, a team, a
digest, a listing) is joined here: whole lines while they fit, then a closing line saying how
many were left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

_TAG = re.compile(r"<[^>]*>")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def whole_lines(
    lines: Sequence[str], limit: int = TEXT_LIMIT, *, more: Callable[[int], str] | None = None, left_out: int = 0
) -> str:
    """`lines` joined by newlines: as many whole lines as fit in `limit`.

    When some are left out (`left_out` were already, before these), `more(count)` (if given)
    closes the text, for example "…and 12 more". Only a first line that is longer than the
    limit on its own is shortened, never inside a tag or an entity.
    """
    def closing(kept: int) -> str:
        count = left_out + len(lines) - kept
        return more(count) if more is not None and count else ""

    kept: list[str] = []
    for line in lines:
        if not kept and telegram_length(line) > limit:
            line = shorten(line, limit - (telegram_length(closing(1)) + 1 if closing(1) else 0))
        kept.append(line)
    while kept:
        tail = closing(len(kept))
        text = "\n".join([*kept, tail] if tail else kept)
        if telegram_length(text) <= limit or len(kept) == 1:
            return text
        kept.pop()
    return closing(0)


def shorten(line: str, limit: int) -> str:
    """One line cut to `limit` with an ellipsis: tags dropped first, never cut inside an entity."""
    if telegram_length(line) <= limit:
        return line
    plain = _TAG.sub("", line)
    cut = plain
    while cut and telegram_length(cut) > limit - 1:
        cut = cut[: max(0, min(len(cut) - 1, limit - 1))]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


_UNSAFE_IN_FILE_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def file_name(stem: str, extension: str, *, fallback: str = "file", limit: int = 100) -> str:
    """A file name built from text people typed (a campaign's name): no path separators, control
    or reserved characters, no leading dots, at most `limit` characters before the extension."""
    cleaned = " ".join(_UNSAFE_IN_FILE_NAMES.sub(" ", stem).split()).strip(" .")[:limit].rstrip(" .")
    return f"{cleaned or fallback}.{extension}"


class TextProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"


def clean_text(text: str, low: int, high: int) -> str | TextProblem:
    """Whitespace folded; a problem when shorter than `low` or longer than `high` characters."""
    cleaned = " ".join(text.split())
    if len(cleaned) < low:
        return TextProblem.TOO_SHORT
    if len(cleaned) > high:
        return TextProblem.TOO_LONG
    return cleaned
