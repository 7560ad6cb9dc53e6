"""Typed answers where buttons are offered: names with near misses, phone numbers."""

from __future__ import annotations

import pytest

from bot.typed import match_name, normalise_phone

CITIES = ["Новосибирск", "Омск", "Томск", "Нижний Новгород", "Новгород"]


def match(text: str):  # noqa: ANN201
    return match_name(text, CITIES, lambda name: name)


@pytest.mark.parametrize("typed", ["новосибирск", "НОВОСИБИРСК", " Новосибирск. ", "новосиб"])
def test_a_city_typed_by_name_or_its_beginning_is_found(typed: str) -> None:
    assert match(typed).found == "Новосибирск"


def test_an_exact_name_wins_over_a_longer_one_starting_the_same() -> None:
    assert match("новгород").found == "Новгород"


def test_a_beginning_shared_by_two_names_is_not_a_choice() -> None:
    result = match("нов")
    assert result.found is None
    assert set(result.suggestions) >= {"Новосибирск", "Новгород"}


@pytest.mark.parametrize(("typed", "meant"), [("Новосибирс", "Новосибирск"), ("Новосибрск", "Новосибирск"),
                                               ("Томкс", "Томск"), ("нижний новгрод", "Нижний Новгород")])
def test_a_near_miss_is_suggested_not_chosen(typed: str, meant: str) -> None:
    result = match(typed)
    if result.found is not None:  # «Новосибирс» is a beginning of one name only
        assert result.found == meant
    else:
        assert result.suggestions[0] == meant


def test_nothing_like_it_gives_nothing() -> None:
    assert match("Париж") == match_name("Париж", CITIES, str)
    assert match("Париж").found is None and match("Париж").suggestions == []
    assert match("   ").found is None


def test_a_district_is_found_by_its_code_too() -> None:
    districts = [("NSK-1", "Центральный"), ("NSK-2", "Ленинский")]
    assert match_name("nsk-2", districts, lambda d: d[1], lambda d: d[0]).found == ("NSK-2", "Ленинский")
    assert match_name("ленинский", districts, lambda d: d[1], lambda d: d[0]).found == ("NSK-2", "Ленинский")


@pytest.mark.parametrize(
    ("typed", "phone"),
    [("89101234567", "+79101234567"), ("+7 910 123-45-67", "+79101234567"), ("8 (910) 123-45-67", "+79101234567"),
     ("79101234567", "+79101234567"), ("9101234567", "+79101234567"), ("+375 29 123 45 67", "+375291234567")],
)
def test_typed_phone_numbers_become_plus_seven(typed: str, phone: str) -> None:
    assert normalise_phone(typed) == phone


@pytest.mark.parametrize("typed", ["123", "Пропустить", "8910123456789", "+7 910 123", "позвоните мне", "1+2", ""])
def test_what_is_not_a_phone_number_is_refused(typed: str) -> None:
    assert normalise_phone(typed) is None


@pytest.mark.parametrize(
    ("text", "question"),
    [("как получить баллы?", "how_to_earn"), ("Как заработать баллы", "how_to_earn"),
     ("за что дают баллы", "how_to_earn"), ("сколько у меня баллов", "my_points"),
     ("Сколько баллов у меня?", "my_points"), ("какое у меня место", "my_points"),
     ("что делать", "what_to_do"), ("Что мне делать дальше?", "what_to_do"), ("помогите", "what_to_do"),
     ("how do I earn points?", "how_to_earn"), ("my points", "my_points")],
)
def test_plain_questions_are_recognised(text: str, question: str) -> None:
    from bot.questions import classify

    assert classify(text) == question


@pytest.mark.parametrize("text", ["привет", "просто текст без ссылки", "Отлично!", "x" * 200])
def test_other_texts_are_not_questions(text: str) -> None:
    from bot.questions import classify

    assert classify(text) is None


@pytest.mark.parametrize(("text", "day"), [("02.12.2026", (2026, 12, 2)), ("2.12.26", (2026, 12, 2)),
                                           ("2026-12-02", (2026, 12, 2)), ("02/12/2026", (2026, 12, 2))])
def test_days_as_people_type_them(text: str, day: tuple[int, int, int]) -> None:
    from datetime import date

    from bot.typed import parse_day

    assert parse_day(text) == date(*day)


@pytest.mark.parametrize("text", ["31.02.2027", "завтра", "2026-13-01", ""])
def test_what_is_not_a_day(text: str) -> None:
    from bot.typed import parse_day

    assert parse_day(text) is None
