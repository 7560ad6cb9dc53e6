"""Command-line administration beside the bot: migrate, import-districts, campaign, backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.conftest import BotProcess


async def test_import_reports_every_bad_row_and_changes_nothing(bot_factory, tmp_path: Path) -> None:  # noqa: ANN001
    bot: BotProcess = await bot_factory(start=False, districts=False, campaign=False)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name,city\nA-1,Первый,Томск\nA-2,,Томск\nA-1,Снова,Томск\nA-3,Третий,Томск,лишнее\n", encoding="utf-8"
    )
    result = bot.cli("import-districts", str(bad))
    assert result.returncode == 1
    assert f"{bad}:3: the field name is empty" in result.stdout
    assert f"{bad}:4: duplicate code: A-1 (line 2)" in result.stdout
    assert f"{bad}:5: exactly 3 columns are needed (found: 4)" in result.stdout
    assert "nothing imported: 3 bad row(s)" in result.stdout
    good = tmp_path / "good.csv"
    good.write_bytes("\ufeffcode,name,city\nA-1,Первый,Томск\nA-2,Второй,Томск\n".encode())
    result = bot.cli("import-districts", str(good))
    assert result.returncode == 0 and "2 added, 0 updated" in result.stdout
    good.write_bytes("code,name,city\nA-1,Первый (новый),Томск\nA-2,Второй,Томск\n".encode())
    assert "0 added, 1 updated" in bot.cli("import-districts", str(good)).stdout
    missing = bot.cli("import-districts", str(tmp_path / "nope.csv"))
    assert missing.returncode == 1 and "cannot read" in missing.stderr and "Traceback" not in missing.stderr


async def test_campaigns_are_created_listed_and_never_overlap(bot_factory) -> None:  # noqa: ANN001
    bot: BotProcess = await bot_factory(start=False, districts=False, campaign=False)
    created = bot.cli("campaign", "create", "--name", "Весна", "--start", "2027-03-01", "--end", "2027-05-31")
    assert created.returncode == 0 and "Весна" in created.stdout
    overlap = bot.cli("campaign", "create", "--name", "Пересечение", "--start", "2027-05-01", "--end", "2027-06-30")
    assert overlap.returncode == 1 and "overlaps" in overlap.stderr
    backwards = bot.cli("campaign", "create", "--name", "Назад", "--start", "2027-09-01", "--end", "2027-08-01")
    assert backwards.returncode == 1 and "before the start" in backwards.stderr
    bad_date = bot.cli("campaign", "create", "--name", "X", "--start", "01.09.2027", "--end", "2027-10-01")
    assert bad_date.returncode == 2 and "YYYY-MM-DD" in bad_date.stderr
    listed = bot.cli("campaign", "list")
    assert listed.returncode == 0
    assert [line.split("\t")[1] for line in listed.stdout.strip().splitlines()] == ["Весна"]


async def test_backup_while_the_bot_runs_is_a_complete_database(bot_factory, emulator, tmp_path: Path) -> None:  # noqa: ANN001
    bot: BotProcess = await bot_factory()
    user = emulator.user(3001, "Зоя")
    await user.send("/start")
    await user.wait_message("Добро пожаловать")
    target = tmp_path / "backups" / "vverh-copy.db"
    result = bot.cli("backup", str(target))
    assert result.returncode == 0, result.stderr
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT COUNT(*) FROM districts").fetchone()[0] == 5
        assert copy.execute("SELECT COUNT(*) FROM telegram_users WHERE tg_id = 3001").fetchone()[0] == 1
    finally:
        copy.close()


async def test_a_campaign_whose_meeting_points_need_confirmation(bot_factory) -> None:  # noqa: ANN001
    bot: BotProcess = await bot_factory(start=False, districts=False, campaign=False)
    created = bot.cli(
        "campaign",
        "create",
        "--name",
        "Лето",
        "--start",
        "2027-06-01",
        "--end",
        "2027-08-31",
        "--meetings",
        "confirmed",
    )
    assert created.returncode == 0, created.stderr
    wrong = bot.cli(
        "campaign", "create", "--name", "Осень", "--start", "2027-09-01", "--end", "2027-11-30", "--meetings", "maybe"
    )
    assert wrong.returncode == 2 and "confirmed" in wrong.stderr
    listed = bot.cli("campaign", "list")
    assert listed.stdout.strip().splitlines()[0].endswith("meetings=confirmed")
