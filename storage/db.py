"""The one long-lived SQLite connection and its units of work."""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import aiosqlite

from storage.migrations import MIGRATIONS

Row = sqlite3.Row
T = TypeVar("T")
# A unit of work written against the plain sqlite3 connection; it runs on the database thread.
Work = Callable[[sqlite3.Connection], T]


class Database:
    """One aiosqlite connection shared by the whole process.

    SQLite has one writer at a time anyway. Units of work that are one call each (`run`,
    `read`, `write`) are queued and run on the connection's thread in batches: all the
    units waiting when the thread gets free run one after another in one transaction
    (group commit), each inside its own savepoint, so a unit that fails leaves no trace
    and takes no other unit with it. Nothing is reported done before its batch is
    committed. Under load this pays one commit and one thread hop for many units; alone,
    a unit runs at once.

    Blocks of several calls (`transaction`, `reading`) and each batch hold an asyncio
    lock, so no other task's statements interleave with a block's.
    """

    # Bounds the time one batch holds the write lock (a unit is typically well under a millisecond).
    MAX_BATCH = 256

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._queue: list[_Unit[Any]] = []
        self._flusher: asyncio.Task[None] | None = None

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
        if self._flusher is not None:
            await self._flusher
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
        """A write transaction in one call on the database thread: `work` commits whole or not at all.

        Same guarantees as `transaction()`, without an await per statement: the hot paths
        (post submissions, awards) use it, and many of them share one commit. `work` runs
        inside a savepoint and must not begin or end transactions itself.
        """
        return await self._enqueue(work, writes=True)

    async def read(self, work: Work[T]) -> T:
        """Reads in one call on the database thread; no snapshot across statements is promised."""
        return await self._enqueue(work, writes=False)

    async def write(self, sql: str, params: Any = ()) -> int:
        """One statement as a unit of work; returns the rows changed."""
        return await self._enqueue(lambda conn: conn.execute(sql, params).rowcount, writes=True)

    def _enqueue(self, work: Work[T], *, writes: bool) -> asyncio.Future[T]:
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._queue.append(_Unit(work, writes, future))
        if self._flusher is None:
            self._flusher = asyncio.create_task(self._flush())
        return future

    async def _flush(self) -> None:
        """Run queued units in batches until the queue is empty."""
        try:
            while self._queue:
                batch = self._queue[: self.MAX_BATCH]
                del self._queue[: self.MAX_BATCH]
                try:
                    async with self._lock:  # never inside a block of several calls
                        outcomes = await in_thread(self.conn, functools.partial(_run_batch, batch=batch))
                except Exception as error:  # the batch did not commit: no unit of it happened
                    for unit in batch:
                        if not unit.future.done():
                            unit.future.set_exception(error)
                    continue
                except BaseException:  # cancelled (shutdown): nobody waits in vain
                    for unit in [*batch, *self._queue]:
                        unit.future.cancel()
                    self._queue.clear()
                    raise
                for unit, (ok, value) in zip(batch, outcomes, strict=True):
                    if unit.future.done():  # its caller was cancelled; the work is done all the same
                        continue
                    if ok:
                        unit.future.set_result(value)
                    else:
                        unit.future.set_exception(value)
        finally:
            self._flusher = None

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
                    for statement in split_statements(sql):
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


@dataclass(frozen=True, slots=True)
class _Unit(Generic[T]):
    work: Work[T]
    writes: bool
    future: asyncio.Future[T]


def _run_batch(conn: sqlite3.Connection, batch: list[_Unit[Any]]) -> list[tuple[bool, Any]]:
    """On the database thread: every unit in order, writers in one transaction, each in a savepoint.

    Returns (True, result) or (False, exception) per unit. An error outside the units
    (BEGIN or COMMIT failing) rolls everything back and is raised for the whole batch.
    """
    writes = any(unit.writes for unit in batch)
    outcomes: list[tuple[bool, Any]] = []
    if writes:
        conn.execute("BEGIN IMMEDIATE")
    try:
        for unit in batch:
            if unit.writes:
                conn.execute("SAVEPOINT unit")
            try:
                value = unit.work(conn)
            except Exception as error:  # noqa: BLE001 - handed to the unit's caller
                if unit.writes:
                    conn.execute("ROLLBACK TO unit")
                    conn.execute("RELEASE unit")
                outcomes.append((False, error))
            else:
                if unit.writes:
                    conn.execute("RELEASE unit")
                outcomes.append((True, value))
        if writes:
            conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return outcomes


async def in_thread(conn: aiosqlite.Connection, work: Work[T]) -> T:
    """Run `work` with the plain sqlite3 connection on the aiosqlite connection's own thread.

    One trip however many statements `work` runs; inside a `transaction()` it becomes part
    of that transaction, since the thread runs calls one after another. aiosqlite has no
    public call for this: `_execute` (present in every version pyproject allows) is what
    its own `execute` uses to queue a call on that thread. The public way, one awaited
    `execute` per statement, is slower: `python -m benchmarks.db_trips` (an award's four
    writes a unit) measured 7,800 and 7,100 units/s in one trip against 6,300 with a trip
    per statement, in one run on a busy two-core machine; and `Database.run` batches many
    units into one trip, which the public calls cannot do at all.
    """
    return await conn._execute(work, conn._conn)  # type: ignore[no-any-return]  # noqa: SLF001


def split_statements(sql: str) -> Iterable[str]:
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


def stamp(moment: datetime) -> str:
    """A moment as the database keeps it: ISO 8601 in UTC, so SQL compares and orders stamps as text.

    Storage functions take aware datetimes and call this; nothing outside storage sees the text.
    """
    return moment.astimezone(UTC).isoformat()


def moment(text: str) -> datetime:
    """A stored stamp as an aware datetime in UTC: the inverse of `stamp`, the one place rows' stamps are read."""
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def moment_or_none(text: str | None) -> datetime | None:
    return None if text is None else moment(text)


# One round trip to the database thread each: execute_fetchall instead of execute + fetch + close.
async def fetch_one(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> Row | None:
    rows = await conn.execute_fetchall(sql, params)
    return next(iter(rows), None)  # type: ignore[arg-type]


async def fetch_all(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> list[Row]:
    return list(await conn.execute_fetchall(sql, params))


async def fetch_value(conn: aiosqlite.Connection, sql: str, params: Any = ()) -> Any:
    row = await fetch_one(conn, sql, params)
    return None if row is None else row[0]
