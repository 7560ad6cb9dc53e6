"""What one trip to the database thread saves: a unit of four statements, in one trip or in four.

    PYTHONPATH=$PWD /work/venv/bin/python -m benchmarks.db_trips [--units 3000]

aiosqlite has no public call that runs a function on its connection's thread, so
`storage/db.py: in_thread` uses its private `_execute`. The public way is one awaited
`conn.execute` per statement. Both run the same unit (an award's four writes) inside one
transaction each, on the same database file; the figures are units per second.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import tempfile
import time
from pathlib import Path

import aiosqlite

from storage.db import in_thread

STATEMENTS = (
    ("INSERT INTO entries(member_id, units) VALUES (?, ?)", lambda n: (n % 500, 10)),
    ("INSERT INTO totals(member_id, units) VALUES (?, ?) ON CONFLICT(member_id) DO UPDATE SET units = units + 10",
     lambda n: (n % 500, 10)),
    ("INSERT INTO entries(member_id, units) VALUES (?, ?)", lambda n: (n % 500 + 1, 3)),
    ("INSERT INTO totals(member_id, units) VALUES (?, ?) ON CONFLICT(member_id) DO UPDATE SET units = units + 3",
     lambda n: (n % 500 + 1, 3)),
)


async def main(units: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        conn = await aiosqlite.connect(Path(directory) / "trips.db", isolation_level=None)
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("CREATE TABLE entries(id INTEGER PRIMARY KEY, member_id INTEGER, units INTEGER)")
        await conn.execute("CREATE TABLE totals(member_id INTEGER PRIMARY KEY, units INTEGER)")

        def unit(c: sqlite3.Connection, n: int) -> None:
            for sql, params in STATEMENTS:
                c.execute(sql, params(n))

        async def one_trip(n: int) -> None:
            await conn.execute("BEGIN IMMEDIATE")
            await in_thread(conn, lambda c: unit(c, n))
            await conn.execute("COMMIT")

        async def per_statement(n: int) -> None:
            await conn.execute("BEGIN IMMEDIATE")
            for sql, params in STATEMENTS:
                await conn.execute(sql, params(n))
            await conn.execute("COMMIT")

        figures = {}
        for name, run in (("one trip (private _execute)", one_trip), ("a trip per statement (public)", per_statement),
                          ("one trip, again", one_trip)):
            started = time.perf_counter()
            for n in range(units):
                await run(n)
            figures[name] = units / (time.perf_counter() - started)
            print(f"{name}: {figures[name]:,.0f} units/s")
        await conn.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=3_000)
    asyncio.run(main(parser.parse_args().units))
