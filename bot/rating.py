"""What /me, /rating and /team show, and the rating export (CSV with BOM, XLSX)."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from bot.i18n import Translator
from bot.model import Campaign, Member
from bot.posts import CampaignCache
from bot.scopes import EVERYWHERE, Scope
from bot.scoring import UNITS_PER_POINT, Kind, format_points
from bot.spreadsheets import cell_text
from storage import members as member_store
from storage import rating as rating_store
from storage import scopes as scope_store
from storage.db import Database
from storage.rating import ExportRow, RatedMember, Standing, TeamStanding

TOP_N = 10


def overtake_units(standing: Standing) -> int | None:
    """Units the member still needs to pass the member one place up; None for the leader.

    Equal totals are ordered by who reached them first, so passing takes one tenth more.
    """
    if standing.ahead_units is None:
        return None
    return standing.ahead_units - standing.units + 1


@dataclass(frozen=True, slots=True)
class MyPoints:
    campaign: Campaign | None
    standing: Standing | None
    breakdown: dict[str, int]
    referrals: int


async def my_points(db: Database, campaigns: CampaignCache, *, member: Member, now: datetime, today: date) -> MyPoints:
    """Everything /me shows about points, in one read."""
    campaign = await campaigns.get(db, now=now, today=today)
    async with db.reading() as conn:
        referrals = await member_store.count_referrals(conn, member.id)
        if campaign is None:
            return MyPoints(None, None, {}, referrals)
        standing = await rating_store.standing(conn, campaign.id, member.id)
        breakdown = await rating_store.breakdown(conn, campaign.id, member.id)
    return MyPoints(campaign, standing, breakdown, referrals)


@dataclass(frozen=True, slots=True)
class RatingView:
    campaign: Campaign
    top: list[RatedMember]
    mine: Standing | None
    teams: list[TeamStanding]


async def rating_view(
    db: Database, campaigns: CampaignCache, *, member: Member | None, now: datetime, today: date
) -> RatingView | None:
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return None
    async with db.reading() as conn:
        top = await rating_store.top(conn, campaign.id, TOP_N)
        mine = await rating_store.standing(conn, campaign.id, member.id) if member else None
        teams = await rating_store.teams(conn, campaign.id)
    return RatingView(campaign, top, mine, teams)


@dataclass(frozen=True, slots=True)
class TeamView:
    campaign: Campaign
    team: TeamStanding
    teams: int
    top: list[RatedMember]
    mine: Standing | None


async def team_view(
    db: Database, campaigns: CampaignCache, *, member: Member, now: datetime, today: date
) -> TeamView | None:
    campaign = await campaigns.get(db, now=now, today=today)
    if campaign is None:
        return None
    async with db.reading() as conn:
        teams = await rating_store.teams(conn, campaign.id)
        top = await rating_store.top(conn, campaign.id, TOP_N, district_id=member.district_id)
        mine = await rating_store.standing(conn, campaign.id, member.id)
    team = next((t for t in teams if t.district_id == member.district_id), None)
    if team is None:
        return None
    return TeamView(campaign, team, len(teams), top, mine)


# Export

# A column of points per group of ledger kinds; every kind is in one (a test checks it).
EXPORT_KIND_COLUMNS: tuple[tuple[str, frozenset[Kind]], ...] = (
    ("posts", frozenset({Kind.POST})),
    ("meetings", frozenset({Kind.MEETING})),
    ("surveys", frozenset({Kind.SURVEY})),
    ("referrals", frozenset({Kind.REFERRAL, Kind.REFERRAL_SHARE})),
)
# Column headers come from the locale (export-col-…): a Russian deployment reads Russian headers.
EXPORT_COLUMNS = ("rank", "member_id", "name", "district_code", "district", "city", "points",
                  *(column for column, _ in EXPORT_KIND_COLUMNS))


def export_header(t: Translator) -> list[str]:
    return [t(f"export-col-{column}") for column in EXPORT_COLUMNS]


def _cells(row: ExportRow) -> tuple[object, ...]:
    return (row.rank, row.member_id, cell_text(row.name), cell_text(row.district_code), cell_text(row.district),
            cell_text(row.city), _number(row.units),
            *(_number(sum(row.units_by_kind.get(kind, 0) for kind in kinds)) for _, kinds in EXPORT_KIND_COLUMNS))


def _number(units: int) -> int | float:
    # Spreadsheets sort numbers, not text; tenths are exact in a float at these sizes.
    return units // UNITS_PER_POINT if units % UNITS_PER_POINT == 0 else float(format_points(units))


async def export_rows(db: Database, campaign: Campaign, *, scope: Scope = EVERYWHERE) -> AsyncIterator[ExportRow]:
    """The rating in order with overall ranks, read a batch at a time so the bot keeps answering
    meanwhile and memory stays flat. Only the members of the scope's teams are listed."""
    async with db.reading() as conn:
        ids = await scope_store.district_ids(conn, scope)
    districts = None if ids is None else set(ids)
    rank = 0
    after = None
    while True:
        async with db.reading() as conn:
            batch, after = await rating_store.export_batch(conn, campaign.id, after=after)
        for district_id, row in batch:
            rank += 1
            if districts is None or district_id in districts:
                yield replace(row, rank=rank)
        if after is None:
            return


async def export_csv(db: Database, campaign: Campaign, t: Translator, *, scope: Scope = EVERYWHERE) -> bytes:
    """The rating as CSV in UTF-8 with a BOM, so Excel shows Cyrillic names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export_header(t))
    async for row in export_rows(db, campaign, scope=scope):
        writer.writerow(_cells(row))
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


async def export_xlsx(db: Database, campaign: Campaign, t: Translator, *, scope: Scope = EVERYWHERE) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=t("export-sheet")[:31])
    sheet.append(export_header(t))
    async for row in export_rows(db, campaign, scope=scope):
        sheet.append(_cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


async def export_file(db: Database, campaign: Campaign, path: Path, t: Translator) -> int:
    """Write the rating to a .csv or .xlsx file; returns the number of members written."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(f"unknown export format {suffix!r}: use .csv or .xlsx")
    data = await (export_csv(db, campaign, t) if suffix == ".csv" else export_xlsx(db, campaign, t))
    path.parent.mkdir(parents=True, exist_ok=True)
    await asyncio.to_thread(path.write_bytes, data)
    async with db.reading() as conn:
        return await rating_store.rated_members(conn, campaign.id)
