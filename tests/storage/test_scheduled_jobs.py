"""Scheduled work on a frozen clock: when runs are due, once per day across restarts, and the campaign's end."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
from aiogram.methods import SendDocument, SendMessage, SendPhoto

from bot.broadcasts import Queued, RatingRefusal
from bot.digest import DigestRefusal
from bot.i18n import I18n
from bot.ledger import award
from bot.model import GrantedRole, ScopeKind
from bot.runtime.config import Settings
from bot.scoring import Kind
from scheduler.clock import FrozenClock
from scheduler.jobs import (
    CAMPAIGN_END_JOB,
    DIGEST_JOB,
    FEEDBACK_JOB,
    PUMP_JOB,
    RATING_JOB,
    SIGNALS_JOB,
    Jobs,
    build_scheduler,
)
from scheduler.outbox import OutboxSender
from storage import campaigns as campaign_store
from storage import members as member_store
from storage.db import Database, fetch_all, fetch_value
from tests.support.factories import NewMember, grant
from tests.support.outbox import TimedSession, give_points, timed_bot

ADMIN = 1            # settings.admin_ids
CITY_COORDINATOR = 77


def jobs_for(settings: Settings, db: Database, clock: FrozenClock, tmp_path: Path) -> tuple[Jobs, TimedSession]:
    bot = timed_bot(clock)
    i18n = I18n("ru")
    outbox = OutboxSender(db, bot, i18n, clock, rate=25)
    assert isinstance(bot.session, TimedSession)
    return Jobs(
        settings=settings, db=db, i18n=i18n, clock=clock, outbox=outbox, files_dir=tmp_path / "files"
    ), bot.session


def local(clock: FrozenClock, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=clock.tz)


async def count(db: Database, sql: str) -> int:
    async with db.reading() as conn:
        return int(await fetch_value(conn, sql))


def test_every_job_has_a_stable_id_and_survives_being_late(
    settings: Settings, clock: FrozenClock, tmp_path: Path
) -> None:
    jobs = Jobs(settings=settings, db=None, i18n=I18n("ru"), clock=clock, outbox=None, files_dir=tmp_path)  # type: ignore[arg-type]
    scheduler = build_scheduler(jobs, settings)
    by_id = {job.id: job for job in scheduler.get_jobs()}
    assert set(by_id) == {RATING_JOB, DIGEST_JOB, CAMPAIGN_END_JOB, FEEDBACK_JOB, PUMP_JOB, SIGNALS_JOB}
    for job in by_id.values():
        assert job.coalesce is True
        assert job.misfire_grace_time >= 30
    assert by_id[RATING_JOB].misfire_grace_time >= 3600
    now = clock.local_now()                      # 12:00 in Moscow
    assert by_id[RATING_JOB].trigger.get_next_fire_time(None, now) == now.replace(hour=19, minute=0)
    assert by_id[DIGEST_JOB].trigger.get_next_fire_time(None, now) == (now + timedelta(days=1)).replace(
        hour=9, minute=0
    )


async def test_before_the_hour_nothing_runs_at_the_hour_the_rating_runs_once(
    settings: Settings, seeded_db: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    in_turn = NewMember(seeded_db, clock, apart=timedelta(seconds=1))  # members join a second apart
    await in_turn(101, "Анна", district_id=1)
    jobs, _ = jobs_for(settings, seeded_db, clock, tmp_path)
    clock.set(local(clock, 10, 18, 59))
    await jobs.catch_up()
    assert await count(seeded_db, "SELECT COUNT(*) FROM broadcasts WHERE kind = 'rating'") == 0

    clock.set(local(clock, 10, 19, 0))
    assert isinstance(await jobs.daily_rating(), Queued)       # the scheduler fires
    await jobs.catch_up()                                      # the bot restarts at 19:30
    assert await jobs.daily_rating() == RatingRefusal.ALREADY_DONE
    assert await count(seeded_db, "SELECT COUNT(*) FROM broadcasts WHERE kind = 'rating'") == 1
    assert (
        await count(
            seeded_db,
            "SELECT COUNT(*) FROM outbox o JOIN broadcasts b ON b.id = o.broadcast_id WHERE b.kind = 'rating'",
        )
        == 1
    )


async def test_a_run_missed_while_the_bot_was_down_happens_when_it_comes_back(
    settings: Settings, seeded_db: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    in_turn = NewMember(seeded_db, clock, apart=timedelta(seconds=1))  # members join a second apart
    await in_turn(101, "Анна", district_id=1)
    await grant(seeded_db, CITY_COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 1)
    jobs, session = jobs_for(settings, seeded_db, clock, tmp_path)
    clock.set(local(clock, 10, 21, 15))                       # down from 8:00 to 21:15
    await jobs.catch_up()
    async with seeded_db.reading() as conn:
        keys = [row[0] for row in await fetch_all(conn, "SELECT job_key FROM job_runs ORDER BY job_key")]
    assert keys == ["digest:2026-12-10", "rating:2026-12-10"]

    await jobs.outbox.deliver_pending()
    rating = [m.text for m in session.requests if isinstance(m, SendMessage) and m.chat_id == 101]
    assert len(rating) == 1 and "Рейтинг на 10.12.2026" in rating[0]
    for coordinator in (ADMIN, CITY_COORDINATOR):
        sent = [m for m in session.requests if getattr(m, "chat_id", None) == coordinator]
        assert [type(m) for m in sent] == [SendMessage, SendPhoto]
        assert sent[0].text.startswith("📊 <b>Сводка:")
        assert Path(sent[1].photo.path).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # noqa: ASYNC240
    city_digest = next(m.text for m in session.requests if isinstance(m, SendMessage) and m.chat_id == CITY_COORDINATOR)
    assert "Новосибирск" in city_digest and "Омский" not in city_digest   # only their city's teams

    clock.set(local(clock, 11, 8, 0))                        # next morning: nothing due yet
    await jobs.catch_up()
    assert await jobs.daily_digest() != DigestRefusal.ALREADY_DONE      # 9:00 digest is a new day's run


async def test_at_the_end_the_rating_freezes_members_get_their_final_place_coordinators_the_reserve(
    settings: Settings, seeded_db: Database, clock: FrozenClock, tmp_path: Path
) -> None:
    in_turn = NewMember(seeded_db, clock, apart=timedelta(seconds=1))  # members join a second apart
    settings = settings.model_copy(update={"reserve_top_n": 2})
    anna = await in_turn(101, "Анна", district_id=1)
    boris = await in_turn(102, "Борис", district_id=2)
    await in_turn(103, "Вера", district_id=4)
    await give_points(seeded_db, clock, anna, 50, "a")
    await give_points(seeded_db, clock, boris, 70, "b")
    jobs, session = jobs_for(settings, seeded_db, clock, tmp_path)

    clock.set(datetime(2027, 2, 28, 20, 59, tzinfo=UTC))     # 23:59 on the last day in Moscow
    assert await jobs.campaign_end() == []
    clock.set(datetime(2027, 2, 28, 21, 1, tzinfo=UTC))      # 00:01 the day after
    finished = await jobs.campaign_end()
    assert [f.members for f in finished] == [3]
    assert await jobs.campaign_end() == []                   # once
    assert await jobs.daily_rating() == RatingRefusal.NO_CAMPAIGN

    async with seeded_db.transaction() as conn:
        campaign = await campaign_store.get_campaign(conn, 1)
        assert campaign is not None and campaign.finished_at is not None
        member = await member_store.get(conn, anna.id)
        assert member is not None
        late = await award(conn, campaign=campaign, member=member, kind=Kind.POST, units=10, subject="post:late",
                           idem_key="late", now=clock.now())
    assert late is None, "no points after the end"

    await jobs.outbox.deliver_pending()
    final = {m.chat_id: m.text for m in session.requests if isinstance(m, SendMessage) and m.chat_id in (101, 102, 103)}
    assert "Итоговое место: 2 из 3" in final[101] and "ваш итог: 5 баллов" in final[101]
    assert "Итоговое место: 1 из 3" in final[102]
    documents = [m for m in session.requests if isinstance(m, SendDocument) and m.chat_id == ADMIN]
    assert sorted(d.document.filename.rsplit(".", 1)[1] for d in documents) == ["csv", "xlsx"]
    csv_doc = next(d for d in documents if d.document.filename.endswith(".csv"))
    data = Path(csv_doc.document.path).read_bytes()  # noqa: ASYNC240 - a test's file
    assert data.startswith(b"\xef\xbb\xbf")                   # UTF-8 BOM: Excel opens Cyrillic right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Место", "Имя"] and [r[1] for r in rows[1:]] == ["Борис", "Анна"]
    xlsx_doc = next(d for d in documents if d.document.filename.endswith(".xlsx"))
    sheet = openpyxl.load_workbook(xlsx_doc.document.path).active
    assert [sheet.cell(row=r, column=2).value for r in (2, 3)] == ["Борис", "Анна"]
    assert sheet.cell(row=2, column=5).value == 7
