"""Making surveys (/survey) and reading their results (/surveys), for coordinators.

/survey: title → questions (text, kind, options, required) → audience → end → anonymous?
→ points? → preview and the number of recipients → send. «отмена» (or «стоп», /cancel)
leaves at every step; «назад» goes one step back.
"""

from __future__ import annotations

import html
from datetime import datetime
from enum import StrEnum
from typing import Any

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot import formats, meetings, surveys
from bot.i18n import Translator
from bot.meetings import MeetingRefusal
from bot.model import SurveyPurpose
from bot.roles import Actor, Role
from bot.runtime.filters import AccessibleMessage, HasRole
from bot.scoring import format_points, points
from bot.surveys import (
    Audience,
    AudienceKind,
    DeadlineProblem,
    Draft,
    OptionsProblem,
    Question,
    QuestionKind,
    SurveyRefusal,
    TextProblem,
)
from handlers.cancel import own_exits
from handlers.keyboards import button
from handlers.surveys import take_data
from scheduler.clock import Clock
from scheduler.outbox import OutboxSender
from storage.db import Database

router = Router(name=__name__)

# Making surveys and the list of them: coordinators.
making = Router(name=__name__ + ".making")
making.message.filter(HasRole(Role.COORDINATOR))
making.callback_query.filter(HasRole(Role.COORDINATOR), AccessibleMessage())

# Results and meeting feedback: organisers too (they read their meetings' feedback); which survey
# a user may read is the core's rule (bot.surveys.may_read), checked per survey.
results = Router(name=__name__ + ".results")
results.message.filter(HasRole(Role.ORGANISER))
results.callback_query.filter(HasRole(Role.ORGANISER), AccessibleMessage())

router.include_routers(making, results)

CANCEL_WORDS = ("отмена", "стоп", "cancel", "stop")
BACK_WORDS = ("назад", "back")
KINDS = (QuestionKind.SINGLE, QuestionKind.MULTI, QuestionKind.SCALE, QuestionKind.TEXT)


class MakeSurvey(StatesGroup):
    title = State()
    question = State()
    kind = State()
    options = State()
    required = State()
    more = State()
    audience = State()
    ends = State()
    anonymous = State()
    points = State()
    confirm = State()


own_exits(MakeSurvey)


class MakeAction(StrEnum):
    kind = "k"
    required = "r"
    add = "add"
    finish_questions = "fin"
    city = "city"
    meetings = "mtg"
    areas = "areas"
    ends = "end"
    anonymous = "anon"
    points = "pts"
    send = "send"
    cancel = "x"
    template = "tpl"


class MakeButton(CallbackData, prefix="svm"):
    action: MakeAction
    v: int = 0


class AudienceButton(CallbackData, prefix="sva"):
    kind: AudienceKind
    id: int = 0


class ResultsAction(StrEnum):
    show = "show"
    charts = "chart"
    csv = "csv"
    xlsx = "xlsx"


class ResultsButton(CallbackData, prefix="svr"):
    action: ResultsAction
    s: int


class FeedbackButton(CallbackData, prefix="svf"):
    m: int            # meeting
    on: bool


NOT_A_COMMAND = F.text.func(lambda text: not text.startswith("/"))
CANCEL = F.text.func(lambda text: text.strip().lower() in CANCEL_WORDS)
BACK = F.text.func(lambda text: text.strip().lower() in BACK_WORDS)


def _markup(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[row for row in rows if row])


def _cancel_row(t: Translator) -> list[InlineKeyboardButton]:
    return [button(t("survey-make-cancel"), MakeButton(action=MakeAction.cancel))]


def _yes_no(t: Translator, action: MakeAction, yes: str, no: str) -> InlineKeyboardMarkup:
    return _markup([button(t(yes), MakeButton(action=action, v=1)), button(t(no), MakeButton(action=action, v=0))],
                   _cancel_row(t))


# -- every prompt in one place, so «назад» can ask any step again ---------------------------------------

