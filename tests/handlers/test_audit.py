"""The audit log: each staff act leaves one row, admins get it as CSV and XLSX (SPEC §10)."""

from __future__ import annotations

import csv
import io
import sqlite3
from argparse import Namespace
from pathlib import Path

import openpyxl
import pytest
from aiogram.methods import SendDocument

from bot import administration, broadcasts
from bot.model import GrantedRole, ScopeKind
from bot.posts import RejectReason
from bot.runtime import cli
from bot.runtime.app import App
from bot.runtime.config import Settings
from bot.scopes import EVERYWHERE
from handlers.points_admin import ModerationAction, ModerationButton, RejectButton
from storage.db import fetch_value
from tests.handlers.test_points import COORDINATOR, POST, manual_moderation
from tests.support import updates
from tests.support.chat import feed, last_text, requests, texts_to
from tests.support.factories import NewMember, grant

ADMIN = 1


def audit_rows(app: App) -> list[dict[str, str]]:
    documents = [m for m in requests(app) if isinstance(m, SendDocument)]
    csv_doc = next(d for d in documents if d.document.filename.endswith(".csv"))
    assert csv_doc.document.data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(csv_doc.document.data.decode("utf-8-sig"))))


async def test_every_staff_act_is_one_row_of_the_audit_log_an_admin_exports(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await manual_moderation(app)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис")
    await feed(
        app,
        updates.text(COORDINATOR, "/grant_organiser 102 NSK-1"),
        updates.text(COORDINATOR, "/revoke_organiser 102 NSK-1"),
        updates.text(COORDINATOR, "/move 101 NSK-2"),
        updates.text(100, POST),
        updates.text(100, "https://t.me/vverh_news/7"),
    )
    async with app.db.reading() as conn:
        first, second = [r[0] for r in await conn.execute_fetchall("SELECT id FROM posts ORDER BY id")]
    await feed(
        app,
        updates.callback(COORDINATOR, ModerationButton(action=ModerationAction.APPROVE, p=first).pack()),
        # a repeat is no second act
        updates.callback(COORDINATOR, ModerationButton(action=ModerationAction.APPROVE, p=first).pack()),
        updates.callback(COORDINATOR, ModerationButton(action=ModerationAction.REJECT, p=second).pack()),
        updates.callback(COORDINATOR, RejectButton(p=second, r=RejectReason.UNAVAILABLE).pack()),
    )
    async with app.db.reading() as conn:
        entry = await fetch_value(conn, "SELECT id FROM ledger WHERE kind = 'post'")
    await feed(app, updates.text(COORDINATOR, f"/revoke {entry} пост удалён"))
    await broadcasts.queue_announcement(
        app.db, actor=await administration.load_actor(app.db, COORDINATOR, is_admin=False), scope=EVERYWHERE,
        text="Встреча в субботу", photo=None, now=app.clock.now(),
    )

    await feed(app, updates.text(ADMIN, "/audit"))
    rows = audit_rows(app)
    assert [r["action"] for r in rows] == [
        "grant_role", "revoke_role", "move", "approve_post", "reject_post", "revoke_entry", "announce",
    ]
    assert all(r["who_tg_id"] == str(COORDINATOR) and r["when_utc"].startswith("2026-12-10T09:00") for r in rows)
    granted, _, move, approve, reject, revoke, announce = rows
    assert granted["target_tg_id"] == "102" and granted["subject"] == "organiser@district:1"
    assert move["member_id"] == str(boris.id) and move["member"] == "Борис"
    assert approve["member"] == "Анна" and approve["subject"] == f"post:{first}"
    assert reject["reason"] == "unavailable"
    assert revoke["subject"] == f"ledger:{entry}" and revoke["reason"] == "пост удалён"
    assert revoke["member_id"] == str(anna.id)
    assert '"recipients": 2' in announce["details"]
    xlsx_doc = next(m for m in requests(app) if isinstance(m, SendDocument) and m.document.filename.endswith(".xlsx"))
    sheet = list(openpyxl.load_workbook(io.BytesIO(xlsx_doc.document.data), read_only=True).active.values)
    assert sheet[0][:4] == ("id", "when_utc", "who_tg_id", "action") and len(sheet) == 8


async def test_a_refused_act_leaves_no_row_and_only_admins_read_the_log(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, 2)            # Омск
    await new_member(101, "Борис")                                  # Новосибирск
    await feed(app, updates.text(COORDINATOR, "/move 101 NSK-2"), updates.text(COORDINATOR, "/audit"))
    assert texts_to(app, COORDINATOR) == [
        "Этот участник или этот округ вне вашей зоны ответственности.", "⛔ Эта команда вам недоступна."
    ]
    await feed(app, updates.text(ADMIN, "/audit"))
    assert last_text(app, ADMIN) == "Журнал пока пуст: координаторы ещё ничего не делали."


async def test_the_audit_log_is_append_only(new_member: NewMember, app: App) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(101, "Борис")
    await feed(app, updates.text(COORDINATOR, "/move 101 NSK-2"))
    async with app.db.transaction() as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            await conn.execute("UPDATE audit_log SET reason = 'x'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            await conn.execute("DELETE FROM audit_log")


async def test_export_audit_from_the_command_line(
    new_member: NewMember, app: App, settings: Settings, tmp_path: Path
) -> None:
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR)
    await new_member(101, "=HYPERLINK(1)")
    await feed(app, updates.text(COORDINATOR, "/move 101 NSK-2"))
    out = tmp_path / "audit.xlsx"
    assert await cli.run_command("export-audit", Namespace(out=out), settings) == 0
    sheet = list(openpyxl.load_workbook(out, read_only=True).active.values)
    assert sheet[1][3] == "move" and sheet[1][5] == "'=HYPERLINK(1)"
    with pytest.raises(cli.CliError, match="must end in .csv or .xlsx"):
        await cli.run_command("export-audit", Namespace(out=tmp_path / "audit.txt"), settings)
