"""Surveys through the real dispatcher: making one, answering each kind of question, results and exports."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from typing import Any

from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageReplyMarkup,
    EditMessageText,
    SendDocument,
    SendMessage,
    SendPhoto,
)
from aiogram.types import InlineKeyboardMarkup

from bot.model import GrantedRole, ScopeKind
from bot.runtime.app import App, build_app
from bot.runtime.config import Settings
from bot.surveys import AudienceKind
from handlers.surveys import AnswerAction, AnswerButton
from handlers.surveys_admin import AudienceButton, MakeAction, MakeButton, ResultsAction, ResultsButton
from scheduler.clock import FrozenClock
from storage.db import fetch_all, fetch_value
from tests.support import updates
from tests.support.chat import feed, requests, texts_to
from tests.support.factories import NewMember, grant
from tests.support.session import MockedBot

ADMIN = 1
COORDINATOR = 300        # coordinates Новосибирск (city 1: districts 1, 2, 3)
ANNA, BORIS, VERA, GLEB = 101, 102, 103, 104


async def city_coordinator(app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)


async def populate(app: App) -> dict[int, Any]:
    """Анна and Борис in Центральный (1), Вера in Ленинский (2), Глеб in Омск (4)."""
    in_turn = NewMember(app.db, app.clock, apart=timedelta(seconds=1))  # members join a second apart
    members = {}
    for tg_id, name, district in ((ANNA, "Анна", 1), (BORIS, "Борис", 1), (VERA, "Вера", 2), (GLEB, "Глеб", 4)):
        members[tg_id] = await in_turn(tg_id, name, district_id=district)
    return members


def last_markup(app: App, chat_id: int) -> InlineKeyboardMarkup | None:
    for method in reversed(requests(app)):
        if isinstance(method, (SendMessage, EditMessageText, EditMessageReplyMarkup)) and method.chat_id == chat_id:
            if isinstance(method.reply_markup, InlineKeyboardMarkup):
                return method.reply_markup
    return None


def buttons(app: App, chat_id: int) -> list[str]:
    markup = last_markup(app, chat_id)
    return [] if markup is None else [b.text for row in markup.inline_keyboard for b in row]


def data_of(app: App, chat_id: int, label: str) -> str:
    markup = last_markup(app, chat_id)
    assert markup is not None
    for row in markup.inline_keyboard:
        for b in row:
            if b.text == label:
                assert b.callback_data is not None
                return b.callback_data
    raise AssertionError(f"no button {label!r} in {buttons(app, chat_id)}")


def alerts(app: App) -> list[str | None]:
    return [m.text for m in requests(app) if isinstance(m, AnswerCallbackQuery)]


async def press(app: App, chat_id: int, label: str) -> None:
    await feed(app, updates.callback(chat_id, data_of(app, chat_id, label)))


async def say(app: App, chat_id: int, *texts: str) -> None:
    await feed(app, *(updates.text(chat_id, text) for text in texts))


async def make_three_question_survey(app: App, *, district: int = 1, anonymous: bool = False) -> None:
    """A coordinator makes: 1) single choice, 2) 1–5 scale, 3) optional free text; for a district."""
    await say(app, COORDINATOR, "/survey", "Субботник во дворе")
    await say(app, COORDINATOR, "Придёте на субботник?")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.kind, v=0).pack()))
    await say(app, COORDINATOR, "Да\nНет\nЕщё не знаю")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.required, v=1).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.add).pack()))
    await say(app, COORDINATOR, "Насколько удобно время?")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.kind, v=2).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.required, v=1).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.add).pack()))
    await say(app, COORDINATOR, "Что ещё сделать во дворе?")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.kind, v=3).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.required, v=0).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.finish_questions).pack()))
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.DISTRICT, id=district).pack()))
    await say(app, COORDINATOR, "15.12 20:00")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.anonymous, v=int(anonymous)).pack()))


async def invitation(app: App, chat_id: int) -> str:
    """Deliver queued mass messages; the callback data of the member's «Пройти опрос»."""
    await app.outbox.deliver_pending()
    for method in requests(app):
        if isinstance(method, SendMessage) and method.chat_id == chat_id and "📋 Опрос" in method.text:
            assert isinstance(method.reply_markup, InlineKeyboardMarkup)
            button = method.reply_markup.inline_keyboard[0][0]
            assert button.text == "📝 Пройти опрос"
            assert button.callback_data is not None
            return button.callback_data
    raise AssertionError(f"no invitation to {chat_id}: {texts_to(app, chat_id)}")


