"""Surveys (SPEC §11): the rules of a survey, and the acts of making, answering and reading one.

A survey is a title and 1–10 questions (single choice, multiple choice, a 1–5 scale or free
text, each required or optional), an audience (everyone in a coordinator's area, a city, a
district, or the attendees of a meeting), an end time, anonymous or named results, and the
points a complete answer earns (the campaign's rule; activity points, so the inviter's share
applies).

Members answer in the chat with inline buttons, one question at a time, rather than with
Telegram's native polls: a poll is one question with choices only (no scale with an
average, no free text, no «back»), its answers cannot be withdrawn to go back a step, and
a multi-question dialog would be a chain of polls the bot cannot hold together across a
restart. Buttons carry the survey and the question they belong to; each press is checked
against the member's stored progress, so a stale or forged button changes nothing.

Progress (the question a member is on and the answers so far) is kept in SQLite: a member
can stop and finish later, across restarts. One response per member and survey.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot import meeting_notices, membership, texts
from bot.acting import current_actor
from bot.formats import decimal_text, moment_text
from bot.i18n import Translator
from bot.ledger import Award, award
from bot.model import Member, NotificationTopic, SurveyPurpose
from bot.roles import Actor, ScopeKind
from bot.scopes import Scope
from bot.scoring import Kind, PointsText, format_points
from bot.spreadsheets import cell_text
from bot.texts import TextProblem, clean_text  # noqa: F401 - the dialogs reach it through this module
from storage import campaigns as campaign_store
from storage import geo, notifications
from storage import meetings as meeting_store
from storage import members as member_store
from storage import outbox as outbox_store
from storage import scopes as scope_store
from storage import surveys as store
from storage.db import Database

MAX_QUESTIONS = 10
MIN_OPTIONS, MAX_OPTIONS = 2, 10
TITLE_MIN, TITLE_MAX = 3, 150
QUESTION_MIN, QUESTION_MAX = 3, 300
OPTION_MAX = 60
ANSWER_MAX = 1000                   # characters of a free-text answer
SCALE = (1, 2, 3, 4, 5)
MAX_OPEN = timedelta(days=90)       # the longest a survey stays open
FEEDBACK_OPEN = timedelta(days=3)   # how long attendees may say how a meeting was
MAX_TEXT = texts.TEXT_LIMIT
BROADCAST_KIND = "survey"


# ---------------------------------------------------------------------------
# What a survey is


class QuestionKind(StrEnum):
    SINGLE = "single"
    MULTI = "multi"
    SCALE = "scale"
    TEXT = "text"
    # The "check your details" template: the answer changes the member's record.
    DISTRICT = "district"      # 0: still right; else the id of the district they moved to
    PHONE = "phone"            # 0: keep; 1: remove; a string: the number of a contact they shared
    NOTIFICATIONS = "notifications"  # 0: keep the /settings as they are; 1: every topic on; 2: every topic off


CHOICE_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.MULTI})
# Questions counted per option (choices, and the details template's fixed outcomes).
COUNTED_KINDS = CHOICE_KINDS | {QuestionKind.DISTRICT, QuestionKind.PHONE, QuestionKind.NOTIFICATIONS}
PHONE_KEEP, PHONE_REMOVE, PHONE_NEW = 0, 1, 2
NOTIFY_KEEP, NOTIFY_ALL, NOTIFY_NONE = 0, 1, 2
NOTIFY_CHOICES = (NOTIFY_KEEP, NOTIFY_ALL, NOTIFY_NONE)


@dataclass(frozen=True, slots=True)
class Question:
    kind: QuestionKind
    text: str
    options: tuple[str, ...] = ()
    required: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"k": str(self.kind), "t": self.text, "o": list(self.options), "r": self.required}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Question:
        return cls(QuestionKind(data["k"]), str(data["t"]), tuple(str(o) for o in data.get("o", ())),
                   bool(data.get("r", True)))


def dump_questions(questions: Sequence[Question]) -> str:
    return json.dumps([q.to_json() for q in questions], ensure_ascii=False, separators=(",", ":"))


def load_questions(text: str) -> tuple[Question, ...]:
    return tuple(Question.from_json(item) for item in json.loads(text))


class AudienceKind(StrEnum):
    MINE = "mine"          # everyone in the coordinator's area
    CITY = "city"
    DISTRICT = "district"
    MEETING = "meeting"    # who checked in at a meeting


@dataclass(frozen=True, slots=True)
class Survey:
    id: int
    purpose: SurveyPurpose
    title: str
    questions: tuple[Question, ...]
    scope_kind: str
    scope_id: int
    anonymous: bool
    units: int
    campaign_id: int | None
    ends_at: datetime
    recipients: int
    created_by: int

    def is_open(self, now: datetime) -> bool:
        return now < self.ends_at


def _from_row(row: store.SurveyRow) -> Survey:
    return Survey(
        id=row.id, purpose=row.purpose, title=row.title, questions=load_questions(row.questions),
        scope_kind=row.scope_kind, scope_id=row.scope_id, anonymous=row.anonymous, units=row.units,
        campaign_id=row.campaign_id, ends_at=row.ends_at, recipients=row.recipients,
        created_by=row.created_by,
    )


# ---------------------------------------------------------------------------
# What a coordinator types




class OptionsProblem(StrEnum):
    TOO_FEW = "too_few"
    TOO_MANY = "too_many"
    TOO_LONG = "too_long"
    REPEATED = "repeated"


def parse_options(text: str) -> tuple[str, ...] | OptionsProblem:
    """Answer options, one a line (a leading "1.", "-" or "•" is dropped)."""
    options = []
    for line in text.splitlines():
        option = " ".join(re.sub(r"^\s*(?:\d{1,2}[.)]|[-•*])\s+", "", line).split())
        if option:
            options.append(option)
    if len(options) < MIN_OPTIONS:
        return OptionsProblem.TOO_FEW
    if len(options) > MAX_OPTIONS:
        return OptionsProblem.TOO_MANY
    if any(len(option) > OPTION_MAX for option in options):
        return OptionsProblem.TOO_LONG
    if len({option.casefold() for option in options}) != len(options):
        return OptionsProblem.REPEATED
    return tuple(options)


class DeadlineProblem(StrEnum):
    UNRECOGNISED = "unrecognised"
    NO_SUCH_DATE = "no_such_date"
    IN_THE_PAST = "in_the_past"
    TOO_FAR = "too_far"


_DAY_WORDS = {"сегодня": 0, "today": 0, "завтра": 1, "tomorrow": 1, "послезавтра": 2}
_IN_DAYS = re.compile(r"(?:через|in)\s+(?:(?P<n>\d{1,2})\s+)?(?P<unit>дн[еяь]й?|дня|день|days?|недел[юиь]|weeks?)")
_DEADLINE = re.compile(
    r"(?P<day>сегодня|today|завтра|tomorrow|послезавтра|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?|\d{4}-\d{1,2}-\d{1,2})?"
    r"(?:[,]?\s*(?:в|at)?\s*(?P<h>\d{1,2})[:.](?P<m>\d{2}))?"
)


def parse_deadline(text: str, *, now: datetime, tz: ZoneInfo) -> datetime | DeadlineProblem:
    """When a survey ends, as people type it: "25.12", "25.12 18:00", "завтра 20:00", "через 3 дня",
    "через неделю", "2026-12-25 18:00". A day without a time means the end of that day."""
    text = " ".join(text.strip().lower().replace("ё", "е").split())
    today = now.astimezone(tz).date()
    relative = _IN_DAYS.fullmatch(text)
    if relative is not None:
        n = int(relative["n"] or 1)
        days = n * 7 if relative["unit"].startswith(("нед", "week")) else n
        return _check_deadline(datetime.combine(today + timedelta(days=days), time(23, 59), tzinfo=tz), now)
    match = _DEADLINE.fullmatch(text)
    if match is None or (match["day"] is None and match["h"] is None):
        return DeadlineProblem.UNRECOGNISED
    day = _day(match["day"], today)
    if isinstance(day, DeadlineProblem):
        return day
    hour, minute = (int(match["h"]), int(match["m"])) if match["h"] else (23, 59)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return DeadlineProblem.UNRECOGNISED
    return _check_deadline(datetime.combine(day, time(hour, minute), tzinfo=tz), now)


def _day(word: str | None, today: date) -> date | DeadlineProblem:
    if word is None:
        return today
    if word in _DAY_WORDS:
        return today + timedelta(days=_DAY_WORDS[word])
    try:
        iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)
        if iso:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        dotted = re.fullmatch(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2}|\d{4}))?", word)
        assert dotted is not None
        day, month = int(dotted[1]), int(dotted[2])
        if dotted[3]:
            year = int(dotted[3])
            return date(year + 2000 if year < 100 else year, month, day)
        this_year = date(today.year, month, day)
        # "05.01" typed in December means next January.
        return this_year if this_year >= today else date(today.year + 1, month, day)
    except ValueError:
        return DeadlineProblem.NO_SUCH_DATE


def _check_deadline(moment: datetime, now: datetime) -> datetime | DeadlineProblem:
    if moment <= now:
        return DeadlineProblem.IN_THE_PAST
    if moment - now > MAX_OPEN:
        return DeadlineProblem.TOO_FAR
    return moment


def quick_deadlines(now: datetime, tz: ZoneInfo) -> list[tuple[int, datetime]]:
    """End times a coordinator picks with one tap: (days, the end of that day)."""
    today = now.astimezone(tz).date()
    return [(days, datetime.combine(today + timedelta(days=days), time(23, 59), tzinfo=tz)) for days in (1, 3, 7)]


# ---------------------------------------------------------------------------
# Answering, one step at a time (pure)


class Step(StrEnum):
    PICK = "pick"          # single choice: the option
    TOGGLE = "toggle"      # multiple choice: an option on or off
    DONE = "done"          # multiple choice: the selection is final
    RATE = "rate"          # the scale: 1..5
    TEXT = "text"          # free text, typed
    SKIP = "skip"          # an optional question left unanswered
    BACK = "back"          # one question back


class AnswerRefusal(StrEnum):
    NOT_FOUND = "not_found"
    NOT_INVITED = "not_invited"
    CLOSED = "closed"
    ALREADY_ANSWERED = "already_answered"
    NOT_STARTED = "not_started"
    STALE = "stale"                  # a button of a question that is no longer the current one
    WRONG_KIND = "wrong_kind"        # e.g. text typed while the question wants a button
    REQUIRED = "required"
    TOO_LONG = "too_long"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Progress:
    position: int                                   # the question being answered; len(questions) when done
    answers: dict[str, Any] = field(default_factory=dict)

    @property
    def dumped(self) -> str:
        return json.dumps(self.answers, ensure_ascii=False, separators=(",", ":"))


def apply_step(
    questions: Sequence[Question], progress: Progress, *, question: int, step: Step, value: Any = None
) -> Progress | AnswerRefusal:
    """The member's progress after one step, or why the step is refused (nothing changes then)."""
    if question != progress.position or not 0 <= question < len(questions):
        return AnswerRefusal.STALE
    current = questions[question]
    key = str(question)
    answers = dict(progress.answers)
    if step == Step.BACK:
        return AnswerRefusal.STALE if question == 0 else Progress(question - 1, answers)
    if step == Step.SKIP:
        if current.required:
            return AnswerRefusal.REQUIRED
        answers[key] = None
        return Progress(question + 1, answers)
    if current.kind == QuestionKind.DISTRICT:
        if step != Step.PICK or not isinstance(value, int) or value < 0:
            return AnswerRefusal.STALE
        answers[key] = value
        return Progress(question + 1, answers)
    if current.kind == QuestionKind.PHONE:
        if step == Step.PICK and value in (PHONE_KEEP, PHONE_REMOVE):
            answers[key] = value
        elif step == Step.TEXT and isinstance(value, str) and PHONE_SHAPE.fullmatch(value):
            answers[key] = value
        else:
            return AnswerRefusal.WRONG_KIND if step == Step.TEXT else AnswerRefusal.STALE
        return Progress(question + 1, answers)
    if current.kind == QuestionKind.NOTIFICATIONS:
        if step != Step.PICK or value not in NOTIFY_CHOICES:
            return AnswerRefusal.WRONG_KIND if step == Step.TEXT else AnswerRefusal.STALE
        answers[key] = value
        return Progress(question + 1, answers)
    if step == Step.TEXT:
        if current.kind != QuestionKind.TEXT:
            return AnswerRefusal.WRONG_KIND
        text = str(value or "").strip()
        if not text:
            return AnswerRefusal.EMPTY
        if len(text) > ANSWER_MAX:
            return AnswerRefusal.TOO_LONG
        answers[key] = text
        return Progress(question + 1, answers)
    if step == Step.RATE:
        if current.kind != QuestionKind.SCALE or value not in SCALE:
            return AnswerRefusal.STALE
        answers[key] = int(value)
        return Progress(question + 1, answers)
    if step == Step.PICK:
        if current.kind != QuestionKind.SINGLE or not isinstance(value, int) or not 0 <= value < len(current.options):
            return AnswerRefusal.STALE
        answers[key] = value
        return Progress(question + 1, answers)
    if current.kind != QuestionKind.MULTI:
        return AnswerRefusal.STALE
    chosen = set(answers.get(key) or [])
    if step == Step.TOGGLE:
        if not isinstance(value, int) or not 0 <= value < len(current.options):
            return AnswerRefusal.STALE
        chosen ^= {value}
        answers[key] = sorted(chosen)
        return Progress(question, answers)
    if step == Step.DONE:
        if not chosen and current.required:
            return AnswerRefusal.REQUIRED
        answers[key] = sorted(chosen) or None
        return Progress(question + 1, answers)
    return AnswerRefusal.STALE


