"""The append-only points ledger and the totals kept in step with it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

import aiosqlite

from storage.db import fetch_all, fetch_one, in_thread, moment, stamp
from storage.members import active_member


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    campaign_id: int
    member_id: int
    district_id: int
    kind: str
    units: int
    subject: str
    idem_key: str
    source_id: int | None
    reverses_id: int | None
    reason: str | None
    created_by: int | None
    created_at: datetime


_COLUMNS = ", ".join(Entry.__slots__)


def _entry(row: aiosqlite.Row) -> Entry:
    return Entry(*(row[name] for name in Entry.__slots__[:-1]), moment(row["created_at"]))


_INSERT = (
    "INSERT INTO ledger(campaign_id, member_id, district_id, kind, units, subject, idem_key, source_id,"
    " reverses_id, reason, created_by, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
    " WHERE EXISTS (SELECT 1 FROM campaigns WHERE id = ? AND finished_at IS NULL)"
    " ON CONFLICT(idem_key) DO NOTHING"
)
# An erased member has left the rating: their entries still count for their team, not for a total.
_ADD_TO_MEMBER = (
    "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at) SELECT ?, ?, ?, ?, ?"
    " WHERE NOT EXISTS (SELECT 1 FROM members WHERE id = ? AND status = 'deleted')"
    " ON CONFLICT(campaign_id, member_id) DO UPDATE SET units = units + excluded.units,"
    " reached_at = excluded.reached_at, district_id = excluded.district_id"
)
# The referrer's team, while they are a member and the referral award stands (?2: its key), and
# whether they were ever credited a share before (read here, once, for the inviter's first-share
# notice; `campaign_id IN` lets the lookup use the ledger's (campaign, member, kind) index).
_REFERRER = (
    "SELECT district_id, NOT EXISTS (SELECT 1 FROM ledger WHERE campaign_id IN (SELECT id FROM campaigns)"
    " AND member_id = ?1 AND kind = 'referral_share' AND units > 0) AS first"
    " FROM members WHERE id = ?1 AND status != 'deleted' AND NOT EXISTS ("
    " SELECT 1 FROM ledger ended JOIN ledger reversal ON reversal.reverses_id = ended.id WHERE ended.idem_key = ?2)"
)
_ADD_TO_TEAM = (
    "INSERT INTO team_totals(campaign_id, district_id, units) VALUES (?, ?, ?)"
    " ON CONFLICT(campaign_id, district_id) DO UPDATE SET units = units + excluded.units"
)


def _insert(
    conn: sqlite3.Connection, campaign_id: int, member_id: int, district_id: int, kind: str, units: int,
    subject: str, idem_key: str, now: datetime, created_by: int | None = None, source_id: int | None = None,
    reverses_id: int | None = None, reason: str | None = None,
) -> int | None:
    cursor = conn.execute(
        _INSERT,
        (campaign_id, member_id, district_id, kind, units, subject, idem_key, source_id, reverses_id,
         reason, created_by, stamp(now), campaign_id),
    )
    return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


def _add_to_totals(
    conn: sqlite3.Connection, campaign_id: int, member_id: int, member_district_id: int, entry_district_id: int,
    units: int, now: datetime,
) -> None:
    conn.execute(_ADD_TO_MEMBER, (campaign_id, member_id, member_district_id, units, stamp(now), member_id))
    conn.execute(_ADD_TO_TEAM, (campaign_id, entry_district_id, units))


async def insert(
    conn: aiosqlite.Connection,
    *,
    campaign_id: int,
    member_id: int,
    district_id: int,
    kind: str,
    units: int,
    subject: str,
    idem_key: str,
    now: datetime,
    created_by: int | None = None,
    source_id: int | None = None,
    reverses_id: int | None = None,
    reason: str | None = None,
) -> int | None:
    """Append an entry; None when an entry with this idempotency key exists or the campaign's rating is frozen."""
    return await in_thread(conn, lambda c: _insert(
        c, campaign_id, member_id, district_id, kind, units, subject, idem_key, now, created_by, source_id,
        reverses_id, reason,
    ))


async def add_to_totals(
    conn: aiosqlite.Connection,
    *,
    campaign_id: int,
    member_id: int,
    member_district_id: int,
    entry_district_id: int,
    units: int,
    now: datetime,
) -> None:
    await in_thread(conn, lambda c: _add_to_totals(
        c, campaign_id, member_id, member_district_id, entry_district_id, units, now
    ))


