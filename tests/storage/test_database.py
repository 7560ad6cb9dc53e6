import asyncio
import sqlite3
from pathlib import Path

import pytest

from storage.db import Database, fetch_value
from storage.migrations import MIGRATIONS


async def test_a_new_file_gets_the_whole_schema_with_safe_pragmas(db: Database) -> None:
    async with db.reading() as conn:
        assert await fetch_value(conn, "PRAGMA user_version") == len(MIGRATIONS)
        assert await fetch_value(conn, "PRAGMA journal_mode") == "wal"
        assert await fetch_value(conn, "PRAGMA foreign_keys") == 1
        assert await fetch_value(conn, "PRAGMA busy_timeout") == 10000
        tables = {
            row[0]
            for row in await (await conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).fetchall()
        }
    assert {"members", "districts", "cities", "roles", "campaigns", "consents", "ledger", "member_totals",
            "team_totals", "fsm", "outbox", "meetings", "checkins", "posts"} <= tables


async def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "twice.db"
    first = await Database(path).connect()
    await first.close()
    second = await Database(path).connect()
    try:
        assert await second.migrate() == len(MIGRATIONS)
    finally:
        await second.close()


async def test_a_failed_unit_of_work_leaves_nothing_behind(db: Database) -> None:
    with pytest.raises(RuntimeError):
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO cities(name) VALUES ('Барнаул')")
            raise RuntimeError("boom")
    async with db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM cities") == 0


async def test_a_unit_run_in_one_trip_commits_whole_or_not_at_all(db: Database) -> None:
    def add_two(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO cities(name) VALUES ('Бердск')")
        return conn.execute("INSERT INTO cities(name) VALUES ('Обь') RETURNING id").fetchone()[0]

    assert isinstance(await db.run(add_two), int)

    def add_then_fail(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO cities(name) VALUES ('Искитим')")
        conn.execute("INSERT INTO cities(name) VALUES ('Бердск')")      # UNIQUE: the unit fails here

    with pytest.raises(sqlite3.IntegrityError):
        await db.run(add_then_fail)
    async with db.reading() as conn:
        assert await fetch_value(conn, "SELECT group_concat(name, ',') FROM (SELECT name FROM cities ORDER BY id)") == (
            "Бердск,Обь"
        )
    # The connection is usable afterwards: no transaction was left open.
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO cities(name) VALUES ('Искитим')")


async def test_the_ledger_refuses_updates_and_deletes(seeded_db: Database) -> None:
    async with seeded_db.transaction() as conn:
        await conn.execute(
            "INSERT INTO members(tg_id, display_name, district_id, registered_at) VALUES (5, 'A', 1, 'x')"
        )
        await conn.execute(
            "INSERT INTO ledger(campaign_id, member_id, district_id, kind, units, subject, idem_key, created_at)"
            " VALUES (1, 1, 1, 'post', 10, 'post:1', 'k1', 'x')"
        )
    for statement in ("UPDATE ledger SET units = 100", "DELETE FROM ledger"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with seeded_db.transaction() as conn:
                await conn.execute(statement)


async def test_online_backup_is_a_consistent_copy(seeded_db: Database, tmp_path: Path) -> None:
    target = tmp_path / "backup" / "copy.db"
    await seeded_db.backup(target)
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("SELECT COUNT(*) FROM districts").fetchone()[0] == 5
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()


async def test_units_sent_at_once_share_commits_and_a_failing_one_takes_no_other_with_it(db: Database) -> None:
    def add(name: str):  # noqa: ANN202
        return lambda conn: conn.execute("INSERT INTO cities(name) VALUES (?) RETURNING id", (name,)).fetchone()[0]

    names = [f"Город {n}" for n in range(200)]
    names[77] = names[76]  # UNIQUE(name): this unit fails, inside whatever batch it lands in
    outcomes = await asyncio.gather(*(db.run(add(name)) for name in names), return_exceptions=True)

    failed = [n for n, outcome in enumerate(outcomes) if isinstance(outcome, BaseException)]
    assert failed == [77]
    assert isinstance(outcomes[77], sqlite3.IntegrityError)
    async with db.reading() as conn:
        stored = await fetch_value(conn, "SELECT COUNT(*) FROM cities")
        ids = [row[0] for row in await conn.execute_fetchall("SELECT id FROM cities ORDER BY id")]
    assert stored == 199
    assert sorted(o for o in outcomes if isinstance(o, int)) == ids  # each caller got its own row's id


async def test_single_units_wait_for_an_open_transaction_block_and_never_join_it(db: Database) -> None:
    entered = asyncio.Event()

    async def block_that_fails() -> None:
        async with db.transaction() as conn:
            await conn.execute("INSERT INTO cities(name) VALUES ('Откат')")
            entered.set()
            for _ in range(20):
                await asyncio.sleep(0)  # the unit below is queued meanwhile
            raise RuntimeError("the block fails")

    async def unit_meanwhile() -> int:
        await entered.wait()
        return await db.run(lambda conn: conn.execute("INSERT INTO cities(name) VALUES ('Сохранён')").rowcount)

    block, unit = await asyncio.gather(block_that_fails(), unit_meanwhile(), return_exceptions=True)
    assert isinstance(block, RuntimeError)
    assert unit == 1
    async with db.reading() as conn:
        assert await fetch_value(conn, "SELECT group_concat(name) FROM cities") == "Сохранён"


async def test_a_cancelled_caller_does_not_stop_the_others(db: Database) -> None:
    def add(name: str):  # noqa: ANN202
        return lambda conn: conn.execute("INSERT INTO cities(name) VALUES (?)", (name,)).rowcount

    first = asyncio.ensure_future(db.run(add("Первый")))
    second = asyncio.ensure_future(db.run(add("Второй")))
    first.cancel()
    assert await second == 1
    assert await db.run(add("Третий")) == 1
    async with db.reading() as conn:
        names = {row[0] for row in await conn.execute_fetchall("SELECT name FROM cities")}
    assert {"Второй", "Третий"} <= names


async def test_when_the_batch_cannot_commit_every_caller_is_told_and_nothing_is_half_written(
    db: Database, tmp_path: Path
) -> None:
    await db.write("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        outcomes = await asyncio.gather(
            *(db.run(lambda conn, n=n: conn.execute("INSERT INTO cities(name) VALUES (?)", (f"Г{n}",)).rowcount)
              for n in range(5)),
            return_exceptions=True,
        )
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert all(isinstance(outcome, sqlite3.OperationalError) for outcome in outcomes)
    assert await db.run(lambda conn: conn.execute("INSERT INTO cities(name) VALUES ('После')").rowcount) == 1
    async with db.reading() as conn:
        assert await fetch_value(conn, "SELECT group_concat(name) FROM cities") == "После"
