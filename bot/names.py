"""Display names as they appear in the public rating: one rule, used wherever a name is stored.

A name is normalised (Unicode NFKC; invisible, direction, control and filler characters
removed; runs of spaces collapsed to one) and then must have 2-64 visible characters with
at least one letter. The normalisation closes look-alikes: «Иван\u200bПетров» and
«Иван Петров» are the same name, and «\u3164» is no name at all.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum

NAME_MIN, NAME_MAX = 2, 64

# Invisible letters that Unicode classes as ordinary ones: Hangul fillers, the braille blank,
# the combining grapheme joiner, the Mongolian vowel separator.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180e")


class NameProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"
    NO_LETTER = "no_letter"


def _drop(ch: str) -> bool:
    # Cf: format characters (zero-width spaces and joiners, direction marks, overrides and
    # isolates, the soft hyphen, the BOM, the word joiner); Cc: control; Co/Cs/Cn: private,
    # surrogate and unassigned code points.
    return ch in _INVISIBLE or unicodedata.category(ch) in ("Cf", "Co", "Cs", "Cn")


def normalise(text: str) -> str:
    """The name as it will be stored: NFKC, no invisible characters, single spaces, no edge spaces."""
    text = unicodedata.normalize("NFKC", text)
    # Control characters (newlines, tabs) separate words; other invisible characters vanish.
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text if not _drop(ch))
    return " ".join(text.split())


def visible_length(name: str) -> int:
    """Characters a reader sees: combining marks sit on the letter before them."""
    return sum(1 for ch in name if not unicodedata.category(ch).startswith("M"))


def clean_display_name(text: str) -> str | NameProblem:
    """A display name for the public rating, normalised; or why it cannot be one."""
    name = normalise(text)
    if "<" in name or ">" in name or name.startswith("/"):
        return NameProblem.BAD_CHARACTERS
    length = visible_length(name)
    if length < NAME_MIN:
        return NameProblem.TOO_SHORT
    if length > NAME_MAX:
        return NameProblem.TOO_LONG
    if not any(ch.isalpha() for ch in name):
        return NameProblem.NO_LETTER
    return name
