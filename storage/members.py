"""Members, the Telegram accounts behind them, consents and district moves."""

from __future__ import annotations

import sqlite3

import aiosqlite

from bot.model import GrantedRole, Member, MemberStatus, RoleGrant, ScopeKind
from storage.db import fetch_all, fetch_one, fetch_value

_COLUMNS = (
    "id, tg_id, username, display_name, phone, locale, district_id, referrer_id, status,"
    " card_version, registered_at"
)


def _member(row: aiosqlite.Row) -> Member:
    return Member(
        row["id"], row["tg_id"], row["username"], row["display_name"], row["phone"], row["locale"],
        row["district_id"], row["referrer_id"], MemberStatus(row["status"]), row["card_version"], row["registered_at"],
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
    now: str,
) -> int | None:
    """Insert a member; None when this Telegram account is already a member."""
    cursor = await conn.execute(
        "INSERT INTO members(tg_id, username, display_name, phone, locale, district_id, referrer_id,"
        " registered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(tg_id) DO NOTHING",
        (tg_id, username, display_name, phone, locale, district_id, referrer_id, now),
    )
    return int(cursor.lastrowid) if cursor.rowcount == 1 and cursor.lastrowid else None


async def insert_consent(conn: aiosqlite.Connection, member_id: int, text_version: str, given_at: str) -> None:
    await conn.execute(
        "INSERT INTO consents(member_id, text_version, given_at) VALUES (?, ?, ?)",
        (member_id, text_version, given_at),
    )


async def latest_consent(conn: aiosqlite.Connection, member_id: int) -> tuple[str, str] | None:
    row = await fetch_one(
        conn,
        "SELECT text_version, given_at FROM consents WHERE member_id = ? ORDER BY id DESC LIMIT 1",
        (member_id,),
    )
    return (row["text_version"], row["given_at"]) if row else None


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
    now: str,
) -> None:
    await conn.execute(
        "INSERT INTO district_moves(member_id, campaign_id, from_district, to_district, moved_by,"
        " self_service, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (member_id, campaign_id, from_district, to_district, moved_by, int(self_service), now),
    )


async def self_moves_in(conn: aiosqlite.Connection, member_id: int, campaign_id: int | None) -> int:
    return int(
        await fetch_value(
            conn,
            "SELECT COUNT(*) FROM district_moves WHERE member_id = ? AND campaign_id IS ? AND self_service = 1",
            (member_id, campaign_id),
        )
    )


async def set_locale(conn: aiosqlite.Connection, tg_id: int, locale: str, now: str) -> None:
    await conn.execute(
        "INSERT INTO telegram_users(tg_id, locale, first_seen_at) VALUES (?, ?, ?)"
        " ON CONFLICT(tg_id) DO UPDATE SET locale = excluded.locale",
        (tg_id, locale, now),
    )
    await conn.execute("UPDATE members SET locale = ? WHERE tg_id = ?", (locale, tg_id))


async def user_locale(conn: aiosqlite.Connection, tg_id: int) -> str | None:
    return await fetch_value(conn, "SELECT locale FROM telegram_users WHERE tg_id = ?", (tg_id,))


async def touch_user(conn: aiosqlite.Connection, tg_id: int, now: str) -> bool:
    """Remember a Telegram account; True when it was never seen before."""
    cursor = await conn.execute(
        "INSERT INTO telegram_users(tg_id, first_seen_at) VALUES (?, ?) ON CONFLICT(tg_id) DO NOTHING",
        (tg_id, now),
    )
    return cursor.rowcount == 1


async def set_user_referrer(conn: aiosqlite.Connection, tg_id: int, referrer_id: int) -> None:
    await conn.execute(
        "UPDATE telegram_users SET referrer_id = ? WHERE tg_id = ? AND referrer_id IS NULL",
        (referrer_id, tg_id),
    )


async def user_referrer(conn: aiosqlite.Connection, tg_id: int) -> int | None:
    return await fetch_value(conn, "SELECT referrer_id FROM telegram_users WHERE tg_id = ?", (tg_id,))


async def was_forgotten(conn: aiosqlite.Connection, tg_hash: str) -> bool:
    return await fetch_value(conn, "SELECT 1 FROM forgotten_users WHERE tg_hash = ?", (tg_hash,)) is not None


async def erase(conn: aiosqlite.Connection, member_id: int, tg_id: int, tg_hash: str, now: str) -> None:
    """Erase personal data; the member row stays, anonymous, so the ledger keeps its totals."""
    await conn.execute(
        "UPDATE members SET tg_id = NULL, username = NULL, phone = NULL, display_name = ?,"
        " status = 'deleted', deleted_at = ? WHERE id = ?",
        (f"#{member_id}", now, member_id),
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
        (tg_hash, now),
    )


async def set_status(conn: aiosqlite.Connection, tg_id: int, status: MemberStatus) -> bool:
    cursor = await conn.execute(
        "UPDATE members SET status = ? WHERE tg_id = ? AND status != 'deleted' AND status != ?",
        (status, tg_id, status),
    )
    return cursor.rowcount == 1


async def count_referrals(conn: aiosqlite.Connection, member_id: int) -> int:
    return int(await fetch_value(conn, "SELECT COUNT(*) FROM members WHERE referrer_id = ?", (member_id,)))


async def tg_id_by_username(conn: aiosqlite.Connection, username: str) -> int | None:
    return await fetch_value(
        conn, "SELECT tg_id FROM members WHERE username = ? COLLATE NOCASE AND tg_id IS NOT NULL", (username,)
    )


async def set_display_name(conn: aiosqlite.Connection, member_id: int, display_name: str) -> None:
    await conn.execute("UPDATE members SET display_name = ? WHERE id = ?", (display_name, member_id))


def actor_data(conn: sqlite3.Connection, tg_id: int) -> tuple[Member | None, str | None, list[RoleGrant]]:
    """A user's member row, stored language and role grants in one statement (read on every update).

    Synchronous, for `Database.read`.
    """
    row = conn.execute(
        f"SELECT {', '.join('m.' + c.strip() for c in _COLUMNS.split(','))}, u.locale AS user_locale,"
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
    return member, row["user_locale"], grants
