"""Bad configuration ends the start with one clear line and a non-zero exit, never a traceback."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bot(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "ADMIN_", "TIMEZONE", "DATABASE_", "WEBHOOK_"))
    }
    clean.update(env)
    clean.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'db.sqlite'}")
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=tmp_path, env=clean, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "@BotFather"),
        ({"BOT_TOKEN": "not-a-token"}, "@BotFather"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "ADMIN_IDS": "12,abc"}, "ADMIN_IDS"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "TIMEZONE": "Mars/Olympus"}, "TIMEZONE"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "BROADCAST_TIME": "25:99"}, "BROADCAST_TIME"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "DATABASE_URL": "postgres://x"}, "DATABASE_URL"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "WEBHOOK_URL": "http://bot.example.org/tg",
          "WEBHOOK_SECRET": "abc"}, "WEBHOOK_URL: must start with https://"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "WEBHOOK_URL": "https://bot.example.org/tg"},
         "WEBHOOK_SECRET is required when WEBHOOK_URL is set"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "WEBHOOK_URL": "https://bot.example.org/tg",
          "WEBHOOK_SECRET": "has spaces and ☃"}, "WEBHOOK_SECRET: must be 1-256 characters"),
        ({"BOT_TOKEN": "123456789:" + "A" * 35, "WEBHOOK_URL": "https://bot.example.org/tg",
          "WEBHOOK_SECRET": "x" * 257}, "WEBHOOK_SECRET: must be 1-256 characters"),
    ],
)
def test_bad_configuration_is_one_clear_line(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    result = run_bot(tmp_path, env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_settings_come_from_a_dotenv_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("TIMEZONE=Nowhere/Special\n", encoding="utf-8")
    result = run_bot(tmp_path, {}, "migrate")
    assert result.returncode == 2 and "TIMEZONE" in result.stderr
    (tmp_path / ".env").write_text("TIMEZONE=Asia/Novosibirsk\n", encoding="utf-8")
    result = run_bot(tmp_path, {}, "migrate")
    assert result.returncode == 0, result.stderr
    assert "schema version" in result.stdout


def test_webhook_settings_that_telegram_accepts_pass() -> None:
    from bot.runtime.config import load_settings

    settings = load_settings(
        bot_token="123456789:" + "A" * 35, webhook_url="https://bot.example.org/vverh/tg",
        webhook_secret="Az09_-" * 40, webhook_listen="0.0.0.0:8443", _env_file=None,
    )
    assert settings.webhook_path == "/vverh/tg"
    assert settings.webhook_host_port == ("0.0.0.0", 8443)
    # A local Bot API server on this machine may deliver over plain HTTP.
    local = load_settings(webhook_url="http://127.0.0.1:8081/tg", webhook_secret="s", _env_file=None)
    assert local.webhook_url == "http://127.0.0.1:8081/tg"
