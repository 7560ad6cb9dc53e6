"""The coordinators' digest: their scope's figures, teams, leaders and a chart of points by team."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from zoneinfo import ZoneInfo

import aiosqlite

from bot import charts, surveys
from bot.broadcasts import Kind, Queued
from bot.formats import date_text
from bot.i18n import I18n, Translator
from bot.model import Campaign
from bot.scopes import EVERYWHERE, Scope, ScopeKind
from bot.scoring import format_points
from bot.texts import whole_lines
from storage import campaigns as campaign_store
from storage import digest as digest_store
from storage import geo, placings
from storage import outbox as outbox_store
from storage import scopes as scope_store
from storage import signals as signal_store
from storage.db import Database

TOP_MEMBERS = 10
MAX_TEAM_LINES = 20


class DigestRefusal(StrEnum):
    NO_CAMPAIGN = "no_campaign"
    ALREADY_DONE = "already_done"


@dataclass(frozen=True, slots=True)
class Audience:
    """A coordinator (or admin) and everything they coordinate."""

    tg_id: int
    scope: Scope
    locale: str | None


@dataclass(frozen=True, slots=True)
class DigestData:
    campaign: Campaign
    day: date
    district_ids: list[int] | None
    figures: digest_store.ScopeFigures
    teams: list[digest_store.TeamLine]
    leaders: list[placings.Leader]
    chart_days: list[date]
    chart_series: dict[str, list[int]]
    open_signals: int = 0          # fraud signals waiting for a coordinator of this scope
    surveys: list[surveys.OpenSurvey] = field(default_factory=list)


async def coordinator_audience(conn: aiosqlite.Connection, admin_ids: Iterable[int]) -> list[Audience]:
    """Every coordinator with the union of their scopes; admins coordinate everything."""
    scopes: dict[int, Scope] = {}
    locales: dict[int, str | None] = {}
    for grant in await digest_store.coordinator_grants(conn):
        scopes[grant.tg_id] = scopes.get(grant.tg_id, Scope()) | Scope.named(grant.scope_kind, grant.scope_id)
        locales[grant.tg_id] = grant.locale
    for admin_id in admin_ids:
        scopes[admin_id] = EVERYWHERE
        if admin_id not in locales:
            locales[admin_id] = await outbox_store.locale_of(conn, admin_id)
    return [Audience(tg_id, scope, locales.get(tg_id)) for tg_id, scope in sorted(scopes.items())]


async def scope_label(conn: aiosqlite.Connection, t: Translator, scope: Scope) -> str:
    names = []
    for kind, scope_id in scope.pairs():
        if kind == ScopeKind.ALL:
            return t("scope-all")
        if kind == ScopeKind.CITY:
            city = await geo.get_city(conn, scope_id)
            names.append(city.name if city else f"#{scope_id}")
        else:
            district = await geo.get_district(conn, scope_id)
            names.append(district.name if district else f"#{scope_id}")
    return ", ".join(names)


def local_day_starts(first: date, last: date, tz: ZoneInfo) -> list[tuple[date, datetime]]:
    """(local day, the moment it starts) for each day from first to last."""
    days = []
    day = first
    while day <= last:
        days.append((day, datetime.combine(day, time(0), tz)))
        day += timedelta(days=1)
    return days


async def collect(
    conn: aiosqlite.Connection, *, campaign: Campaign, scope: Scope, now: datetime, today: date,
    tz: ZoneInfo,
) -> DigestData:
    district_ids = await scope_store.district_ids(conn, scope)
    since = now - timedelta(days=1)
    figures = await digest_store.figures(conn, campaign.id, scope, since)
    teams = await digest_store.teams(conn, campaign.id, scope, since)
    leaders = await placings.leaders(conn, campaign.id, scope, TOP_MEMBERS)
    last = min(today, campaign.ends_on)
    day_starts = local_day_starts(campaign.starts_on, last, tz) if campaign.starts_on <= last else []
    shown = [team for team in teams if team.units > 0][: charts.MAX_TEAMS]
    daily = await digest_store.points_by_day(conn, campaign.id, [team.district_id for team in shown], day_starts)
    chart_days = [day for day, _ in day_starts]
    series = charts.cumulative(chart_days, daily, [team.district_id for team in shown])
    return DigestData(
        campaign=campaign, day=today, district_ids=district_ids, figures=figures, teams=teams, leaders=leaders,
        chart_days=chart_days, chart_series={team.name: series[team.district_id] for team in shown},
        open_signals=await signal_store.count_open(conn, district_ids),
        surveys=await surveys.open_surveys(conn, district_ids, now=now, tz=tz),
    )


def digest_text(t: Translator, data: DigestData, label: str) -> str:
    f = data.figures
    lines = [
        t("digest-title", scope=label, date=date_text(data.day)),
        t("digest-campaign", campaign=data.campaign.name),
        t("digest-members", total=str(f.members), new=str(f.new_members)),
        t("digest-posts", total=str(f.posts), new=str(f.new_posts)),
        t("digest-pending", pending=str(f.pending_posts)),
        t("digest-signals", count=data.open_signals),
        t("digest-checkins", total=str(f.checkins), new=str(f.new_checkins)),
        *(t("digest-survey-line", title=s.title, answered=s.answered, of=str(s.recipients), ends=s.ends)
          for s in data.surveys),
        "",
        t("digest-teams-title"),
    ]
    if not data.teams:
        lines.append(t("digest-none"))
    for number, team in enumerate(data.teams[:MAX_TEAM_LINES], start=1):
        lines.append(t(
            "digest-team-line", place=str(number), team=team.name, city=team.city,
            points=format_points(team.units), recent=format_points(team.recent_units),
        ))
    if len(data.teams) > MAX_TEAM_LINES:
        lines.append(t("digest-more-teams", count=str(len(data.teams) - MAX_TEAM_LINES)))
    lines += ["", t("digest-leaders-title")]
    if not data.leaders:
        lines.append(t("digest-none"))
    for leader in data.leaders:
        lines.append(t(
            "digest-leader-line", place=str(leader.place), name=leader.name, team=leader.district,
            points=format_points(leader.units),
        ))
    return whole_lines(lines)


def chart_png(t: Translator, data: DigestData) -> bytes:
    return charts.render_png(
        data.chart_days, data.chart_series, title=t("digest-chart-title", campaign=data.campaign.name),
        ylabel=t("digest-chart-axis"), first=data.campaign.starts_on, last=data.campaign.ends_on,
        empty=t("digest-chart-empty"), decimal_mark=t.decimal_mark,
    )


async def digest_now(
    db: Database, i18n: I18n, *, locale: str | None, scope: Scope, now: datetime, today: date,
    tz: ZoneInfo,
) -> tuple[str, bytes] | DigestRefusal:
    """One coordinator's digest for their scope, now: the text and the chart."""
    t = i18n.get(locale)
    async with db.reading() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None or campaign.starts_on > today:
            return DigestRefusal.NO_CAMPAIGN
        data = await collect(conn, campaign=campaign, scope=scope, now=now, today=today, tz=tz)
        label = await scope_label(conn, t, scope)
    png = await asyncio.to_thread(chart_png, t, data)
    return digest_text(t, data, label), png


