"""Members, the Telegram accounts behind them, consents and district moves."""

from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiosqlite

from bot.model import GrantedRole, Member, MemberStatus, RoleGrant, ScopeKind
from storage.db import fetch_all, fetch_one, fetch_value, moment, stamp


def active_member(alias: str = "m") -> str:
    """SQL true for an active member (`alias` names a `members` row): reachable — neither blocked
    nor erased — and not suspended (SPEC §10: a suspended member is out of the rating).

    The one definition of who counts as an active member of a team ("points per active member").
    The per-team counter `team_members` follows it through triggers (migration 0012), and
    `storage.ledger.inconsistencies` checks the counter against it.
    """
    return (
        f"({alias}.status = '{MemberStatus.ACTIVE}'"
        f" AND NOT EXISTS (SELECT 1 FROM suspensions WHERE suspensions.member_id = {alias}.id))"
    )


_COLUMNS = (
    "id, tg_id, username, display_name, phone, locale, district_id, referrer_id, status,"
    " card_version, registered_at"
)


def _member(row: aiosqlite.Row) -> Member:
    return Member(
        row["id"], row["tg_id"], row["username"], row["display_name"], row["phone"], row["locale"],
        row["district_id"], row["referrer_id"], MemberStatus(row["status"]), row["card_version"],
        moment(row["registered_at"]),
    )


async def get_by_tg(conn: aiosqlite.Connection, tg_id: int) -> Member | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM members WHERE tg_id = ?", (tg_id,))
    return _member(row) if row else None


async def get(conn: aiosqlite.Connection, member_id: int) -> Member | None:
    row = await fetch_one(conn, f"SELECT {_COLUMNS} FROM members WHERE id = ?", (member_id,))
    return _member(row) if row else None


async def insert(
    conn: aiosqlite.Connection,
    *,
    tg_id: int,
    username: str | None,
    display_name: str,
    phone: str | None,
    locale: str,
    district_id: int,
    referrer_id: int | None,
    now: datetime,
) -> int | None:
    """Insert a member; None when this Telegram account is already a member."""
    cursor = await conn.execute(
        "INSERT INTO members(tg_id, username, display_name, phone, locale, district_id, referrer_id,"
        " registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tg_id) DO NOTHING",
        (tg_id, username, display_name, phone, locale, district_id, referrer_id, stamp(now)),
    )
    return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


async def insert_consent(conn: aiosqlite.Connection, member_id: int, text_version: str, given_at: datetime) -> None:
    await conn.execute(
        "INSERT INTO consents(member_id, text_version, given_at) VALUES (?, ?, ?)",
        (member_id, text_version, stamp(given_at)),
    )


async def latest_consent(conn: aiosqlite.Connection, member_id: int) -> tuple[str, datetime] | None:
    row = await fetch_one(
        conn,
        "SELECT text_version, given_at FROM consents WHERE member_id = ? ORDER BY id DESC LIMIT 1",
        (member_id,),
    )
    return (row["text_version"], moment(row["given_at"])) if row else None


async def set_district(conn: aiosqlite.Connection, member_id: int, district_id: int) -> None:
    await conn.execute("UPDATE members SET district_id = ? WHERE id = ?", (district_id, member_id))


