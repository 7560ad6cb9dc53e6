"""Coordinator tools of the foundation: district import, organisers, moving members, campaigns."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot import administration, formats, membership
from bot.administration import ImportResult
from bot.districts_csv import MAX_FILE_BYTES
from bot.i18n import I18n, Translator
from bot.membership import MoveRefusal
from bot.model import GrantedRole
from bot.roles import Actor, Role
from bot.runtime.config import Settings
from bot.runtime.filters import HasRole
from bot.texts import whole_lines
from handlers.cancel import cancel_markup
from handlers.grants import change_role, tell
from scheduler.clock import Clock
from storage import geo
from storage import members as member_store
from storage.db import Database

log = logging.getLogger(__name__)

router = Router(name=__name__)
router.message.filter(HasRole(Role.COORDINATOR))
router.callback_query.filter(HasRole(Role.COORDINATOR))

MAX_REPORTED_ERRORS = 30


class ImportDistricts(StatesGroup):
    file = State()


@router.message(Command("import_districts"))
async def import_prompt(message: Message, state: FSMContext, t: Translator) -> None:
    await state.set_state(ImportDistricts.file)
    await message.answer(t("import-send-file"), reply_markup=cancel_markup(t))


@router.message(
    F.document,
    F.document.file_name.lower().endswith(".csv")
    | F.document.mime_type.in_({"text/csv", "text/comma-separated-values"}),
)
async def import_file(message: Message, state: FSMContext, bot: Bot, db: Database, t: Translator, actor: Actor) -> None:
    await state.clear()
    document = message.document
    assert document is not None
    if document.file_size is not None and document.file_size > MAX_FILE_BYTES:
        await message.answer(t("import-too-large"))
        return
    buffer = await bot.download(document)
    assert buffer is not None
    result = await administration.import_districts(db, buffer.read(), actor)
    await message.answer(import_report(t, result))


@router.message(ImportDistricts.file)
async def import_not_a_file(message: Message, t: Translator) -> None:
    await message.answer(t("import-need-csv"))


def import_report(t: Translator, result: ImportResult) -> str:
    if not result.errors:
        return t("import-done", added=result.added, updated=result.updated)
    lines = [t("import-failed", count=len(result.errors))]
    for error in result.errors[:MAX_REPORTED_ERRORS]:
        problem = t(f"csv-{error.problem}", detail=error.detail)
        lines.append(t("import-error-line", line=error.line, problem=problem) if error.line else problem)
    return whole_lines(
        lines, more=lambda count: t("import-more-errors", count=count),
        left_out=max(0, len(result.errors) - MAX_REPORTED_ERRORS),
    )


@router.message(Command("grant_organiser", "revoke_organiser"))
async def organiser_role(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor, bot: Bot,
    i18n: I18n, settings: Settings,
) -> None:
    grant = command.command == "grant_organiser"
    await change_role(
        message, command, db, clock, t, actor, bot, i18n, settings, role=GrantedRole.ORGANISER, grant=grant
    )


@router.message(Command("move"))
async def move_member(
    message: Message, command: CommandObject, db: Database, clock: Clock, t: Translator, actor: Actor, bot: Bot,
    i18n: I18n,
) -> None:
    parts = (command.args or "").split()
    if len(parts) != 2:
        await message.answer(t("usage-move"))
        return
    tg_id = await administration.resolve_user(db, parts[0])
    async with db.reading() as conn:
        member = await member_store.get_by_tg(conn, tg_id) if tg_id is not None else None
        target = await geo.find_district(conn, parts[1])
    if member is None:
        text = t("grant-refused-unknown_user", who=parts[0]) if tg_id is None else t("move-refused-not_a_member")
        await message.answer(text)
        return
    if target is None:
        await message.answer(t("move-refused-unknown_district"))
        return
    result = await membership.change_district(
        db, actor=actor, member_id=member.id, district_id=target.id, self_service=False,
        now=clock.now(), today=clock.today(),
    )
    if isinstance(result, MoveRefusal):
        await message.answer(t(f"move-refused-{result}"))
        return
    await message.answer(
        t("move-coordinator-done", name=member.display_name, district=result.name, city=result.city_name)
    )
    if member.tg_id is not None and not await tell(
        bot, db, i18n, member.tg_id, "move-told", district=result.name, city=result.city_name
    ):
        await message.answer(t("role-not-told"))


@router.message(Command("campaigns"))
async def list_campaigns(message: Message, db: Database, clock: Clock, t: Translator) -> None:
    campaigns = await administration.list_campaigns(db)
    if not campaigns:
        await message.answer(t("campaigns-none"))
        return
    today = clock.today()
    lines = [t("campaigns-title")]
    for c in campaigns:
        state = "active" if c.is_open_on(today) else ("finished" if c.finished_at or c.ends_on < today else "planned")
        lines.append(t("campaigns-line", name=c.name, start=formats.date_text(c.starts_on),
                       end=formats.date_text(c.ends_on), state=t(f"campaign-{state}")))
    await message.answer(whole_lines(lines))
