"""The campaign's nouns: the data types every layer speaks, and the fixed sets of values they take.

A leaf module: it imports neither storage nor aiogram, so storage may build these types from its
rows and the core may reason about them. The enums are `StrEnum`s whose values are the strings
stored in SQLite, so a value read from the database compares equal to its member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class MemberStatus(StrEnum):
    ACTIVE = "active"
    BLOCKED = "blocked"  # the member blocked the bot: messages to them fail
    DELETED = "deleted"  # the member erased their data: an anonymous row kept for the ledger's totals


class ModerationMode(StrEnum):
    """How a campaign's post submissions count: at once, or after a coordinator approves them."""

    AUTO = "auto"
    MANUAL = "manual"
    VERIFIED = "verified"     # a background verifier checks each post on its network (bot.verification)


class PostStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class MeetingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MeetingsMode(StrEnum):
    """How a campaign's meetings pay (SPEC §9): at check-in, or once a coordinator confirms the meeting."""

    AUTO = "auto"
    CONFIRMED = "confirmed"


class Confirmation(StrEnum):
    """Where a meeting stands with its coordinator (campaign `meetings` mode)."""

    AUTO = "auto"              # pays at check-in
    AWAITING = "awaiting"      # waits for the organiser's report
    REPORTED = "reported"      # report sent; a coordinator decides
    CONFIRMED = "confirmed"
    REFUSED = "refused"

    @property
    def pending(self) -> bool:
        """Attendance at the meeting waits for the decision."""
        return self in (Confirmation.AWAITING, Confirmation.REPORTED)


class AttendanceStatus(StrEnum):
    COUNTED = "counted"        # points awarded (or the meeting pays at check-in)
    PENDING = "pending"        # waits for the meeting's confirmation
    DROPPED = "dropped"        # the meeting was refused; blocks no overlapping attendance


class NotificationTopic(StrEnum):
    """What a member may turn off in /settings (values are the column names)."""

    NEW_MEETINGS = "new_meetings"
    NEW_MATERIALS = "new_materials"
    DAILY_RATING = "daily_rating"


class GrantedRole(StrEnum):
    """A role one user grants another, within a scope (admins are named in the settings instead)."""

    COORDINATOR = "coordinator"
    ORGANISER = "organiser"


class ScopeKind(StrEnum):
    ALL = "all"
    CITY = "city"
    DISTRICT = "district"


class SurveyPurpose(StrEnum):
    """What a survey is for (bot/surveys.py): a coordinator's own, a meeting's feedback, or "check your details"."""

    CUSTOM = "custom"
    FEEDBACK = "feedback"
    DETAILS = "details"


@dataclass(frozen=True, slots=True)
class City:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class District:
    id: int
    code: str
    name: str
    city_id: int
    city_name: str


@dataclass(frozen=True, slots=True)
class Member:
    id: int
    tg_id: int | None
    username: str | None
    display_name: str
    phone: str | None
    locale: str
    district_id: int
    referrer_id: int | None
    status: MemberStatus
    card_version: int
    registered_at: datetime

    @property
    def is_deleted(self) -> bool:
        return self.status == MemberStatus.DELETED


@dataclass(frozen=True, slots=True)
class RoleGrant:
    tg_id: int
    role: GrantedRole
    scope_kind: ScopeKind
    scope_id: int  # a city's or district's id; 0 for everything


@dataclass(frozen=True, slots=True)
class Campaign:
    id: int
    name: str
    starts_on: date
    ends_on: date
    post_units: int
    meeting_units: int
    referral_units: int
    referral_share_pct: int
    moderation: ModerationMode
    finished_at: datetime | None
    meetings: MeetingsMode = MeetingsMode.AUTO
    owner_must_be_linked: bool = False   # a post's owner must be one of the member's linked profiles
    survey_units: int = 0       # points for a complete answer to a survey that offers them

    def is_open_on(self, day: date) -> bool:
        """Whether points can be earned on this local day."""
        return self.finished_at is None and self.starts_on <= day <= self.ends_on


@dataclass(frozen=True, slots=True)
class Meeting:
    id: int
    campaign_id: int | None
    district: District
    title: str
    place: str
    starts_at: datetime
    ends_at: datetime
    latitude: float | None
    longitude: float | None
    radius_m: int | None
    qr_version: int
    status: MeetingStatus
    created_by: int
    confirmation: Confirmation = Confirmation.AUTO
    report_text: str | None = None
    report_photo: str | None = None

    @property
    def has_geofence(self) -> bool:
        return self.latitude is not None and self.longitude is not None and self.radius_m is not None

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.OPEN
