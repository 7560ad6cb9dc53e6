"""Admins read the audit log of staff acts: /audit sends it as CSV and XLSX."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, Message

from bot import audit
from bot.i18n import Translator
from bot.roles import Role
from bot.runtime.filters import HasRole
from scheduler.clock import Clock
from storage.db import Database

router = Router(name=__name__)
router.message.filter(HasRole(Role.ADMIN))


@router.message(Command("audit"))
async def export_audit(message: Message, db: Database, clock: Clock, t: Translator) -> None:
    csv_data, count = await audit.export_csv(db)
    if count == 0:
        await message.answer(t("audit-empty"))
        return
    xlsx_data, _ = await audit.export_xlsx(db)
    stem = f"audit-{clock.today().isoformat()}"
    await message.answer_document(
        BufferedInputFile(csv_data, filename=f"{stem}.csv"), caption=t("audit-caption", count=count)
    )
    await message.answer_document(BufferedInputFile(xlsx_data, filename=f"{stem}.xlsx"))