async def record_move(
    conn: aiosqlite.Connection,
    *,
    member_id: int,
    campaign_id: int | None,
    from_district: int,
    to_district: int,
    moved_by: int,
    self_service: bool,
    now: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO district_moves(member_id, campaign_id, from_district, to_district, moved_by,"
        " self_service, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (member_id, campaign_id, from_district, to_district, moved_by, int(self_service), stamp(now)),
    )


async def self_moves_in(conn: aiosqlite.Connection, member_id: int, campaign_id: int | None) -> int:
    return int(
        await fetch_value(
            conn,
            "SELECT COUNT(*) FROM district_moves WHERE member_id = ? AND campaign_id IS ? AND self_service = 1",
            (member_id, campaign_id),
        )
    )


async def set_locale(conn: aiosqlite.Connection, tg_id: int, locale: str, now: datetime) -> None:
    await conn.execute(
        "INSERT INTO telegram_users(tg_id, locale, first_seen_at) VALUES (?, ?, ?)"
        " ON CONFLICT(tg_id) DO UPDATE SET locale = excluded.locale",
        (tg_id, locale, stamp(now)),
    )
    await conn.execute("UPDATE members SET locale = ? WHERE tg_id = ?", (locale, tg_id))


async def user_locale(conn: aiosqlite.Connection, tg_id: int) -> str | None:
    return await fetch_value(conn, "SELECT locale FROM telegram_users WHERE tg_id = ?", (tg_id,))


async def touch_user(conn: aiosqlite.Connection, tg_id: int, now: datetime) -> bool:
    """Remember a Telegram account; True when it was never seen before."""
    cursor = await conn.execute(
        "INSERT INTO telegram_users(tg_id, first_seen_at) VALUES (?, ?) ON CONFLICT(tg_id) DO NOTHING",
        (tg_id, stamp(now)),
    )
    return cursor.rowcount == 1


async def forget_user(conn: aiosqlite.Connection, tg_id: int) -> None:
    """Drop what a visitor who never became a member left: their first contact, language, inviter."""
    await conn.execute("DELETE FROM telegram_users WHERE tg_id = ?", (tg_id,))


async def set_user_referrer(conn: aiosqlite.Connection, tg_id: int, referrer_id: int) -> None:
    await conn.execute(
        "UPDATE telegram_users SET referrer_id = ? WHERE tg_id = ? AND referrer_id IS NULL",
        (referrer_id, tg_id),
    )


async def user_referrer(conn: aiosqlite.Connection, tg_id: int) -> int | None:
    return await fetch_value(conn, "SELECT referrer_id FROM telegram_users WHERE tg_id = ?", (tg_id,))


async def was_forgotten(conn: aiosqlite.Connection, tg_hash: str) -> bool:
    return await fetch_value(conn, "SELECT 1 FROM forgotten_users WHERE tg_hash = ?", (tg_hash,)) is not None


async def erase(conn: aiosqlite.Connection, member_id: int, tg_id: int, tg_hash: str, now: datetime) -> None:
    """Erase personal data; the member row stays, anonymous, so the ledger keeps its totals.

    The member leaves the rating (their totals go; their team's totals stay, since those are
    kept apart), and their name, @username and phone leave every text kept for others.
    """
    before = await get(conn, member_id)
    await conn.execute(
        "UPDATE members SET tg_id = NULL, username = NULL, phone = NULL, display_name = ?,"
        " status = 'deleted', deleted_at = ? WHERE id = ?",
        (f"#{member_id}", stamp(now), member_id),
    )
    await conn.execute("DELETE FROM telegram_users WHERE tg_id = ?", (tg_id,))
    await conn.execute("DELETE FROM roles WHERE tg_id = ?", (tg_id,))
    await conn.execute("DELETE FROM fsm WHERE key LIKE ?", (f"fsm:{tg_id}:{tg_id}:%",))
    # A self-service move names the member as its mover: that would link the row back to the id.
    await conn.execute(
        "UPDATE district_moves SET moved_by = NULL WHERE member_id = ? AND moved_by = ?", (member_id, tg_id)
    )
    # Mass messages: those not sent yet are dropped (their broadcasts' totals follow; one in flight
    # goes out, but is not retried after a crash); those sent keep their outcome for the delivery
    # reports, without the address or the personal text.
    unsent = "(chat_id = :tg OR member_id = :member) AND status IN ('queued', 'sending')"
    params = {"tg": tg_id, "member": member_id}
    queued = await fetch_all(conn, f"SELECT DISTINCT broadcast_id FROM outbox WHERE {unsent}", params)
    await conn.execute(f"DELETE FROM outbox WHERE {unsent}", params)
    for row in queued:
        await conn.execute(
            "UPDATE broadcasts SET total = (SELECT COUNT(*) FROM outbox WHERE broadcast_id = ?) WHERE id = ?",
            (row[0], row[0]),
        )
    await conn.execute(
        "UPDATE outbox SET chat_id = 0, payload = NULL WHERE chat_id = :tg OR member_id = :member", params
    )
    await conn.execute(
        "INSERT INTO forgotten_users(tg_hash, forgotten_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
        (tg_hash, stamp(now)),
    )
    # Their posts waiting for a coordinator leave the queue: an erased member earns nothing more.
    await conn.execute(
        "UPDATE posts SET status = 'rejected', reject_reason = 'erased', moderated_at = ?"
        " WHERE member_id = ? AND status = 'pending'",
        (stamp(now), member_id),
    )
    # Out of the rating and its daily snapshots; the ledger keeps the anonymous entries.
    await conn.execute("DELETE FROM member_totals WHERE member_id = ?", (member_id,))
    await conn.execute("DELETE FROM daily_totals WHERE member_id = ?", (member_id,))
    # Updates kept by the webhook inbox carry the sender's name, username and phone.
    await conn.execute(
        "UPDATE inbox SET body = json_object('update_id', update_id) WHERE (handled_at IS NOT NULL OR attempts > 0)"
        " AND EXISTS (SELECT 1 FROM json_tree(inbox.body) WHERE key IN ('id', 'user_id') AND value = ?)",
        (tg_id,),
    )
    if before is not None:
        await _redact_texts(conn, [before.display_name, f"@{before.username}" if before.username else None,
                                   before.phone])


# A piece of personal data inside a text: not part of a longer word or number.
def _whole(needle: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w+@])" + re.escape(needle) + r"(?!\w)")


