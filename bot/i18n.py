"""Fluent translations from `locales/<code>/*.ftl`.

Every text the bot sends comes from here. String arguments are HTML-escaped, since
messages go out with parse_mode=HTML and names are typed by members.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from fluent.runtime import FluentBundle, FluentResource
from fluent.syntax.ast import Junk

from bot.formats import with_decimal_mark
from bot.scoring import PointsText

log = logging.getLogger(__name__)

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


MEMO_SIZE = 4096


class Translator:
    """Texts of one locale, falling back to the default locale, then to the key.

    Texts whose arguments are only numbers, points, dates and the like are remembered:
    the same few recur on every update ("Сегодня: 3 из 10"), and Fluent's number
    formatting and plural rules cost a tenth of a millisecond a call. Texts with names
    or other free text are formatted afresh and never kept.
    """

    def __init__(self, locale: str, bundles: list[FluentBundle]) -> None:
        self.locale = locale
        self._bundles = bundles
        self._memo: dict[tuple[object, ...], str] = {}
        # How this language writes the decimal point of a point value («10,3» in Russian).
        self.decimal_mark = self._raw("number-decimal-mark") or "."

    def __call__(self, key: str, /, **args: object) -> str:
        memo_key = _memo_key(key, args)
        if memo_key is not None:
            known = self._memo.get(memo_key)
            if known is None:
                known = self._format(key, args)
                if len(self._memo) >= MEMO_SIZE:
                    self._memo.clear()
                self._memo[memo_key] = known
            return known
        return self._format(key, args)

    def _raw(self, key: str) -> str | None:
        for bundle in self._bundles:
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is not None:
                    return str(bundle.format_pattern(message.value, {})[0]).strip()
        return None

    def points(self, value: str) -> str:
        """A point value as this language writes it: '10.3' → '10,3' in Russian."""
        return with_decimal_mark(value, self.decimal_mark)

    def _format(self, key: str, args: Mapping[str, object]) -> str:
        safe = {
            name: self.points(value) if isinstance(value, PointsText) else _safe(value) for name, value in args.items()
        }
        for bundle in self._bundles:
            if bundle.has_message(key):
                message = bundle.get_message(key)
                if message.value is None:
                    continue
                text, errors = bundle.format_pattern(message.value, safe)
                for error in errors:
                    log.warning("translation %s/%s: %s", self.locale, key, error)
                return str(text)
        log.error("missing translation key %s", key)
        return key

    def has(self, key: str) -> bool:
        return any(bundle.has_message(key) for bundle in self._bundles)


def _memo_key(key: str, args: Mapping[str, object]) -> tuple[object, ...] | None:
    """The memo key of a call, or None when an argument may be free text (a name, a title)."""
    for value in args.values():
        if isinstance(value, bool) or not isinstance(value, (int, Decimal, str)):
            return None
        if isinstance(value, str) and (len(value) > 32 or any(ch.isalpha() for ch in value)):
            return None
    # The type is part of the key: Decimal("1.0") == 1, yet they read differently.
    return (key, *((name, type(value), value) for name, value in sorted(args.items())))


def _safe(value: object) -> object:
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, float):
        raise TypeError("pass points as formatted strings, never floats")
    return html.escape(str(value), quote=False)


class I18n:
    """All locales, loaded once at start."""

    def __init__(self, default_locale: str = "ru", directory: Path = LOCALES_DIR) -> None:
        self.default_locale = default_locale
        self._bundles: dict[str, FluentBundle] = {}
        self._keys: dict[str, set[str]] = {}
        for folder in sorted(p for p in directory.iterdir() if p.is_dir()):
            bundle = FluentBundle([folder.name], use_isolating=False)
            keys: set[str] = set()
            for file in sorted(folder.glob("*.ftl")):
                resource = FluentResource(file.read_text(encoding="utf-8"))
                for entry in resource.body:
                    if isinstance(entry, Junk):
                        raise ValueError(f"{file}: cannot parse {entry.content.strip()[:60]!r}")
                bundle.add_resource(resource)
                keys.update(entry.id.name for entry in resource.body if hasattr(entry, "id"))
            self._bundles[folder.name] = bundle
            self._keys[folder.name] = keys
        if default_locale not in self._bundles:
            raise ValueError(f"no translations for the default locale {default_locale!r}")
        self._translators = {code: self._make(code) for code in self._bundles}
        self._all_texts: dict[str, frozenset[str]] = {}

    def _make(self, locale: str) -> Translator:
        chain = [self._bundles[locale]]
        if locale != self.default_locale:
            chain.append(self._bundles[self.default_locale])
        return Translator(locale, chain)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(self._bundles)

    def keys(self, locale: str) -> set[str]:
        return set(self._keys[locale])

    def get(self, locale: str | None) -> Translator:
        return self._translators.get(locale or "", self._translators[self.default_locale])

    def pick_locale(self, language_code: str | None) -> str:
        """The best locale for a Telegram client's language, else the default."""
        code = (language_code or "").split("-")[0].lower()
        return code if code in self._bundles else self.default_locale

    def all_texts(self, key: str) -> frozenset[str]:
        """The text of a key in every locale: reply-keyboard buttons come back as text."""
        cached = self._all_texts.get(key)
        if cached is None:
            cached = frozenset(self._translators[code](key) for code in self._bundles)
            self._all_texts[key] = cached
        return cached

    def each(self) -> Iterable[tuple[str, Translator]]:
        return self._translators.items()


def texts(i18n: I18n, keys: Iterable[str]) -> Mapping[str, str]:
    """Map every locale's text of the given keys back to the key."""
    return {i18n.get(code)(key): key for key in keys for code in i18n.locales}
