"""Command-line administration beside the bot."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from bot import administration, audit, rating
from bot.administration import CampaignRefusal
from bot.i18n import I18n
from bot.runtime.config import Settings
from scheduler.clock import Clock
from storage import restore
from storage.db import Database
from storage.lock import DatabaseBusy, DatabaseLock


class CliError(Exception):
    """A failure to report as one line."""


async def run_command(command: str, args: argparse.Namespace, settings: Settings) -> int:
    if command == "restore":
        return await _restore(args.file, settings)
    db = await Database(settings.database_path).connect()
    try:
        if command == "migrate":
            version = await db.migrate()
            print(f"database {settings.database_path} is at schema version {version}")
        elif command == "import-districts":
            return await _import(db, args.file, settings)
        elif command == "campaign":
            return await _campaign(db, args, settings)
        elif command == "export-rating":
            return await _export(db, args.out, settings)
        elif command == "export-audit":
            return await _export_audit(db, args.out)
        elif command == "backup":
            await db.backup(args.file)
            print(f"backup written to {args.file}")
        return 0
    finally:
        await db.close()


async def _import(db: Database, file: Path, settings: Settings) -> int:
    try:
        data = await asyncio.to_thread(file.read_bytes)
    except OSError as error:
        raise CliError(f"cannot read {file}: {error.strerror}") from None
    result = await administration.import_districts(db, data)
    t = I18n(settings.default_locale).get("en")
    if result.errors:
        for error in result.errors:
            problem = t(f"csv-{error.problem}", detail=error.detail)
            print(f"{file}:{error.line}: {problem}" if error.line else f"{file}: {problem}")
        print(f"nothing imported: {len(result.errors)} bad row(s)")
        return 1
    print(f"districts imported: {result.added} added, {result.updated} updated")
    return 0


async def _campaign(db: Database, args: argparse.Namespace, settings: Settings) -> int:
    clock = Clock(settings.tz)
    if args.action == "create":
        result = await administration.create_campaign(
            db, name=args.name, starts_on=args.start, ends_on=args.end, moderation=args.moderation, now=clock.now(),
            meetings=args.meetings,
            survey_units=args.survey_points, owner_must_be_linked=args.owner_must_be_linked,
        )
        if isinstance(result, CampaignRefusal):
            messages = {
                CampaignRefusal.BAD_DATES: "the end date is before the start date",
                CampaignRefusal.OVERLAPS: "it overlaps another campaign (only one may run at a time)",
                CampaignRefusal.EMPTY_NAME: "the name is empty",
            }
            raise CliError(f"campaign not created: {messages[result]}")
        print(f"campaign #{result.id} {result.name!r}: {result.starts_on} .. {result.ends_on}")
        return 0
    today = clock.today()
    campaigns = await administration.list_campaigns(db)
    if not campaigns:
        print("no campaigns yet")
    for c in campaigns:
        state = "active" if c.is_open_on(today) else ("finished" if c.finished_at or c.ends_on < today else "planned")
        linked = "yes" if c.owner_must_be_linked else "no"
        print(f"#{c.id}\t{c.name}\t{c.starts_on}\t{c.ends_on}\t{state}\tmoderation={c.moderation}"
              f"\towner_must_be_linked={linked}\tmeetings={c.meetings}")
    return 0


async def _export(db: Database, out: Path, settings: Settings) -> int:
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CliError(f"cannot export to {out}: the file must end in .csv or .xlsx")
    campaign = await administration.current_campaign(db, Clock(settings.tz).today())
    if campaign is None:
        raise CliError("nothing to export: there are no campaigns yet")
    try:
        count = await rating.export_file(db, campaign, out, I18n(settings.default_locale).get(settings.default_locale))
    except OSError as error:
        raise CliError(f"cannot write {out}: {error.strerror}") from None
    print(f"rating of {campaign.name!r} exported to {out}: {count} members")
    return 0


async def _export_audit(db: Database, out: Path) -> int:
    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise CliError(f"cannot export to {out}: the file must end in .csv or .xlsx")
    try:
        count = await audit.export_file(db, out)
    except OSError as error:
        raise CliError(f"cannot write {out}: {error.strerror}") from None
    print(f"audit log exported to {out}: {count} rows")
    return 0


_RESTORE_REFUSALS = {
    restore.RestoreRefusal.NOT_FOUND: "no such file",
    restore.RestoreRefusal.NOT_A_DATABASE: "not an SQLite database",
    restore.RestoreRefusal.DAMAGED: "the file is damaged (integrity check failed)",
    restore.RestoreRefusal.NOT_OURS: "not a Vverh database",
    restore.RestoreRefusal.NEWER_SCHEMA: "made by a newer version of the bot; upgrade the bot first",
    restore.RestoreRefusal.SAME_FILE: "that is the database itself",
}


async def _restore(file: Path, settings: Settings) -> int:
    target = settings.database_path
    try:
        lock = DatabaseLock(target).acquire()
    except DatabaseBusy as error:
        pid = f" (pid {error.holder})" if error.holder else ""
        raise CliError(f"the bot is running on {target}{pid}: stop it first, then restore") from None
    try:
        result = await asyncio.to_thread(restore.restore, file, target, now=Clock(settings.tz).now())
    finally:
        lock.release()
    if isinstance(result, restore.RestoreRefusal):
        raise CliError(f"not restored from {file}: {_RESTORE_REFUSALS[result]}; the database is unchanged")
    print(f"restored {file} into {target}: schema version {result.schema_version}, {result.members} members")
    if result.previous is not None:
        print(f"the previous database is kept as {result.previous}")
    print("start the bot as usual; it upgrades the schema if the backup is older")
    return 0
