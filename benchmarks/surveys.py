"""Surveys: delivery to 100,000 members through the outbox, and 10,000 answers arriving at once.

    PYTHONPATH=$PWD python -m benchmarks.surveys [--members 100000] [--answers 10000] [--rate-messages 250]

1. Rate: a survey's invitations (text and the «Пройти опрос» button, rendered per member) to
   `--rate-messages` members through our outbox sender at BROADCAST_RATE=25, against the local
   Bot API emulator with 50 ms latency and Telegram's limits enforced: achieved rate ÷ configured
   rate and the number of 429 answers.
2. A survey to `--members` members: stored with its recipients and one outbox row each in one
   transaction (time, peak RSS), then streamed through the real sender's dispatch path (render,
   durable 'sending'/'delivered' marks, pacing) with a session that answers at once, like
   benchmarks/broadcast.py does: messages per second and peak RSS as it goes (memory stays flat).
3. `--answers` members press «Пройти опрос» at once, then all answer a 1–5 question at once
   (which completes the survey and awards points with the inviter's share): updates per second
   through the real dispatcher and SQLite, then every answer is sent a second time; each answer
   and each award must be stored exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sqlite3
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from benchmarks.common import make_app, peak_rss_mib, run_bounded, stream_outbox
from bot import administration, surveys
from bot.i18n import I18n
from bot.surveys import Audience, AudienceKind, Draft, Question, QuestionKind
from handlers.surveys import AnswerAction, AnswerButton, take_data
from scheduler.clock import Clock
from scheduler.outbox import OutboxSender
from storage.db import Database
from tests.conftest import DISTRICTS_CSV, TEST_TOKEN
from tests.support import updates
from tests.support.emulator import BotAPIEmulator

RATE = 25
LATENCY = 0.05
TZ = ZoneInfo("Europe/Moscow")
FIRST_TG = 1_000_000
THREE_QUESTIONS = (
    Question(QuestionKind.SINGLE, "Придёте на субботник?", ("Да", "Нет", "Не знаю")),
    Question(QuestionKind.SCALE, "Насколько удобно время?"),
    Question(QuestionKind.TEXT, "Что ещё сделать во дворе?", required=False),
)


async def seeded(directory: Path, members: int) -> None:
    """Districts, a campaign whose surveys earn 5 points, and members (every tenth invited by the one before)."""
    db = await Database(directory / "bench.db").connect()
    await administration.import_districts(db, DISTRICTS_CSV)
    await administration.create_campaign(
        db, name="bench", starts_on=date(2020, 1, 1), ends_on=date(2099, 1, 1), now=datetime.now(UTC),
        survey_units=50,
    )
    await db.close()
    conn = sqlite3.connect(directory / "bench.db")
    chunk = 50_000
    for start in range(0, members, chunk):
        rows = [(FIRST_TG + n, f"Участник {n}", 1 + n % 5, n if n % 10 == 1 else None)
                for n in range(start, min(members, start + chunk))]
        conn.executemany(
            "INSERT INTO members(tg_id, display_name, locale, district_id, referrer_id, registered_at)"
            " VALUES (?, ?, 'ru', ?, ?, '2026-12-01T10:00:00+00:00')", rows,
        )
    conn.commit()
    conn.close()


def draft(questions: tuple[Question, ...], *, with_points: bool) -> Draft:
    return Draft(title="Двор и субботник", questions=questions, ends_at=datetime.now(UTC) + timedelta(days=3),
                 anonymous=False, with_points=with_points)


async def rate(messages: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        await seeded(Path(directory), messages)
        db = await Database(Path(directory) / "bench.db").connect()
        clock = Clock(TZ)
        sent = await surveys.send_survey(
            db, author_tg_id=1, draft=draft(THREE_QUESTIONS, with_points=True), audience=Audience(AudienceKind.MINE, 0),
            take_data=take_data, now=clock.now(), today=clock.today(), tz=TZ,
        )
        assert isinstance(sent, surveys.Sent)
        async with BotAPIEmulator(latency=LATENCY, enforce_limits=True, global_rate=30) as emulator:
            from aiogram import Bot
            from aiogram.client.session.aiohttp import AiohttpSession
            from aiogram.client.telegram import TelegramAPIServer

            bot = Bot(TEST_TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
            sender = OutboxSender(db, bot, I18n("ru"), clock, rate=RATE)
            started = time.perf_counter()
            await sender.deliver_pending()
            elapsed = time.perf_counter() - started
            chats = {FIRST_TG + n for n in range(messages)}
            times = sorted(m.at for m in emulator.sent if m.chat_id in chats)
            with_button = sum(1 for m in emulator.sent if m.chat_id in chats and m.inline_buttons())
            achieved = (len(times) - 1) / (times[-1] - times[0])
            await bot.session.close()
        await db.close()
    print(f"invitations: {len(times)}/{sent.recipients} delivered ({with_button} with the button) in {elapsed:.1f} s;"
          f" {achieved:.2f} msg/s = {achieved / RATE:.3f} of BROADCAST_RATE={RATE}; 429 answers: {emulator.count_429}")


async def delivery(members: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        await seeded(Path(directory), members)
        db = await Database(Path(directory) / "bench.db").connect()
        gc.collect()
        print(f"{members:,} members in {time.perf_counter() - started:.0f} s; peak RSS {peak_rss_mib():.0f} MiB")
        clock = Clock(TZ)
        started = time.perf_counter()
        sent = await surveys.send_survey(
            db, author_tg_id=1, draft=draft(THREE_QUESTIONS, with_points=True), audience=Audience(AudienceKind.MINE, 0),
            take_data=take_data, now=clock.now(), today=clock.today(), tz=TZ,
        )
        assert isinstance(sent, surveys.Sent)
        print(f"survey stored: {sent.recipients:,} recipients and outbox rows (one transaction) in "
              f"{time.perf_counter() - started:.1f} s; peak RSS {peak_rss_mib():.0f} MiB")
        await stream_outbox(db, clock, members, "invitations", width=8,
                            note=f"; at BROADCAST_RATE={RATE} the same takes {members / RATE / 60:.0f} min")
        await db.close()


async def answers(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        await seeded(Path(directory), count)
        app = await make_app(Path(directory))
        try:
            sent = await surveys.send_survey(
                app.db, author_tg_id=1, audience=Audience(AudienceKind.MINE, 0),
                draft=draft((Question(QuestionKind.SCALE, "Как вам кампания?"),), with_points=True),
                take_data=take_data, now=app.clock.now(), today=app.clock.today(), tz=TZ,
            )
            assert isinstance(sent, surveys.Sent) and sent.recipients == count
            survey_id = sent.survey_id
            chats = [FIRST_TG + n for n in range(count)]

            async def burst(label: str, data: list[tuple[int, str]]) -> float:
                prepared = [updates.callback(chat, packed) for chat, packed in data]
                started = time.perf_counter()
                durations = await run_bounded(
                    [lambda u=u: app.dp.feed_update(app.bot, u) for u in prepared], concurrency=200
                )
                elapsed = time.perf_counter() - started
                print(f"  {label}: {len(prepared):,} updates in {elapsed:.1f} s = {len(prepared) / elapsed:,.0f}/s;"
                      f" p50 {sorted(durations)[len(durations) // 2] * 1000:.0f} ms")
                return elapsed

            take = take_data(survey_id)
            await burst("«Пройти опрос» pressed", [(chat, take) for chat in chats])
            rate_data = [(chat, AnswerButton(action=AnswerAction.rate, s=survey_id, q=0, v=1 + n % 5).pack())
                         for n, chat in enumerate(chats)]
            await burst("answers (complete, with points)", rate_data)
            await burst("the same answers again", rate_data)
            async with app.db.reading() as conn:
                finished = (await (await conn.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT member_id) FROM survey_responses"
                    " WHERE survey_id = ? AND finished_at IS NOT NULL", (survey_id,))).fetchone())
                awards = (await (await conn.execute(
                    "SELECT COUNT(*), COUNT(DISTINCT idem_key) FROM ledger WHERE kind = 'survey'")).fetchone())
                shares = (await (await conn.execute(
                    "SELECT COUNT(*) FROM ledger WHERE kind = 'referral_share'")).fetchone())
            tally, _ = await surveys.tally(app.db, (await surveys.get_survey(app.db, survey_id)))  # type: ignore[arg-type]
            print(f"  stored: {finished[0]:,} complete responses ({finished[1]:,} members), {awards[0]:,} survey awards"
                  f" ({awards[1]:,} keys), {shares[0]:,} inviter shares; counted {tally.respondents:,},"
                  f" average {tally.questions[0].average}; peak RSS {peak_rss_mib():.0f} MiB")
            assert finished[0] == finished[1] == count == awards[0] == awards[1] == tally.respondents
        finally:
            await app.close()


async def main(members: int, count: int, messages: int) -> None:
    if messages:
        print(f"== rate: {messages} invitations, emulator latency {LATENCY * 1000:.0f} ms, Telegram's limits ==")
        await rate(messages)
    if members:
        print(f"== delivery: a three-question survey to {members:,} members ==")
        await delivery(members)
    if count:
        print(f"== answers: {count:,} members answer at once, through the dispatcher and SQLite ==")
        await answers(count)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--rate-messages", type=int, default=250)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.answers, args.rate_messages))
