"""Answering a survey: the invitation's «Пройти опрос», then one question at a time.

Choices and the scale are inline buttons; free text is the member's next message. Every
button names its survey and question; bot.surveys checks it against the stored progress.
"""

from __future__ import annotations

import html
from enum import StrEnum

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
)

from bot import surveys
from bot.i18n import Translator
from bot.model import Member, SurveyPurpose
from bot.roles import Actor
from bot.runtime.filters import AccessibleMessage, IsMember
from bot.scoring import format_points, points
from bot.surveys import Answering, AnswerRefusal, QuestionKind, Step
from handlers.cancel import own_exits
from handlers.keyboards import button, main_menu
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(IsMember())
# An answer under a question too old to edit is still recorded; only the redraw needs the message.
router.callback_query.filter(IsMember(), AccessibleMessage(required=False))

STOP_WORDS = ("стоп", "отмена", "stop", "cancel", "/cancel")


class AnswerAction(StrEnum):
    take = "take"
    pick = "pick"
    toggle = "tog"
    done = "done"
    rate = "rate"
    skip = "skip"
    back = "back"
    city = "city"     # the details template: the districts of a city (v=0: the cities again)


class AnswerButton(CallbackData, prefix="sv"):
    action: AnswerAction
    s: int            # survey
    q: int = 0        # question
    v: int = 0        # option or scale point


class SurveyAnswer(StatesGroup):
    answering = State()   # data: {"s": survey id}: a typed message answers its current question


own_exits(SurveyAnswer)


def take_data(survey_id: int) -> str:
    """The invitation's button, as the outbox stores it."""
    return AnswerButton(action=AnswerAction.take, s=survey_id).pack()


# -- showing a question ----------------------------------------------------------------------------

def question_text(t: Translator, answering: Answering, details: surveys.MyDetails | None = None) -> str:
    survey, position = answering.survey, answering.progress.position
    question = survey.questions[position]
    lines = [
        t("survey-question-number", n=str(position + 1), of=str(len(survey.questions)), title=survey.title),
        f"<b>{_escape(question.text)}</b>",
        t(f"survey-hint-{question.kind}") + ("" if question.required else " " + t("survey-hint-optional")),
    ]
    if details is not None and question.kind == QuestionKind.DISTRICT:
        lines.append(t("details-current-district", district=details.district, city=details.city))
    elif details is not None and question.kind == QuestionKind.PHONE:
        lines.append(t("details-current-phone", phone=details.phone) if details.phone else t("details-no-phone"))
    elif details is not None and question.kind == QuestionKind.NOTIFICATIONS:
        wanted = [t(f"settings-{topic}").lower() for topic, on in details.notifications.items() if on]
        lines.append(t("details-current-notifications", topics=", ".join(wanted)) if wanted
                     else t("details-no-notifications"))
    previous = answering.progress.answers.get(str(position))
    if previous not in (None, []) and question.kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.TEXT):
        lines.append(t("survey-your-answer", answer=surveys.answer_text(question, previous, t)))
    return "\n".join(lines)


def question_markup(
    t: Translator, answering: Answering, cities: list[tuple[int, str, list[tuple[int, str]]]] | None = None,
    city: int = 0,
) -> InlineKeyboardMarkup | None:
    survey, progress = answering.survey, answering.progress
    q = progress.position
    question = survey.questions[q]
    rows: list[list[InlineKeyboardButton]] = []
    if question.kind == QuestionKind.SINGLE:
        rows += [[button(option, AnswerButton(action=AnswerAction.pick, s=survey.id, q=q, v=i))]
                 for i, option in enumerate(question.options)]
    elif question.kind == QuestionKind.MULTI:
        chosen = set(progress.answers.get(str(q)) or [])
        rows += [[button(("✅ " if i in chosen else "▫️ ") + option,
                         AnswerButton(action=AnswerAction.toggle, s=survey.id, q=q, v=i))]
                 for i, option in enumerate(question.options)]
        rows.append([button(t("survey-done"), AnswerButton(action=AnswerAction.done, s=survey.id, q=q))])
    elif question.kind == QuestionKind.DISTRICT:
        chosen = next((c for c in cities or [] if c[0] == city), None)
        if chosen is None:
            rows.append([button("✅ " + question.options[0], AnswerButton(action=AnswerAction.pick, s=survey.id, q=q))])
            rows += [[button(name, AnswerButton(action=AnswerAction.city, s=survey.id, q=q, v=city_id))]
                     for city_id, name, _ in (cities or [])[:40]]
        else:
            rows += [[button(name, AnswerButton(action=AnswerAction.pick, s=survey.id, q=q, v=district_id))]
                     for district_id, name in chosen[2][:60]]
            rows.append([button(t("details-back-to-cities"), AnswerButton(action=AnswerAction.city, s=survey.id, q=q))])
    elif question.kind == QuestionKind.PHONE:
        rows += [[button(question.options[i], AnswerButton(action=AnswerAction.pick, s=survey.id, q=q, v=i))]
                 for i in (surveys.PHONE_KEEP, surveys.PHONE_REMOVE)]
    elif question.kind == QuestionKind.NOTIFICATIONS:
        rows += [[button(question.options[i], AnswerButton(action=AnswerAction.pick, s=survey.id, q=q, v=i))]
                 for i in surveys.NOTIFY_CHOICES]
    elif question.kind == QuestionKind.SCALE:
        rows.append([button(str(point), AnswerButton(action=AnswerAction.rate, s=survey.id, q=q, v=point))
                     for point in surveys.SCALE])
    last = []
    if q > 0:
        last.append(button(t("survey-back"), AnswerButton(action=AnswerAction.back, s=survey.id, q=q)))
    if not question.required:
        last.append(button(t("survey-skip"), AnswerButton(action=AnswerAction.skip, s=survey.id, q=q)))
    if last:
        rows.append(last)
    return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


