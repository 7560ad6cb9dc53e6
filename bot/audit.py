"""The audit log: every staff act leaves one append-only row (SPEC §10).

Acts call `record` inside their own transaction, so an act and its row commit together or
not at all. Admins read the log as CSV or XLSX (`/audit`, `python -m bot export-audit --out FILE`).
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator, Mapping
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import aiosqlite

from bot.spreadsheets import cell_text
from storage import audit as audit_store
from storage.audit import AuditRow, Listed
from storage.db import Database


class AuditAction(StrEnum):
    GRANT_ROLE = "grant_role"
    REVOKE_ROLE = "revoke_role"
    MOVE = "move"
    APPROVE_POST = "approve_post"
    REJECT_POST = "reject_post"
    CONFIRM_MEETING = "confirm_meeting"
    REFUSE_MEETING = "refuse_meeting"
    REVOKE_ENTRY = "revoke_entry"
    ANNOUNCE = "announce"
    SUSPEND = "suspend"
    UNSUSPEND = "unsuspend"
    DISMISS_SIGNAL = "dismiss_signal"
    MARK_TRUSTED = "mark_trusted"
    UNMARK_TRUSTED = "unmark_trusted"
    SET_MODERATION = "set_moderation"


async def record(
    conn: aiosqlite.Connection,
    *,
    actor: int | None,
    action: AuditAction,
    now: datetime,
    member_id: int | None = None,
    target_tg_id: int | None = None,
    subject: str | None = None,
    reason: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> int:
    """Append who (`actor`, a tg id; None for the bot) did what to whom and why, inside the act's transaction."""
    return await audit_store.insert(conn, AuditRow(
        at=now, actor_tg_id=actor, action=str(action), member_id=member_id, target_tg_id=target_tg_id,
        subject=subject, reason=reason, details=details,
    ))


# Export

EXPORT_HEADER = ("id", "when_utc", "who_tg_id", "action", "member_id", "member", "target_tg_id", "subject",
                 "reason", "details")


async def rows(db: Database) -> AsyncIterator[Listed]:
    """The whole log in order, a batch at a time, so the bot keeps answering meanwhile."""
    after = 0
    while True:
        async with db.reading() as conn:
            batch = await audit_store.batch(conn, after_id=after)
        for row in batch:
            yield row
        if not batch:
            return
        after = batch[-1].id


def _cells(row: Listed) -> tuple[object, ...]:
    def text(value: str | None) -> str:
        return cell_text(value) if value else ""

    return (row.id, row.at.isoformat(), row.actor_tg_id or "", row.action, row.member_id or "", text(row.member_name),
            row.target_tg_id or "", text(row.subject), text(row.reason),
            text(row.details if row.details != "{}" else ""))


async def export_csv(db: Database) -> tuple[bytes, int]:
    """The log as CSV in UTF-8 with a BOM (Excel shows Cyrillic), and the number of rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(EXPORT_HEADER)
    count = 0
    async for row in rows(db):
        writer.writerow(_cells(row))
        count += 1
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8"), count


async def export_xlsx(db: Database) -> tuple[bytes, int]:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title="Audit")
    sheet.append(EXPORT_HEADER)
    count = 0
    async for row in rows(db):
        sheet.append(_cells(row))
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count


async def export_file(db: Database, path: Path) -> int:
    """Write the log to a .csv or .xlsx file; returns the number of rows written."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"unknown export format {suffix!r}: use .csv or .xlsx")
    data, count = await (export_csv(db) if suffix == ".csv" else export_xlsx(db))
    path.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(path.write_bytes, data)
    return count
