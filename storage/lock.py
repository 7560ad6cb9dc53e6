"""Who is using the database file: a lock the running bot holds, and `restore` needs free.

An advisory `flock` on `<database>.lock`. The kernel releases it when the process
ends in any way (even SIGKILL), so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class DatabaseBusy(Exception):
    """Another process holds the database's lock."""

    def __init__(self, path: Path, holder: str) -> None:
        super().__init__(f"{path} is in use by another process{f' (pid {holder})' if holder else ''}")
        self.path = path
        self.holder = holder


class DatabaseLock:
    """Exclusive use of one database file by this process, until released."""

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> DatabaseLock:
        """Take the lock now or raise DatabaseBusy; never waits."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip()
            os.close(fd)
            raise DatabaseBusy(self.database, holder) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __enter__(self) -> DatabaseLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