async def test_a_coordinator_makes_a_survey_with_a_preview_and_the_number_of_recipients(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await make_three_question_survey(app)
    shown = texts_to(app, COORDINATOR)
    assert "Так участники увидят опрос:" in shown
    preview = shown[shown.index("Так участники увидят опрос:") + 1]
    assert "1. Придёте на субботник? (Один вариант)" in preview
    assert "· Ещё не знаю" in preview
    assert "3. Что ещё сделать во дворе? (Свободный ответ) можно пропустить" in preview
    confirm = shown[-1]
    assert "Получатели: округ Центральный (Новосибирск), 2 человека." in confirm
    assert "Ответы до 15.12.2026 20:00." in confirm
    assert buttons(app, COORDINATOR) == ["📨 Отправить (2)", "✖ Отмена"]
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM surveys") == 0     # nothing until confirmed

    await press(app, COORDINATOR, "📨 Отправить (2)")
    assert "поставлен в рассылку: 2 получателя" in texts_to(app, COORDINATOR)[-1]
    await app.outbox.deliver_pending()
    invited = {m.chat_id for m in requests(app) if isinstance(m, SendMessage) and "📋 Опрос" in m.text
               and m.reply_markup is not None}
    assert invited == {ANNA, BORIS}                 # (the coordinator saw the preview, without the button)
    text = next(m.text for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == ANNA
                and "📋 Опрос" in m.text)
    assert "3 вопроса, ответить можно до 15.12.2026 20:00." in text
    assert "опрос" in texts_to(app, COORDINATOR)[-1] and "доставлено 2 из 2" in texts_to(app, COORDINATOR)[-1]


async def test_cancel_and_back_work_at_every_step_of_making(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await say(app, COORDINATOR, "/survey", "Опрос", "назад")
    assert texts_to(app, COORDINATOR)[-1] == "Как назовём опрос? Название увидят участники."
    await say(app, COORDINATOR, "Опрос про двор", "Вопрос первый?")
    await say(app, COORDINATOR, "назад")
    assert texts_to(app, COORDINATOR)[-1].startswith("Вопрос 1 из 10 возможных")
    await say(app, COORDINATOR, "Вопрос первый?", "просто текст вместо кнопки")
    assert "Выберите вариант кнопкой выше" in texts_to(app, COORDINATOR)[-1]
    await say(app, COORDINATOR, "Отмена")
    assert texts_to(app, COORDINATOR)[-1] == "Опрос не создан."
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM surveys") == 0
        assert await fetch_value(conn, "SELECT state FROM fsm WHERE key LIKE ?", (f"%:{COORDINATOR}:%",)) is None


async def test_bad_input_while_making_gets_clear_answers(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await say(app, COORDINATOR, "/survey", "Я")
    assert texts_to(app, COORDINATOR)[-1] == "Слишком коротко: нужно хотя бы 3 знака."
    await say(app, COORDINATOR, "Опрос", "Что выбрать?")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.kind, v=1).pack()))
    await say(app, COORDINATOR, "Один")
    assert texts_to(app, COORDINATOR)[-1] == "Нужно хотя бы 2 варианта, каждый с новой строки."
    await say(app, COORDINATOR, "Один\nодин")
    assert "повторяются" in texts_to(app, COORDINATOR)[-1]
    await say(app, COORDINATOR, "\n".join(str(n) for n in range(11)))
    assert texts_to(app, COORDINATOR)[-1] == "Слишком много вариантов: не больше 10."
    await say(app, COORDINATOR, "1. Один\n2. Два")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.required, v=1).pack()))
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.DISTRICT, id=4).pack()))
    assert alerts(app)[-1] == "Эта кнопка уже не действует."     # not in the audience step yet
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.finish_questions).pack()))
    assert texts_to(app, COORDINATOR)[-1] == "Кому отправить опрос?"
    assert buttons(app, COORDINATOR) == ["📢 Всем в моей зоне", "Новосибирск", "🤝 Участникам встречи", "✖ Отмена"]
    await press(app, COORDINATOR, "Новосибирск")
    assert buttons(app, COORDINATOR) == ["🏙 Весь город Новосибирск", "Кировский", "Ленинский", "Центральный", "⬅ Назад"]
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.DISTRICT, id=4).pack()))
    assert alerts(app)[-1] == "Эта кнопка уже не действует."     # Омск is not theirs
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.DISTRICT, id=3).pack()))
    assert alerts(app)[-1] == "Отправлять некому: среди выбранных получателей нет участников."
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.DISTRICT, id=2).pack()))
    await say(app, COORDINATOR, "01.12.2026 10:00")
    assert texts_to(app, COORDINATOR)[-1] == "Это время уже прошло. Укажите время в будущем."
    await say(app, COORDINATOR, "31.02 10:00")
    assert texts_to(app, COORDINATOR)[-1] == "Такой даты нет в календаре. Проверьте число и месяц."
    await say(app, COORDINATOR, "когда-нибудь")
    assert texts_to(app, COORDINATOR)[-1].startswith("Не понял дату.")
    await say(app, COORDINATOR, "через 3 дня")
    assert texts_to(app, COORDINATOR)[-2] == "Ответы принимаются до 13.12.2026 23:59."


