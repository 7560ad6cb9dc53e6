"""Mechanical slips in the Russian texts, found by reading every message in locales/ru (SPEC §13)."""

from __future__ import annotations

import re

import pytest
from fluent.syntax import FluentParser, FluentSerializer
from fluent.syntax.ast import Message

from bot.i18n import LOCALES_DIR, I18n
from bot.scoring import format_points, points

ABBREVIATIONS = ("получ.", "кол-во", "т.к.", "т.е.", "тыс.", "руб.", "мин.", "сек.", "напр.", "и т.д.", "и т.п.",
                 "уч.", "чел.")
JARGON = ("геозон", "юзер", "чекин", "апрув", "дедлайн", "аккаунт", "юзернейм")


def _russian_messages() -> list[tuple[str, str]]:
    found = []
    serializer = FluentSerializer()
    for file in sorted((LOCALES_DIR / "ru").glob("*.ftl")):
        for entry in FluentParser().parse(file.read_text(encoding="utf-8")).body:
            if isinstance(entry, Message) and entry.value is not None:
                source = serializer.serialize_entry(entry).split("=", 1)[1]
                found.append((f"{file.name}:{entry.id.name}", source))
    return found


MESSAGES = _russian_messages()


def test_the_scan_reads_the_texts() -> None:
    assert len(MESSAGES) > 300


@pytest.mark.parametrize(("where", "text"), MESSAGES, ids=[where for where, _ in MESSAGES])
def test_no_mechanical_slips(where: str, text: str) -> None:
    plain = re.sub(r"\{[^{}]*\}", "X", text)            # placeables (one level is enough for the checks)
    assert ".." not in plain, "a doubled full stop: write «…» or one «.»"
    depth = 0
    for ch in plain:
        depth += ch == "«"
        assert depth <= 1, "nested quotes «…«…»…»"
        depth -= ch == "»"
    assert not re.search(r"\b\d+:\d\d:\d\d\b", plain), "durations in words: «3 мин 20 с», not «0:00:00»"
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", plain), "dates as dd.mm.yyyy"
    lowered = plain.lower()
    for abbreviation in ABBREVIATIONS:
        assert abbreviation not in lowered, f"an abbreviation: {abbreviation}"
    for word in JARGON:
        assert word not in lowered, f"jargon: {word}"
    repeated = re.search(r"(?<![\w-])(\w{3,})\s+\1(?![\w-])", lowered)
    assert repeated is None, f"a repeated word: {repeated and repeated.group(0)}"
    # District names often end in «округ»: «команда округа «Сормовский округ»» repeats it.
    assert "округа «{ $district }»" not in text and "округ «{ $district }»" not in text
    # A name is typed in the nominative: «У участника Анна» reads wrong; put the name after a colon.
    assert not re.search(r"(\b[Уу]|участника|участнику) \{ \$(name|who) \}", text), "a name in an oblique case"
    assert not re.search(r"для «(все|\{ \$scope \})»", text), "«для всех», not «для «все»»"


@pytest.mark.parametrize(("units", "text"), [(103, "10,3"), (3, "0,3"), (-14, "-1,4"), (200, "20")])
def test_points_are_written_with_a_decimal_comma_in_russian_and_a_point_in_english(units: int, text: str) -> None:
    i18n = I18n("ru")
    assert i18n.get("ru")("me-points", points=format_points(units)) == f"🏆 Баллы: <b>{text}</b>"
    assert i18n.get("en")("me-points", points=format_points(units)) == f"🏆 Points: <b>{text.replace(',', '.')}</b>"


@pytest.mark.parametrize(("n", "expected"), [(1, "1 участник"), (4, "4 участника"), (5, "5 участников"),
                                             (21, "21 участник"), (12, "12 участников")])
def test_counts_of_people_agree_with_their_number(n: int, expected: str) -> None:
    t = I18n("ru").get("ru")
    assert t("export-caption", campaign="Зима", count=str(n), n=n) == f"Рейтинг «Зима»: {expected}."


def test_plural_of_points_for_fractions() -> None:
    t = I18n("ru").get("ru")
    assert t("points-word", n=points(3)) == "балла"
    assert t("points-word", n=points(50)) == "баллов"
