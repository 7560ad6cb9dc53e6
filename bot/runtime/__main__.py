"""`python -m bot [run|migrate|import-districts|campaign|export-rating|export-audit|backup|restore]`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.model import MeetingsMode, ModerationMode
from bot.posts import DEFAULT_MODERATION
from bot.runtime.config import ConfigError, Settings, load_settings
from bot.runtime.context import setup_logging
from storage.lock import DatabaseBusy

log = logging.getLogger("vverh")


def _points(text: str) -> int:
    """Points as typed ("5", "0.5", "0,5") in units (tenths); at most one decimal, 0 to 100."""
    from decimal import Decimal, InvalidOperation

    from bot.scoring import UNITS_PER_POINT

    try:
        units = Decimal(text.strip().replace(",", ".")) * UNITS_PER_POINT
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a number of points: {text!r}") from None
    if units != units.to_integral_value() or not 0 <= units <= 100 * UNITS_PER_POINT:
        raise argparse.ArgumentTypeError("survey points must be between 0 and 100, with at most one decimal")
    return int(units)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Vverh campaign bot")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("run", help="run the bot (the default)")
    sub.add_parser("migrate", help="create or upgrade the database schema")
    imp = sub.add_parser("import-districts", help="import districts from a CSV file: code,name,city")
    imp.add_argument("file", type=Path)
    campaign = sub.add_parser("campaign", help="manage campaigns")
    csub = campaign.add_subparsers(dest="action", required=True)
    create = csub.add_parser("create", help="create a campaign")
    create.add_argument("--name", required=True)
    create.add_argument("--start", required=True, type=_date, help="YYYY-MM-DD")
    create.add_argument("--end", required=True, type=_date, help="YYYY-MM-DD")
    create.add_argument(
        "--moderation", type=ModerationMode, choices=list(ModerationMode), default=DEFAULT_MODERATION,
        help="manual (the default): a coordinator approves each post, except trusted members'; auto: at once",
    )
    create.add_argument(
        "--meetings", type=MeetingsMode, choices=list(MeetingsMode), default=MeetingsMode.AUTO,
        help="confirmed: meeting points wait until a coordinator confirms the organiser's report",
    )
    create.add_argument(
        "--owner-must-be-linked", action="store_true",
        help="a verified post must belong to one of the member's linked profiles (where its link names the owner)",
    )
    create.add_argument(
        "--survey-points", type=_points, default=0, help="points for a complete answer to a survey (default 0)"
    )
    csub.add_parser("list", help="list campaigns")
    export = sub.add_parser("export-rating", help="export the current campaign's rating to .csv or .xlsx")
    export.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")
    audit = sub.add_parser("export-audit", help="export the audit log of staff acts to .csv or .xlsx")
    audit.add_argument("--out", required=True, type=Path, help="FILE.csv or FILE.xlsx")
    backup = sub.add_parser("backup", help="online backup of the database (safe while the bot runs)")
    backup.add_argument("file", type=Path)
    restore = sub.add_parser(
        "restore", help="replace the database with a backup (the bot must be stopped; the old file is kept as .bak)"
    )
    restore.add_argument("file", type=Path)
    return parser


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as error:
        print(f"vverh: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level)
    from bot.runtime import cli

    command = args.command or "run"
    try:
        if command == "run":
            from bot.runtime.app import run

            settings.require_token()
            asyncio.run(run(settings))
            return 0
        return asyncio.run(cli.run_command(command, args, settings))
    except KeyboardInterrupt:
        return 130
    except ConfigError as error:
        print(f"vverh: {error}", file=sys.stderr)
        return 2
    except cli.CliError as error:
        print(f"vverh: {error}", file=sys.stderr)
        return 1
    except DatabaseBusy as error:
        print(f"vverh: {error}; is the bot already running?", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["main", "Settings"]