PHONE_SHAPE = re.compile(r"\+?\d{7,15}")


def is_complete(questions: Sequence[Question], progress: Progress) -> bool:
    return progress.position >= len(questions)


# ---------------------------------------------------------------------------
# Results (pure)


@dataclass(slots=True)
class QuestionTally:
    question: Question
    answered: int = 0
    counts: list[int] = field(default_factory=list)   # per option, or per scale point 1..5
    total: int = 0                                    # sum of scale answers
    texts: list[str] = field(default_factory=list)

    @property
    def average(self) -> Decimal | None:
        if self.question.kind != QuestionKind.SCALE or self.answered == 0:
            return None
        return (Decimal(self.total) / self.answered).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class Tally:
    """Counts per question, added to one response at a time (so a long list never sits in memory twice)."""

    def __init__(self, questions: Sequence[Question]) -> None:
        self.respondents = 0
        self.questions = [
            QuestionTally(q, counts=[0] * (len(q.options) if q.kind in COUNTED_KINDS else len(SCALE)))
            for q in questions
        ]

    def add(self, answers: Mapping[str, Any]) -> None:
        self.respondents += 1
        for index, tally in enumerate(self.questions):
            value = answers.get(str(index))
            if value is None or value == []:
                continue
            kind = tally.question.kind
            if kind == QuestionKind.SINGLE and isinstance(value, int) and 0 <= value < len(tally.counts):
                tally.counts[value] += 1
            elif kind == QuestionKind.MULTI and isinstance(value, list):
                for option in value:
                    if isinstance(option, int) and 0 <= option < len(tally.counts):
                        tally.counts[option] += 1
            elif kind == QuestionKind.SCALE and value in SCALE:
                tally.counts[int(value) - 1] += 1
                tally.total += int(value)
            elif kind == QuestionKind.DISTRICT and isinstance(value, int):
                tally.counts[min(value, 1)] += 1
            elif kind == QuestionKind.PHONE and (value in (PHONE_KEEP, PHONE_REMOVE) or isinstance(value, str)):
                tally.counts[PHONE_NEW if isinstance(value, str) else value] += 1
            elif kind == QuestionKind.NOTIFICATIONS and value in NOTIFY_CHOICES:
                tally.counts[int(value)] += 1
            elif kind == QuestionKind.TEXT and isinstance(value, str):
                tally.texts.append(value)
            else:
                continue
            tally.answered += 1


