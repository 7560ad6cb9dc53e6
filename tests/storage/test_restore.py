"""Backup while the bot writes, restore with `python -m bot restore`, and the bot starts on it with everything there."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from aiogram.methods import SendMessage

from bot.runtime.app import build_app
from bot.runtime.config import Settings
from scheduler.clock import FrozenClock
from storage import ledger as ledger_store
from storage.db import Database, fetch_value
from storage.lock import DatabaseLock
from tests.support import updates
from tests.support.factories import NewMember
from tests.support.session import MockedBot

ROOT = Path(__file__).resolve().parents[2]
REFERRER = 100


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE_", "WEBHOOK_", "QR_"))}
    env.update({"DATABASE_URL": settings.database_url, "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=settings.database_path.parent, env=env, capture_output=True,
        text=True, timeout=60,
    )


async def count(db: Database, sql: str) -> int:
    async with db.reading() as conn:
        return int(await fetch_value(conn, sql))


async def test_a_backup_taken_while_members_join_restores_and_the_bot_starts_with_everything(
    new_member: NewMember, settings: Settings, clock: FrozenClock, seeded_db: Database, tmp_path: Path
) -> None:
    referrer = await new_member(REFERRER)
    joined, backed_up = asyncio.Event(), asyncio.Event()

    async def newcomers_keep_joining() -> int:
        i = 0
        while not backed_up.is_set() or i < 300:
            await new_member(1000 + i, referrer=referrer)  # 10 points to the referrer each
            i += 1
            if i == 50:
                joined.set()
        return i

    writer = asyncio.create_task(newcomers_keep_joining())
    await joined.wait()
    # `python -m bot backup` is another process with its own connection, while the bot keeps writing.
    backup = tmp_path / "backups" / "vverh-backup.db"
    result = await asyncio.to_thread(cli, settings, "backup", str(backup))
    backed_up.set()
    assert result.returncode == 0, result.stderr
    members_now = 1 + await writer
    assert await count(seeded_db, "SELECT COUNT(*) FROM members") == members_now

    # The backup is a consistent snapshot: every member in it brought their referrer's points with them.
    async with Database(backup) as copy:
        members_then = await count(copy, "SELECT COUNT(*) FROM members")
        referrer_units = await count(copy, f"SELECT units FROM member_totals WHERE member_id = {referrer.id}")
        async with copy.reading() as conn:
            assert await ledger_store.inconsistencies(conn) == []
    assert 51 <= members_then < members_now
    assert referrer_units == 100 * (members_then - 1)

    await seeded_db.close()  # the bot is stopped
    result = await asyncio.to_thread(cli, settings, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert f"{members_then} members" in result.stdout
    [kept] = list(settings.database_path.parent.glob("vverh.db.*.bak"))
    assert f"kept as {kept}" in result.stdout

    app = await build_app(settings, clock=clock, bot=MockedBot())
    try:
        assert await count(app.db, "SELECT COUNT(*) FROM members") == members_then
        async with app.db.reading() as conn:
            assert await ledger_store.inconsistencies(conn) == []
        await app.dp.feed_update(app.bot, updates.text(REFERRER, "/start"))
        await app.dp.feed_update(app.bot, updates.text(1000, "/start"))
        texts = [m.text for m in app.bot.session.requests if isinstance(m, SendMessage)]  # type: ignore[attr-defined]
        assert any(f"Участник {REFERRER}" in t for t in texts) and any("Участник 1000" in t for t in texts)
    finally:
        await app.close()
    # Nothing is lost for good: the database that was replaced holds every member.
    async with Database(kept) as previous:
        assert await count(previous, "SELECT COUNT(*) FROM members") == members_now


async def test_restore_is_refused_while_the_bot_runs(settings: Settings, seeded_db: Database, tmp_path: Path) -> None:
    backup = tmp_path / "b.db"
    await seeded_db.backup(backup)
    with DatabaseLock(settings.database_path):  # what `python -m bot` holds while it runs
        result = await asyncio.to_thread(cli, settings, "restore", str(backup))
    assert result.returncode == 1
    assert "the bot is running" in result.stderr and "stop it first" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(tmp_path.glob("*.bak")) == []  # noqa: ASYNC240 - the test's own directory


async def test_a_damaged_or_foreign_file_is_refused_and_the_database_is_unchanged(
    new_member: NewMember, settings: Settings, clock: FrozenClock, seeded_db: Database, tmp_path: Path
) -> None:
    await new_member(REFERRER)
    good = tmp_path / "good.db"
    await seeded_db.backup(good)
    damaged = tmp_path / "damaged.db"
    data = bytearray(good.read_bytes())
    data[len(data) // 2: len(data) // 2 + 4096] = b"\xff" * 4096
    damaged.write_bytes(bytes(data))
    foreign = tmp_path / "foreign.db"
    await asyncio.to_thread(
        lambda: __import__("sqlite3").connect(foreign).execute("CREATE TABLE t(x)").connection.commit()
    )
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)

    for file, reason in ((damaged, "damaged"), (foreign, "not a Vverh database"), (garbage, "not an SQLite database"),
                         (tmp_path / "missing.db", "no such file")):
        result = await asyncio.to_thread(cli, settings, "restore", str(file))
        assert result.returncode == 1, file
        assert reason in result.stderr and "the database is unchanged" in result.stderr, result.stderr
    assert list(tmp_path.glob("*.bak")) == []  # noqa: ASYNC240 - the test's own directory
    assert await count(seeded_db, "SELECT COUNT(*) FROM members") == 1