async def test_a_member_cannot_make_a_survey_or_read_results(app: App) -> None:
    await populate(app)
    await say(app, ANNA, "/survey")
    assert texts_to(app, ANNA)[-1] == "⛔ Эта команда вам недоступна."
    await say(app, ANNA, "/surveys")
    assert texts_to(app, ANNA)[-1] == "⛔ Эта команда вам недоступна."
    await feed(app, updates.callback(ANNA, ResultsButton(action=ResultsAction.csv, s=1).pack()))
    assert alerts(app)[-1] == "Эта кнопка уже не действует."
    assert not any(isinstance(m, SendDocument) for m in requests(app))


async def sent_survey(app: App, **kwargs: Any) -> None:
    await city_coordinator(app)
    await make_three_question_survey(app, **kwargs)
    await press(app, COORDINATOR, "📨 Отправить (2)")


async def test_answering_each_kind_with_back_and_skip(app: App) -> None:
    await populate(app)
    await sent_survey(app)
    take = await invitation(app, ANNA)
    await feed(app, updates.callback(ANNA, take))
    assert texts_to(app, ANNA)[-1].startswith("Вопрос 1 из 3 · Субботник во дворе\n<b>Придёте на субботник?</b>")
    assert buttons(app, ANNA) == ["Да", "Нет", "Ещё не знаю"]
    await press(app, ANNA, "Нет")
    assert texts_to(app, ANNA)[-2] == "1. Придёте на субботник?\n→ Нет"
    assert buttons(app, ANNA) == ["1", "2", "3", "4", "5", "⬅ Назад"]
    await press(app, ANNA, "⬅ Назад")                                         # one question back
    assert "Ваш прежний ответ: Нет" in texts_to(app, ANNA)[-1]
    await press(app, ANNA, "Да")
    await press(app, ANNA, "4")
    assert "Напишите ответ одним сообщением." in texts_to(app, ANNA)[-1]
    assert buttons(app, ANNA) == ["⬅ Назад", "Пропустить ➡"]
    await say(app, ANNA, "х" * 1001)
    assert texts_to(app, ANNA)[-1] == "Слишком длинный ответ: не больше 1000 знаков. Сократите, пожалуйста."
    await say(app, ANNA, "Покрасить <скамейки>")
    assert texts_to(app, ANNA)[-1] == "🙏 Спасибо! Ваши ответы сохранены."

    take_b = await invitation(app, BORIS)
    await feed(app, updates.callback(BORIS, take_b))
    await press(app, BORIS, "Ещё не знаю")
    await press(app, BORIS, "2")
    await press(app, BORIS, "Пропустить ➡")
    assert texts_to(app, BORIS)[-1] == "🙏 Спасибо! Ваши ответы сохранены."

    await feed(app, updates.callback(COORDINATOR, ResultsButton(action=ResultsAction.show, s=1).pack()))
    results = texts_to(app, COORDINATOR)[-1]
    assert "Ответили: 2 из 2." in results
    assert "· Да: 1\n· Нет: 0\n· Ещё не знаю: 1" in results
    assert "Средняя оценка: 3,0 (оценок: 2)" in results
    assert "— Покрасить &lt;скамейки&gt;" in results