def digest_run_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


async def queue_daily_digests(
    db: Database, i18n: I18n, *, admin_ids: Iterable[int], now: datetime, today: date, tz: ZoneInfo,
    files_dir: Path,
) -> Queued | DigestRefusal:
    """Today's digest to every coordinator, through the outbox, at most once per day."""
    async with db.reading() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None or not campaign.is_open_on(today):
            return DigestRefusal.NO_CAMPAIGN
        if await outbox_store.run_started_at(conn, digest_run_key(today)) is not None:
            return DigestRefusal.ALREADY_DONE
        audience = await coordinator_audience(conn, admin_ids)
        scopes: dict[Scope, DigestData] = {}
        labels: dict[tuple[Scope, str | None], str] = {}
        for person in audience:
            if person.scope not in scopes:
                scopes[person.scope] = await collect(
                    conn, campaign=campaign, scope=person.scope, now=now, today=today, tz=tz
                )
            t = i18n.get(person.locale)
            if (person.scope, t.locale) not in labels:
                labels[person.scope, t.locale] = await scope_label(conn, t, person.scope)
    await asyncio.to_thread(files_dir.mkdir, parents=True, exist_ok=True)
    charts_by_scope: dict[tuple[Scope, str], Path] = {}
    rows = []
    for person in audience:
        t = i18n.get(person.locale)
        data = scopes[person.scope]
        key = (person.scope, t.locale)
        if key not in charts_by_scope:
            name = hashlib.sha256(repr((person.scope.pairs(), t.locale)).encode()).hexdigest()[:16]
            path = files_dir / f"digest-{today.isoformat()}-{name}.png"
            await asyncio.to_thread(path.write_bytes, await asyncio.to_thread(chart_png, t, data))
            charts_by_scope[key] = path
        rows.append((person.tg_id, None, {"method": "sendMessage", "text": digest_text(t, data, labels[key])}))
        rows.append((person.tg_id, None, {"method": "sendPhoto", "photo_path": str(charts_by_scope[key]),
                                          "caption": t("digest-chart-caption")}))
    async with db.transaction() as conn:
        if not await outbox_store.claim_run(conn, digest_run_key(today), now):
            return DigestRefusal.ALREADY_DONE
        broadcast_id = await outbox_store.create_broadcast(
            conn, kind=Kind.DIGEST, run_key=digest_run_key(today), payload={}, now=now
        )
        await outbox_store.add_rows(conn, broadcast_id, rows)
        await outbox_store.drop_if_empty(conn, broadcast_id, now)
    return Queued(broadcast_id, len(audience))
