"""The end of a campaign: the rating freezes, members get their final place, coordinators the reserve."""

from __future__ import annotations

import asyncio
import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot import reserve
from bot.broadcasts import Kind
from bot.digest import coordinator_audience, scope_label
from bot.i18n import I18n
from bot.model import Campaign
from bot.scoring import format_points
from bot.texts import file_name, whole_lines
from storage import campaigns as campaign_store
from storage import outbox as outbox_store
from storage import placings
from storage.db import Database


@dataclass(frozen=True, slots=True)
class Finished:
    campaign: Campaign
    members: int
    coordinators: int


def final_run_key(campaign_id: int) -> str:
    return f"final:{campaign_id}"


async def finish_due_campaigns(
    db: Database, i18n: I18n, *, today: date, now: datetime, admin_ids: Iterable[int], reserve_top_n: int,
    files_dir: Path,
) -> list[Finished]:
    """Freeze every campaign whose last day is over, once each.

    In one transaction per campaign: `finished_at` is set (ledger awards refuse from then on),
    every member's final place is queued, and every coordinator's final report with the
    top `reserve_top_n` of their scope as CSV and XLSX documents.
    """
    async with db.reading() as conn:
        due = await campaign_store.campaigns_to_finish(conn, today)
    done = []
    for candidate in due:
        finished = await _finish(
            db, i18n, candidate.id, now=now, admin_ids=admin_ids, top_n=reserve_top_n, files_dir=files_dir
        )
        if finished is not None:
            done.append(finished)
    return done


async def _finish(
    db: Database, i18n: I18n, campaign_id: int, *, now: datetime, admin_ids: Iterable[int], top_n: int,
    files_dir: Path,
) -> Finished | None:
    await asyncio.to_thread(files_dir.mkdir, parents=True, exist_ok=True)
    async with db.transaction() as conn:
        if not await campaign_store.mark_finished(conn, campaign_id, now):
            return None
        campaign = await campaign_store.get_campaign(conn, campaign_id)
        assert campaign is not None
        if not await outbox_store.claim_run(conn, final_run_key(campaign_id), now):
            return None
        final_id = await outbox_store.create_broadcast(
            conn, kind=Kind.FINAL, run_key=final_run_key(campaign_id), now=now,
            payload={"method": "sendMessage", "render": "final", "campaign": campaign.name},
        )
        members = await placings.queue_personal_places(
            conn, broadcast_id=final_id, campaign_id=campaign_id, previous_day=None
        )
        await outbox_store.drop_if_empty(conn, final_id, now)
        rows = []
        audience = await coordinator_audience(conn, admin_ids)
        for person in audience:
            t = i18n.get(person.locale)
            leaders = await placings.leaders(conn, campaign_id, person.scope, top_n)
            label = await scope_label(conn, t, person.scope)
            key = repr((person.scope.pairs(), t.locale)).encode()
            base = f"reserve-{campaign_id}-" + hashlib.sha256(key).hexdigest()[:12]
            csv_path = files_dir / f"{base}.csv"
            xlsx_path = files_dir / f"{base}.xlsx"
            await asyncio.to_thread(csv_path.write_bytes, reserve.to_csv(t, leaders))
            await asyncio.to_thread(xlsx_path.write_bytes, reserve.to_xlsx(t, leaders, title=t("reserve-sheet")))
            lines = [t("reserve-title", campaign=campaign.name, scope=label, count=str(len(leaders)), n=len(leaders))]
            lines += [
                t("reserve-line", place=str(leader.place), name=leader.name, team=leader.district,
                  points=format_points(leader.units))
                for leader in leaders[:10]
            ]
            # The translator escapes HTML; a file name is not HTML.
            stem = html.unescape(t("reserve-filename", campaign=campaign.name))
            rows.append((person.tg_id, None, {"method": "sendMessage", "text": whole_lines(lines)}))
            for path, extension in ((csv_path, "csv"), (xlsx_path, "xlsx")):
                rows.append((person.tg_id, None, {
                    "method": "sendDocument", "document_path": str(path), "filename": file_name(stem, extension),
                    "caption": t(f"reserve-{extension}-caption"),
                }))
        reserve_id = await outbox_store.create_broadcast(conn, kind=Kind.RESERVE, payload={}, now=now)
        await outbox_store.add_rows(conn, reserve_id, rows)
        await outbox_store.drop_if_empty(conn, reserve_id, now)
    return Finished(campaign=campaign, members=members, coordinators=len(audience))
