"""End-to-end fixtures: the real bot (`python -m bot`, polling or webhook) against the local Bot API emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.conftest import DISTRICTS_CSV, TEST_TOKEN
from tests.support.emulator import BotAPIEmulator

START_SECONDS = 60.0   # for `python -m bot` to poll or listen
STOP_SECONDS = 10.0    # for it to stop after a signal, before it is killed

ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 1


class BotProcess:
    """`python -m bot` as a child process, with its log kept for inspection."""

    def __init__(self, workdir: Path, base_url: str, emulator: BotAPIEmulator, extra_env: dict[str, str]) -> None:
        self.workdir = workdir
        self.emulator = emulator
        self.log_path = workdir / "bot.log"
        self.env = {
            k: v for k, v in os.environ.items()
            if not k.startswith(("BOT_", "TELEGRAM_", "DATABASE_", "ADMIN_", "WEBHOOK_", "QR_", "WEB_", "PUBLIC_URL"))
        }
        self.env.update(
            {
                "BOT_TOKEN": TEST_TOKEN,
                "TELEGRAM_API_URL": base_url,
                "DATABASE_URL": f"sqlite:///{workdir / 'vverh.db'}",
                "ADMIN_IDS": str(ADMIN_ID),
                "QR_SECRET": "e2e-secret",
                "PYTHONPATH": str(ROOT),
                "PYTHONUNBUFFERED": "1",
                "LOG_LEVEL": "INFO",
                # Scheduled work would otherwise greet every test started after 19:00 Moscow time
                # (a missed daily run happens at start); tests that want it run it with a command.
                "BROADCAST_TIME": "23:59:59",
                "DIGEST_TIME": "23:59:59",
                # Scripted users tap fifty times faster than people: a flood limit they never reach.
                "FLOOD_RATE": "50",
                "FLOOD_BURST": "200",
                # Many bots start one after another (and other suites run beside this one):
                # the web side listens only where a test asks it to, on a free port.
                "WEB_LISTEN": "off",
            }
        )
        self.env.update(extra_env)
        self.process: subprocess.Popen[bytes] | None = None

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m bot <args>` against the same database."""
        return subprocess.run(
            [sys.executable, "-m", "bot", *args], cwd=self.workdir, env=self.env, capture_output=True, text=True,
            timeout=120,
        )

    @property
    def database(self) -> Path:
        """The bot's SQLite file."""
        return Path(self.env["DATABASE_URL"].removeprefix("sqlite:///"))

    def query(self, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
        """Rows as the bot stored them, read through a connection of the test's own."""
        conn = sqlite3.connect(self.database)
        try:
            return [tuple(row) for row in conn.execute(sql, params).fetchall()]
        finally:
            conn.close()

    @property
    def webhook_mode(self) -> bool:
        return bool(self.env.get("WEBHOOK_URL"))

    def _ready(self, polls_before: int, webhooks_before: int) -> bool:
        if self.webhook_mode:
            # The bot registers its webhook only once its server listens.
            return (self.emulator.requests["setWebhook"] > webhooks_before
                    and self.emulator.webhook_url == self.env["WEBHOOK_URL"])
        return self.emulator.get_updates_calls > polls_before

    async def start(self) -> None:
        polls_before = self.emulator.get_updates_calls
        webhooks_before = self.emulator.requests["setWebhook"]
        log = self.log_path.open("ab")
        # Popen only forks and returns; the wait for readiness below is asynchronous.
        self.process = subprocess.Popen(  # noqa: ASYNC220
            [sys.executable, "-m", "bot"], cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        # A deadline in seconds, not a count of naps: on a loaded machine each nap takes longer
        # and starting Python with its imports can take many seconds.
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._ready(polls_before, webhooks_before):
                return
            if self.process.poll() is not None:
                raise AssertionError(f"the bot exited with {self.process.returncode}:\n{self.log()}")
            await asyncio.sleep(0.05)
        mode = "its webhook" if self.webhook_mode else "polling"
        raise AssertionError(f"the bot did not start {mode} within {START_SECONDS} s:\n{self.log()}")

    async def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        deadline = time.monotonic() + STOP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            await asyncio.sleep(0.05)
        else:
            self.process.kill()
            self.process.wait()

    async def kill(self) -> None:
        await self.stop(signal.SIGKILL)

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    async with BotAPIEmulator() as emu:
        yield emu


@pytest.fixture
async def bot_factory(tmp_path: Path, emulator: BotAPIEmulator) -> AsyncIterator[object]:
    processes: list[BotProcess] = []

    async def make(start: bool = True, districts: bool = True, campaign: bool = True, **env: str) -> BotProcess:
        process = BotProcess(tmp_path, emulator.base_url, emulator, env)
        if districts:
            (tmp_path / "districts.csv").write_bytes(DISTRICTS_CSV)
            result = process.cli("import-districts", str(tmp_path / "districts.csv"))
            assert result.returncode == 0, result.stdout + result.stderr
        if campaign:
            result = process.cli(
                "campaign", "create", "--name", "Зима", "--start", "2020-01-01", "--end", "2099-12-31",
                "--moderation", "auto",
            )
            assert result.returncode == 0, result.stdout + result.stderr
        if start:
            await process.start()
        processes.append(process)
        return process

    yield make
    for process in processes:
        await process.stop()
        assert "Traceback" not in process.log(), process.log()


@pytest.fixture
async def bot(bot_factory) -> BotProcess:  # noqa: ANN001
    return await bot_factory()