def answer_text(question: Question, value: Any, t: Translator) -> str:
    """An answer as a person reads it (the export's cells, the member's own summary)."""
    if value is None or value == []:
        return ""
    if question.kind == QuestionKind.SINGLE and isinstance(value, int) and 0 <= value < len(question.options):
        return question.options[value]
    if question.kind == QuestionKind.DISTRICT and isinstance(value, int):
        return question.options[min(value, 1)]
    if question.kind == QuestionKind.PHONE:
        return question.options[PHONE_NEW if isinstance(value, str) else int(value)]
    if question.kind == QuestionKind.NOTIFICATIONS and value in NOTIFY_CHOICES:
        return question.options[int(value)]
    if question.kind == QuestionKind.MULTI and isinstance(value, list):
        return "; ".join(question.options[i] for i in value if isinstance(i, int) and 0 <= i < len(question.options))
    return str(value)


def results_lines(
    t: Translator, survey: Survey, tally: Tally, *, in_progress: int, tz: ZoneInfo, now: datetime
) -> list[str]:
    """The results as lines of text: counts per option, the scale's average, free-text answers."""
    state = t("survey-results-open", ends=moment_text(survey.ends_at, tz)) if survey.is_open(now) else t(
        "survey-results-closed", ends=moment_text(survey.ends_at, tz))
    lines = [
        t("survey-results-title", title=survey.title),
        state,
        t("survey-results-answered", n=tally.respondents, of=str(survey.recipients)),
    ]
    if in_progress:
        lines.append(t("survey-results-in-progress", n=in_progress))
    if survey.anonymous:
        lines.append(t("survey-results-anonymous"))
    for number, item in enumerate(tally.questions, start=1):
        lines.append("")
        lines.append(t("survey-results-question", n=str(number), text=item.question.text))
        kind = item.question.kind
        if kind in COUNTED_KINDS:
            for option, count in zip(item.question.options, item.counts, strict=True):
                lines.append(t("survey-results-option", option=option, n=count))
        elif kind == QuestionKind.SCALE:
            average = item.average
            if average is None:
                lines.append(t("survey-results-no-answers"))
            else:
                average_text = decimal_text(average, t.decimal_mark)
                lines.append(t("survey-results-average", average=average_text, n=item.answered))
                lines.append(t("survey-results-scale", counts=" · ".join(
                    f"{point}: {count}" for point, count in zip(SCALE, item.counts, strict=True))))
        else:
            if not item.texts:
                lines.append(t("survey-results-no-answers"))
            for text in item.texts:
                lines.append(t("survey-results-text", text=" ".join(text.split())))
    return lines


