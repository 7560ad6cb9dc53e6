"""Templates and the visitor's language; numbers and dates read as `bot/formats.py` writes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup

from bot import formats
from bot.i18n import I18n, Translator
from bot.scoring import points as plural_points

TEMPLATES = Path(__file__).resolve().parent / "templates"


def pick_lang(request: web.Request, i18n: I18n) -> str:
    """?lang= when given, else the browser's first language we have, else the default."""
    asked = request.query.get("lang", "")
    if asked in i18n.locales:
        return asked
    for part in request.headers.get("Accept-Language", "").split(","):
        code = part.split(";")[0].strip().split("-")[0].lower()
        if code in i18n.locales:
            return code
    return i18n.default_locale


class Pages:
    """The Jinja environment: autoescaping everywhere, texts from Fluent."""

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )

    def render(self, name: str, locale: str, **context: Any) -> str:
        t = self.i18n.get(locale)

        def points(units: int) -> str:
            return formats.points_text(units, t.decimal_mark)

        def amount(units: int) -> Markup:
            return Markup(t("web-points", points=points(units), n=plural_points(units)))

        return self.env.get_template(name).render(
            t=_markup(t), locale=locale, points=points, amount=amount, date=formats.date_text,
            local_date=formats.local_date_text, moment=formats.moment_text, span=formats.span_text,
            clock_time=formats.clock_time, **context
        )


def _markup(t: Translator) -> Any:
    # Fluent texts escape their arguments (bot.i18n); the texts themselves are ours.
    def text(key: str, **args: object) -> Markup:
        return Markup(t(key, **args))

    return text
