"""The one long-lived SQLite connection and its units of work."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from storage.migrations import MIGRATIONS

Row = sqlite3.Row
T = TypeVar("T")
# A unit of work written against the plain sqlite3 connection; it runs on the database thread.
Work = Callable[[sqlite3.Connection], T]


class Database:
    """One aiosqlite connection shared by the whole process.

    SQLite has one writer at a time anyway; an asyncio lock around every unit of
    work keeps one task's transaction from seeing or committing another task's
    half-done writes on the shared connection.
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self, *, migrate: bool = True) -> Database:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        conn.row_factory = sqlite3.Row
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("PRAGMA synchronous = NORMAL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA busy_timeout = 10000")
        self._conn = conn
        if migrate:
            await self.migrate()
        return self

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    async def __aenter__(self) -> Database:
        return await self.connect()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("Database.connect() was not awaited")
        return self._conn

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction: BEGIN IMMEDIATE … COMMIT, or ROLLBACK on any error."""
        async with self._lock:
            conn = self.conn
            await conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                await conn.execute("ROLLBACK")
                raise
            else:
                await conn.execute("COMMIT")

    async def run(self, work: Work[T]) -> T:
        """A write transaction in one trip to the database thread: BEGIN IMMEDIATE, `work`, COMMIT.

        Same guarantees as `transaction()`, without an await per statement: while a
        transaction holds the lock every other unit of work waits, so on the hot paths
        (post submissions, awards) the number of trips is what bounds throughput.
        """
        async with self._lock:
            return await in_thread(self.conn, lambda conn: _unit_of_work(conn, work))

    async def write(self, sql: str, params: Any = ()) -> int:
        """One statement as its own (implicit) transaction; returns the rows changed."""
        async with self._lock:
            cursor = await self.conn.execute(sql, params)
            return cursor.rowcount

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """Reads that see no other task's half-done transaction (they wait for the lock)."""
        async with self._lock:
            yield self.conn

    async def migrate(self) -> int:
        """Apply pending migrations, each atomically; return the schema version."""
        async with self._lock:
            conn = self.conn
            async with conn.execute("PRAGMA user_version") as cursor:
                row = await cursor.fetchone()
            version = int(row[0]) if row else 0
            for number, sql in MIGRATIONS:
                if number <= version:
                    continue
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    for statement in _statements(sql):
                        await conn.execute(statement)
                    await conn.execute(f"PRAGMA user_version = {int(number)}")
                except BaseException:
                    await conn.execute("ROLLBACK")
                    raise
                await conn.execute("COMMIT")
                version = number
            return version

    async def backup(self, target: Path | str) -> None:
        """Online backup (SQLite's backup API): consistent while the bot keeps writing."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.unlink(missing_ok=True)
        dest = await aiosqlite.connect(tmp)
        try:
            async with self._lock:
                await self.conn.backup(dest)
        finally:
            await dest.close()
        tmp.replace(target)


def _unit_of_work(conn: sqlite3.Connection, work: Work[T]) -> T:
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work(conn)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


async def in_thread(conn: aiosqlite.Connection, work: Work[T]) -> T:
    """Run `work` with the plain sqlite3 connection on the aiosqlite connection's own thread.

    One trip however many statements `work` runs; inside a `transaction()` it becomes part
    of that transaction, since the thread runs calls one after another. aiosqlite has no
    public call for this: `_execute` (present in every version pyproject allows) is what
    its own `execute` uses to queue a call on that thread.
    """
    return await conn._execute(work, conn._conn)  # type: ignore[no-any-return]  # noqa: SLF001


def _statements(sql: str) -> Iterable[str]:
    """Split a migration script into complete statements (triggers contain ';')."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement and not all(
                part.strip().startswith("--") or not part.strip() for part in statement.splitlines()
            ):
                yield statement
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        raise ValueError(f"incomplete SQL statement in migration: {buffer[:80]!r}")


# One round trip to the database thread each: execute_fetchall instead of execute + fetch + close.
async def fetch_one(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> Row | None:
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)  # type: ignore[arg-type]


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> list[Row]:
    return list(await conn.execute_fetchall(sql, params))


async def fetch_value(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> Any:
    row = await fetch_one(conn, sql, params)
    return None if row is None else row[0]