async def _ask(
    message: Message, state: FSMContext, step: State, t: Translator, db: Database, actor: Actor, clock: Clock,
) -> None:
    await state.set_state(step)
    data = await state.get_data()
    count = len(data.get("questions", []))
    if step == MakeSurvey.title:
        template = button(t("survey-make-template"), MakeButton(action=MakeAction.template))
        await message.answer(t("survey-make-title"), reply_markup=_markup([template]))
    elif step == MakeSurvey.question:
        await message.answer(t("survey-make-question", n=str(count + 1), max=str(surveys.MAX_QUESTIONS)))
    elif step == MakeSurvey.kind:
        rows = [[button(t(f"survey-kind-{kind}"), MakeButton(action=MakeAction.kind, v=i))]
                for i, kind in enumerate(KINDS)]
        await message.answer(t("survey-make-kind"), reply_markup=_markup(*rows, _cancel_row(t)))
    elif step == MakeSurvey.options:
        await message.answer(t("survey-make-options", min=str(surveys.MIN_OPTIONS), max=str(surveys.MAX_OPTIONS)))
    elif step == MakeSurvey.required:
        await message.answer(t("survey-make-required"),
                             reply_markup=_yes_no(t, MakeAction.required, "survey-required-yes", "survey-required-no"))
    elif step == MakeSurvey.more:
        rows = []
        if count < surveys.MAX_QUESTIONS:
            rows.append([button(t("survey-make-add"), MakeButton(action=MakeAction.add))])
        rows.append([button(t("survey-make-finish-questions"), MakeButton(action=MakeAction.finish_questions))])
        await message.answer(t("survey-make-more", n=count, max=str(surveys.MAX_QUESTIONS)),
                             reply_markup=_markup(*rows, _cancel_row(t)))
    elif step == MakeSurvey.audience:
        await message.answer(t("survey-make-audience"), reply_markup=await _areas_markup(db, actor, t))
    elif step == MakeSurvey.ends:
        quick = [button(t("survey-ends-in", n=days), MakeButton(action=MakeAction.ends, v=days))
                 for days, _ in surveys.quick_deadlines(clock.now(), clock.tz)]
        await message.answer(t("survey-make-ends"), reply_markup=_markup(quick, _cancel_row(t)))
    elif step == MakeSurvey.anonymous:
        markup = _yes_no(t, MakeAction.anonymous, "survey-anonymous-button-yes", "survey-anonymous-button-no")
        await message.answer(t("survey-make-anonymous"), reply_markup=markup)
    elif step == MakeSurvey.points:
        units = await surveys.survey_units(db, clock.today())
        await message.answer(
            t("survey-make-points", points=format_points(units), n=points(units)),
            reply_markup=_yes_no(t, MakeAction.points, "survey-points-button-yes", "survey-points-button-no"),
        )
    elif step == MakeSurvey.confirm:
        await _preview(message, state, t, db, actor, clock)


PREVIOUS = {
    MakeSurvey.title.state: MakeSurvey.title,
    MakeSurvey.question.state: MakeSurvey.title,
    MakeSurvey.kind.state: MakeSurvey.question,
    MakeSurvey.options.state: MakeSurvey.kind,
    MakeSurvey.required.state: MakeSurvey.kind,
    MakeSurvey.more.state: MakeSurvey.question,
    MakeSurvey.audience.state: MakeSurvey.more,
    MakeSurvey.ends.state: MakeSurvey.audience,
    MakeSurvey.anonymous.state: MakeSurvey.ends,
    MakeSurvey.points.state: MakeSurvey.anonymous,
    MakeSurvey.confirm.state: MakeSurvey.anonymous,
}


# -- start, cancel, back ---------------------------------------------------------------------------------

@making.message(Command("survey"))
async def survey_start(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                       clock: Clock) -> None:
    await state.clear()
    await message.answer(t("survey-make-intro", max=str(surveys.MAX_QUESTIONS)))
    await _ask(message, state, MakeSurvey.title, t, db, actor, clock)