async def _redact_texts(conn: aiosqlite.Connection, secrets: list[str | None]) -> None:
    """Take an erased member's name, @username and phone out of the texts kept for other people
    (a coordinator's digest naming the day's leaders, an announcement): a line naming them goes."""
    patterns = [_whole(form) for secret in secrets if secret for form in {secret, html.escape(secret, quote=False)}]
    needles = {json.dumps(form, ensure_ascii=False)[1:-1] for secret in secrets if secret
               for form in {secret, html.escape(secret, quote=False)}}
    for table in ("outbox", "broadcasts"):
        found: dict[int, str] = {}
        for needle in needles:
            for row in await fetch_all(conn, f"SELECT id, payload FROM {table} WHERE instr(payload, ?) > 0", (needle,)):
                found[row[0]] = row[1]
        for row_id, payload in found.items():
            redacted = json.dumps(_redact(json.loads(payload), patterns), ensure_ascii=False, separators=(",", ":"))
            await conn.execute(f"UPDATE {table} SET payload = ? WHERE id = ?", (redacted, row_id))


def _redact(value: Any, patterns: list[re.Pattern[str]]) -> Any:
    if isinstance(value, str):
        lines = [line for line in value.split("\n") if not any(p.search(line) for p in patterns)]
        return "\n".join(lines) if any(line.strip() for line in lines) else "—"
    if isinstance(value, list):
        return [_redact(item, patterns) for item in value]
    if isinstance(value, dict):
        return {key: _redact(item, patterns) for key, item in value.items()}
    return value


async def set_status(conn: aiosqlite.Connection, tg_id: int, status: MemberStatus) -> bool:
    cursor = await conn.execute(
        "UPDATE members SET status = ? WHERE tg_id = ? AND status != 'deleted' AND status != ?",
        (status, tg_id, status),
    )
    return cursor.rowcount == 1


async def count_referrals(conn: aiosqlite.Connection, member_id: int) -> int:
    return int(await fetch_value(conn, "SELECT COUNT(*) FROM members WHERE referrer_id = ?", (member_id,)))


async def tg_id_by_username(conn: aiosqlite.Connection, username: str) -> int | None:
    """The account that holds a @username now (one at most: `claim_username` takes it from older holders)."""
    return await fetch_value(
        conn,
        "SELECT tg_id FROM members WHERE username = :u COLLATE NOCASE AND tg_id IS NOT NULL"
        " UNION ALL SELECT tg_id FROM telegram_users WHERE username = :u COLLATE NOCASE LIMIT 1",
        {"u": username},
    )


