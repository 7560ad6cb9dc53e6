import re

import pytest

from bot.i18n import LOCALES_DIR, I18n
from bot.runtime.commands import COMMANDS
from bot.scoring import format_points, points


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
            text = file.read_text(encoding="utf-8")
            used.update(re.findall(r"""\bt\(\s*["']([a-z][a-z0-9_-]*[a-z0-9])["']\s*[,)]""", text))
    assert sorted(used - keys) == []


@pytest.mark.parametrize(
    ("units", "word"),
    [(10, "балл"), (20, "балла"), (40, "балла"), (50, "баллов"), (110, "баллов"), (210, "балл"),
     (220, "балла"), (3, "балла"), (126, "балла")],
)
def test_russian_plurals_of_points(units: int, word: str) -> None:
    t = I18n("ru").get("ru")
    text = t("referral-joined", name="Аня", points=format_points(units), n=points(units))
    assert text.endswith(f"+{format_points(units)} {word}.")


def test_names_are_escaped_for_html() -> None:
    t = I18n("ru").get("ru")
    assert "<b>" not in t("welcome-back", name="<b>Хакер</b>")
    assert "&lt;b&gt;" in t("welcome-back", name="<b>Хакер</b>")


def test_an_unknown_locale_falls_back_to_russian() -> None:
    i18n = I18n("ru")
    assert i18n.get("de")("menu-help") == i18n.get("ru")("menu-help")
    assert i18n.pick_locale("en-GB") == "en"
    assert i18n.pick_locale("uk") == "ru"


def test_remembered_texts_read_as_freshly_formatted_ones_whatever_the_order() -> None:
    t = I18n("ru").get("ru")
    expected = {
        10: "✅ Пост засчитан: +1 балл. Сегодня: 1 из 10.",
        20: "✅ Пост засчитан: +2 балла. Сегодня: 1 из 10.",
        3: "✅ Пост засчитан: +0.3 балла. Сегодня: 1 из 10.",
        50: "✅ Пост засчитан: +5 баллов. Сегодня: 1 из 10.",
    }
    for units in [*expected, *reversed(expected), *expected]:
        text = t("post-counted", today=1, cap=10, points=format_points(units), n=points(units))
        assert text == expected[units]
    # Free text is never taken from memory: each name reads as given.
    for name in ("Анна", "Борис", "Анна"):
        assert t("referral-joined", name=name, points="10", n=10).startswith(f"🎉 {name} присоединился")
