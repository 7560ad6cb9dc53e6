"""Scheduled work: the daily rating, the coordinators' digest, the campaign's end, the outbox pump.

APScheduler fires the jobs at local times; each job's outcome is decided by the injected
`Clock` and by once-per-key marks in the database, so a restart neither repeats a run nor
loses one: on start, a run that was due today and not done runs at once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot import broadcasts, campaign_end, digest, signals
from bot.broadcasts import Queued, RatingRefusal
from bot.digest import DigestRefusal
from bot.i18n import I18n
from bot.runtime.config import Settings
from scheduler.clock import Clock
from scheduler.outbox import OutboxSender
from storage.db import Database

log = logging.getLogger(__name__)

RATING_JOB = "daily-rating"
DIGEST_JOB = "daily-digest"
CAMPAIGN_END_JOB = "campaign-end"
PUMP_JOB = "outbox-pump"
SIGNALS_JOB = "fraud-signals"
SIGNALS_AT = time(3, 30)      # local time of the nightly pass; the digest runs one too
MISFIRE_GRACE = 6 * 3600      # a late run is still wanted the same day
PUMP_SECONDS = 30


class Jobs:
    """What each scheduled job does, with time from the clock (tests inject a frozen one)."""

    def __init__(
        self, *, settings: Settings, db: Database, i18n: I18n, clock: Clock, outbox: OutboxSender, files_dir: Path
    ) -> None:
        self.settings = settings
        self.db = db
        self.i18n = i18n
        self.clock = clock
        self.outbox = outbox
        self.files_dir = files_dir

    def is_due(self, at: time) -> bool:
        """Whether today's run at local time `at` should have happened by now."""
        return self.clock.local_now().time().replace(tzinfo=None) >= at

    async def daily_rating(self, *, initiator_tg_id: int | None = None) -> Queued | RatingRefusal:
        result = await broadcasts.queue_daily_rating(
            self.db, today=self.clock.today(), now=self.clock.now(), initiator_tg_id=initiator_tg_id
        )
        if isinstance(result, Queued):
            log.info("daily rating queued for %d member(s)", result.recipients)
            self.outbox.wake()
        return result

    async def fraud_signals(self) -> int:
        """The daily pass over the data for fraud signals (coordinators see them in /flags and the digest)."""
        found = await signals.run_pass(
            self.db, now=self.clock.now(), today=self.clock.today(),
            referrals_per_day=self.settings.flag_referrals_per_day,
        )
        if found:
            log.info("fraud signals: %d new", found)
        return found

    async def daily_digest(self) -> Queued | DigestRefusal:
        try:
            await self.fraud_signals()      # the digest counts today's signals
        except Exception:  # noqa: BLE001 - a failed pass must not cost the coordinators their digest
            log.exception("the fraud signal pass failed")
        result = await digest.queue_daily_digests(
            self.db, self.i18n, admin_ids=self.settings.admin_ids, now=self.clock.now(), today=self.clock.today(),
            tz=self.clock.tz, files_dir=self.files_dir,
        )
        if isinstance(result, Queued):
            log.info("daily digest queued for %d coordinator(s)", result.recipients)
            self.outbox.wake()
        return result

    async def campaign_end(self) -> list[campaign_end.Finished]:
        finished = await campaign_end.finish_due_campaigns(
            self.db, self.i18n, today=self.clock.today(), now=self.clock.now(), admin_ids=self.settings.admin_ids,
            reserve_top_n=self.settings.reserve_top_n, files_dir=self.files_dir,
        )
        for item in finished:
            log.info("campaign %r finished: %d member(s), %d coordinator(s) notified",
                     item.campaign.name, item.members, item.coordinators)
        if finished:
            self.outbox.wake()
        return finished

    async def pump(self) -> None:
        self.outbox.wake()

    async def catch_up(self) -> None:
        """On start: finish an ended campaign, and run today's rating and digest if their time has passed."""
        await self.campaign_end()
        if self.is_due(self.settings.broadcast_time):
            await self.daily_rating()
        if self.is_due(self.settings.digest_time):
            await self.daily_digest()


def build_scheduler(jobs: Jobs, settings: Settings) -> AsyncIOScheduler:
    """Every job with a stable id; late runs coalesce into one and are still made within the grace time."""
    tz = ZoneInfo(settings.timezone)
    scheduler = AsyncIOScheduler(timezone=tz)
    options = {"replace_existing": True, "coalesce": True, "misfire_grace_time": MISFIRE_GRACE, "max_instances": 1}
    rating_at, digest_at = settings.broadcast_time, settings.digest_time
    scheduler.add_job(
        jobs.daily_rating,
        CronTrigger(hour=rating_at.hour, minute=rating_at.minute, second=rating_at.second, timezone=tz),
        id=RATING_JOB, name="daily rating broadcast", **options,
    )
    scheduler.add_job(
        jobs.daily_digest,
        CronTrigger(hour=digest_at.hour, minute=digest_at.minute, second=digest_at.second, timezone=tz),
        id=DIGEST_JOB, name="coordinators' digest", **options,
    )
    scheduler.add_job(
        jobs.campaign_end, CronTrigger(minute=1, timezone=tz), id=CAMPAIGN_END_JOB, name="campaign end check",
        **options,
    )
    scheduler.add_job(
        jobs.fraud_signals,
        CronTrigger(hour=SIGNALS_AT.hour, minute=SIGNALS_AT.minute, timezone=tz),
        id=SIGNALS_JOB, name="fraud signals pass", **options,
    )
    scheduler.add_job(
        jobs.pump, IntervalTrigger(seconds=PUMP_SECONDS, timezone=tz), id=PUMP_JOB, name="outbox pump",
        **{**options, "misfire_grace_time": PUMP_SECONDS},
    )
    return scheduler


class ScheduledWork:
    """The scheduler and the outbox sender, started with the dispatcher and stopped with it."""

    def __init__(self, jobs: Jobs, scheduler: AsyncIOScheduler) -> None:
        self.jobs = jobs
        self.scheduler = scheduler
        self._catch_up: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await self.jobs.outbox.start()
        self.scheduler.start()
        self._catch_up = asyncio.create_task(self._run_catch_up(), name="catch-up")

    async def _run_catch_up(self) -> None:
        try:
            await self.jobs.catch_up()
        except Exception:  # noqa: BLE001 - logged; the scheduled runs still come
            log.exception("catching up on scheduled work failed")

    async def stop(self) -> None:
        if self._catch_up is not None and not self._catch_up.done():
            self._catch_up.cancel()
            await asyncio.gather(self._catch_up, return_exceptions=True)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        await self.jobs.outbox.stop()
