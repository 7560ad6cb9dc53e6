"""Restore the database from a backup file: checked first, the old file kept aside.

The caller holds the database's lock (storage.lock), so the bot is not running.
Blocking sqlite3 on purpose: this is a command-line act, run in a thread.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from storage.migrations import MIGRATIONS

REQUIRED_TABLES = frozenset({"members", "ledger", "member_totals", "campaigns", "districts"})


class RestoreRefusal(StrEnum):
    NOT_FOUND = "not_found"
    NOT_A_DATABASE = "not_a_database"
    DAMAGED = "damaged"
    NOT_OURS = "not_ours"
    NEWER_SCHEMA = "newer_schema"
    SAME_FILE = "same_file"


@dataclass(frozen=True, slots=True)
class Restored:
    target: Path
    previous: Path | None  # where the database that was replaced is kept
    schema_version: int
    members: int


def check(backup: Path) -> int | RestoreRefusal:
    """The backup's schema version if it is a sound Vverh database, or why not."""
    if not backup.is_file():
        return RestoreRefusal.NOT_FOUND
    try:
        conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    except sqlite3.Error:
        return RestoreRefusal.NOT_A_DATABASE
    try:
        result = conn.execute("PRAGMA integrity_check").fetchall()
        if [tuple(row) for row in result] != [("ok",)]:
            return RestoreRefusal.DAMAGED
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as error:
        return RestoreRefusal.DAMAGED if "malformed" in str(error) else RestoreRefusal.NOT_A_DATABASE
    finally:
        conn.close()
    if not REQUIRED_TABLES <= tables or version < 1:
        return RestoreRefusal.NOT_OURS
    if version > MIGRATIONS[-1][0]:
        return RestoreRefusal.NEWER_SCHEMA
    return version


def _copy(source: Path, target: Path, *, read_only: bool) -> None:
    """A consistent copy through SQLite's backup API (it includes what is still in the WAL)."""
    target.unlink(missing_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True) if read_only else sqlite3.connect(source)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()
    _fsync(target)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(backup: Path, target: Path, *, now: datetime) -> Restored | RestoreRefusal:
    """Replace `target` with a checked copy of `backup`; the old database goes to `<target>.<now, UTC>.bak`."""
    if target.exists() and backup.resolve() == target.resolve():
        return RestoreRefusal.SAME_FILE
    version = check(backup)
    if isinstance(version, RestoreRefusal):
        return version
    target.parent.mkdir(parents=True, exist_ok=True)
    incoming = target.with_name(target.name + ".restoring")
    _copy(backup, incoming, read_only=True)
    if check(incoming) != version:
        incoming.unlink(missing_ok=True)
        return RestoreRefusal.DAMAGED
    previous = None
    if target.exists():
        previous = target.with_name(f"{target.name}.{now.astimezone(UTC):%Y%m%dT%H%M%SZ}.bak")
        _copy(target, previous, read_only=False)
    # The old database's WAL and shared-memory files must not be applied to the new file;
    # everything in them is in the .bak copy.
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            target.with_name(target.name + suffix).unlink()
    os.replace(incoming, target)
    _fsync(target.parent)
    conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        members = int(conn.execute("SELECT COUNT(*) FROM members").fetchone()[0])
    finally:
        conn.close()
    return Restored(target=target, previous=previous, schema_version=version, members=members)
