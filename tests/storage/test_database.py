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
