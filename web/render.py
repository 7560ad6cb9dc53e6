"""Templates, the visitor's language and the way numbers and dates read on a page."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from markupsafe import Markup

from bot.i18n import I18n, Translator
from bot.scoring import format_points
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


def points_text(units: int, locale: str) -> str:
    """'12.6' in English, '12,6' in Russian (SPEC §13)."""
    text = format_points(units)
    return text.replace(".", ",") if locale == "ru" else text


def date_text(day: date) -> str:
    return day.strftime("%d.%m.%Y")


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

        def amount(units: int) -> Markup:
            return Markup(t("web-points", points=points_text(units, locale), n=plural_points(units)))

        return self.env.get_template(name).render(
            t=_markup(t), locale=locale, points=lambda units: points_text(units, locale), amount=amount,
            date=date_text, **context
        )


def _markup(t: Translator) -> Any:
    # Fluent texts escape their arguments (bot.i18n); the texts themselves are ours.
    def text(key: str, **args: object) -> Markup:
        return Markup(t(key, **args))

    return text
