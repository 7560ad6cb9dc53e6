"""Mass messages: what they say, and the acts that queue them in the durable outbox.

Every act writes its broadcast and all its outbox rows in one transaction; the sender
(scheduler/outbox.py) delivers them later at Telegram's pace. Personal messages are
stored as arguments (total, places, gap) and rendered in the member's language when sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from bot import surveys
from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.formats import date_text
from bot.i18n import I18n, Translator
from bot.model import MemberStatus
from bot.roles import Actor
from bot.scopes import Scope
from bot.scoring import format_points, points
from bot.texts import whole_lines
from storage import campaigns as campaign_store
from storage import members as member_store
from storage import outbox as outbox_store
from storage import placings
from storage import scopes as scope_store
from storage.db import Database

MAX_TEXT = 4096
MAX_CAPTION = 1024


class Kind(StrEnum):
    RATING = "rating"
    FINAL = "final"
    ANNOUNCEMENT = "announcement"
    DIGEST = "digest"
    RESERVE = "reserve"
    REPORT = "report"
    SURVEY = "survey"


@dataclass(frozen=True, slots=True)
class Queued:
    broadcast_id: int
    recipients: int


# -- personal messages, rendered when sent ---------------------------------------------------------

def _points_phrase(t: Translator, units: int) -> str:
    return t("bc-points", points=format_points(units), n=points(abs(units)))


def render_rating(t: Translator, args: Mapping[str, Any]) -> str:
    """The daily personal message: total, change since yesterday, places, gap to the place above."""
    units = int(args["units"])
    delta = units - int(args.get("yesterday", 0))
    lines = [
        t("daily-title", date=str(args.get("date", ""))),
        t("daily-total", name=str(args["name"]), total=_points_phrase(t, units)),
        t("daily-change-none") if delta == 0 else t(
            "daily-change", delta=format_points(delta, signed=True)
        ),
        _places(t, args),
    ]
    return "\n".join(lines)


def render_final(t: Translator, args: Mapping[str, Any]) -> str:
    """The message every member gets when the campaign ends: their final result and places."""
    return "\n".join([
        t("final-title", campaign=str(args.get("campaign", ""))),
        t("final-total", name=str(args["name"]), total=_points_phrase(t, int(args["units"]))),
        t("final-place", place=str(args["place"]), places=str(args["places"])),
        t("final-team-place", district=str(args["district"]), place=str(args["team_place"]),
          places=str(args["team_places"])),
        t("final-thanks"),
    ])


def _places(t: Translator, args: Mapping[str, Any]) -> str:
    place = int(args["place"])
    lines = [
        t("daily-place", place=str(place), places=str(args["places"])),
        t("daily-team-place", district=str(args["district"]), place=str(args["team_place"]),
          places=str(args["team_places"])),
    ]
    gap = int(args.get("gap", -1))
    if place == 1:
        lines.append(t("daily-first"))
    elif gap == 0:
        lines.append(t("daily-gap-tie", above=str(place - 1)))
    elif gap > 0:
        lines.append(t("daily-gap", above=str(place - 1), gap=_points_phrase(t, gap)))
    return "\n".join(lines)


def render_new_meeting(t: Translator, args: Mapping[str, Any]) -> str:
    return t("meeting-announced", title=str(args["title"]), when=str(args["when"]), place=str(args["place"]))


def render_cancelled_meeting(t: Translator, args: Mapping[str, Any]) -> str:
    return t("meeting-cancelled", title=str(args["title"]), when=str(args["when"]))


def render_new_material(t: Translator, args: Mapping[str, Any]) -> str:
    return t("material-announced", title=str(args["title"]))


RENDERERS: dict[str, Callable[[Translator, Mapping[str, Any]], str]] = {
    "rating": render_rating,
    "final": render_final,
    "survey": surveys.render_invite,
    "meeting": render_new_meeting,
    "meeting_cancelled": render_cancelled_meeting,
    "material": render_new_material,
}


def message_text(i18n: I18n, payload: Mapping[str, Any]) -> str | None:
    """The text (or caption) of an outbox payload: rendered for personal messages, as stored otherwise."""
    renderer = payload.get("render")
    if renderer is not None:
        return whole_lines(RENDERERS[str(renderer)](i18n.get(payload.get("locale")), payload).split("\n"))
    text = payload.get("text", payload.get("caption"))
    return None if text is None else str(text)


def format_duration(t: Translator, seconds: float) -> str:
    """A duration in words: «42 с», «3 мин 20 с», «2 ч 5 мин» (no «0:00:42»)."""
    total = max(0, round(seconds))
    hours, minutes, secs = total // 3600, total % 3600 // 60, total % 60
    parts = []
    if hours:
        parts.append(t("duration-hours", n=hours))
    if minutes:
        parts.append(t("duration-minutes", n=minutes))
    if secs or not parts:
        if not hours:
            parts.append(t("duration-seconds", n=secs))
    return " ".join(parts)


def render_report(t: Translator, summary: outbox_store.BroadcastSummary) -> str:
    started, finished = summary.created_at, summary.finished_at
    return t(
        "broadcast-report",
        kind=t(f"broadcast-kind-{summary.kind}"),
        delivered=str(summary.delivered), blocked=str(summary.blocked), failed=str(summary.failed),
        total=str(summary.total), duration=format_duration(t, (finished - started).total_seconds()),
    )


# -- acts ------------------------------------------------------------------------------------------

class RatingRefusal(StrEnum):
    NO_CAMPAIGN = "no_campaign"
    ALREADY_DONE = "already_done"


def rating_run_key(day: date) -> str:
    return f"rating:{day.isoformat()}"


async def queue_daily_rating(
    db: Database, *, today: date, now: datetime, initiator_tg_id: int | None = None
) -> Queued | RatingRefusal:
    """Today's personal rating message to every active member, at most once per day.

    The day's snapshot of totals, the once-per-day mark and every outbox row are written
    in one transaction: a crash leaves either all of it or none.
    """
    async with db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None or not campaign.is_open_on(today):
            return RatingRefusal.NO_CAMPAIGN
        key = rating_run_key(today)
        if not await outbox_store.claim_run(conn, key, now):
            return RatingRefusal.ALREADY_DONE
        previous = await placings.snapshot_totals(conn, campaign.id, today)
        broadcast_id = await outbox_store.create_broadcast(
            conn, kind=Kind.RATING, run_key=key, initiator_tg_id=initiator_tg_id, now=now,
            payload={"method": "sendMessage", "render": "rating", "date": date_text(today)},
        )
        recipients = await placings.queue_personal_places(
            conn, broadcast_id=broadcast_id, campaign_id=campaign.id, previous_day=previous
        )
        await outbox_store.drop_if_empty(conn, broadcast_id, now)
    return Queued(broadcast_id, recipients)


async def count_recipients(db: Database, scope: Scope) -> int:
    async with db.reading() as conn:
        return await outbox_store.count_members_in_scope(conn, scope)


class AnnounceRefusal(StrEnum):
    NOT_IN_SCOPE = "not_in_scope"


async def queue_announcement(
    db: Database, *, actor: Actor, scope: Scope, text: str, photo: str | None, now: datetime,
) -> Queued | AnnounceRefusal:
    """A coordinator's message (text, or a photo with a caption) to every active member of a scope inside theirs."""
    payload: dict[str, Any] = (
        {"method": "sendPhoto", "photo": photo, "caption": text} if photo else {"method": "sendMessage", "text": text}
    )
    async with db.transaction() as conn:
        if not await scope_store.covers_all(conn, (await current_actor(conn, actor)).coordinator_scope(), scope):
            return AnnounceRefusal.NOT_IN_SCOPE
        broadcast_id = await outbox_store.create_broadcast(
            conn, kind=Kind.ANNOUNCEMENT, initiator_tg_id=actor.tg_id, payload=payload, now=now
        )
        recipients = await outbox_store.add_members_in_scope(conn, broadcast_id, scope)
        await outbox_store.drop_if_empty(conn, broadcast_id, now)
        await record(
            conn, actor=actor.tg_id, action=AuditAction.ANNOUNCE, now=now, subject=f"broadcast:{broadcast_id}",
            details={"recipients": recipients, "scope": [list(pair) for pair in scope.pairs()], "text": text[:200]},
        )
    return Queued(broadcast_id, recipients)


async def close_finished(db: Database, i18n: I18n, *, now: datetime) -> list[outbox_store.BroadcastSummary]:
    """Close broadcasts with nothing left to send and queue each initiator's report, once."""
    async with db.transaction() as conn:
        summaries = await outbox_store.finish_broadcasts(conn, now)
        if not summaries:
            return []
        rows = []
        for summary in summaries:
            assert summary.initiator_tg_id is not None
            t = i18n.get(await outbox_store.locale_of(conn, summary.initiator_tg_id))
            rows.append((summary.initiator_tg_id, None, {"text": render_report(t, summary)}))
        report_id = await outbox_store.create_broadcast(
            conn, kind=Kind.REPORT, payload={"method": "sendMessage"}, now=now
        )
        await outbox_store.add_rows(conn, report_id, rows)
    return summaries


async def set_reachable(db: Database, *, tg_id: int, reachable: bool) -> bool:
    """Keep a member's status in step with whether they blocked the bot; True when it changed."""
    async with db.transaction() as conn:
        return await member_store.set_status(conn, tg_id, MemberStatus.ACTIVE if reachable else MemberStatus.BLOCKED)
