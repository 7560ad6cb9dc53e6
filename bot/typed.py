"""Reading what people type where buttons are offered: a city or district by name, a phone number.

Pure rules, no I/O: the handler passes the choices and shows the outcome.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Generic, TypeVar

T = TypeVar("T")

MAX_SUGGESTIONS = 3
# How alike a typed name and a real one must be to be offered as "did you mean" (difflib's ratio).
SUGGEST_CUTOFF = 0.6


def fold(text: str) -> str:
    """A name as compared: case, «ё», hyphens, quotes and extra spaces do not matter."""
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[\"'«»“”„.,;:!?()\-–—_]+", " ", text)
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class NameMatch(Generic[T]):
    """Either the one item meant, or the near misses to ask about (possibly none)."""

    found: T | None = None
    suggestions: list[T] = field(default_factory=list)


def match_name(typed: str, items: Sequence[T], *names: Callable[[T], str]) -> NameMatch[T]:
    """The item whose name (or code: any of `names`) the text is: exactly, else by an unambiguous
    beginning («нижн» → «Нижний Новгород»); otherwise up to three near misses for "did you mean"."""
    wanted = fold(typed)
    if not wanted:
        return NameMatch()
    keyed = [(fold(name(item)), item) for item in items for name in names]
    exact = _unique([item for key, item in keyed if key == wanted])
    if exact is not None:
        return NameMatch(found=exact)
    starting = _unique([item for key, item in keyed if key.startswith(wanted)])
    if starting is not None and len(wanted) >= 3:
        return NameMatch(found=starting)
    close = difflib.get_close_matches(wanted, [key for key, _ in keyed], n=MAX_SUGGESTIONS * 2, cutoff=SUGGEST_CUTOFF)
    suggestions: list[T] = []
    for key in close:
        for candidate_key, item in keyed:
            if candidate_key == key and item not in suggestions:
                suggestions.append(item)
    if not suggestions and len(wanted) >= 3:
        suggestions = [item for key, item in keyed if key.startswith(wanted)]
        suggestions = list(dict.fromkeys(suggestions))
    return NameMatch(suggestions=suggestions[:MAX_SUGGESTIONS])


def _unique(found: list[T]) -> T | None:
    distinct = list(dict.fromkeys(found))
    return distinct[0] if len(distinct) == 1 else None


def normalise_phone(text: str) -> str | None:
    """A typed phone number as +7…, or None when it is not one.

    Russian numbers are written «89101234567», «8 (910) 123-45-67», «+7 910 123 45 67» or
    «9101234567»; all become «+79101234567». A number in another country keeps its «+» and
    country code. Letters, or too few or too many digits, are not a phone number.
    """
    text = text.strip()
    if not text or re.search(r"[^\d\s()+\-.]", text) or text.count("+") > 1 or "+" in text[1:]:
        return None
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        if digits.startswith("7"):
            return f"+{digits}" if len(digits) == 11 else None
        return f"+{digits}" if 8 <= len(digits) <= 15 else None
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    return None


_DAY_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def parse_day(text: str) -> date | None:
    """A calendar day as people type it: «02.12.2026», «2.12.26», «02/12/2026» or ISO «2026-12-02»."""
    text = text.strip().rstrip(".")
    for pattern in _DAY_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
