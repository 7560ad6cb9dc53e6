"""One member's rank and /me among 1,000,000 members (target: under 10 ms each).

    PYTHONPATH=$PWD /work/venv/bin/python -m benchmarks.rating [--members 1000000] [--repeat 50]

Fills a SQLite file with synthetic members in 50 teams of 5 cities: 40 % without points
(they all tie at zero, the hardest case for a rank), the rest with posts, meetings and
referral shares, totals reached at random moments over two months; one ledger entry per
scoring member so the ledger is as large as the rating. The totals go in through the
real schema, so the triggers build the rank histograms as they would in production.

Then, for members at the top, the middle and the very bottom of the rating (the last
of the zero tie, and the last of a big team's zero tie), times:
  - the rank lookup alone (storage.rating.standing: overall and team rank, the gap), and
  - everything /me reads (bot.rating.my_points plus the profile basics),
and prints the median and the worst of `--repeat` runs in milliseconds. For scale it also
times /rating's data (top 10, own place, team standings with active members).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.common import peak_rss_mib
from bot import rating
from bot.posts import CampaignCache
from handlers.members import profile_basics
from storage import members as member_store
from storage import rating as rating_store
from storage.db import Database, fetch_value

TARGET_MS = 10.0
CITIES = 5
TEAMS = 50
START = datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
TODAY = date(2027, 1, 31)


def synthetic_units(rng: random.Random) -> int:
    if rng.random() < 0.4:
        return 0
    posts = min(int(rng.expovariate(1 / 12)), 600)
    meetings = int(rng.expovariate(1 / 0.7))
    shares = int(rng.expovariate(1 / 2)) if rng.random() < 0.2 else 0
    return posts * 10 + meetings * 200 + shares * 3


def fill(path: Path, members: int) -> None:
    """Bulk-load with the plain sqlite3 module and executemany: minutes become seconds."""
    rng = random.Random(42)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for c in range(1, CITIES + 1):
        conn.execute("INSERT INTO cities(id, name) VALUES (?, ?)", (c, f"Город {c}"))
    for d in range(1, TEAMS + 1):
        conn.execute("INSERT INTO districts(id, code, name, city_id) VALUES (?, ?, ?, ?)",
                     (d, f"D-{d}", f"Округ {d}", 1 + (d - 1) % CITIES))
    conn.execute(
        "INSERT INTO campaigns(id, name, starts_on, ends_on, created_at) VALUES (1, 'Зима', '2026-12-01',"
        " '2027-02-28', ?)", (START.isoformat(),),
    )
    span = int(timedelta(days=60).total_seconds())
    batch = 50_000
    for first in range(1, members + 1, batch):
        ids = range(first, min(first + batch, members + 1))
        member_rows, total_rows, ledger_rows = [], [], []
        for member_id in ids:
            # Team sizes differ: team 1 is the biggest, as a big city district would be.
            district = 1 if rng.random() < 0.05 else rng.randint(1, TEAMS)
            registered = START + timedelta(seconds=rng.randint(0, span))
            referrer = rng.randint(1, member_id - 1) if member_id > 1 and rng.random() < 0.3 else None
            member_rows.append((member_id, 10_000_000 + member_id, f"Участник {member_id}", district, referrer,
                                registered.isoformat()))
            units = synthetic_units(rng)
            reached = registered + timedelta(seconds=rng.randint(0, span // 2)) if units else registered
            total_rows.append((member_id, district, units, reached.isoformat()))
            if units:
                ledger_rows.append((member_id, district, units, f"bulk:{member_id}", reached.isoformat()))
        conn.executemany(
            "INSERT INTO members(id, tg_id, display_name, district_id, referrer_id, registered_at)"
            " VALUES (?, ?, ?, ?, ?, ?)", member_rows,
        )
        conn.executemany(
            "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at) VALUES (1, ?, ?, ?, ?)",
            total_rows,
        )
        conn.executemany(
            "INSERT INTO ledger(campaign_id, member_id, district_id, kind, units, subject, idem_key, created_at)"
            " VALUES (1, ?, ?, 'post', ?, 'bulk', ?, ?)", ledger_rows,
        )
    conn.execute(
        "INSERT INTO team_totals(campaign_id, district_id, units)"
        " SELECT 1, district_id, SUM(units) FROM member_totals GROUP BY district_id"
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


async def timed(repeat: int, job: Callable[[], Awaitable[object]]) -> tuple[float, float]:
    await job()                                              # warm the page cache for this member
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        await job()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs), max(runs)


async def main(members: int, repeat: int) -> None:
    failures = []
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "rating.db"
        db = await Database(path).connect()                   # the real schema, with the rank triggers
        await db.close()
        started = time.perf_counter()
        fill(path, members)
        print(f"filled {members:,} members, totals and ledger in {time.perf_counter() - started:.1f} s")
        db = await Database(path).connect()
        try:
            async with db.reading() as conn:
                order = await conn.execute_fetchall(
                    "SELECT member_id FROM member_totals WHERE campaign_id = 1"
                    " ORDER BY units DESC, reached_at, member_id"
                )
                team_last = await fetch_value(
                    conn, "SELECT member_id FROM member_totals WHERE campaign_id = 1 AND district_id = 1"
                          " ORDER BY units, reached_at DESC, member_id DESC LIMIT 1",
                )
            ranked = [row[0] for row in order]
            samples = {
                "top (1st)": ranked[0],
                "middle": ranked[len(ranked) // 2],
                "bottom (last of the zero tie)": ranked[-1],
                "last of the biggest team": int(team_last),
            }
            del order, ranked
            cache = CampaignCache(ttl=timedelta(hours=1))
            now = datetime(2027, 1, 31, 12, tzinfo=UTC)
            for label, member_id in samples.items():
                async with db.reading() as conn:
                    member = await member_store.get(conn, member_id)
                    standing = await rating_store.standing(conn, 1, member_id)
                assert member is not None and standing is not None

                async def rank_only(member_id: int = member_id) -> object:
                    async with db.reading() as conn:
                        return await rating_store.standing(conn, 1, member_id)

                async def whole_me(member: member_store.Member = member) -> object:
                    mine = await rating.my_points(db, cache, member=member, now=now, today=TODAY)
                    basics = await profile_basics(db, member, lambda key, **_: key)  # type: ignore[arg-type]
                    return mine, basics

                rank_median, rank_worst = await timed(repeat, rank_only)
                me_median, me_worst = await timed(repeat, whole_me)
                print(
                    f"{label:32} rank {standing.rank:>9,} of {standing.of:,} (team {standing.team_rank:,} of"
                    f" {standing.team_of:,}): rank lookup {rank_median:.2f} ms (worst {rank_worst:.2f}),"
                    f" /me data {me_median:.2f} ms (worst {me_worst:.2f})"
                )
                if me_median > TARGET_MS or rank_median > TARGET_MS:
                    failures.append(f"{label}: rank {rank_median:.1f} ms, /me {me_median:.1f} ms")

            async with db.reading() as conn:
                anyone = await member_store.get(conn, samples["middle"])

            async def whole_rating() -> object:
                return await rating.rating_view(db, cache, member=anyone, now=now, today=TODAY)

            rating_median, rating_worst = await timed(max(3, repeat // 10), whole_rating)
            print(f"/rating data (top 10, own place, {TEAMS} teams with active members): {rating_median:.1f} ms"
                  f" (worst {rating_worst:.1f})")
            print(f"peak memory: {peak_rss_mib():.0f} MiB")
        finally:
            await db.close()
    if failures:
        raise SystemExit("over the 10 ms target: " + "; ".join(failures))
    print(f"every rank lookup and /me under {TARGET_MS:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.repeat))