@dataclass(frozen=True, slots=True)
class AwardPlan:
    """What one award writes, as the rules in bot.ledger decided it."""

    campaign_id: int
    member_id: int
    district_id: int               # the member's team now: the entry counts for it
    kind: str
    units: int
    subject: str
    idem_key: str
    now: datetime
    created_by: int | None = None
    referrer_id: int | None = None  # gets `share_units` as well, while still a member
    share_units: int = 0
    share_ends_with: str | None = None  # no share once the entry with this key has been revoked


@dataclass(frozen=True, slots=True)
class Award:
    entry_id: int
    units: int
    share_entry_id: int | None
    referrer_id: int | None        # set when a share was written
    share_units: int               # 0 when no share was written
    first_share: bool = False      # the written share is the first the referrer was ever credited


def write_award(conn: sqlite3.Connection, plan: AwardPlan) -> Award | None:
    """The entry, its referral share and every total they move; None when the key was used or the rating is frozen.

    Synchronous, for a unit of work on the database thread (`Database.run`, `in_thread`).
    """
    entry_id = _insert(
        conn, plan.campaign_id, plan.member_id, plan.district_id, plan.kind, plan.units, plan.subject,
        plan.idem_key, plan.now, plan.created_by,
    )
    if entry_id is None:
        return None
    _add_to_totals(conn, plan.campaign_id, plan.member_id, plan.district_id, plan.district_id, plan.units, plan.now)
    share_entry_id = None
    if plan.referrer_id is not None and plan.share_units > 0:
        referrer = conn.execute(_REFERRER, (plan.referrer_id, plan.share_ends_with)).fetchone()
        if referrer is not None:
            share_entry_id = _insert(
                conn, plan.campaign_id, plan.referrer_id, referrer[0], "referral_share", plan.share_units,
                f"ledger:{entry_id}", f"share:{entry_id}", plan.now, plan.created_by, source_id=entry_id,
            )
            if share_entry_id is not None:
                _add_to_totals(
                    conn, plan.campaign_id, plan.referrer_id, referrer[0], referrer[0], plan.share_units, plan.now
                )
    shared = share_entry_id is not None
    return Award(
        entry_id=entry_id, units=plan.units, share_entry_id=share_entry_id,
        referrer_id=plan.referrer_id if shared else None, share_units=plan.share_units if shared else 0,
        first_share=shared and bool(referrer[1]),
    )


async def award(conn: aiosqlite.Connection, plan: AwardPlan) -> Award | None:
    """`write_award` inside a `Database.transaction()`, in one trip to the database thread."""
    return await in_thread(conn, lambda c: write_award(c, plan))


async def ensure_member_total(
    conn: aiosqlite.Connection, *, campaign_id: int, member_id: int, district_id: int, now: datetime
) -> None:
    """Put a member in the rating with zero points (they rank after everyone who scored)."""
    await conn.execute(
        "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at) VALUES (?, ?, ?, 0, ?)"
        " ON CONFLICT DO NOTHING",
        (campaign_id, member_id, district_id, stamp(now)),
    )


async def enter_everyone(conn: aiosqlite.Connection, campaign_id: int) -> None:
    """Every member not erased enters a new season's rating at zero, ranked by when they registered."""
    await conn.execute(
        "INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at)"
        " SELECT ?, id, district_id, 0, registered_at FROM members WHERE status != 'deleted'",
        (campaign_id,),
    )


async def move_member_total(conn: aiosqlite.Connection, *, member_id: int, district_id: int) -> None:
    """A member's future points go to the new team; their place in team ranks moves with them."""
    await conn.execute("UPDATE member_totals SET district_id = ? WHERE member_id = ?", (district_id, member_id))


async def get(conn: aiosqlite.Connection, entry_id: int) -> Entry | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM ledger WHERE id = ?", (entry_id,))
    return _entry(row) if row else None


async def live_referral_awards(conn: aiosqlite.Connection, referee_ids: list[int]) -> list[int]:
    """The ids of referral awards, not yet revoked, for inviting these members."""
    if not referee_ids:
        return []
    rows = await fetch_all(
        conn,
        "SELECT id FROM ledger WHERE kind = 'referral' AND reverses_id IS NULL AND subject IN"
        f" ({', '.join('?' * len(referee_ids))})",
        [f"member:{referee}" for referee in referee_ids],
    )
    return [row["id"] for row in rows]


async def by_idem_key(conn: aiosqlite.Connection, idem_key: str) -> Entry | None:
    """The entry an act wrote (`post:<id>`, `referral:<member id>`, …), if it wrote one."""
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM ledger WHERE idem_key = ?", (idem_key,))
    return _entry(row) if row else None


