"""Meetings that need confirmation: the organiser's report and a coordinator's decision.

In a campaign with `meetings = confirmed` (SPEC §9), attendance at a meeting is pending
until a coordinator of the meeting's scope confirms, from the organiser's report (a
photo and one line of text), that the meeting took place. Confirming turns every
pending attendance into ledger points (the inviter's share included, as for any
activity); refusing drops them. Nobody decides on a meeting they run themselves. Each
act is one transaction; a repeated decision changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.acting import current_actor
from bot.audit import AuditAction, record
from bot.ledger import award
from bot.meetings import TextProblem, clean_text
from bot.model import AttendanceStatus, Confirmation, Meeting
from bot.roles import Actor
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import meetings as store
from storage import members as member_store
from storage.db import Database
from storage.meetings import Recipient

REPORT_MIN, REPORT_MAX = 3, 300


class ReportRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    NOT_ORGANISER = "not_organiser"
    NOT_NEEDED = "not_needed"          # the campaign's meetings pay at check-in
    DECIDED = "decided"                # a coordinator already confirmed or refused it
    NOT_STARTED = "not_started"        # a report of a meeting that has not begun
    NO_REVIEWER = "no_reviewer"        # nobody but the organiser could confirm it
    TEXT_TOO_SHORT = "text_too_short"
    TEXT_TOO_LONG = "text_too_long"


@dataclass(frozen=True, slots=True)
class Report:
    meeting: Meeting
    reviewers: list[int]     # Telegram ids of who may confirm it: the scope's coordinators, else admins
    present: int             # attendances waiting for the decision


def reviewers_among(meeting: Meeting, coordinators: Collection[int], admins: Collection[int],
                    runners: Collection[int]) -> list[int]:
    """Who decides on a meeting: its scope's coordinators, else admins; never one who runs it."""
    others = [tg for tg in coordinators if tg not in runners]
    if others:
        return sorted(set(others))
    return sorted({tg for tg in admins if tg not in runners})


async def submit_report(
    db: Database, *, actor: Actor, meeting_id: int, photo: str, text: str, admins: Collection[int], now: datetime
) -> Report | ReportRefusal:
    """Keep the organiser's report (replacing an earlier one not yet decided) and say who decides."""
    line = clean_text(text, REPORT_MIN, REPORT_MAX)
    if line is TextProblem.TOO_SHORT:
        return ReportRefusal.TEXT_TOO_SHORT
    if line is TextProblem.TOO_LONG:
        return ReportRefusal.TEXT_TOO_LONG
    assert isinstance(line, str)
    async with db.transaction() as conn:
        meeting = await store.get(conn, meeting_id)
        if meeting is None:
            return ReportRefusal.UNKNOWN_MEETING
        if not (await current_actor(conn, actor)).organises(meeting.district):
            return ReportRefusal.NOT_ORGANISER
        if meeting.confirmation is Confirmation.AUTO:
            return ReportRefusal.NOT_NEEDED
        if not meeting.confirmation.pending:
            return ReportRefusal.DECIDED
        if now < meeting.starts_at:
            return ReportRefusal.NOT_STARTED
        runners = {meeting.created_by, actor.tg_id}
        reviewers = reviewers_among(meeting, await store.coordinators_of(conn, meeting.district), admins, runners)
        if not reviewers:
            return ReportRefusal.NO_REVIEWER
        await store.save_report(conn, meeting.id, photo=photo, text=line, now=now)
        refreshed = await store.get(conn, meeting.id)
        present = await store.pending_count(conn, meeting.id)
    assert refreshed is not None
    return Report(refreshed, reviewers, present)


class DecisionRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    NOT_COORDINATOR = "not_coordinator"
    OWN_MEETING = "own_meeting"
    NOT_REPORTED = "not_reported"
    DECIDED = "decided"


@dataclass(frozen=True, slots=True)
class Decision:
    meeting: Meeting
    confirmed: bool
    units: int                       # points each attendee got (0 when refused)
    attendees: list[Recipient]       # who to tell


async def decide(
    db: Database, *, actor: Actor, meeting_id: int, confirm: bool, now: datetime
) -> Decision | DecisionRefusal:
    """Confirm a reported meeting (its pending attendance becomes points) or refuse it (dropped)."""
    async with db.transaction() as conn:
        meeting = await store.get(conn, meeting_id)
        if meeting is None:
            return DecisionRefusal.UNKNOWN_MEETING
        if not (await current_actor(conn, actor)).coordinates(meeting.district):
            return DecisionRefusal.NOT_COORDINATOR
        if await store.runs_meeting(conn, actor.tg_id, meeting.id):
            return DecisionRefusal.OWN_MEETING
        if meeting.confirmation is Confirmation.AWAITING:
            return DecisionRefusal.NOT_REPORTED
        if meeting.confirmation is not Confirmation.REPORTED:
            return DecisionRefusal.DECIDED
        decision = Confirmation.CONFIRMED if confirm else Confirmation.REFUSED
        if not await store.decide(conn, meeting.id, decision=decision, by=actor.tg_id, now=now):
            return DecisionRefusal.DECIDED
        await record(
            conn, actor=actor.tg_id, action=AuditAction.CONFIRM_MEETING if confirm else AuditAction.REFUSE_MEETING,
            now=now, subject=f"meeting:{meeting.id}", details={"title": meeting.title, "organiser": meeting.created_by},
        )
        campaign = await campaign_store.get_campaign(conn, meeting.campaign_id) if meeting.campaign_id else None
        units = campaign.meeting_units if confirm and campaign else 0
        for attendance in await store.pending_attendances(conn, meeting.id):
            if not confirm or campaign is None:
                await store.set_attendance_status(conn, attendance.checkin_id, AttendanceStatus.DROPPED)
                continue
            member = await member_store.get(conn, attendance.member_id)
            if member is not None and not member.is_deleted:
                # The same key as an automatic check-in: a meeting's attendance pays once, however reached.
                await award(
                    conn, campaign=campaign, member=member, kind=Kind.MEETING, units=campaign.meeting_units,
                    subject=f"checkin:{attendance.checkin_id}", idem_key=f"checkin:{meeting.id}:{member.id}",
                    now=now, created_by=actor.tg_id,
                )
            await store.set_attendance_status(conn, attendance.checkin_id, AttendanceStatus.COUNTED)
        recipients = await store.attendance_recipients(conn, meeting.id)
        refreshed = await store.get(conn, meeting.id)
    assert refreshed is not None
    return Decision(refreshed, confirm, units, recipients)
