"""Check-in: one attendance of a member at a meeting, and the meeting points it is worth.

Each act is one transaction and refuses with a named reason the handler localises.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from bot.acting import current_actor
from bot.ledger import award
from bot.meetings import Position, Window, window_state, within_geofence
from bot.model import AttendanceStatus, Confirmation, Meeting, Member
from bot.roles import Actor
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import meetings as store
from storage import members as member_store
from storage.db import Database


class Method(StrEnum):
    CARD_SCAN = "card_scan"       # the organiser scanned the member's /card
    MEETING_QR = "meeting_qr"     # the member scanned the meeting's QR


class CheckinRefusal(StrEnum):
    UNKNOWN_MEETING = "unknown_meeting"
    CLOSED = "closed"
    NOT_YET_OPEN = "not_yet_open"
    OVER = "over"
    QR_REVOKED = "qr_revoked"
    UNKNOWN_MEMBER = "unknown_member"
    CARD_REVOKED = "card_revoked"
    NOT_ORGANISER = "not_organiser"
    NO_SESSION = "no_session"
    SELF_SCAN = "self_scan"
    NO_CAMPAIGN = "no_campaign"
    NEED_LOCATION = "need_location"
    TOO_FAR = "too_far"
    OWN_MEETING = "own_meeting"            # the member organises this meeting
    OVERLAPS = "overlaps"                  # already at another meeting at that time
    MEETING_REFUSED = "meeting_refused"    # a coordinator found the meeting did not take place


@dataclass(frozen=True, slots=True)
class ElsewhereThen:
    """Refused: the member already holds an attendance at `other`, whose times overlap this meeting's."""

    other: Meeting
    member: Member
    reason: CheckinRefusal = CheckinRefusal.OVERLAPS


@dataclass(frozen=True, slots=True)
class CheckIn:
    meeting: Meeting
    member: Member
    created: bool        # False: this member was already checked in; nothing changed
    units: int           # points awarded by this check-in (0 while pending)
    present: int         # attendances of the meeting so far
    pending_units: int = 0   # points that wait for a coordinator to confirm the meeting

    @property
    def pending(self) -> bool:
        return self.pending_units > 0


async def check_in(
    db: Database,
    *,
    meeting_id: int,
    member_id: int,
    method: Method,
    now: datetime,
    today: date,
    organiser: Actor | None = None,
    card_version: int | None = None,
    qr_version: int | None = None,
    position: Position | None = None,
) -> CheckIn | CheckinRefusal | ElsewhereThen:
    """Record one attendance of a member at a meeting, worth the campaign's meeting points once.

    A card scan needs the organiser's running check-in session and the card's current
    version; the meeting QR needs the QR's current version and, with a geofence, a
    position within the radius. Both count only inside the meeting's window, in a
    running campaign, for an open meeting. Repeats and concurrent scans are harmless:
    one row per (meeting, member) and one ledger entry per check-in key.

    Any registered member may be checked in at any meeting, not only their own team's:
    coming to a neighbouring district's meeting is real activity, and the points go to
    the member's own team (the ledger records the member's team, not the meeting's).

    Integrity (SPEC §9): whoever runs the meeting (created it or checks people in to it)
    is never awarded attendance at it, by either QR direction; a member holds at most
    one attendance among meetings whose times overlap; in a campaign whose meetings need
    confirmation the attendance is recorded as pending and pays only when a coordinator
    confirms the meeting (`bot.meeting_reports`).
    """
    async with db.transaction() as conn:
        meeting = await store.get(conn, meeting_id)
        if meeting is None:
            return CheckinRefusal.UNKNOWN_MEETING
        if method is Method.MEETING_QR and qr_version != meeting.qr_version:
            return CheckinRefusal.QR_REVOKED
        if not meeting.is_open:
            return CheckinRefusal.CLOSED
        if method is Method.CARD_SCAN:
            if organiser is None or not (await current_actor(conn, organiser)).organises(meeting.district):
                return CheckinRefusal.NOT_ORGANISER
            if not await store.has_session(conn, organiser.tg_id, meeting.id):
                return CheckinRefusal.NO_SESSION
        member = await member_store.get(conn, member_id)
        if member is None or member.is_deleted:
            return CheckinRefusal.UNKNOWN_MEMBER
        if method is Method.CARD_SCAN:
            if card_version != member.card_version:
                return CheckinRefusal.CARD_REVOKED
            assert organiser is not None
            if member.tg_id == organiser.tg_id:
                return CheckinRefusal.SELF_SCAN
        if await store.runs_meeting(conn, member.tg_id or 0, meeting.id):
            return CheckinRefusal.OWN_MEETING
        if meeting.confirmation is Confirmation.REFUSED:
            return CheckinRefusal.MEETING_REFUSED
        window = window_state(meeting, now)
        if window is Window.NOT_YET:
            return CheckinRefusal.NOT_YET_OPEN
        if window is Window.OVER:
            return CheckinRefusal.OVER
        campaign = await campaign_store.current_campaign(conn, today)
        if campaign is None or not campaign.is_open_on(today):
            return CheckinRefusal.NO_CAMPAIGN
        if method is Method.MEETING_QR and meeting.has_geofence:
            if position is None:
                return CheckinRefusal.NEED_LOCATION
            if not position.is_valid or not within_geofence(meeting, position):
                return CheckinRefusal.TOO_FAR
        other = await store.overlapping_attendance(
            conn, member_id=member.id, meeting_id=meeting.id, starts_at=meeting.starts_at, ends_at=meeting.ends_at
        )
        if other is not None:
            return ElsewhereThen(other, member)
        pending = meeting.confirmation.pending
        checkin_id = await store.insert_checkin(
            conn, meeting_id=meeting.id, member_id=member.id, method=method,
            confirmed_by=organiser.tg_id if method is Method.CARD_SCAN and organiser else None,
            status=AttendanceStatus.PENDING if pending else AttendanceStatus.COUNTED, now=now,
        )
        units = 0
        if checkin_id is not None and pending:
            present = await store.present_count(conn, meeting.id)
            return CheckIn(meeting=meeting, member=member, created=True, units=0, present=present,
                           pending_units=campaign.meeting_units)
        if checkin_id is not None:
            result = await award(
                conn, campaign=campaign, member=member, kind=Kind.MEETING, units=campaign.meeting_units,
                subject=f"checkin:{checkin_id}", idem_key=f"checkin:{meeting.id}:{member.id}", now=now,
                created_by=organiser.tg_id if organiser else None,
            )
            units = result.units if result else 0
        present = await store.present_count(conn, meeting.id)
        return CheckIn(meeting=meeting, member=member, created=checkin_id is not None, units=units, present=present)
