"""Plain questions members type instead of commands («как получить баллы?»), recognised by their words."""

from __future__ import annotations

import re
from enum import StrEnum

from bot.typed import fold


class Question(StrEnum):
    HOW_TO_EARN = "how_to_earn"
    MY_POINTS = "my_points"
    WHAT_TO_DO = "what_to_do"


_MY_POINTS = re.compile(
    r"(сколько\b.*\bбалл|мои\s+балл|мой\s+рейтинг|мое\s+место|какое\s+(у\s+меня\s+)?место|на\s+каком\s+(я\s+)?месте"
    r"|how\s+many\s+points|my\s+points|my\s+rank|my\s+place)"
)
_HOW_TO_EARN = re.compile(
    r"((как|где|за\s+что|чем)\b.*\bбалл|как\s+(заработать|получить|набрать|подняться)|начисля"
    r"|how\s+(do\s+i|to|can\s+i)\s+(get|earn)|earn\s+points)"
)
_WHAT_TO_DO = re.compile(
    r"(что\s+(мне\s+)?(делать|дальше)|с\s+чего\s+начать|как\s+(этим\s+)?пользоваться|что\s+(ты\s+)?умеешь"
    r"|как\s+это\s+работает|не\s+понимаю|помоги|помощь|^help$|what\s+(do\s+i\s+do|now|to\s+do)|how\s+does\s+it\s+work)"
)


def classify(text: str) -> Question | None:
    """Which plain question a short message asks, if any; long messages are not questions to us."""
    if len(text) > 120:
        return None
    folded = fold(text)
    if _MY_POINTS.search(folded):
        return Question.MY_POINTS
    if _HOW_TO_EARN.search(folded):
        return Question.HOW_TO_EARN
    if _WHAT_TO_DO.search(folded):
        return Question.WHAT_TO_DO
    return None
