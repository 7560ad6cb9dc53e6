"""Plain questions instead of commands: the short answer rather than «Не понял»."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.filters import Filter
from aiogram.types import Message

from bot import rating
from bot.i18n import Translator
from bot.model import Member
from bot.posts import CampaignCache
from bot.questions import Question, classify
from bot.runtime.config import Settings
from bot.runtime.filters import IsMember
from handlers.guide import how_points
from handlers.keyboards import main_menu
from handlers.points import points_lines
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(IsMember())


class PlainQuestion(Filter):
    """A text outside any dialog that asks one of the questions we answer; passes it as `question`."""

    async def __call__(self, message: Message, raw_state: str | None = None, **_: Any) -> bool | dict[str, Question]:
        if raw_state is not None or not message.text or message.text.startswith("/"):
            return False
        question = classify(message.text)
        return False if question is None else {"question": question}


@router.message(PlainQuestion())
async def answer_question(
    message: Message, question: Question, t: Translator, db: Database, campaigns: CampaignCache, clock: Clock,
    settings: Settings, member: Member,
) -> None:
    if question is Question.MY_POINTS:
        mine = await rating.my_points(db, campaigns, member=member, now=clock.now(), today=clock.today())
        text = "\n".join(points_lines(t, mine))
    else:
        campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
        text = how_points(t, campaign, settings.post_daily_cap)
        if question is Question.WHAT_TO_DO:
            text = t("question-what-to-do") + "\n\n" + text
    await message.answer(text + "\n\n" + t("question-more"), reply_markup=main_menu(t))
