"""A material's steps and hashtag, as a coordinator writes them."""

from __future__ import annotations

import pytest

from bot.materials import Action, action_of


@pytest.mark.parametrize(("text", "expected"), [
    ("Зимний марафон\n1. Сделайте репост\n2) Добавьте #ВВЕРХ\n3. Пришлите ссылку",
     Action(("Сделайте репост", "Добавьте #ВВЕРХ", "Пришлите ссылку"), "ВВЕРХ")),
    ("Акция\n• поставьте лайк\n— расскажите друзьям", Action(("поставьте лайк", "расскажите друзьям"), None)),
    ("Без шагов, но с тегом #зима2026 и #вторым", Action((), "зима2026")),
    ("Цена 100 руб. за #1", Action((), None)),          # "#1" is too short to be a hashtag
    ("Ссылка https://vk.com/wall-1_2#comments", Action((), None)),
])
def test_steps_are_numbered_or_bulleted_lines_and_the_hashtag_is_the_first(text: str, expected: Action) -> None:
    assert action_of(text) == expected