@making.message(MakeSurvey(), F.text, CANCEL)
async def survey_cancel_typed(message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await message.answer(t("survey-make-cancelled"))


@making.callback_query(MakeButton.filter(F.action == MakeAction.cancel))
async def survey_cancel_pressed(query: CallbackQuery, message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await query.answer()
    await message.edit_text(t("survey-make-cancelled"))


@making.message(MakeSurvey(), F.text, BACK)
async def survey_back(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                      clock: Clock) -> None:
    current = await state.get_state()
    previous = PREVIOUS.get(current or "", MakeSurvey.title)
    data = await state.get_data()
    if current == MakeSurvey.question.state and data.get("questions"):
        previous = MakeSurvey.more
    if current == MakeSurvey.more.state and data.get("questions"):
        # Back from "add another?" takes the last question off, to be typed again.
        await state.update_data(questions=data["questions"][:-1])
        await message.answer(t("survey-make-removed-last"))
    if current == MakeSurvey.required.state and data.get("kind") in (QuestionKind.SINGLE, QuestionKind.MULTI):
        previous = MakeSurvey.options
    await _ask(message, state, previous, t, db, actor, clock)


# -- the title and the questions ---------------------------------------------------------------------------

@making.callback_query(MakeSurvey.title, MakeButton.filter(F.action == MakeAction.template))
async def survey_template(query: CallbackQuery, message: Message, state: FSMContext, t: Translator, db: Database,
                          actor: Actor, clock: Clock) -> None:
    """The built-in "check your details" survey: district and phone, answered into the member's record."""
    await query.answer()
    questions = [q.to_json() for q in surveys.details_questions(t)]
    await state.update_data(title=t("details-title"), questions=questions, purpose=str(SurveyPurpose.DETAILS))
    await message.edit_text(t("survey-make-template-chosen"))
    await _ask(message, state, MakeSurvey.audience, t, db, actor, clock)


@making.message(MakeSurvey.title, F.text, NOT_A_COMMAND)
async def survey_title(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                       clock: Clock) -> None:
    title = surveys.clean_text(message.text or "", surveys.TITLE_MIN, surveys.TITLE_MAX)
    if isinstance(title, TextProblem):
        await message.answer(t(f"survey-text-{title}", min=str(surveys.TITLE_MIN), max=str(surveys.TITLE_MAX)))
        return
    await state.update_data(title=title, questions=[], purpose=str(SurveyPurpose.CUSTOM))
    await _ask(message, state, MakeSurvey.question, t, db, actor, clock)


@making.message(MakeSurvey.question, F.text, NOT_A_COMMAND)
async def survey_question(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                          clock: Clock) -> None:
    text = surveys.clean_text(message.text or "", surveys.QUESTION_MIN, surveys.QUESTION_MAX)
    if isinstance(text, TextProblem):
        await message.answer(t(f"survey-text-{text}", min=str(surveys.QUESTION_MIN), max=str(surveys.QUESTION_MAX)))
        return
    await state.update_data(text=text, options=[])
    await _ask(message, state, MakeSurvey.kind, t, db, actor, clock)


@making.callback_query(MakeSurvey.kind, MakeButton.filter(F.action == MakeAction.kind))
async def survey_kind(query: CallbackQuery, message: Message, callback_data: MakeButton, state: FSMContext,
                      t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    if not 0 <= callback_data.v < len(KINDS):
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    kind = KINDS[callback_data.v]
    await state.update_data(kind=str(kind))
    await message.edit_text(t("survey-make-kind-chosen", kind=t(f"survey-kind-{kind}")))
    step = MakeSurvey.options if kind in surveys.CHOICE_KINDS else MakeSurvey.required
    await _ask(message, state, step, t, db, actor, clock)


@making.message(MakeSurvey.options, F.text, NOT_A_COMMAND)
async def survey_options(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                         clock: Clock) -> None:
    options = surveys.parse_options(message.text or "")
    if isinstance(options, OptionsProblem):
        await message.answer(t(f"survey-options-{options}", min=str(surveys.MIN_OPTIONS),
                               max=str(surveys.MAX_OPTIONS), limit=str(surveys.OPTION_MAX)))
        return
    await state.update_data(options=list(options))
    await _ask(message, state, MakeSurvey.required, t, db, actor, clock)


@making.callback_query(MakeSurvey.required, MakeButton.filter(F.action == MakeAction.required))
async def survey_required(query: CallbackQuery, message: Message, callback_data: MakeButton, state: FSMContext,
                          t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    data = await state.get_data()
    if "text" not in data or "kind" not in data:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    question = Question(QuestionKind(data["kind"]), data["text"], tuple(data.get("options", [])),
                        required=bool(callback_data.v))
    questions = [*data.get("questions", []), question.to_json()][: surveys.MAX_QUESTIONS]
    await state.update_data(questions=questions)
    await message.edit_text(t("survey-make-question-added", n=str(len(questions)), text=question.text))
    await _ask(message, state, MakeSurvey.more, t, db, actor, clock)


@making.callback_query(MakeSurvey.more, MakeButton.filter(F.action == MakeAction.add))
async def survey_add(query: CallbackQuery, message: Message, state: FSMContext, t: Translator, db: Database,
                     actor: Actor, clock: Clock) -> None:
    data = await state.get_data()
    if len(data.get("questions", [])) >= surveys.MAX_QUESTIONS:
        await query.answer(t("survey-make-max-questions", max=str(surveys.MAX_QUESTIONS)), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _ask(message, state, MakeSurvey.question, t, db, actor, clock)


@making.callback_query(MakeSurvey.more, MakeButton.filter(F.action == MakeAction.finish_questions))
async def survey_questions_done(query: CallbackQuery, message: Message, state: FSMContext, t: Translator, db: Database,
                                actor: Actor, clock: Clock) -> None:
    data = await state.get_data()
    if not data.get("questions"):
        await query.answer(t("survey-refused-make-no_questions"), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _ask(message, state, MakeSurvey.audience, t, db, actor, clock)


# -- the audience ----------------------------------------------------------------------------------------

async def _areas_markup(db: Database, actor: Actor, t: Translator) -> InlineKeyboardMarkup:
    rows = [[button(t("survey-audience-mine"), AudienceButton(kind=AudienceKind.MINE))]]
    for city_id, name, _ in await surveys.scope_cities(db, actor):
        rows.append([button(name, MakeButton(action=MakeAction.city, v=city_id))])
    rows.append([button(t("survey-audience-meetings"), MakeButton(action=MakeAction.meetings))])
    return _markup(*rows[:40], _cancel_row(t))


@making.callback_query(MakeSurvey.audience, MakeButton.filter(F.action == MakeAction.city))
async def survey_city(query: CallbackQuery, message: Message, callback_data: MakeButton, t: Translator, db: Database,
                      actor: Actor) -> None:
    cities = {city_id: (name, districts) for city_id, name, districts in await surveys.scope_cities(db, actor)}
    if callback_data.v not in cities:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    name, districts = cities[callback_data.v]
    rows = []
    if actor.manages_scope("city", callback_data.v):
        rows.append([button(t("survey-audience-city", city=name), AudienceButton(kind=AudienceKind.CITY,
                                                                                  id=callback_data.v))])
    rows += [[button(district, AudienceButton(kind=AudienceKind.DISTRICT, id=district_id))]
             for district_id, district in districts[:40]]
    rows.append([button(t("survey-audience-back"), MakeButton(action=MakeAction.areas))])
    await message.edit_text(t("survey-make-audience-district", city=name), reply_markup=_markup(*rows))


@making.callback_query(MakeSurvey.audience, MakeButton.filter(F.action == MakeAction.areas))
async def survey_areas(query: CallbackQuery, message: Message, t: Translator, db: Database, actor: Actor) -> None:
    await query.answer()
    await message.edit_text(t("survey-make-audience"), reply_markup=await _areas_markup(db, actor, t))


@making.callback_query(MakeSurvey.audience, MakeButton.filter(F.action == MakeAction.meetings))
async def survey_meetings(query: CallbackQuery, message: Message, t: Translator, db: Database, actor: Actor,
                          clock: Clock) -> None:
    meetings = await surveys.audience_meetings(db, actor)
    if not meetings:
        await query.answer(t("survey-audience-no-meetings"), show_alert=True)
        return
    await query.answer()
    rows = []
    for meeting_id, title, starts_at in meetings:
        day = formats.local_date_text(starts_at, clock.tz)
        rows.append([button(f"{day} · {title}", AudienceButton(kind=AudienceKind.MEETING, id=meeting_id))])
    rows.append([button(t("survey-audience-back"), MakeButton(action=MakeAction.areas))])
    await message.edit_text(t("survey-make-audience-meeting"), reply_markup=_markup(*rows))


@making.callback_query(MakeSurvey.audience, AudienceButton.filter())
async def survey_audience(query: CallbackQuery, message: Message, callback_data: AudienceButton, state: FSMContext,
                          t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    audience = await surveys.resolve_audience(db, actor, callback_data.kind, callback_data.id)
    if audience is None:
        await query.answer(t("stale-button"), show_alert=True)
        return
    count = await surveys.count_audience(db, audience)
    if count == 0:
        await query.answer(t("survey-refused-make-no_audience"), show_alert=True)
        return
    await query.answer()
    await state.update_data(aud_kind=str(audience.kind), aud_id=audience.id)
    await message.edit_text(t("survey-make-audience-chosen", audience=_audience_label(t, audience), n=count))
    await _ask(message, state, MakeSurvey.ends, t, db, actor, clock)


def _audience_label(t: Translator, audience: Audience) -> str:
    if audience.kind == AudienceKind.MINE:
        return t("survey-audience-label-mine")
    return t(f"survey-audience-label-{audience.kind}", name=audience.name)


# -- the end, anonymity, points ----------------------------------------------------------------------

async def _ends_chosen(message: Message, state: FSMContext, ends: datetime, t: Translator, db: Database,
                       actor: Actor, clock: Clock) -> None:
    await state.update_data(ends_at=ends.isoformat())
    await message.answer(t("survey-make-ends-chosen", ends=formats.moment_text(ends, clock.tz)))
    if (await state.get_data()).get("purpose") == SurveyPurpose.DETAILS:
        # The answers change members' records: the template is never anonymous.
        await state.update_data(anonymous=False, points=False)
        with_points = await surveys.survey_units(db, clock.today()) > 0
        await _ask(message, state, MakeSurvey.points if with_points else MakeSurvey.confirm, t, db, actor, clock)
        return
    await _ask(message, state, MakeSurvey.anonymous, t, db, actor, clock)


@making.message(MakeSurvey.ends, F.text, NOT_A_COMMAND)
async def survey_ends_typed(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                            clock: Clock) -> None:
    ends = surveys.parse_deadline(message.text or "", now=clock.now(), tz=clock.tz)
    if isinstance(ends, DeadlineProblem):
        await message.answer(t(f"survey-ends-{ends}", days=str(surveys.MAX_OPEN.days)))
        return
    await _ends_chosen(message, state, ends, t, db, actor, clock)


@making.callback_query(MakeSurvey.ends, MakeButton.filter(F.action == MakeAction.ends))
async def survey_ends_pressed(query: CallbackQuery, message: Message, callback_data: MakeButton, state: FSMContext,
                              t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    quick = dict(surveys.quick_deadlines(clock.now(), clock.tz))
    if callback_data.v not in quick:
        await query.answer(t("stale-button"), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await _ends_chosen(message, state, quick[callback_data.v], t, db, actor, clock)


@making.callback_query(MakeSurvey.anonymous, MakeButton.filter(F.action == MakeAction.anonymous))
async def survey_anonymous(query: CallbackQuery, message: Message, callback_data: MakeButton, state: FSMContext,
                           t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    await query.answer()
    await state.update_data(anonymous=bool(callback_data.v))
    await message.edit_text(t("survey-anonymous-yes" if callback_data.v else "survey-anonymous-no"))
    with_points = await surveys.survey_units(db, clock.today()) > 0
    await state.update_data(points=False)
    await _ask(message, state, MakeSurvey.points if with_points else MakeSurvey.confirm, t, db, actor, clock)


@making.callback_query(MakeSurvey.points, MakeButton.filter(F.action == MakeAction.points))
async def survey_points(query: CallbackQuery, message: Message, callback_data: MakeButton, state: FSMContext,
                        t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    await query.answer()
    await state.update_data(points=bool(callback_data.v))
    await message.edit_text(t("survey-points-yes" if callback_data.v else "survey-points-no"))
    await _ask(message, state, MakeSurvey.confirm, t, db, actor, clock)


# -- preview, confirmation, sending -------------------------------------------------------------------

async def _draft(state: FSMContext, db: Database, actor: Actor) -> tuple[Draft, Audience] | None:
    data: dict[str, Any] = await state.get_data()
    try:
        draft = Draft(
            title=str(data["title"]), questions=tuple(Question.from_json(q) for q in data.get("questions", [])),
            ends_at=datetime.fromisoformat(str(data["ends_at"])), anonymous=bool(data.get("anonymous")),
            with_points=bool(data.get("points")), purpose=SurveyPurpose(data.get("purpose", "custom")),
        )
        kind = AudienceKind(str(data["aud_kind"]))
    except (KeyError, ValueError):
        return None
    audience = await surveys.resolve_audience(db, actor, kind, int(data.get("aud_id", 0)))
    return None if audience is None else (draft, audience)


def preview_text(t: Translator, draft: Draft) -> str:
    lines = [t("survey-invite-title", title=draft.title)]
    for number, question in enumerate(draft.questions, start=1):
        optional = "" if question.required else " " + t("survey-preview-optional")
        lines.append(t("survey-preview-question", n=str(number), text=question.text,
                       kind=t(f"survey-kind-{question.kind}")) + optional)
        lines += [f"    · {html.escape(option, quote=False)}" for option in question.options]
    return "\n".join(lines)


async def _preview(message: Message, state: FSMContext, t: Translator, db: Database, actor: Actor,
                   clock: Clock) -> None:
    found = await _draft(state, db, actor)
    if found is None:
        await state.clear()
        await message.answer(t("survey-make-lost"))
        return
    draft, audience = found
    count = await surveys.count_audience(db, audience)
    units = await surveys.survey_units(db, clock.today()) if draft.with_points else 0
    await message.answer(t("survey-make-preview"))
    for part in surveys.chunk_lines(preview_text(t, draft).splitlines()):
        await message.answer(part)
    summary = t("survey-make-confirm", audience=_audience_label(t, audience), n=count,
                ends=formats.moment_text(draft.ends_at, clock.tz),
                anonymous=t("survey-anonymous-yes" if draft.anonymous else "survey-anonymous-no"),
                points=t("survey-points-none") if not units else t("survey-points-some", points=format_points(units),
                                                                   n=points(units)))
    markup = _markup([button(t("survey-make-send", n=count), MakeButton(action=MakeAction.send))], _cancel_row(t))
    await message.answer(summary, reply_markup=markup)


@making.callback_query(MakeSurvey.confirm, MakeButton.filter(F.action == MakeAction.send))
async def survey_send(query: CallbackQuery, message: Message, state: FSMContext, t: Translator, db: Database,
                      actor: Actor, clock: Clock, outbox: OutboxSender) -> None:
    found = await _draft(state, db, actor)
    if found is None:
        await state.clear()
        await query.answer(t("stale-button"), show_alert=True)
        return
    draft, audience = found
    result = await surveys.send_survey(
        db, author_tg_id=actor.tg_id, draft=draft, audience=audience, take_data=take_data, now=clock.now(),
        today=clock.today(), tz=clock.tz, author=actor,
    )
    if isinstance(result, SurveyRefusal):
        await query.answer(t(f"survey-refused-make-{result}"), show_alert=True)
        if result == SurveyRefusal.ENDS_IN_THE_PAST:
            await _ask(message, state, MakeSurvey.ends, t, db, actor, clock)
        return
    await state.clear()
    await query.answer()
    outbox.wake()
    results_button = button(t("survey-results-button"), ResultsButton(action=ResultsAction.show, s=result.survey_id))
    await message.edit_text(t("survey-make-sent", n=result.recipients, title=draft.title),
                            reply_markup=_markup([results_button]))


@making.message(MakeSurvey(), F.text, NOT_A_COMMAND)
async def survey_press_a_button(message: Message, t: Translator) -> None:
    await message.answer(t("survey-make-press-a-button"))


@making.message(MakeSurvey(), ~F.text)
async def survey_need_text(message: Message, t: Translator) -> None:
    await message.answer(t("survey-make-need-text"))


# -- results ---------------------------------------------------------------------------------------------

@making.message(Command("surveys"))
async def survey_list(message: Message, t: Translator, db: Database, actor: Actor, clock: Clock) -> None:
    found = await surveys.readable_surveys(db, actor)
    if not found:
        await message.answer(t("survey-list-empty"))
        return
    now = clock.now()
    rows = []
    for survey in found:
        mark = "🟢" if survey.is_open(now) else "⚪"
        rows.append([button(f"{mark} {survey.title}", ResultsButton(action=ResultsAction.show, s=survey.id))])
    await message.answer(t("survey-list"), reply_markup=_markup(*rows))


async def _readable(query: CallbackQuery, data: ResultsButton, t: Translator, db: Database,
                    actor: Actor) -> surveys.Survey | None:
    survey = await surveys.get_survey(db, data.s)
    if survey is None or not await surveys.may_read(db, actor, survey):
        await query.answer(t("stale-button"), show_alert=True)
        return None
    await query.answer()
    return survey


def results_markup(t: Translator, survey: surveys.Survey) -> InlineKeyboardMarkup:
    row = [button(t("survey-results-refresh"), ResultsButton(action=ResultsAction.show, s=survey.id))]
    if any(q.kind in surveys.COUNTED_KINDS for q in survey.questions):
        row.append(button(t("survey-results-charts"), ResultsButton(action=ResultsAction.charts, s=survey.id)))
    return _markup(row, [button("CSV", ResultsButton(action=ResultsAction.csv, s=survey.id)),
                         button("XLSX", ResultsButton(action=ResultsAction.xlsx, s=survey.id))])


async def send_results(message: Message, t: Translator, db: Database, survey: surveys.Survey, clock: Clock) -> None:
    tally, in_progress = await surveys.tally(db, survey)
    lines = surveys.results_lines(t, survey, tally, in_progress=in_progress, tz=clock.tz, now=clock.now())
    parts = surveys.chunk_lines(lines)
    for part in parts[:-1]:
        await message.answer(part)
    await message.answer(parts[-1], reply_markup=results_markup(t, survey))


@results.callback_query(ResultsButton.filter(F.action == ResultsAction.show))
async def survey_results(query: CallbackQuery, message: Message, callback_data: ResultsButton, t: Translator,
                         db: Database, actor: Actor, clock: Clock) -> None:
    survey = await _readable(query, callback_data, t, db, actor)
    if survey is not None:
        await send_results(message, t, db, survey, clock)


@results.callback_query(ResultsButton.filter(F.action == ResultsAction.charts))
async def survey_charts(query: CallbackQuery, message: Message, callback_data: ResultsButton, t: Translator,
                        db: Database, actor: Actor) -> None:
    survey = await _readable(query, callback_data, t, db, actor)
    if survey is None:
        return
    tally, _ = await surveys.tally(db, survey)
    for number, item in enumerate(tally.questions, start=1):
        if item.question.kind not in surveys.COUNTED_KINDS:
            continue
        png = surveys.chart_png(item, title=f"{number}. {item.question.text}", xlabel=t("survey-chart-axis"))
        await message.answer_photo(
            BufferedInputFile(png, filename=f"survey-{survey.id}-{number}.png"),
            caption=t("survey-chart-caption", n=str(number), text=item.question.text)[:1024],
        )


async def _export(query: CallbackQuery, message: Message, data: ResultsButton, t: Translator, db: Database,
                  actor: Actor, clock: Clock, fmt: str) -> None:
    survey = await _readable(query, data, t, db, actor)
    if survey is None:
        return
    content, rows = await surveys.export(db, t, survey, fmt=fmt, tz=clock.tz)
    await message.answer_document(
        BufferedInputFile(content, filename=f"survey-{survey.id}.{fmt}"),
        caption=t("survey-export-caption", title=survey.title, n=rows),
    )


@results.callback_query(ResultsButton.filter(F.action == ResultsAction.csv))
async def survey_csv(query: CallbackQuery, message: Message, callback_data: ResultsButton, t: Translator, db: Database,
                     actor: Actor, clock: Clock) -> None:
    await _export(query, message, callback_data, t, db, actor, clock, "csv")


@results.callback_query(ResultsButton.filter(F.action == ResultsAction.xlsx))
async def survey_xlsx(query: CallbackQuery, message: Message, callback_data: ResultsButton, t: Translator, db: Database,
                      actor: Actor, clock: Clock) -> None:
    await _export(query, message, callback_data, t, db, actor, clock, "xlsx")


# -- the feedback survey on the meeting card ------------------------------------------------------------

async def meeting_card_feedback(
    db: Database, t: Translator, meeting_id: int
) -> tuple[list[str], list[list[InlineKeyboardButton]]]:
    """The meeting card's lines and buttons about attendees' feedback: the switch, then the results."""
    enabled, survey = await surveys.meeting_feedback(db, meeting_id)
    if survey is None:
        line = t("feedback-card-on" if enabled else "feedback-card-off")
        switch = button(t("feedback-turn-off" if enabled else "feedback-turn-on"),
                        FeedbackButton(m=meeting_id, on=not enabled))
        return [line], [[switch]]
    tally, _ = await surveys.tally(db, survey)
    rating = tally.questions[0].average
    line = t("feedback-card-results", n=tally.respondents, of=str(survey.recipients),
             average=formats.decimal_text(rating, t.decimal_mark) if rating is not None else "—")
    return [line], [[button(t("feedback-card-open"), ResultsButton(action=ResultsAction.show, s=survey.id))]]


@results.callback_query(FeedbackButton.filter())
async def feedback_switched(query: CallbackQuery, message: Message, callback_data: FeedbackButton, t: Translator,
                            db: Database, actor: Actor) -> None:
    meeting = await meetings.managed_meeting(db, actor, callback_data.m)
    if isinstance(meeting, MeetingRefusal):
        await query.answer(t("stale-button"), show_alert=True)
        return
    await surveys.set_meeting_feedback(db, meeting_id=meeting.id, enabled=callback_data.on)
    await query.answer(t("feedback-switched-on" if callback_data.on else "feedback-switched-off"), show_alert=True)
    _, rows = await meeting_card_feedback(db, t, meeting.id)
    markup = message.reply_markup
    if markup is not None:
        kept = [row for row in markup.inline_keyboard
                if not any((b.callback_data or "").startswith("svf:") for b in row)]
        await message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(inline_keyboard=[*kept, *rows]))
