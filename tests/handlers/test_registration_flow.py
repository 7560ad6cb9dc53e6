from aiogram.methods import EditMessageText, SendMessage

from bot.app import App
from handlers.registration import ConsentAnswer, DistrictPick, KeepName
from storage.db import fetch_value
from tests import updates


async def feed(app: App, *items) -> None:  # noqa: ANN002
    for update in items:
        await app.dp.feed_update(app.bot, update)


def texts(app: App) -> list[str]:
    return [
        m.text for m in app.bot.session.requests  # type: ignore[attr-defined]
        if isinstance(m, (SendMessage, EditMessageText)) and m.text
    ]


async def test_registration_through_the_dispatcher(app: App) -> None:
    await feed(
        app,
        updates.text(500, "/start", first_name="Анна"),
        updates.callback(500, ConsentAnswer(agree=True).pack()),
        updates.callback(500, "rg-c:1"),
        updates.callback(500, DistrictPick(id=2).pack()),
        updates.callback(500, KeepName().pack(), first_name="Анна"),
        updates.text(500, "Пропустить"),
    )
    assert any("Готово, Анна" in text for text in texts(app))
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT district_id FROM members WHERE tg_id = 500") == 2


async def test_a_forged_district_button_is_refused(app: App) -> None:
    await feed(
        app,
        updates.text(501, "/start"),
        updates.callback(501, ConsentAnswer(agree=True).pack()),
        updates.callback(501, "rg-c:1"),
        updates.callback(501, DistrictPick(id=999).pack()),
    )
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM members") == 0
    answers = [m for m in app.bot.session.requests if type(m).__name__ == "AnswerCallbackQuery"]  # type: ignore[attr-defined]
    assert answers[-1].text == "Эта кнопка уже не действует."
