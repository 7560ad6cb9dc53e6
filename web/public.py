"""The public rating (`/`, `/rating`, `/c/<campaign>`, `/embed`): readable without JavaScript.

Only a name, a team and points are public; a member who hid their name shows as a
member of their team and cannot be found by name. The page is one request, built from
a snapshot of the rating at most a minute old: the snapshot is rebuilt in the
background when it is older, so no visitor waits for it except the very first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from aiohttp import web

from bot import charts, formats
from bot.digest import local_day_starts
from bot.model import Campaign
from bot.posts import CampaignCache
from bot.runtime.throttling import FloodLimiter, Verdict
from bot.scoring import points
from scheduler.clock import Clock
from storage import campaigns as campaign_store
from storage import digest as digest_store
from storage import rating as rating_store
from storage import web as web_store
from storage.db import Database
from storage.rating import TeamStanding
from web import chart
from web.render import Pages, pick_lang

log = logging.getLogger(__name__)

TOP_N = 100
EMBED_TOP_N = 10
SNAPSHOT_TTL = 60.0          # seconds: the page is never older than this (plus one rebuild)
SEARCH_MIN, SEARCH_MAX, SEARCH_RESULTS = 2, 64, 10


@dataclass(frozen=True, slots=True)
class Snapshot:
    campaign: Campaign
    top: list[web_store.PublicRow]
    teams: list[TeamStanding]
    chart: chart.Chart | None
    built_at: datetime


@dataclass(frozen=True, slots=True)
class Found:
    name: str
    team: str
    city: str
    rank: int
    of: int
    units: int


DailyRows = list[tuple[date, int, int]]     # (local day, team, units earned that day)


async def past_days(db: Database, campaign: Campaign, team_ids: list[int], *, today: date, tz: ZoneInfo) -> DailyRows:
    """Points per team per day before `today`. They never change: a revocation is an entry of the day it is made."""
    last = min(today, campaign.ends_on + timedelta(days=1))
    if campaign.starts_on >= last:
        return []
    # The day after the last one closes the last day's interval; its own rows are left out.
    day_starts = local_day_starts(campaign.starts_on, last, tz)
    async with db.reading() as conn:
        rows = await digest_store.points_by_day(conn, campaign.id, team_ids, day_starts)
    return [row for row in rows if row[0] < last]


async def today_so_far(db: Database, campaign: Campaign, team_ids: list[int], *, today: date, tz: ZoneInfo
                       ) -> DailyRows:
    if not campaign.starts_on <= today <= campaign.ends_on:
        return []
    async with db.reading() as conn:
        return await digest_store.points_by_day(conn, campaign.id, team_ids, local_day_starts(today, today, tz))


class PublicRating:
    """The public pages and their cache."""

    def __init__(self, *, db: Database, clock: Clock, pages: Pages, campaigns: CampaignCache,
                 search_limiter: FloodLimiter, org_name: str) -> None:
        self.db = db
        self.clock = clock
        self.pages = pages
        self.campaigns = campaigns
        self.search_limiter = search_limiter
        self.org_name = org_name
        self._snapshots: dict[int, tuple[Snapshot, float]] = {}
        self._html: dict[tuple[int, str, str], tuple[str, datetime]] = {}
        self._building: dict[int, asyncio.Task[Snapshot]] = {}
        self._past: dict[int, tuple[date, DailyRows]] = {}

    async def build_snapshot(self, campaign: Campaign) -> Snapshot:
        """Everything the public page shows of one campaign.

        The chart's past days are read once a day, on a connection of their own (a scan of
        the campaign's ledger must not hold up searches); then only today's entries are read.
        """
        today, tz = self.clock.today(), self.clock.tz
        async with self.db.reading() as conn:
            top = await web_store.public_top(conn, campaign.id, TOP_N)
            teams = await rating_store.teams(conn, campaign.id)
        team_ids = [team.district_id for team in teams]
        past = self._past.get(campaign.id)
        if past is None or past[0] != today:
            history = await self._separately(lambda db: past_days(db, campaign, team_ids, today=today, tz=tz))
            past = self._past[campaign.id] = (today, history)
        daily = past[1] + await today_so_far(self.db, campaign, team_ids, today=today, tz=tz)
        last = min(today, campaign.ends_on)
        days = []
        day = campaign.starts_on
        while day <= last:
            days.append(day)
            day += timedelta(days=1)
        shown = [team for team in teams if team.units > 0][: charts.MAX_TEAMS]
        series = charts.cumulative(days, daily, [t.district_id for t in shown])
        drawn = chart.build(days, [(t.name, series[t.district_id]) for t in shown])
        return Snapshot(campaign=campaign, top=top, teams=teams, chart=drawn, built_at=self.clock.now())

    async def _separately(self, read: Callable[[Database], Awaitable[DailyRows]]) -> DailyRows:
        if str(self.db.path) == ":memory:":
            return await read(self.db)
        separate = await Database(self.db.path).connect(migrate=False)
        try:
            return await read(separate)
        finally:
            await separate.close()

    async def snapshot(self, campaign: Campaign) -> Snapshot:
        cached = self._snapshots.get(campaign.id)
        if cached is not None:
            if time.monotonic() - cached[1] > SNAPSHOT_TTL and campaign.id not in self._building:
                self._start_build(campaign)
            return cached[0]
        task = self._building.get(campaign.id) or self._start_build(campaign)
        return await asyncio.shield(task)

    def _start_build(self, campaign: Campaign) -> asyncio.Task[Snapshot]:
        async def build() -> Snapshot:
            try:
                built = await self.build_snapshot(campaign)
                self._snapshots[campaign.id] = (built, time.monotonic())
                return built
            finally:
                self._building.pop(campaign.id, None)

        task = asyncio.create_task(build(), name=f"public-rating-{campaign.id}")
        task.add_done_callback(_log_failure)
        self._building[campaign.id] = task
        return task

    async def close(self) -> None:
        for task in list(self._building.values()):
            task.cancel()
        await asyncio.gather(*self._building.values(), return_exceptions=True)

    async def _campaign(self, request: web.Request) -> Campaign:
        raw = request.match_info.get("campaign")
        if raw is None:
            campaign = await self.campaigns.get(self.db, now=self.clock.now(), today=self.clock.today())
        else:
            if not raw.isdigit() or len(raw) > 9:
                raise web.HTTPNotFound()
            async with self.db.reading() as conn:
                campaign = await campaign_store.get_campaign(conn, int(raw))
        if campaign is None:
            raise web.HTTPNotFound()
        return campaign

    async def rating(self, request: web.Request) -> web.Response:
        return await self._page(request, "full")

    async def embed(self, request: web.Request) -> web.Response:
        return await self._page(request, "embed")

    async def _page(self, request: web.Request, view: str) -> web.Response:
        locale = pick_lang(request, self.pages.i18n)
        try:
            campaign = await self._campaign(request)
        except web.HTTPNotFound:
            if request.match_info.get("campaign") is not None:
                raise
            html = self.pages.render("no_campaign.html", locale, org=self.org_name, lang_param=_lang_param(request))
            return web.Response(text=html, content_type="text/html")
        snapshot = await self.snapshot(campaign)
        query = " ".join(request.query.get("q", "").split())[:SEARCH_MAX] if view == "full" else ""
        if query:
            return await self._search_page(request, locale, snapshot, query)
        key = (campaign.id, locale, view + _lang_param(request))
        cached = self._html.get(key)
        if cached is None or cached[1] != snapshot.built_at:
            html = self._render(request, locale, snapshot, view, query="", found=None, refused=None)
            self._html[key] = cached = (html, snapshot.built_at)
        return web.Response(text=cached[0], content_type="text/html",
                            headers={"Cache-Control": "public, max-age=60"})

    async def _search_page(self, request: web.Request, locale: str, snapshot: Snapshot, query: str) -> web.Response:
        refused = None
        found: list[Found] | None = None
        if self.search_limiter.check(request.remote or "?", self.clock.monotonic()) is not Verdict.PASS:
            refused = "web-search-too-often"
        elif len(query) < SEARCH_MIN:
            refused = "web-search-too-short"
        else:
            found = await self.find(snapshot.campaign, query)
        html = self._render(request, locale, snapshot, "full", query=query, found=found, refused=refused)
        status = 429 if refused == "web-search-too-often" else 200
        return web.Response(text=html, content_type="text/html", status=status,
                            headers={"Cache-Control": "no-store"})

    async def find(self, campaign: Campaign, query: str) -> list[Found]:
        """Members whose name starts with what was typed, as people type names: any capitalisation."""
        variants = list(dict.fromkeys([query, query[:1].upper() + query[1:], query.title(), query.lower()]))
        async with self.db.reading() as conn:
            matches = await web_store.find_by_name(conn, campaign.id, variants, SEARCH_RESULTS)
            found = []
            for match in matches:
                standing = await rating_store.standing(conn, campaign.id, match.member_id)
                if standing is not None:
                    found.append(Found(match.name, match.team, match.city, standing.rank, standing.of,
                                       standing.units))
        return sorted(found, key=lambda f: f.rank)

    def _render(self, request: web.Request, locale: str, snapshot: Snapshot, view: str, *, query: str,
                found: list[Found] | None, refused: str | None) -> str:
        campaign = snapshot.campaign
        top = snapshot.top if view == "full" else snapshot.top[:EMBED_TOP_N]
        teams = snapshot.teams if view == "full" else snapshot.teams[:EMBED_TOP_N]
        rules = rules_lines(campaign, self.pages.i18n.get(locale).decimal_mark)
        return self.pages.render(
            "rating.html" if view == "full" else "embed.html", locale,
            org=self.org_name, campaign=campaign, top=top, teams=teams, chart=snapshot.chart, rules=rules,
            query=query, found=found, refused=refused, path=request.path, lang_param=_lang_param(request),
            updated=formats.clock_time(snapshot.built_at, self.clock.tz),
            full_url=f"/c/{campaign.id}",
        )


def rules_lines(campaign: Campaign, decimal_mark: str) -> list[tuple[str, dict[str, object]]]:
    """The campaign's dates and scoring in four lines, as (text key, arguments)."""
    def amount(units: int) -> dict[str, object]:
        return {"points": formats.points_text(units, decimal_mark), "n": points(units)}

    return [
        ("web-rules-dates", {"name": campaign.name, "start": formats.date_text(campaign.starts_on),
                             "end": formats.date_text(campaign.ends_on)}),
        ("web-rules-post", amount(campaign.post_units)),
        ("web-rules-meeting", amount(campaign.meeting_units)),
        ("web-rules-referral", {**amount(campaign.referral_units), "pct": str(campaign.referral_share_pct)}),
    ]


def _lang_param(request: web.Request) -> str:
    lang = request.query.get("lang", "")
    return f"lang={lang}" if lang in ("ru", "en") else ""


def _log_failure(task: asyncio.Task[Snapshot]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the public rating could not be built", exc_info=task.exception())
