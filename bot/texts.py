"""Long messages built by whole lines within Telegram's limits — the one place that decides what fits.

Telegram refuses a text over 4,096 characters (a caption over 1,024), counted in UTF-16 code
units, and refuses HTML cut inside a tag or an entity. Every long list (the rating, a team, a
digest, a listing) is joined here: whole lines while they fit, then a closing line saying how
many were left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024

_TAG = re.compile(r"<[^>]*>")


def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts two)."""
    return len(text.encode("utf-16-le")) // 2


def whole_lines(
    lines: Sequence[str], limit: int = TEXT_LIMIT, *, more: Callable[[int], str] | None = None
) -> str:
    """`lines` joined by newlines: as many whole lines as fit in `limit`.

    When some are left out, `more(count)` (if given) closes the text, for example "…and 12
    more". Only a first line that is longer than the limit on its own is shortened, never
    inside a tag or an entity.
    """
    if telegram_length("\n".join(lines)) <= limit:
        return "\n".join(lines)
    kept: list[str] = []
    used = 0
    for index, line in enumerate(lines):
        left = len(lines) - index - 1
        closing = more(left) if more is not None and left else ""
        reserve = telegram_length(closing) + 1 if closing else 0
        cost = telegram_length(line) + (1 if kept else 0)
        if used + cost + reserve > limit:
            if not kept:
                kept.append(shorten(line, limit - reserve))
                used = telegram_length(kept[0])
                continue
            tail = more(len(lines) - index) if more is not None else ""
            while kept and tail and used + 1 + telegram_length(tail) > limit:
                used -= telegram_length(kept.pop()) + (1 if kept else 0)
                tail = more(len(lines) - len(kept)) if more is not None else ""
            return "\n".join([*kept, tail] if tail else kept)
        kept.append(line)
        used += cost
    return "\n".join(kept)


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
