"""Survey rules: end times as people type them, answering steps, tallies, long results, charts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.formats import decimal_text
from bot.i18n import I18n
from bot.surveys import (
    AnswerRefusal,
    DeadlineProblem,
    OptionsProblem,
    Progress,
    Question,
    QuestionKind,
    Step,
    Tally,
    apply_step,
    chart_png,
    chunk_lines,
    parse_deadline,
    parse_options,
)

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)          # 12:00 in Moscow


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


def test_end_times_as_people_type_them() -> None:
    assert parse_deadline("25.12 18:00", now=NOW, tz=MOSCOW) == local(2026, 12, 25, 18, 0)
    assert parse_deadline("25.12", now=NOW, tz=MOSCOW) == local(2026, 12, 25, 23, 59)       # the end of that day
    assert parse_deadline("завтра 20:00", now=NOW, tz=MOSCOW) == local(2026, 12, 11, 20, 0)
    assert parse_deadline("сегодня в 18.30", now=NOW, tz=MOSCOW) == local(2026, 12, 10, 18, 30)
    assert parse_deadline("через 3 дня", now=NOW, tz=MOSCOW) == local(2026, 12, 13, 23, 59)
    assert parse_deadline("через неделю", now=NOW, tz=MOSCOW) == local(2026, 12, 17, 23, 59)
    assert parse_deadline("05.01 10:00", now=NOW, tz=MOSCOW) == local(2027, 1, 5, 10, 0)    # next January
    assert parse_deadline("2026-12-20 09:15", now=NOW, tz=MOSCOW) == local(2026, 12, 20, 9, 15)


def test_bad_end_times_are_refused_not_moved() -> None:
    assert parse_deadline("сегодня 11:00", now=NOW, tz=MOSCOW) == DeadlineProblem.IN_THE_PAST
    assert parse_deadline("01.12.2026", now=NOW, tz=MOSCOW) == DeadlineProblem.IN_THE_PAST
    assert parse_deadline("31.02 10:00", now=NOW, tz=MOSCOW) == DeadlineProblem.NO_SUCH_DATE
    assert parse_deadline("25.12 25:00", now=NOW, tz=MOSCOW) == DeadlineProblem.UNRECOGNISED
    assert parse_deadline("скоро", now=NOW, tz=MOSCOW) == DeadlineProblem.UNRECOGNISED
    assert parse_deadline("01.06.2027", now=NOW, tz=MOSCOW) == DeadlineProblem.TOO_FAR


def test_options_one_a_line() -> None:
    assert parse_options("1. Да\n2) Нет\n- Не знаю\n\n") == ("Да", "Нет", "Не знаю")
    assert parse_options("Да") == OptionsProblem.TOO_FEW
    assert parse_options("Да\nда") == OptionsProblem.REPEATED
    assert parse_options("Да\n" + "х" * 61) == OptionsProblem.TOO_LONG


QUESTIONS = (
    Question(QuestionKind.SINGLE, "Один?", ("А", "Б")),
    Question(QuestionKind.MULTI, "Несколько?", ("А", "Б", "В"), required=False),
    Question(QuestionKind.SCALE, "Оценка?"),
    Question(QuestionKind.TEXT, "Текст?", required=False),
)


def test_steps_move_through_the_questions_and_refuse_what_does_not_fit() -> None:
    start = Progress(0)
    assert apply_step(QUESTIONS, start, question=0, step=Step.SKIP) == AnswerRefusal.REQUIRED
    assert apply_step(QUESTIONS, start, question=0, step=Step.PICK, value=2) == AnswerRefusal.STALE
    assert apply_step(QUESTIONS, start, question=1, step=Step.TOGGLE, value=0) == AnswerRefusal.STALE
    assert apply_step(QUESTIONS, start, question=0, step=Step.BACK) == AnswerRefusal.STALE
    first = apply_step(QUESTIONS, start, question=0, step=Step.PICK, value=1)
    assert first == Progress(1, {"0": 1})
    assert isinstance(first, Progress)
    toggled = apply_step(QUESTIONS, first, question=1, step=Step.TOGGLE, value=2)
    assert toggled == Progress(1, {"0": 1, "1": [2]})
    assert isinstance(toggled, Progress)
    none_chosen = apply_step(QUESTIONS, toggled, question=1, step=Step.TOGGLE, value=2)
    assert isinstance(none_chosen, Progress)
    skipped = apply_step(QUESTIONS, none_chosen, question=1, step=Step.DONE)
    assert skipped == Progress(2, {"0": 1, "1": None})               # optional: nothing chosen is a skip
    assert isinstance(skipped, Progress)
    assert apply_step(QUESTIONS, skipped, question=2, step=Step.RATE, value=6) == AnswerRefusal.STALE
    back = apply_step(QUESTIONS, skipped, question=2, step=Step.BACK)
    assert back == Progress(1, {"0": 1, "1": None})                  # answers kept
    rated = apply_step(QUESTIONS, skipped, question=2, step=Step.RATE, value=4)
    assert isinstance(rated, Progress)
    assert apply_step(QUESTIONS, rated, question=3, step=Step.TEXT, value="  ") == AnswerRefusal.EMPTY
    assert apply_step(QUESTIONS, rated, question=3, step=Step.TEXT, value="х" * 1001) == AnswerRefusal.TOO_LONG
    assert apply_step(QUESTIONS, rated, question=3, step=Step.TEXT, value="х" * 1000) == Progress(
        4, {"0": 1, "1": None, "2": 4, "3": "х" * 1000})


def test_tally_counts_options_averages_the_scale_and_keeps_texts() -> None:
    tally = Tally(QUESTIONS)
    tally.add({"0": 0, "1": [0, 2], "2": 5, "3": "хорошо"})
    tally.add({"0": 0, "1": None, "2": 4, "3": None})
    tally.add({"0": 1, "1": [2], "2": 4})
    single, multi, scale, text = tally.questions
    assert single.counts == [2, 1]
    assert multi.counts == [1, 0, 2] and multi.answered == 2
    assert scale.average == Decimal("4.3")
    assert decimal_text(scale.average, I18n().get("ru").decimal_mark) == "4,3"
    assert decimal_text(scale.average, I18n().get("en").decimal_mark) == "4.3"
    assert text.texts == ["хорошо"]


def test_long_results_are_split_by_whole_lines() -> None:
    lines = [f"— ответ номер {n} 🙂 " + "х" * 80 for n in range(200)]
    parts = chunk_lines(lines)
    assert len(parts) > 1
    assert all(len(part.encode("utf-16-le")) // 2 <= 4096 for part in parts)     # as Telegram counts
    assert "\n".join(parts).split("\n") == lines                               # every line, whole, in order


def test_chart_draws_typed_text_literally() -> None:
    tally = Tally((Question(QuestionKind.SINGLE, "Цена $x^2$?", ("$5$ рублей", "$\\nosuchcommand$")),))
    tally.add({"0": 0})
    png = chart_png(tally.questions[0], title="1. Цена $x^2$?", xlabel="Ответы")
    assert png[:4] == b"\x89PNG"
