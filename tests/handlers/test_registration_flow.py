from aiogram.methods import EditMessageText, SendMessage

from bot.runtime.app import App
from handlers.registration import ConsentAnswer, DistrictPick, KeepName
from storage.db import fetch_value
from tests.support import updates
from tests.support.chat import feed


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


async def test_many_districts_are_paged_eight_at_a_time(app: App) -> None:
    from bot import administration

    csv = "code,name,city\n" + "".join(f"BIG-{i:02d},Округ {i:02d},Большой город\n" for i in range(1, 20))
    assert (await administration.import_districts(app.db, csv.encode())).errors == []
    async with app.db.reading() as conn:
        city_id = await fetch_value(conn, "SELECT id FROM cities WHERE name = 'Большой город'")
    await feed(
        app,
        updates.text(502, "/start"),
        updates.callback(502, ConsentAnswer(agree=True).pack()),
        updates.callback(502, f"rg-c:{city_id}"),
    )
    first = [m for m in app.bot.session.requests if isinstance(m, EditMessageText)][-1]  # type: ignore[attr-defined]
    rows = first.reply_markup.inline_keyboard  # type: ignore[union-attr]
    names = [b.text for row in rows for b in row if b.text.startswith("Округ")]
    assert names == [f"Округ {i:02d}" for i in range(1, 9)]
    assert [b.text for b in rows[-2]] == ["◀", "1/3", "▶"]
    next_page = rows[-2][2].callback_data
    await feed(app, updates.callback(502, next_page))
    second = [m for m in app.bot.session.requests if isinstance(m, EditMessageText)][-1]  # type: ignore[attr-defined]
    names = [b.text for row in second.reply_markup.inline_keyboard for b in row if b.text.startswith("Округ")]  # type: ignore[union-attr]
    assert names == [f"Округ {i:02d}" for i in range(9, 17)]
