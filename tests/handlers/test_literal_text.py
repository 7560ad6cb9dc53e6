"""User text is literal everywhere (SPEC §9): chart labels, HTML messages, long lists by whole lines."""

from __future__ import annotations

import re

from aiogram.methods import SendMessage, SendPhoto

from bot import administration
from bot.ledger import award
from bot.runtime.app import App
from bot.scoring import Kind
from bot.texts import TEXT_LIMIT, telegram_length, whole_lines
from storage import campaigns as campaign_store
from storage.members import Member
from tests.support import updates
from tests.support.chat import feed, requests, texts_to
from tests.support.factories import NewMember

ADMIN = 1
MATH = "Омский $\\frac{1$"


async def give_points(app: App, member: Member, units: int) -> None:
    async with app.db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, app.clock.today())
        assert campaign is not None
        await award(conn, campaign=campaign, member=member, kind=Kind.MEETING, units=units,
                    subject=f"checkin:{member.id}", idem_key=f"checkin:{member.id}", now=app.clock.now())


async def test_a_district_named_like_a_formula_is_a_label_on_the_digest_chart(new_member: NewMember, app: App) -> None:
    result = await administration.import_districts(app.db, f"code,name,city\nOMS-9,{MATH},Омск\n".encode())
    assert result.errors == []
    async with app.db.reading() as conn:
        district_id = (await (await conn.execute("SELECT id FROM districts WHERE code = 'OMS-9'")).fetchone())[0]
    await give_points(app, await new_member(300, "Анна", district_id=district_id), 200)

    await feed(app, updates.text(ADMIN, "/digest"))

    text, caption = texts_to(app, ADMIN)[-2:]
    assert MATH in text and caption == "📈 Баллы команд по дням"
    photos = [m for m in requests(app) if isinstance(m, SendPhoto) and m.chat_id == ADMIN]
    assert len(photos) == 1 and photos[0].photo.data[:4] == b"\x89PNG"


async def test_the_rating_with_long_names_is_built_by_whole_lines_within_telegrams_limit(
    new_member: NewMember, app: App
) -> None:
    for n in range(10):           # ten names of 64 characters, each «&» five characters once escaped for HTML
        member = await new_member(400 + n, f"{n}" + "&" * 63, district_id=1 + n % 5)
        await give_points(app, member, 100 + n)
    async with app.db.transaction() as conn:      # and many teams with long names after them
        for n in range(40):
            await conn.execute("INSERT INTO districts(code, name, city_id) VALUES (?, ?, 1)", (f"X-{n}", "Д" * 90))

    await feed(app, updates.text(400, "/rating"))

    sent = [m for m in requests(app) if isinstance(m, SendMessage) and m.chat_id == 400][-1]
    assert telegram_length(sent.text) <= TEXT_LIMIT
    assert "9" + "&amp;" * 63 in sent.text                      # the leader's whole line, escaped
    assert sent.text.count("<b>") == sent.text.count("</b>")    # no tag cut in half
    assert not re.search(r"&[a-z]*$", sent.text.split("\n")[-1])  # no entity cut in half either


def test_whole_lines_keeps_lines_whole_and_says_how_many_were_left_out() -> None:
    lines = [f"{n}. " + "&amp;" * 100 for n in range(30)]
    text = whole_lines(lines, 2000, more=lambda n: f"…и ещё {n}")
    kept = text.split("\n")
    assert telegram_length(text) <= 2000
    assert kept[:-1] == lines[: len(kept) - 1]
    assert kept[-1] == f"…и ещё {30 - (len(kept) - 1)}"
    assert whole_lines(["😀" * 3000]) == "😀" * 2047 + "…"      # an emoji counts two units, as Telegram counts


def test_file_names_built_from_typed_text_hold_no_paths_or_reserved_characters() -> None:
    from bot.texts import file_name

    assert file_name("резерв — Зима/2026: ../../etc", "csv") == "резерв — Зима 2026 .. .. etc.csv"
    assert file_name('..\x00<a>|"b"?*', "xlsx") == "a b.xlsx"
    assert file_name("...", "csv") == "file.csv"
    assert file_name("Я" * 300, "csv") == "Я" * 100 + ".csv"