async def _show(
    message: Message, state: FSMContext, t: Translator, answering: Answering, db: Database, clock: Clock,
    member: Member, actor: Actor,
) -> None:
    """The current question as a new message (or the thanks, when complete)."""
    if answering.finished:
        await state.clear()
        lines = [t("survey-thanks")]
        if answering.survey.purpose == SurveyPurpose.DETAILS:
            for outcome, detail in await surveys.apply_details(
                db, actor=actor, member=member, survey=answering.survey, progress=answering.progress,
                now=clock.now(), today=clock.today(),
            ):
                lines.append(t(f"details-outcome-{outcome}", detail=detail))
        if answering.award is not None:
            lines.append(t("survey-thanks-points", points=format_points(answering.award.units),
                           n=points(answering.award.units)))
        await message.answer("\n".join(lines), reply_markup=main_menu(t))
        return
    await state.set_state(SurveyAnswer.answering)
    await state.set_data({"s": answering.survey.id})
    question = answering.survey.questions[answering.progress.position]
    details = None
    cities = None
    if question.kind in (QuestionKind.DISTRICT, QuestionKind.PHONE, QuestionKind.NOTIFICATIONS):
        details = await surveys.my_details(db, member)
    if question.kind == QuestionKind.DISTRICT:
        cities = await surveys.district_choices(db)
    await message.answer(question_text(t, answering, details), reply_markup=question_markup(t, answering, cities))
    if question.kind == QuestionKind.PHONE:
        share = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=t("details-share-phone"), request_contact=True)]],
                                    resize_keyboard=True, one_time_keyboard=True)
        await message.answer(t("details-share-hint"), reply_markup=share)


def _refusal_text(t: Translator, refusal: AnswerRefusal) -> str:
    return t(f"survey-refused-{refusal}", limit=str(surveys.ANSWER_MAX))


# -- the invitation's button -------------------------------------------------------------------------

@router.callback_query(AnswerButton.filter(F.action == AnswerAction.take))
async def take_survey(
    query: CallbackQuery, message: Message | None, callback_data: AnswerButton, state: FSMContext, db: Database,
    clock: Clock, member: Member, actor: Actor, t: Translator,
) -> None:
    result = await surveys.begin(db, member=member, survey_id=callback_data.s, now=clock.now())
    if isinstance(result, AnswerRefusal):
        await query.answer(_refusal_text(t, result), show_alert=True)
        return
    await query.answer()
    if message is not None:
        await _show(message, state, t, result, db, clock, member, actor)


# -- a step --------------------------------------------------------------------------------------------

STEPS = {
    AnswerAction.pick: Step.PICK, AnswerAction.toggle: Step.TOGGLE, AnswerAction.done: Step.DONE,
    AnswerAction.rate: Step.RATE, AnswerAction.skip: Step.SKIP, AnswerAction.back: Step.BACK,
}


@router.callback_query(AnswerButton.filter(F.action.in_(set(STEPS))))
async def step_pressed(
    query: CallbackQuery, message: Message | None, callback_data: AnswerButton, state: FSMContext, db: Database,
    clock: Clock, member: Member, actor: Actor, t: Translator,
) -> None:
    """Every answering button is one step of the core's survey.answer; the action names which."""
    step, number = STEPS[callback_data.action], callback_data.q
    result = await surveys.answer(
        db, member=member, survey_id=callback_data.s, question=number, step=step, value=callback_data.v,
        now=clock.now(), today=clock.today(),
    )
    if isinstance(result, AnswerRefusal):
        await query.answer(_refusal_text(t, result), show_alert=True)
        return
    await query.answer()
    if message is None:
        return
    if step == Step.TOGGLE:
        await message.edit_reply_markup(reply_markup=question_markup(t, result))
        return
    question = result.survey.questions[number]
    if step == Step.BACK:
        await message.edit_reply_markup(reply_markup=None)
    else:
        chosen = surveys.answer_text(question, result.progress.answers.get(str(number)), t) or t("survey-skipped")
        await message.edit_text(
            t("survey-answered", n=str(number + 1), question=question.text, answer=chosen), reply_markup=None
        )
    await _show(message, state, t, result, db, clock, member, actor)


