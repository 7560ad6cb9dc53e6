"""The daily rating broadcast on SQLite: who gets it, what it says, and that it goes once a day."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot import administration
from bot.broadcasts import Queued, RatingRefusal, message_text, queue_daily_rating
from bot.i18n import I18n
from scheduler.clock import FrozenClock
from storage import members as member_store
from storage.db import Database, fetch_all, fetch_value
from tests.support.factories import NewMember
from tests.support.outbox import give_points


async def personal_payloads(db: Database, broadcast_id: int) -> dict[int, dict[str, object]]:
    async with db.reading() as conn:
        common = json.loads(await fetch_value(conn, "SELECT payload FROM broadcasts WHERE id = ?", (broadcast_id,)))
        rows = await fetch_all(conn, "SELECT chat_id, payload FROM outbox WHERE broadcast_id = ?", (broadcast_id,))
    return {row[0]: {**common, **json.loads(row[1])} for row in rows}


async def test_every_active_member_gets_their_total_places_and_gap(seeded_db: Database, clock: FrozenClock) -> None:
    db = seeded_db
    in_turn = NewMember(db, clock, apart=timedelta(seconds=1))  # members join a second apart
    anna = await in_turn(101, "Анна", district_id=1)
    boris = await in_turn(102, "Борис", district_id=1)
    vera = await in_turn(103, "Вера", district_id=2)
    gleb = await in_turn(104, "Глеб", district_id=2, locale="en")
    await in_turn(105, "Дина", district_id=2)
    await give_points(db, clock, vera, 200, "v1")
    await give_points(db, clock, anna, 126, "a1")
    await give_points(db, clock, boris, 126, "b1")     # ties with Anna, reached later: below her
    await give_points(db, clock, gleb, 10, "g1")
    async with db.transaction() as conn:
        await member_store.set_status(conn, 105, "blocked")   # Dina blocked the bot: keeps her place, gets nothing

    result = await queue_daily_rating(db, today=clock.today(), now=clock.now())

    assert isinstance(result, Queued) and result.recipients == 4
    payloads = await personal_payloads(db, result.broadcast_id)
    assert set(payloads) == {101, 102, 103, 104}
    places = {chat: (p["place"], p["team_place"], p["gap"]) for chat, p in payloads.items()}
    assert places == {103: (1, 1, -1), 101: (2, 1, 74), 102: (3, 2, 0), 104: (4, 2, 116)}
    assert all(p["places"] == 5 for p in payloads.values())
    i18n = I18n("ru")
    anna_text = message_text(i18n, payloads[101])
    assert anna_text is not None
    assert "Анна, у вас 12,6 балла" in anna_text
    assert "Место в общем рейтинге: 2 из 5" in anna_text
    assert "В команде «Центральный»: 1 из 2" in anna_text
    assert "До 1-го места: 7,4 балла" in anna_text
    assert "За сутки: +12,6" in anna_text
    assert "столько же баллов" in (message_text(i18n, payloads[102]) or "")
    assert "first place" not in (message_text(i18n, payloads[104]) or "")
    assert "Overall place: 4 of 5" in (message_text(i18n, payloads[104]) or "")
    assert "на первом месте" in (message_text(i18n, payloads[103]) or "")


async def test_the_rating_goes_once_a_day_and_counts_the_change_since_the_last_one(
    seeded_db: Database, clock: FrozenClock
) -> None:
    db = seeded_db
    in_turn = NewMember(db, clock, apart=timedelta(seconds=1))  # members join a second apart
    anna = await in_turn(101, "Анна", district_id=1)
    await give_points(db, clock, anna, 30, "a1")
    first = await queue_daily_rating(db, today=clock.today(), now=clock.now())
    again = await queue_daily_rating(db, today=clock.today(), now=clock.now() + timedelta(hours=5))
    assert isinstance(first, Queued)
    assert again == RatingRefusal.ALREADY_DONE

    await give_points(db, clock, anna, 200, "a2")
    clock.advance(timedelta(days=1))
    second = await queue_daily_rating(db, today=clock.today(), now=clock.now())
    assert isinstance(second, Queued)
    text = message_text(I18n("ru"), (await personal_payloads(db, second.broadcast_id))[101])
    assert text is not None and "у вас 23 балла" in text and "За сутки: +20." in text

    clock.advance(timedelta(days=1))
    third = await queue_daily_rating(db, today=clock.today(), now=clock.now())
    assert isinstance(third, Queued)
    text = message_text(I18n("ru"), (await personal_payloads(db, third.broadcast_id))[101])
    assert text is not None and "За сутки без изменений" in text
    async with db.reading() as conn:
        kept_days = await fetch_all(conn, "SELECT DISTINCT day FROM daily_totals ORDER BY day")
    assert [row[0] for row in kept_days] == ["2026-12-11", "2026-12-12"]   # only what the next run needs


async def test_no_rating_without_a_running_campaign(db: Database, clock: FrozenClock) -> None:
    assert await queue_daily_rating(db, today=date(2026, 12, 10), now=clock.now()) == RatingRefusal.NO_CAMPAIGN
    await administration.create_campaign(
        db, name="Весна", starts_on=date(2027, 3, 1), ends_on=date(2027, 5, 31), now=clock.now()
    )
    assert await queue_daily_rating(db, today=date(2026, 12, 10), now=clock.now()) == RatingRefusal.NO_CAMPAIGN
    async with db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM job_runs") == 0
        assert await fetch_value(conn, "SELECT COUNT(*) FROM broadcasts") == 0
