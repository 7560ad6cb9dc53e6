"""Migration 0002 rebuilds the ledger for the kind 'survey': every entry, link, index and guard survives."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage.db import Database
from storage.ledger import inconsistencies
from storage.migrations import MIGRATIONS


def _version_one(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0][1])
    conn.executescript("""
        INSERT INTO cities(id, name) VALUES (1, 'Город');
        INSERT INTO districts(id, code, name, city_id) VALUES (1, 'D-1', 'Округ', 1);
        INSERT INTO campaigns(id, name, starts_on, ends_on, created_at)
            VALUES (1, 'К', '2026-12-01', '2027-02-28', 'x');
        INSERT INTO members(id, tg_id, display_name, district_id, registered_at) VALUES (1, 10, 'Пригласивший', 1, 'x');
        INSERT INTO members(id, tg_id, display_name, district_id, referrer_id, registered_at)
            VALUES (2, 20, 'Приглашённый', 1, 1, 'x');
        INSERT INTO ledger(id, campaign_id, member_id, district_id, kind, units, subject, idem_key, created_at)
            VALUES (1, 1, 2, 1, 'meeting', 200, 'checkin:1', 'checkin:1', 'x');
        INSERT INTO ledger(id, campaign_id, member_id, district_id, kind, units, subject, idem_key, source_id,
                           created_at)
            VALUES (2, 1, 1, 1, 'referral_share', 60, 'ledger:1', 'share:1', 1, 'x');
        INSERT INTO ledger(id, campaign_id, member_id, district_id, kind, units, subject, idem_key, reverses_id,
                           reason, created_at)
            VALUES (3, 1, 2, 1, 'meeting', -200, 'checkin:1', 'revoke:1', 1, 'ошибка', 'x');
        INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at) VALUES (1, 1, 1, 60, 'x');
        INSERT INTO member_totals(campaign_id, member_id, district_id, units, reached_at) VALUES (1, 2, 1, 0, 'x');
        INSERT INTO team_totals(campaign_id, district_id, units) VALUES (1, 1, 60);
        PRAGMA user_version = 1;
    """)
    conn.commit()
    conn.close()


async def test_the_ledger_keeps_every_entry_and_its_guards_and_takes_survey_points(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _version_one(path)
    db = await Database(path).connect()
    try:
        async with db.reading() as conn:
            rows = await (await conn.execute(
                "SELECT id, kind, units, source_id, reverses_id, reason FROM ledger ORDER BY id")).fetchall()
            assert [tuple(r) for r in rows] == [(1, "meeting", 200, None, None, None),
                                                (2, "referral_share", 60, 1, None, None),
                                                (3, "meeting", -200, None, 1, "ошибка")]
            assert await inconsistencies(conn) == []
            assert (await (await conn.execute("PRAGMA foreign_key_check")).fetchall()) == []
            names = {r[0] for r in await (await conn.execute(
                "SELECT name FROM sqlite_master WHERE tbl_name = 'ledger'")).fetchall()}
            assert {"ledger_member", "ledger_campaign_time", "ledger_source", "ledger_append_only_update",
                    "ledger_append_only_delete", "ledger_nothing_while_suspended"} <= names
        async with db.transaction() as conn:
            await conn.execute(
                "INSERT INTO ledger(campaign_id, member_id, district_id, kind, units, subject, idem_key, created_at)"
                " VALUES (1, 2, 1, 'survey', 50, 'survey:1', 'survey:1:2', 'x')"
            )
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            async with db.transaction() as conn:
                await conn.execute("UPDATE ledger SET units = 0 WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError):
            async with db.transaction() as conn:            # a reversal still reverses one entry only
                await conn.execute(
                    "INSERT INTO ledger(campaign_id, member_id, district_id, kind, units, subject, idem_key,"
                    " reverses_id, created_at) VALUES (1, 2, 1, 'meeting', -200, 'checkin:1', 'again', 1, 'x')"
                )
    finally:
        await db.close()
