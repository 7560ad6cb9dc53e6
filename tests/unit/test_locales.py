import re

import pytest

from bot.commands import COMMANDS
from bot.i18n import LOCALES_DIR, I18n
from bot.scoring import points, to_units


def test_both_locales_define_the_same_keys() -> None:
    i18n = I18n("ru")
    assert set(i18n.locales) == {"ru", "en"}
    assert i18n.keys("ru") == i18n.keys("en"), i18n.keys("ru") ^ i18n.keys("en")


def test_every_command_has_a_description_in_every_language() -> None:
    i18n = I18n("ru")
    for code in i18n.locales:
        missing = [c.name for c in COMMANDS if f"cmd-{c.name}" not in i18n.keys(code)]
        assert missing == [], (code, missing)


def test_every_key_used_in_the_code_exists() -> None:
    keys = I18n("ru").keys("ru")
    root = LOCALES_DIR.parent
    used: set[str] = set()
    for folder in ("bot", "handlers", "scheduler"):
        for file in (root / folder).rglob("*.py"):
            used.update(re.findall(r"""\bt\(\s*["']([a-z][a-z0-9_-]*[a-z0-9])["']\s*[,)]""", file.read_text(encoding="utf-8")))
    assert sorted(used - keys) == []


@pytest.mark.parametrize(
    ("n", "word"),
    [("1", "балл"), ("2", "балла"), ("4", "балла"), ("5", "баллов"), ("11", "баллов"), ("21", "балл"),
     ("22", "балла"), ("0.3", "балла"), ("12.6", "балла")],
)
def test_russian_plurals_of_points(n: str, word: str) -> None:
    t = I18n("ru").get("ru")
    text = t("referral-joined", name="Аня", points=n, n=points(to_units(n)))
    assert text.endswith(f"+{n} {word}.")


def test_names_are_escaped_for_html() -> None:
    t = I18n("ru").get("ru")
    assert "<b>" not in t("welcome-back", name="<b>Хакер</b>")
    assert "&lt;b&gt;" in t("welcome-back", name="<b>Хакер</b>")


def test_an_unknown_locale_falls_back_to_russian() -> None:
    i18n = I18n("ru")
    assert i18n.get("de")("menu-help") == i18n.get("ru")("menu-help")
    assert i18n.pick_locale("en-GB") == "en"
    assert i18n.pick_locale("uk") == "ru"