async def test_multiple_choice_toggles_and_needs_one_when_required(app: App) -> None:
    await populate(app)
    await city_coordinator(app)
    await say(app, COORDINATOR, "/survey", "Чем помочь?", "Что вы готовы делать?")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.kind, v=1).pack()))
    await say(app, COORDINATOR, "Раздавать листовки\nАгитировать\nДежурить")
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.required, v=1).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.finish_questions).pack()))
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.CITY, id=1).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.ends, v=7).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.anonymous, v=1).pack()))
    await press(app, COORDINATOR, "📨 Отправить (3)")
    take = await invitation(app, VERA)
    await feed(app, updates.callback(VERA, take))
    await press(app, VERA, "✅ Готово")
    assert alerts(app)[-1] == "На этот вопрос нужно ответить, пропустить его нельзя."
    await press(app, VERA, "▫️ Раздавать листовки")
    await press(app, VERA, "▫️ Дежурить")
    await press(app, VERA, "✅ Раздавать листовки")                       # changed her mind
    assert buttons(app, VERA) == ["▫️ Раздавать листовки", "▫️ Агитировать", "✅ Дежурить", "✅ Готово"]
    await press(app, VERA, "✅ Готово")
    assert texts_to(app, VERA)[-2] == "1. Что вы готовы делать?\n→ Дежурить"
    async with app.db.reading() as conn:
        answers = await fetch_value(conn, "SELECT answers FROM survey_responses WHERE finished_at IS NOT NULL")
    assert answers == '{"0":[2]}'


async def test_finish_later_survives_a_restart(app: App, settings: Settings, clock: FrozenClock) -> None:
    await populate(app)
    await sent_survey(app)
    take = await invitation(app, ANNA)
    await feed(app, updates.callback(ANNA, take))
    await press(app, ANNA, "Да")
    await say(app, ANNA, "стоп")
    assert texts_to(app, ANNA)[-1].startswith("Ответы сохранены.")
    await app.close()

    again = await build_app(settings, clock=clock, bot=MockedBot())
    try:
        await feed(again, updates.callback(ANNA, take))
        assert texts_to(again, ANNA)[-1].startswith("Вопрос 2 из 3")          # where she stopped
        await press(again, ANNA, "5")
        await say(again, ANNA, "Ничего")
        assert texts_to(again, ANNA)[-1] == "🙏 Спасибо! Ваши ответы сохранены."
        await feed(again, updates.callback(ANNA, take))
        assert alerts(again)[-1] == "Вы уже ответили на этот опрос. Спасибо!"
        async with again.db.reading() as conn:
            rows = await fetch_all(conn, "SELECT answers FROM survey_responses WHERE finished_at IS NOT NULL")
        assert [row[0] for row in rows] == ['{"0":0,"1":5,"2":"Ничего"}']
    finally:
        await again.close()