@router.callback_query(AnswerButton.filter(F.action == AnswerAction.city), AccessibleMessage())
async def district_city(query: CallbackQuery, message: Message, callback_data: AnswerButton, db: Database, clock: Clock,
                        member: Member, actor: Actor, t: Translator) -> None:
    """The details template: a city's districts (or the cities again); nothing is answered yet."""
    now_at = await surveys.current(db, member=member, survey_id=callback_data.s, now=clock.now())
    if isinstance(now_at, AnswerRefusal):
        await query.answer(_refusal_text(t, now_at), show_alert=True)
        return
    question = now_at.survey.questions[now_at.progress.position] if not surveys.is_complete(
        now_at.survey.questions, now_at.progress) else None
    cities = await surveys.district_choices(db)
    if (question is None or question.kind != QuestionKind.DISTRICT or callback_data.q != now_at.progress.position
            or (callback_data.v and callback_data.v not in {c[0] for c in cities})):
        await query.answer(_refusal_text(t, AnswerRefusal.STALE), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=question_markup(t, now_at, cities, callback_data.v))


@router.message(SurveyAnswer.answering, F.contact)
async def shared_phone(message: Message, state: FSMContext, db: Database, clock: Clock, member: Member,
                       actor: Actor, t: Translator) -> None:
    """The details template: a new phone, from the member's own contact only."""
    assert message.contact is not None and message.from_user is not None
    if message.contact.user_id != message.from_user.id:
        await message.answer(t("details-not-your-phone"))
        return
    phone = "".join(ch for ch in message.contact.phone_number if ch.isdigit() or ch == "+")[:20]
    await _answer_typed(message, phone, state, db, clock, member, actor, t)


async def _answer_typed(message: Message, value: str, state: FSMContext, db: Database, clock: Clock, member: Member,
                        actor: Actor, t: Translator) -> None:
    """A typed answer (or a shared phone) to the question the member is at."""
    survey_id = int((await state.get_data()).get("s", 0))
    now_at = await surveys.current(db, member=member, survey_id=survey_id, now=clock.now())
    if isinstance(now_at, AnswerRefusal):
        await state.clear()
        await message.answer(_refusal_text(t, now_at), reply_markup=main_menu(t))
        return
    result = await surveys.answer(db, member=member, survey_id=survey_id, question=now_at.progress.position,
                                  step=Step.TEXT, value=value, now=clock.now(), today=clock.today())
    if isinstance(result, AnswerRefusal):
        await message.answer(_refusal_text(t, result))
        return
    await _show(message, state, t, result, db, clock, member, actor)


# -- typed answers -----------------------------------------------------------------------------------

@router.message(SurveyAnswer.answering, F.text.func(lambda text: text.strip().lower() in STOP_WORDS))
async def stop_for_now(message: Message, state: FSMContext, t: Translator) -> None:
    await state.clear()
    await message.answer(t("survey-paused"), reply_markup=main_menu(t))


@router.message(SurveyAnswer.answering, F.text.func(lambda text: text.strip().lower() in ("назад", "back")))
async def back_typed(message: Message, state: FSMContext, db: Database, clock: Clock, member: Member,
                     actor: Actor, t: Translator) -> None:
    survey_id = int((await state.get_data()).get("s", 0))
    now_at = await surveys.current(db, member=member, survey_id=survey_id, now=clock.now())
    if isinstance(now_at, AnswerRefusal):
        await state.clear()
        await message.answer(_refusal_text(t, now_at))
        return
    result = await surveys.answer(db, member=member, survey_id=survey_id, question=now_at.progress.position,
                                  step=Step.BACK, now=clock.now(), today=clock.today())
    if isinstance(result, AnswerRefusal):
        await message.answer(t("survey-first-question"))
        return
    await _show(message, state, t, result, db, clock, member, actor)


@router.message(SurveyAnswer.answering, F.text, ~F.text.startswith("/"))
async def typed_answer(message: Message, state: FSMContext, db: Database, clock: Clock, member: Member,
                       actor: Actor, t: Translator) -> None:
    assert message.text is not None
    await _answer_typed(message, message.text, state, db, clock, member, actor, t)


@router.message(SurveyAnswer.answering, ~F.text)
async def not_text(message: Message, t: Translator) -> None:
    await message.answer(t("survey-refused-wrong_kind"))