def chunk_lines(lines: Iterable[str], limit: int = MAX_TEXT) -> list[str]:
    """Messages of whole lines, each within `limit` as Telegram counts it (bot.texts): every line is
    kept, in order, across as many messages as it takes; only a line longer than a whole message
    on its own is shortened."""
    messages: list[str] = []
    current: list[str] = []
    used = 0
    for line in lines:
        line = texts.shorten(line, limit)
        cost = texts.telegram_length(line) + (1 if current else 0)
        if current and used + cost > limit:
            messages.append("\n".join(current))
            current, used = [], 0
            cost = texts.telegram_length(line)
        current.append(line)
        used += cost
    if current:
        messages.append("\n".join(current))
    return messages


def chart_png(item: QuestionTally, *, title: str, xlabel: str) -> bytes:
    """A horizontal bar per option. Text people typed is drawn literally (no mathtext: "$5$" stays "$5$")."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    options = list(item.question.options)
    height = 1.6 + 0.45 * len(options)
    figure = Figure(figsize=(8, height), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(options)))[::-1]
    axes.barh(positions, item.counts, color="#3b6fb6")
    axes.set_yticks(positions)
    axes.set_yticklabels([_short(o, 40) for o in options], parse_math=False)
    for y, count in zip(positions, item.counts, strict=True):
        axes.text(count, y, f" {count}", va="center", parse_math=False)
    axes.set_title(_short(title, 70), parse_math=False)
    axes.set_xlabel(xlabel, parse_math=False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_xlim(0, max([*item.counts, 1]) * 1.15)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------
# Exports: one row per respondent


def export_header(t: Translator, survey: Survey) -> list[str]:
    header = [t("survey-col-number"), t("survey-col-finished")]
    if not survey.anonymous:
        header += [t("survey-col-name"), t("survey-col-district")]
    header += [f"{n}. {q.text}" for n, q in enumerate(survey.questions, start=1)]
    return [cell_text(cell) for cell in header]


def export_cells(
    t: Translator, survey: Survey, number: int, respondent: store.Respondent, tz: ZoneInfo
) -> list[object]:
    answers = json.loads(respondent.answers)
    cells: list[object] = [number, moment_text(respondent.finished_at, tz)]
    if not survey.anonymous:
        cells += [cell_text(respondent.name or t("survey-erased")), cell_text(respondent.district or "")]
    for index, question in enumerate(survey.questions):
        value = answers.get(str(index))
        if question.kind == QuestionKind.SCALE and value in SCALE:
            cells.append(int(value))
        else:
            cells.append(cell_text(answer_text(question, value, t)))
    return cells


def to_csv(header: list[str], rows: Iterable[list[object]]) -> bytes:
    """UTF-8 with a BOM, so Excel shows Cyrillic."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: Iterable[list[object]], *, sheet_title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=re.sub(r"[\[\]:*?/\\]", " ", sheet_title)[:31].strip() or "Survey")
    bold = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        # A text cell is always text: openpyxl would store "=…" as a formula (cell_text guards it too).
        sheet.append([_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet: Any, value: object) -> object:
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


# ---------------------------------------------------------------------------
# The invitation, rendered in each member's language when sent


def render_invite(t: Translator, args: Mapping[str, Any]) -> str:
    lines = [
        t("survey-invite-title", title=str(args["title"])),
        t("survey-invite-questions", n=int(args["questions"]), ends=str(args["ends"])),
    ]
    if args.get("points"):
        lines.append(t("survey-invite-points", points=PointsText(args["points"]), n=Decimal(str(args["points"]))))
    if args.get("anonymous"):
        lines.append(t("survey-invite-anonymous"))
    lines.append(t("survey-invite-how"))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Acts


@dataclass(frozen=True, slots=True)
class Audience:
    """Who a survey goes to, once checked against the coordinator's rights."""

    kind: AudienceKind
    id: int
    district_ids: list[int] | None = None    # for an area, a city, a district (None: every district)
    name: str = ""                           # the city, district or meeting, for texts


async def resolve_audience(db: Database, actor: Actor, kind: AudienceKind, target_id: int) -> Audience | None:
    """The audience if the actor coordinates it; None otherwise (a forged or stale choice)."""
    async with db.reading() as conn:
        if kind == AudienceKind.MINE:
            return Audience(kind, 0, await scope_store.district_ids(conn, actor.coordinator_scope()))
        if kind == AudienceKind.CITY:
            city = await geo.get_city(conn, target_id)
            if city is None or not actor.manages_scope(ScopeKind.CITY, city.id):
                return None
            return Audience(kind, city.id, [d.id for d in await geo.list_districts(conn, city.id)], city.name)
        if kind == AudienceKind.DISTRICT:
            district = await geo.get_district(conn, target_id)
            if district is None or not actor.coordinates(district):
                return None
            return Audience(kind, district.id, [district.id], f"{district.name} ({district.city_name})")
        if kind == AudienceKind.MEETING:
            meeting = await meeting_store.get(conn, target_id)
            if meeting is None or not actor.coordinates(meeting.district):
                return None
            return Audience(kind, meeting.id, None, meeting.title)
    return None


async def audience_meetings(db: Database, actor: Actor, limit: int = 8) -> list[tuple[int, str, datetime]]:
    """Recent meetings in the actor's area with attendees: (id, title, start)."""
    async with db.reading() as conn:
        district_ids = await scope_store.district_ids(conn, actor.coordinator_scope())
        return await store.meetings_in_districts(conn, district_ids, limit)


async def scope_cities(db: Database, actor: Actor) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Cities of the actor's area with their districts: (city id, name, [(district id, name)])."""
    async with db.reading() as conn:
        district_ids = await scope_store.district_ids(conn, actor.coordinator_scope())
        cities: dict[int, tuple[str, list[tuple[int, str]]]] = {}
        for city in await geo.list_cities(conn):
            for district in await geo.list_districts(conn, city.id):
                if district_ids is None or district.id in district_ids:
                    cities.setdefault(city.id, (city.name, []))[1].append((district.id, district.name))
    return [(city_id, name, districts) for city_id, (name, districts) in sorted(cities.items(), key=lambda c: c[1][0])]


def _storage_scope(audience: Audience) -> tuple[str, int, str, Any]:
    """(scope kind and id as stored, audience kind and target for the recipient query)."""
    if audience.kind == AudienceKind.MEETING:
        return "meeting", audience.id, "meeting", audience.id
    if audience.district_ids is None:
        return "all", 0, "all", None
    if audience.kind == AudienceKind.MINE:
        # The whole area of a coordinator, which may span several cities.
        return "area", 0, "districts", audience.district_ids
    return str(audience.kind), audience.id, "districts", audience.district_ids


async def count_audience(db: Database, audience: Audience) -> int:
    _, _, kind, target = _storage_scope(audience)
    async with db.reading() as conn:
        return await store.count_audience(conn, kind, target)


@dataclass(frozen=True, slots=True)
class Draft:
    title: str
    questions: tuple[Question, ...]
    ends_at: datetime
    anonymous: bool
    with_points: bool
    purpose: SurveyPurpose = SurveyPurpose.CUSTOM


class SurveyRefusal(StrEnum):
    NO_QUESTIONS = "no_questions"
    TOO_MANY_QUESTIONS = "too_many_questions"
    NO_AUDIENCE = "no_audience"
    ENDS_IN_THE_PAST = "ends_in_the_past"
    NOT_IN_SCOPE = "not_in_scope"          # the author no longer coordinates the audience (a role revoked)


@dataclass(frozen=True, slots=True)
class Sent:
    survey_id: int
    recipients: int
    units: int


def check_draft(draft: Draft, now: datetime) -> SurveyRefusal | None:
    if not draft.questions:
        return SurveyRefusal.NO_QUESTIONS
    if len(draft.questions) > MAX_QUESTIONS:
        return SurveyRefusal.TOO_MANY_QUESTIONS
    if draft.ends_at <= now:
        return SurveyRefusal.ENDS_IN_THE_PAST
    return None


async def survey_units(db: Database, today: date) -> int:
    """Points a complete answer earns under the running campaign's rule (0: none)."""
    async with db.reading() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
    return campaign.survey_units if campaign is not None and campaign.is_open_on(today) else 0


async def _coordinates_audience(conn: aiosqlite.Connection, actor: Actor, audience: Audience) -> bool:
    """Whether the actor, with the grants they hold now, still coordinates every member of the audience."""
    scope = (await current_actor(conn, actor)).coordinator_scope()
    if audience.kind == AudienceKind.MEETING:
        meeting = await meeting_store.get(conn, audience.id)
        return meeting is not None and scope.covers(meeting.district)
    if audience.district_ids is None:
        return scope.everything
    return await scope_store.covers_all(conn, scope, Scope(districts=frozenset(audience.district_ids)))


async def send_survey(
    db: Database, *, author_tg_id: int, draft: Draft, audience: Audience, take_data: Callable[[int], str],
    now: datetime, today: date, tz: ZoneInfo, author: Actor | None = None,
) -> Sent | SurveyRefusal:
    """Store a survey and queue one invitation per member of its audience, in one transaction.

    A survey with no questions, an end in the past or nobody to ask is refused and nothing
    is written. `take_data` gives the callback data of the invitation's button. A coordinator's
    survey (`author`) is refused when the audience is no longer in their scope, checked here.
    """
    problem = check_draft(draft, now)
    if problem is not None:
        return problem
    scope_kind, scope_id, audience_kind, target = _storage_scope(audience)
    async with db.transaction() as conn:
        if author is not None and not await _coordinates_audience(conn, author, audience):
            return SurveyRefusal.NOT_IN_SCOPE
        if await store.count_audience(conn, audience_kind, target) == 0:
            return SurveyRefusal.NO_AUDIENCE
        campaign = await campaign_store.current_campaign(conn, today)
        open_campaign = campaign is not None and campaign.is_open_on(today)
        units = campaign.survey_units if draft.with_points and open_campaign and campaign else 0
        survey_id = await store.insert_survey(
            conn, purpose=draft.purpose, title=draft.title, questions=dump_questions(draft.questions),
            scope_kind=scope_kind, scope_id=scope_id, anonymous=draft.anonymous, units=units,
            campaign_id=campaign.id if open_campaign and campaign else None, ends_at=draft.ends_at,
            created_by=author_tg_id, now=now,
        )
        if survey_id is None:
            return SurveyRefusal.NO_AUDIENCE
        payload = {
            "method": "sendMessage", "render": "survey", "title": draft.title, "questions": len(draft.questions),
            "ends": moment_text(draft.ends_at, tz), "points": format_points(units) if units else "",
            "anonymous": draft.anonymous, "button_key": "survey-take", "button_data": take_data(survey_id),
        }
        broadcast_id = await outbox_store.create_broadcast(
            conn, kind=BROADCAST_KIND, initiator_tg_id=author_tg_id or None, payload=payload, now=now,
        )
        recipients = await store.add_recipients(conn, survey_id, broadcast_id, audience_kind, target)
        await outbox_store.set_total(conn, broadcast_id)
    return Sent(survey_id, recipients, units)


async def get_survey(db: Database, survey_id: int) -> Survey | None:
    async with db.reading() as conn:
        row = await store.get(conn, survey_id)
    return _from_row(row) if row else None


# -- answering ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Answering:
    """Where a member stands in a survey after a step."""

    survey: Survey
    progress: Progress
    finished: bool
    award: Award | None = None


async def _answerable(
    conn: aiosqlite.Connection, member: Member, survey_id: int, now: datetime
) -> tuple[Survey, store.ResponseRow | None] | AnswerRefusal:
    row = await store.get(conn, survey_id)
    if row is None:
        return AnswerRefusal.NOT_FOUND
    survey = _from_row(row)
    if not await store.is_recipient(conn, survey.id, member.id):
        return AnswerRefusal.NOT_INVITED
    response = await store.response_of(conn, survey.id, member.id)
    if response is not None and response.finished_at is not None:
        return AnswerRefusal.ALREADY_ANSWERED
    if not survey.is_open(now):
        return AnswerRefusal.CLOSED
    return survey, response


def _progress(response: store.ResponseRow) -> Progress:
    return Progress(response.position, json.loads(response.answers))


async def begin(db: Database, *, member: Member, survey_id: int, now: datetime) -> Answering | AnswerRefusal:
    """Start answering, or resume where the member stopped."""
    async with db.transaction() as conn:
        found = await _answerable(conn, member, survey_id, now)
        if isinstance(found, AnswerRefusal):
            return found
        survey, response = found
        if response is None:
            await store.start_response(conn, survey.id, member.id, now)
            return Answering(survey, Progress(0), finished=False)
        return Answering(survey, _progress(response), finished=False)


async def current(db: Database, *, member: Member, survey_id: int, now: datetime) -> Answering | AnswerRefusal:
    """The member's progress, without starting anything."""
    async with db.reading() as conn:
        found = await _answerable(conn, member, survey_id, now)
        if isinstance(found, AnswerRefusal):
            return found
        survey, response = found
    if response is None:
        return AnswerRefusal.NOT_STARTED
    return Answering(survey, _progress(response), finished=False)


async def answer(
    db: Database, *, member: Member, survey_id: int, question: int, step: Step, value: Any = None,
    now: datetime, today: date,
) -> Answering | AnswerRefusal:
    """One step of answering, checked against the stored progress; the last one finishes the response
    and awards the survey's points once (with the inviter's share), in the same transaction."""
    async with db.transaction() as conn:
        found = await _answerable(conn, member, survey_id, now)
        if isinstance(found, AnswerRefusal):
            return found
        survey, response = found
        if response is None:
            return AnswerRefusal.NOT_STARTED
        progress = _progress(response)
        after = apply_step(survey.questions, progress, question=question, step=step, value=value)
        if isinstance(after, AnswerRefusal):
            return after
        if survey.questions[question].kind == QuestionKind.DISTRICT and value and \
                await geo.get_district(conn, int(value)) is None:
            return AnswerRefusal.STALE
        finished = is_complete(survey.questions, after)
        if not await store.save_progress(
            conn, response.id, position=after.position, answers=after.dumped, now=now, finished=finished
        ):
            return AnswerRefusal.ALREADY_ANSWERED
        granted = await _award(conn, survey, member, now, today) if finished else None
    return Answering(survey, after, finished=finished, award=granted)


async def _award(
    conn: aiosqlite.Connection, survey: Survey, member: Member, now: datetime, today: date
) -> Award | None:
    if survey.units <= 0 or survey.campaign_id is None:
        return None
    campaign = await campaign_store.get_campaign(conn, survey.campaign_id)
    fresh = await member_store.get(conn, member.id)
    if campaign is None or fresh is None or not campaign.is_open_on(today):
        return None
    return await award(
        conn, campaign=campaign, member=fresh, kind=Kind.SURVEY, units=survey.units, subject=f"survey:{survey.id}",
        idem_key=f"survey:{survey.id}:{member.id}", now=now,
    )


# -- reading results ---------------------------------------------------------------------------------

async def may_read(db: Database, actor: Actor, survey: Survey) -> bool:
    """The author, an admin, and coordinators of the survey's whole audience may read its results.

    A meeting's feedback is read by the meeting's organiser and the coordinators of its district.
    """
    if actor.is_admin or survey.created_by == actor.tg_id:
        return True
    async with db.reading() as conn:
        if survey.scope_kind == "meeting":
            meeting = await meeting_store.get(conn, survey.scope_id)
            if meeting is None:
                return False
            return actor.coordinates(meeting.district) or (
                survey.purpose == SurveyPurpose.FEEDBACK
                and (meeting.created_by == actor.tg_id or actor.organises(meeting.district))
            )
        if survey.scope_kind == "all":
            return actor.manages_scope(ScopeKind.ALL, 0)
        if survey.scope_kind == "city" and survey.scope_id:
            return actor.manages_scope(ScopeKind.CITY, survey.scope_id)
        if survey.scope_kind == "district":
            district = await geo.get_district(conn, survey.scope_id)
            return district is not None and actor.coordinates(district)
    return False


async def readable_surveys(db: Database, actor: Actor, limit: int = 20) -> list[Survey]:
    """The newest surveys whose results the actor may read."""
    async with db.reading() as conn:
        rows = await store.recent(conn, 200)
    readable = []
    for row in rows:
        survey = _from_row(row)
        if await may_read(db, actor, survey):
            readable.append(survey)
            if len(readable) >= limit:
                break
    return readable


async def tally(db: Database, survey: Survey) -> tuple[Tally, int]:
    """Counts over every complete response, and how many members are still answering."""
    result = Tally(survey.questions)
    async with db.reading() as conn:
        _, in_progress = await store.counts(conn, survey.id)
        async for respondent in store.finished_responses(conn, survey.id):
            result.add(json.loads(respondent.answers))
    return result, in_progress


async def export(db: Database, t: Translator, survey: Survey, *, fmt: str, tz: ZoneInfo) -> tuple[bytes, int]:
    """The survey's answers as CSV or XLSX, one row per respondent; and how many rows."""
    rows: list[list[object]] = []
    async with db.reading() as conn:
        async for respondent in store.finished_responses(conn, survey.id):
            rows.append(export_cells(t, survey, len(rows) + 1, respondent, tz))
    header = export_header(t, survey)
    data = to_csv(header, rows) if fmt == "csv" else to_xlsx(header, rows, sheet_title=survey.title)
    return data, len(rows)


# -- meeting feedback --------------------------------------------------------------------------------

def feedback_questions(t: Translator) -> tuple[Question, ...]:
    return (
        Question(QuestionKind.SCALE, t("feedback-question-rating"), required=True),
        Question(QuestionKind.TEXT, t("feedback-question-comment"), required=False),
    )


async def queue_meeting_feedback(
    db: Database, t: Translator, *, take_data: Callable[[int], str], now: datetime, tz: ZoneInfo,
    lookback: timedelta = timedelta(days=2),
) -> list[Sent]:
    """A feedback survey (a 1–5 rating and a comment) to the attendees of each meeting that just ended,
    once per meeting, unless its organiser turned it off. Anonymous; no points."""
    sent = []
    async with db.transaction() as conn:
        for meeting in await store.meetings_due_for_feedback(conn, now, now - lookback):
            title = t("feedback-title", meeting=str(meeting["title"]))[:TITLE_MAX]
            questions = feedback_questions(t)
            survey_id = await store.insert_survey(
                conn, purpose=SurveyPurpose.FEEDBACK, title=title, questions=dump_questions(questions),
                scope_kind="meeting", scope_id=meeting["id"], anonymous=True, units=0, campaign_id=None,
                ends_at=now + FEEDBACK_OPEN, created_by=0, now=now,
            )
            if survey_id is None:
                continue
            payload = {
                "method": "sendMessage", "render": "survey", "title": title, "questions": len(questions),
                "ends": moment_text(now + FEEDBACK_OPEN, tz), "points": "", "anonymous": True,
                "button_key": "survey-take", "button_data": take_data(survey_id),
            }
            broadcast_id = await outbox_store.create_broadcast(
                conn, kind=BROADCAST_KIND, payload=payload, now=now,
            )
            recipients = await store.add_recipients(conn, survey_id, broadcast_id, "meeting", meeting["id"])
            await outbox_store.set_total(conn, broadcast_id)
            sent.append(Sent(survey_id, recipients, 0))
    return sent


async def set_meeting_feedback(db: Database, *, meeting_id: int, enabled: bool) -> None:
    async with db.transaction() as conn:
        await store.set_feedback(conn, meeting_id, enabled)


async def meeting_feedback(db: Database, meeting_id: int) -> tuple[bool, Survey | None]:
    """Whether the meeting asks for feedback, and its feedback survey once sent."""
    async with db.reading() as conn:
        enabled = await store.feedback_enabled(conn, meeting_id)
        row = await store.feedback_of(conn, meeting_id)
    return enabled, (_from_row(row) if row else None)


# -- "check your details" ---------------------------------------------------------------------------

def details_questions(t: Translator) -> tuple[Question, ...]:
    """The template's questions: the district (still right, or the one they moved to), the phone,
    and the notifications of /settings (keep them, all on, all off)."""
    return (
        Question(QuestionKind.DISTRICT, t("details-question-district"),
                 (t("details-district-same"), t("details-district-moved"))),
        Question(QuestionKind.PHONE, t("details-question-phone"),
                 (t("details-phone-same"), t("details-phone-removed"), t("details-phone-new"))),
        Question(QuestionKind.NOTIFICATIONS, t("details-question-notifications"),
                 (t("details-notifications-same"), t("details-notifications-all"), t("details-notifications-none"))),
    )


@dataclass(frozen=True, slots=True)
class MyDetails:
    district: str
    city: str
    phone: str | None
    notifications: dict[NotificationTopic, bool] = field(default_factory=dict)


async def my_details(db: Database, member: Member) -> MyDetails:
    async with db.reading() as conn:
        fresh = await member_store.get(conn, member.id)
        district = await geo.get_district(conn, (fresh or member).district_id)
        wanted = await notifications.wanted(conn, member.id)
    return MyDetails(district.name if district else "", district.city_name if district else "",
                     (fresh or member).phone, wanted)


async def district_choices(db: Database) -> list[tuple[int, str, list[tuple[int, str]]]]:
    """Every city with its districts, for a member who moved."""
    async with db.reading() as conn:
        cities = []
        for city in await geo.list_cities(conn):
            cities.append((city.id, city.name, [(d.id, d.name) for d in await geo.list_districts(conn, city.id)]))
    return cities


class DetailsOutcome(StrEnum):
    DISTRICT_SAME = "district_same"
    DISTRICT_MOVED = "district_moved"
    DISTRICT_ALREADY_MOVED = "district_already_moved"
    PHONE_SAME = "phone_same"
    PHONE_REMOVED = "phone_removed"
    PHONE_UPDATED = "phone_updated"
    NOTIFICATIONS_SAME = "notifications_same"
    NOTIFICATIONS_ON = "notifications_on"
    NOTIFICATIONS_OFF = "notifications_off"


async def apply_details(
    db: Database, *, actor: Actor, member: Member, survey: Survey, progress: Progress, now: datetime, today: date,
) -> list[tuple[DetailsOutcome, str]]:
    """A complete "check your details" answer, applied through the same acts as /me: a self-service
    move to another district (once per campaign) and the phone of a shared contact.

    Returns what happened to each detail (with the new district's name for a move).
    """
    outcomes: list[tuple[DetailsOutcome, str]] = []
    for index, question in enumerate(survey.questions):
        value = progress.answers.get(str(index))
        if question.kind == QuestionKind.DISTRICT:
            if not value:
                outcomes.append((DetailsOutcome.DISTRICT_SAME, ""))
                continue
            moved = await membership.change_district(
                db, actor=actor, member_id=member.id, district_id=int(value), self_service=True, now=now, today=today,
            )
            if isinstance(moved, membership.MoveRefusal):
                outcome = DetailsOutcome.DISTRICT_SAME if moved == membership.MoveRefusal.SAME_DISTRICT else (
                    DetailsOutcome.DISTRICT_ALREADY_MOVED)
                outcomes.append((outcome, ""))
            else:
                outcomes.append((DetailsOutcome.DISTRICT_MOVED, f"{moved.name} ({moved.city_name})"))
        elif question.kind == QuestionKind.PHONE:
            if isinstance(value, str):
                await membership.set_phone(db, member_id=member.id, phone=value)
                outcomes.append((DetailsOutcome.PHONE_UPDATED, value))
            elif value == PHONE_REMOVE:
                await membership.set_phone(db, member_id=member.id, phone=None)
                outcomes.append((DetailsOutcome.PHONE_REMOVED, ""))
            else:
                outcomes.append((DetailsOutcome.PHONE_SAME, ""))
        elif question.kind == QuestionKind.NOTIFICATIONS:
            if value in (NOTIFY_ALL, NOTIFY_NONE):
                await meeting_notices.set_every_setting(db, member_id=member.id, on=value == NOTIFY_ALL)
                outcomes.append((DetailsOutcome.NOTIFICATIONS_ON if value == NOTIFY_ALL
                                 else DetailsOutcome.NOTIFICATIONS_OFF, ""))
            else:
                outcomes.append((DetailsOutcome.NOTIFICATIONS_SAME, ""))
    return outcomes


# -- the digest --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OpenSurvey:
    title: str
    answered: int
    recipients: int
    ends: str             # local "dd.mm.yyyy HH:MM"


async def open_surveys(
    conn: aiosqlite.Connection, district_ids: Sequence[int] | None, *, now: datetime, tz: ZoneInfo
) -> list[OpenSurvey]:
    """Surveys open now that asked someone in these districts (None: anywhere), for the digest.

    Meeting feedback is left out: it is read on the meeting card.
    """
    found = []
    for row in await store.open_surveys(conn, now):
        if row.purpose == SurveyPurpose.FEEDBACK:
            continue
        if district_ids is not None and not await store.asked_within(conn, row.id, district_ids):
            continue
        answered, _ = await store.counts(conn, row.id)
        found.append(OpenSurvey(row.title, answered, row.recipients,
                                moment_text(row.ends_at, tz)))
    return found