async def test_stale_forged_late_and_uninvited_presses_change_nothing(app: App) -> None:
    await populate(app)
    await sent_survey(app)
    take = await invitation(app, ANNA)
    await feed(app, updates.callback(GLEB, take))                           # Омск was not asked
    assert alerts(app)[-1] == "Этот опрос не для вас: его отправили другим участникам."
    await feed(app, updates.callback(ANNA, AnswerButton(action=AnswerAction.pick, s=1, q=0, v=0).pack()))
    assert alerts(app)[-1] == "Сначала нажмите кнопку «Пройти опрос» в приглашении."
    await feed(app, updates.callback(ANNA, take))
    old_question = data_of(app, ANNA, "Да")
    await press(app, ANNA, "Нет")
    await feed(app, updates.callback(ANNA, old_question))                     # question 1 again: stale
    assert alerts(app)[-1] == "Эта кнопка уже не действует: ответьте на последний вопрос ниже."
    for forged in (AnswerButton(action=AnswerAction.rate, s=1, q=1, v=9),
                   AnswerButton(action=AnswerAction.pick, s=1, q=1, v=0),
                   AnswerButton(action=AnswerAction.skip, s=1, q=1),
                   AnswerButton(action=AnswerAction.take, s=99)):
        await feed(app, updates.callback(ANNA, forged.pack()))
    assert alerts(app)[-4:] == [
        "Эта кнопка уже не действует: ответьте на последний вопрос ниже.",
        "Эта кнопка уже не действует: ответьте на последний вопрос ниже.",
        "На этот вопрос нужно ответить, пропустить его нельзя.",
        "Такого опроса нет.",
    ]
    await say(app, ANNA, "текст вместо кнопки")
    assert texts_to(app, ANNA)[-1].startswith("На этот вопрос отвечают кнопками под ним.")
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT answers FROM survey_responses") == '{"0":1}'
    app.clock.advance(timedelta(days=10))                                   # past 15.12 20:00
    await press(app, ANNA, "3")
    assert alerts(app)[-1] == "Опрос уже закончился, ответы больше не принимаются. Спасибо, что откликнулись!"
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT answers FROM survey_responses") == '{"0":1}'