async def claim_username(conn: aiosqlite.Connection, tg_id: int, username: str | None) -> None:
    """This account shows `username` now (None: none): any other account that had it loses it."""
    if username is not None:
        await conn.execute(
            "UPDATE members SET username = NULL WHERE username = ? COLLATE NOCASE AND tg_id IS NOT ?",
            (username, tg_id),
        )
        await conn.execute(
            "UPDATE telegram_users SET username = NULL WHERE username = ? COLLATE NOCASE AND tg_id != ?",
            (username, tg_id),
        )
    await conn.execute("UPDATE members SET username = ? WHERE tg_id = ?", (username, tg_id))
    await conn.execute("UPDATE telegram_users SET username = ? WHERE tg_id = ?", (username, tg_id))


async def set_phone(conn: aiosqlite.Connection, member_id: int, phone: str | None) -> bool:
    cursor = await conn.execute(
        "UPDATE members SET phone = ? WHERE id = ? AND phone IS NOT ?", (phone, member_id, phone)
    )
    return cursor.rowcount == 1


async def set_display_name(conn: aiosqlite.Connection, member_id: int, display_name: str) -> None:
    await conn.execute("UPDATE members SET display_name = ? WHERE id = ?", (display_name, member_id))


@dataclass(frozen=True, slots=True)
class ActorData:
    member: Member | None
    locale: str | None              # the Telegram user's stored language
    grants: list[RoleGrant]
    known: bool                     # a member, or a Telegram user the bot remembers
    username: str | None            # the @username stored for them


def actor_data(conn: sqlite3.Connection, tg_id: int) -> ActorData:
    """A user's member row, stored language, username and role grants in one statement (read on every update).

    Synchronous, for `Database.read`.
    """
    row = conn.execute(
        f"SELECT {', '.join('m.' + c.strip() for c in _COLUMNS.split(','))}, u.locale AS user_locale,"
        " u.tg_id AS user_tg_id, u.username AS user_username,"
        " (SELECT group_concat(role || ',' || scope_kind || ',' || scope_id, ';') FROM roles WHERE tg_id = q.tg)"
        " AS grants FROM (SELECT ? AS tg) q LEFT JOIN members m ON m.tg_id = q.tg"
        " LEFT JOIN telegram_users u ON u.tg_id = q.tg",
        (tg_id,),
    ).fetchone()
    assert row is not None
    member = _member(row) if row["id"] is not None else None
    grants = []
    for part in (row["grants"] or "").split(";"):
        if part:
            role, kind, scope_id = part.split(",")
            grants.append(RoleGrant(tg_id, GrantedRole(role), ScopeKind(kind), int(scope_id)))
    known = member is not None or row["user_tg_id"] is not None
    username = member.username if member is not None else row["user_username"]
    return ActorData(member, row["user_locale"], grants, known, username)


async def referrals_of(
    conn: aiosqlite.Connection, member_id: int, campaign_id: int | None, limit: int
) -> list[tuple[str, str, int]]:
    """People who joined through a member's link, first first: (name, status, points units this campaign)."""
    rows = await fetch_all(
        conn,
        "SELECT m.display_name, m.status, COALESCE(t.units, 0) FROM members m"
        " LEFT JOIN member_totals t ON t.member_id = m.id AND t.campaign_id = ?"
        " WHERE m.referrer_id = ? ORDER BY m.id LIMIT ?",
        (campaign_id if campaign_id is not None else -1, member_id, limit),
    )
    return [(row[0], row[1], int(row[2])) for row in rows]


def member_in(conn: sqlite3.Connection, member_id: int) -> Member | None:
    """`get` inside a synchronous unit of work (`Database.run`)."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM members WHERE id = ?", (member_id,)).fetchone()
    return _member(row) if row else None