async def shares_of(conn: aiosqlite.Connection, entry_id: int) -> list[Entry]:
    rows = await fetch_all(
        conn, f"SELECT {_COLUMNS} FROM ledger WHERE source_id = ? AND reverses_id IS NULL", (entry_id,)
    )
    return [_entry(r) for r in rows]


async def shares_from(conn: aiosqlite.Connection, *, referee_id: int, referrer_id: int) -> list[Entry]:
    """The referrer's shares of one member's points that still count, in campaigns not yet frozen."""
    columns = ", ".join(f"s.{name}" for name in Entry.__slots__)
    rows = await fetch_all(
        conn,
        f"""SELECT {columns} FROM ledger s JOIN ledger a ON a.id = s.source_id
            WHERE s.campaign_id IN (SELECT id FROM campaigns WHERE finished_at IS NULL)
              AND s.member_id = ? AND s.kind = 'referral_share' AND s.reverses_id IS NULL AND a.member_id = ?
              AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.reverses_id = s.id)
            ORDER BY s.id""",
        (referrer_id, referee_id),
    )
    return [_entry(r) for r in rows]


async def inconsistencies(conn: aiosqlite.Connection) -> list[str]:
    """Where totals and the ledger disagree; empty when all is well (used by checks and tests)."""
    problems: list[str] = []
    for row in await fetch_all(
        conn,
        "SELECT t.campaign_id, t.member_id, t.units, COALESCE(SUM(l.units), 0) AS ledger_units"
        " FROM member_totals t LEFT JOIN ledger l ON l.campaign_id = t.campaign_id AND l.member_id = t.member_id"
        " GROUP BY t.campaign_id, t.member_id HAVING t.units != ledger_units",
    ):
        problems.append(f"member {row['member_id']}: total {row['units']} != ledger {row['ledger_units']}")
    for row in await fetch_all(
        conn,
        "SELECT l.campaign_id, l.member_id FROM ledger l LEFT JOIN member_totals t"
        " ON t.campaign_id = l.campaign_id AND t.member_id = l.member_id WHERE t.member_id IS NULL"
        " AND l.member_id NOT IN (SELECT id FROM members WHERE status = 'deleted')"
        # A suspended member is out of the rating on purpose (storage.suspensions).
        " AND l.member_id NOT IN (SELECT member_id FROM suspensions)"
        " GROUP BY l.campaign_id, l.member_id",
    ):
        problems.append(f"member {row['member_id']}: ledger entries without a total")
    for row in await fetch_all(
        conn,
        "SELECT t.district_id, t.units, COALESCE(SUM(l.units), 0) AS ledger_units FROM team_totals t"
        " LEFT JOIN ledger l ON l.campaign_id = t.campaign_id AND l.district_id = t.district_id"
        " GROUP BY t.campaign_id, t.district_id HAVING t.units != ledger_units",
    ):
        problems.append(f"team {row['district_id']}: total {row['units']} != ledger {row['ledger_units']}")
    for row in await fetch_all(
        conn,
        "SELECT d.id, COALESCE(tm.active, 0) AS counted,"
        f" (SELECT COUNT(*) FROM members m WHERE m.district_id = d.id AND {active_member('m')}) AS active"
        " FROM districts d LEFT JOIN team_members tm ON tm.district_id = d.id WHERE counted != active",
    ):
        problems.append(f"team {row['id']}: {row['counted']} active members counted, {row['active']} active")
    return problems


@dataclass(frozen=True, slots=True)
class Listed:
    """An entry as a coordinator sees it before revoking: what it was for and whether it still counts."""

    entry: Entry
    post_url: str | None
    revoked: bool


async def recent_entries(conn: aiosqlite.Connection, campaign_id: int, member_id: int, limit: int) -> list[Listed]:
    """A member's newest awards of a campaign (reversals themselves left out), newest first."""
    columns = ", ".join(f"l.{name}" for name in Entry.__slots__)
    rows = await fetch_all(
        conn,
        f"""SELECT {columns}, p.url AS post_url, r.id IS NOT NULL AS revoked
            FROM ledger l
            LEFT JOIN posts p ON l.kind = 'post' AND l.subject = 'post:' || p.id
            LEFT JOIN ledger r ON r.reverses_id = l.id
            WHERE l.campaign_id = ? AND l.member_id = ? AND l.reverses_id IS NULL
            ORDER BY l.id DESC LIMIT ?""",
        (campaign_id, member_id, limit),
    )
    return [Listed(_entry(r), r["post_url"], bool(r["revoked"])) for r in rows]