async def test_results_charts_and_exports(app: App) -> None:
    await populate(app)
    await sent_survey(app)
    for member, choice, rating, comment in ((ANNA, "Да", "5", "=HYPERLINK(\"http://x\")"), (BORIS, "Да", "4", None)):
        await feed(app, updates.callback(member, await invitation(app, member)))
        await press(app, member, choice)
        await press(app, member, rating)
        if comment:
            await say(app, member, comment)
        else:
            await press(app, member, "Пропустить ➡")
    await say(app, COORDINATOR, "/surveys")
    assert buttons(app, COORDINATOR) == ["🟢 Субботник во дворе"]
    await press(app, COORDINATOR, "🟢 Субботник во дворе")
    results = texts_to(app, COORDINATOR)[-1]
    assert "Средняя оценка: 4,5 (оценок: 2)" in results
    assert buttons(app, COORDINATOR) == ["🔄 Обновить", "📈 Диаграммы", "CSV", "XLSX"]

    await press(app, COORDINATOR, "📈 Диаграммы")
    charts = [m for m in requests(app) if isinstance(m, SendPhoto) and m.chat_id == COORDINATOR]
    assert len(charts) == 1 and charts[0].photo.data[:4] == b"\x89PNG"
    assert charts[0].caption == "1. Придёте на субботник?"

    await press(app, COORDINATOR, "CSV")
    document = [m for m in requests(app) if isinstance(m, SendDocument)][-1]
    rows = list(csv.reader(io.StringIO(document.document.data.decode("utf-8-sig"))))
    assert rows[0] == ["№", "Ответ получен", "Участник", "Округ", "1. Придёте на субботник?",
                       "2. Насколько удобно время?", "3. Что ещё сделать во дворе?"]
    assert rows[1][2:] == ["Анна", "Центральный", "Да", "5", "'=HYPERLINK(\"http://x\")"]
    assert rows[2][2:] == ["Борис", "Центральный", "Да", "4", ""]
    assert document.caption == "Субботник во дворе: 2 ответа"

    await press(app, COORDINATOR, "XLSX")
    from openpyxl import load_workbook

    document = [m for m in requests(app) if isinstance(m, SendDocument)][-1]
    sheet = load_workbook(io.BytesIO(document.document.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][2:] == ["Анна", "Центральный", "Да", 5, "'=HYPERLINK(\"http://x\")"]
    assert sheet.cell(row=2, column=7).data_type == "s"


async def test_anonymous_results_export_no_names_and_erased_members_become_anonymous(app: App) -> None:
    members = await populate(app)
    await sent_survey(app)
    await feed(app, updates.callback(ANNA, await invitation(app, ANNA)))
    await press(app, ANNA, "Да")
    await press(app, ANNA, "5")
    await say(app, ANNA, "Всё хорошо")
    from bot import membership

    await membership.erase(app.db, member=members[ANNA], secret=b"s", now=app.clock.now())
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT member_id FROM survey_responses") is None
    await feed(app, updates.callback(COORDINATOR, ResultsButton(action=ResultsAction.csv, s=1).pack()))
    document = [m for m in requests(app) if isinstance(m, SendDocument)][-1]
    rows = list(csv.reader(io.StringIO(document.document.data.decode("utf-8-sig"))))
    assert rows[1][2:4] == ["удалил данные", ""]                       # the answers stay, the name does not
    assert rows[1][4:] == ["Да", "5", "Всё хорошо"]


async def test_points_for_a_complete_answer_once_with_the_inviters_share(app: App) -> None:
    members = await populate(app)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET survey_units = 50")                 # 5 points
        await conn.execute("UPDATE members SET referrer_id = ? WHERE id = ?", (members[VERA].id, members[ANNA].id))
    await city_coordinator(app)
    await make_three_question_survey(app)
    assert "Начислять баллы за полный ответ? По правилам кампании это 5 баллов" in texts_to(app, COORDINATOR)[-1]
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.points, v=1).pack()))
    assert "Баллы: 5 баллов за полный ответ." in texts_to(app, COORDINATOR)[-1]
    await press(app, COORDINATOR, "📨 Отправить (2)")
    take = await invitation(app, ANNA)
    text = next(m.text for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == ANNA
                and m.reply_markup is not None)
    assert "За полный ответ: 5 баллов." in text
    await feed(app, updates.callback(ANNA, take))
    await press(app, ANNA, "Да")
    await press(app, ANNA, "3")
    async with app.db.reading() as conn:                          # not complete yet: no points
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger") == 0
    await press(app, ANNA, "Пропустить ➡")
    assert texts_to(app, ANNA)[-1] == "🙏 Спасибо! Ваши ответы сохранены.\nНачислено 5 баллов за полный ответ."
    await feed(app, updates.callback(ANNA, take))
    async with app.db.reading() as conn:
        rows = await fetch_all(conn, "SELECT member_id, kind, units, subject FROM ledger ORDER BY id")
        totals = await fetch_all(conn, "SELECT member_id, units FROM member_totals WHERE units > 0 ORDER BY member_id")
    assert [tuple(row) for row in rows] == [(members[ANNA].id, "survey", 50, "survey:1"),
                                            (members[VERA].id, "referral_share", 15, f"ledger:{1}")]
    assert [tuple(row) for row in totals] == [(members[ANNA].id, 50), (members[VERA].id, 15)]
    await say(app, ANNA, "/me")
    assert "опросы: 5" in texts_to(app, ANNA)[-1]


async def test_a_survey_line_in_the_coordinators_digest_while_open(app: App) -> None:
    await populate(app)
    await sent_survey(app)
    await say(app, COORDINATOR, "/digest")
    digest = texts_to(app, COORDINATOR)[-2]
    assert "📋 Опрос Субботник во дворе: ответили 0 из 2, до 15.12.2026 20:00" in digest
    app.clock.advance(timedelta(days=10))
    await say(app, COORDINATOR, "/digest")
    assert "Субботник во дворе" not in texts_to(app, COORDINATOR)[-2]


ORGANISER = 400


async def ended_meeting(app: App, members: dict[int, Any], attendees: tuple[int, ...]) -> int:
    """A meeting in Центральный by ORGANISER, 10:00–12:00 today (Moscow), with these members checked in."""
    await grant(app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    async with app.db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO meetings(campaign_id, district_id, title, place, starts_at, ends_at, created_by, created_at)"
            " VALUES (1, 1, 'Встреча с жителями', 'Школа 5', '2026-12-10T07:00:00+00:00',"
            " '2026-12-10T09:00:00+00:00', ?, '2026-12-01T00:00:00+00:00')",
            (ORGANISER,),
        )
        meeting_id = int(cursor.lastrowid or 0)
        for tg_id in attendees:
            await conn.execute(
                "INSERT INTO checkins(meeting_id, member_id, method, created_at) VALUES (?, ?, 'meeting_qr', ?)",
                (meeting_id, members[tg_id].id, "2026-12-10T07:30:00+00:00"),
            )
    return meeting_id


