"""10,000 registrations through the real dispatcher and SQLite.

    python benchmarks/registration.py [--members 10000] [--concurrency 50]

Each member sends /start, agrees, picks a district, keeps their name and skips the
phone: six updates, each through middlewares, filters, FSM storage and handlers.
Prints updates per second and peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.common import make_app, peak_rss_mib, percentile, run_bounded
from bot import administration
from handlers.registration import ConsentAnswer, DistrictPick, KeepName
from storage.db import fetch_value
from tests.support import updates


async def main(members: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        app = await make_app(Path(directory))
        csv = "code,name,city\n" + "".join(f"D{i},Округ {i},Новосибирск\n" for i in range(1, 41))
        await administration.import_districts(app.db, csv.encode())
        await administration.create_campaign(
            app.db, name="bench", starts_on=date(2020, 1, 1), ends_on=date(2099, 1, 1), now=app.clock.now()
        )
        skip = app.i18n.get("ru")("reg-skip-phone")

        def journey(user_id: int):  # noqa: ANN202
            async def run() -> None:
                district = 1 + user_id % 40
                for update in (
                    updates.text(user_id, "/start", first_name=f"Участник {user_id}"),
                    updates.callback(user_id, ConsentAnswer(agree=True).pack()),
                    updates.callback(user_id, DistrictPick(id=district).pack()),
                    updates.callback(user_id, KeepName().pack(), first_name=f"Участник {user_id}"),
                    updates.text(user_id, skip),
                ):
                    await app.dp.feed_update(app.bot, update)
            return run

        started = time.perf_counter()
        durations = await run_bounded((journey(10_000 + i) for i in range(members)), concurrency)
        elapsed = time.perf_counter() - started
        async with app.db.reading() as conn:
            registered = await fetch_value(conn, "SELECT COUNT(*) FROM members")
        await app.db.close()
    update_count = members * 5
    print(f"members registered: {registered} of {members}")
    print(f"updates: {update_count} in {elapsed:.1f} s = {update_count / elapsed:.0f} updates/s")
    print(
        f"registration (5 updates) p50 {percentile(durations, 50) * 1000:.0f} ms,"
        f" p99 {percentile(durations, 99) * 1000:.0f} ms at concurrency {concurrency}"
    )
    print(f"peak memory: {peak_rss_mib():.0f} MiB")
    if registered != members:
        raise SystemExit("some registrations were lost")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(main(args.members, args.concurrency))
