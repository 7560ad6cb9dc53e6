"""Starting `python -m bot` when Telegram refuses the token or cannot be reached (issue 13, item 15)."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

from tests.conftest import TEST_TOKEN
from tests.e2e.conftest import BotProcess
from tests.support.emulator import BotAPIEmulator


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_refused_token_is_one_clear_line_and_exit_status_2(tmp_path: Path) -> None:
    async with BotAPIEmulator(token="999999:another-bots-token") as emulator:
        process = BotProcess(tmp_path, emulator.base_url, emulator, {})
        result = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot"], cwd=tmp_path, env=process.env, capture_output=True,
            text=True, timeout=120,
        )
    output = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode == 2, output
    assert output == [
        f"vverh: Telegram at {emulator.base_url} refused the bot token: check BOT_TOKEN (the token @BotFather gave)"
        " and TELEGRAM_API_URL"
    ]
    assert TEST_TOKEN not in "\n".join(output)


async def test_telegram_away_at_start_is_retried_until_it_answers(tmp_path: Path) -> None:
    port = _free_port()
    emulator = BotAPIEmulator()
    process = BotProcess(tmp_path, f"http://127.0.0.1:{port}", emulator, {})
    with process.log_path.open("ab") as log_file:
        process.process = subprocess.Popen(  # noqa: ASYNC220 - only forks
            [sys.executable, "-m", "bot"], cwd=tmp_path, env=process.env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        for _ in range(1200):
            if process.log().count("cannot reach Telegram") >= 2:
                break
            await asyncio.sleep(0.05)
        assert process.process.poll() is None, process.log()
        await emulator.start(port=port)
        for _ in range(1200):
            if emulator.get_updates_calls > 0:
                break
            await asyncio.sleep(0.05)
        log = process.log()
        assert emulator.get_updates_calls > 0, log          # polling began: the bot came through on its own
        assert f"cannot reach Telegram at http://127.0.0.1:{port}" in log and "retrying in 1 s" in log
        assert "retrying in 2 s" in log
        assert "Traceback" not in log and "Adding job tentatively" not in log
    finally:
        await process.stop()
        await emulator.stop()