async def test_attendees_are_asked_how_the_meeting_was_and_the_organiser_sees_it_on_the_card(app: App) -> None:
    from handlers.meetings_admin import MeetingOpen

    members = await populate(app)
    meeting_id = await ended_meeting(app, members, (ANNA, BORIS))
    await feed(app, updates.callback(ORGANISER, MeetingOpen(id=meeting_id).pack()))
    assert "После встречи участники получат короткий опрос" in texts_to(app, ORGANISER)[-1]

    app.clock.advance(timedelta(minutes=5))                  # the meeting ended at 12:00 Moscow, 09:00 UTC
    sent = await app.jobs.meeting_feedback()
    assert [item.recipients for item in sent] == [2]
    assert await app.jobs.meeting_feedback() == []           # once per meeting
    take = await invitation(app, ANNA)
    invite = next(m.text for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == ANNA
                  and m.reply_markup is not None)
    assert "Как прошла встреча Встреча с жителями?" in invite
    assert VERA not in {m.chat_id for m in requests(app) if isinstance(m, SendMessage)}
    await feed(app, updates.callback(ANNA, take))
    await press(app, ANNA, "4")
    await say(app, ANNA, "Мало стульев")
    await feed(app, updates.callback(BORIS, await invitation(app, BORIS)))
    await press(app, BORIS, "5")
    await press(app, BORIS, "Пропустить ➡")

    await feed(app, updates.callback(ORGANISER, MeetingOpen(id=meeting_id).pack()))
    assert "💬 Отзывы: 2 из 2, средняя оценка 4,5." in texts_to(app, ORGANISER)[-1]
    await press(app, ORGANISER, "💬 Отзывы участников")
    results = texts_to(app, ORGANISER)[-1]
    assert "Средняя оценка: 4,5 (оценок: 2)" in results and "— Мало стульев" in results
    await feed(app, updates.callback(ORGANISER, ResultsButton(action=ResultsAction.csv, s=1).pack()))
    document = [m for m in requests(app) if isinstance(m, SendDocument)][-1]
    rows = list(csv.reader(io.StringIO(document.document.data.decode("utf-8-sig"))))
    assert rows[0][2:] == ["1. Как вам встреча? Оцените от 1 до 5.", "2. Что понравилось, что сделать лучше?"]
    assert len(rows) == 3                                     # anonymous: no names


async def test_an_organiser_may_turn_the_feedback_off(app: App) -> None:
    from handlers.meetings_admin import MeetingOpen

    members = await populate(app)
    meeting_id = await ended_meeting(app, members, (ANNA,))
    await feed(app, updates.callback(VERA, data := f"svf:{meeting_id}:0"))   # a member's forged switch
    assert alerts(app)[-1] == "Эта кнопка уже не действует."
    await feed(app, updates.callback(ORGANISER, MeetingOpen(id=meeting_id).pack()))
    await press(app, ORGANISER, "🔕 Не спрашивать отзыв")
    assert alerts(app)[-1] == "Опрос после встречи не придёт."
    await feed(app, updates.callback(ORGANISER, MeetingOpen(id=meeting_id).pack()))
    assert "💬 Опрос после встречи выключен." in texts_to(app, ORGANISER)[-1]
    assert "🔔 Спросить отзыв после встречи" in buttons(app, ORGANISER)
    del data
    app.clock.advance(timedelta(minutes=5))
    assert await app.jobs.meeting_feedback() == []


async def test_check_your_details_updates_the_district_and_the_phone_through_the_same_acts(app: App) -> None:
    await populate(app)
    async with app.db.transaction() as conn:
        await conn.execute("UPDATE members SET phone = '+79990000001' WHERE tg_id IN (?, ?)", (ANNA, BORIS))
    await city_coordinator(app)
    await say(app, COORDINATOR, "/survey")
    await press(app, COORDINATOR, "📇 Шаблон: проверьте свои данные")
    await feed(app, updates.callback(COORDINATOR, AudienceButton(kind=AudienceKind.DISTRICT, id=1).pack()))
    await feed(app, updates.callback(COORDINATOR, MakeButton(action=MakeAction.ends, v=7).pack()))
    assert buttons(app, COORDINATOR) == ["📨 Отправить (2)", "✖ Отмена"]        # named: no anonymity question
    await press(app, COORDINATOR, "📨 Отправить (2)")

    await feed(app, updates.callback(ANNA, await invitation(app, ANNA)))
    assert "Сейчас: Центральный (Новосибирск)." in texts_to(app, ANNA)[-1]
    await press(app, ANNA, "✅ Да, всё верно")
    assert "Сейчас: +79990000001." in texts_to(app, ANNA)[-2]
    await press(app, ANNA, "Удалить номер")
    assert texts_to(app, ANNA)[-1] == (
        "Вопрос 3 из 3 · Проверьте свои данные\n<b>Какие уведомления вам присылать?</b>\n"
        "Выберите ответ кнопкой. Каждое уведомление отдельно включается и выключается в /settings.\n"
        "Сейчас приходят: новые встречи в округе, новые материалы для репоста, ежедневный рейтинг."
    )
    await press(app, ANNA, "Ничего не присылать")
    assert texts_to(app, ANNA)[-1] == (
        "🙏 Спасибо! Ваши ответы сохранены.\nОкруг: без изменений.\nТелефон удалён.\n"
        "Уведомления выключены. Включить их снова можно в /settings."
    )

    await feed(app, updates.callback(BORIS, await invitation(app, BORIS)))
    await press(app, BORIS, "Новосибирск")
    await press(app, BORIS, "Ленинский")
    await feed(app, updates.contact(BORIS, "+7 999 000-00-02", owner_id=555))          # someone else's card
    assert texts_to(app, BORIS)[-1] == "Это не ваш номер. Поделитесь своим кнопкой внизу."
    await feed(app, updates.contact(BORIS, "+7 999 000-00-02"))
    assert texts_to(app, BORIS)[-1].endswith("Сейчас приходят: новые встречи в округе, новые материалы для репоста,"
                                             " ежедневный рейтинг.")
    await press(app, BORIS, "Оставить как есть")
    final = texts_to(app, BORIS)[-1]
    assert final.endswith("Уведомления: без изменений.")
    assert "Теперь вы в команде округа Ленинский (Новосибирск)." in final
    assert "Телефон обновлён: +79990000002." in final

    async with app.db.reading() as conn:
        rows = await fetch_all(
            conn, "SELECT tg_id, district_id, phone FROM members WHERE tg_id IN (?, ?) ORDER BY tg_id", (ANNA, BORIS)
        )
        moves = await fetch_all(conn, "SELECT to_district, self_service FROM district_moves")
    assert [tuple(row) for row in rows] == [(ANNA, 1, None), (BORIS, 2, "+79990000002")]
    assert [tuple(row) for row in moves] == [(2, 1)]                  # the same act as moving from /me
    await feed(app, updates.callback(COORDINATOR, ResultsButton(action=ResultsAction.show, s=1).pack()))
    results = texts_to(app, COORDINATOR)[-1]
    assert "· Да, всё верно: 1\n· Сменил(а) округ: 1" in results
    assert "· Оставить как есть: 0\n· Удалить номер: 1\n· Новый номер: 1" in results
    assert "· Оставить как есть: 1\n· Присылать все: 0\n· Ничего не присылать: 1" in results
    # The answer changed the same settings as /settings: every topic is off for Anna.
    await say(app, ANNA, "/settings")
    assert buttons(app, ANNA) == [
        "⬜ Новые встречи в округе", "⬜ Новые материалы для репоста", "⬜ Ежедневный рейтинг",
    ]
