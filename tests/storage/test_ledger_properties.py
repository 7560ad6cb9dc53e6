"""Properties of the ledger on SQLite, for any sequence of acts: entries sum to the totals, a
reversal restores them, and every member's rank read from the histograms is their place in
the fully sorted rating."""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import administration, ledger
from bot.scoring import Kind
from storage import campaigns as campaign_store
from storage import ledger as ledger_store
from storage import members as member_store
from storage import rating as rating_store
from storage.db import Database, fetch_all
from tests.conftest import DISTRICTS_CSV

START = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
MEMBERS = 6

# (member index, kind, units, minutes later) awards; ("revoke", entry pick) revocations; ("move", member, district)
award_op = st.tuples(
    st.just("award"), st.integers(0, MEMBERS - 1), st.sampled_from([Kind.POST, Kind.MEETING, Kind.REFERRAL]),
    st.sampled_from([3, 10, 100, 200]), st.integers(0, 180),
)
revoke_op = st.tuples(st.just("revoke"), st.integers(0, 50))
move_op = st.tuples(st.just("move"), st.integers(0, MEMBERS - 1), st.integers(1, 5))
operations = st.lists(st.one_of(award_op, award_op, revoke_op, move_op), max_size=40)


async def _world(directory: str) -> tuple[Database, campaign_store.Campaign]:
    db = await Database(Path(directory) / "vverh.db").connect()
    await administration.import_districts(db, DISTRICTS_CSV)
    await administration.create_campaign(db, name="c", starts_on=date(2026, 12, 1), ends_on=date(2027, 2, 28),
                                         now=START)
    async with db.transaction() as conn:
        for i in range(MEMBERS):
            # Members 1.. were invited by the member before them: shares flow one level up.
            await member_store.insert(
                conn, tg_id=100 + i, username=None, display_name=f"m{i}", phone=None, locale="ru",
                district_id=1 + i % 3, referrer_id=i if i else None, now=START,
            )
            await ledger_store.ensure_member_total(conn, campaign_id=1, member_id=i + 1, district_id=1 + i % 3,
                                                   now=START)
        campaign = await campaign_store.get_campaign(conn, 1)
    assert campaign is not None
    return db, campaign


async def _apply(db: Database, campaign: campaign_store.Campaign, ops: list[tuple]) -> None:
    for n, op in enumerate(ops):
        async with db.transaction() as conn:
            if op[0] == "award":
                _, who, kind, units, minutes = op
                member = await member_store.get(conn, who + 1)
                assert member is not None
                await ledger.award(conn, campaign=campaign, member=member, kind=kind, units=units, subject=f"t:{n}",
                                   idem_key=f"t:{n}", now=START + timedelta(minutes=minutes))
            elif op[0] == "revoke":
                ids = [r[0] for r in await fetch_all(conn, "SELECT id FROM ledger ORDER BY id")]
                if ids:
                    await ledger.revoke(conn, entry_id=ids[op[1] % len(ids)], reason="x", revoked_by=1,
                                        now=START + timedelta(hours=4))
            else:
                _, who, district = op
                await member_store.set_district(conn, who + 1, district)
                await ledger_store.move_member_total(conn, member_id=who + 1, district_id=district)


async def _check_ranks(db: Database, campaign_id: int) -> None:
    async with db.reading() as conn:
        rows = [tuple(r) for r in await fetch_all(
            conn, "SELECT member_id, units, district_id FROM member_totals WHERE campaign_id = ?"
                  " ORDER BY units DESC, reached_at, member_id", (campaign_id,))]
        for place, (member_id, units, district_id) in enumerate(rows, start=1):
            standing = await rating_store.standing(conn, campaign_id, member_id)
            team = [r[0] for r in rows if r[2] == district_id]
            assert standing is not None
            assert (standing.rank, standing.of) == (place, len(rows))
            assert (standing.team_rank, standing.team_of) == (team.index(member_id) + 1, len(team))
            assert standing.units == units
            assert standing.ahead_units == (rows[place - 2][1] if place > 1 else None)
        counted = [tuple(r) for r in await fetch_all(
            conn, "SELECT district_id, COUNT(*) FROM members WHERE status = 'active' GROUP BY 1 ORDER BY 1")]
        kept = [tuple(r) for r in await fetch_all(
            conn, "SELECT district_id, active FROM team_members WHERE active != 0 ORDER BY 1")]
        assert kept == counted


def _run(scenario) -> None:  # noqa: ANN001
    with tempfile.TemporaryDirectory() as directory:
        asyncio.run(scenario(directory))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_entries_always_sum_to_the_totals_and_ranks_match_the_sorted_rating(ops: list[tuple]) -> None:
    async def scenario(directory: str) -> None:
        db, campaign = await _world(directory)
        try:
            await _apply(db, campaign, ops)
            async with db.reading() as conn:
                assert await ledger_store.inconsistencies(conn) == []
            await _check_ranks(db, campaign.id)
        finally:
            await db.close()

    _run(scenario)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations, st.integers(0, MEMBERS - 1), st.sampled_from([Kind.POST, Kind.MEETING, Kind.REFERRAL]),
       st.sampled_from([3, 10, 200]))
def test_revoking_an_award_restores_every_total(ops: list[tuple], who: int, kind: Kind, units: int) -> None:
    async def totals(db: Database) -> tuple[list[tuple], list[tuple]]:
        async with db.reading() as conn:
            members = [tuple(r) for r in await fetch_all(conn, "SELECT member_id, units FROM member_totals ORDER BY 1")]
            teams = [tuple(r) for r in await fetch_all(conn, "SELECT district_id, units FROM team_totals"
                                                             " WHERE units != 0 ORDER BY 1")]
        return members, teams

    async def scenario(directory: str) -> None:
        db, campaign = await _world(directory)
        try:
            await _apply(db, campaign, ops)
            before = await totals(db)
            async with db.transaction() as conn:
                member = await member_store.get(conn, who + 1)
                assert member is not None
                given_award = await ledger.award(conn, campaign=campaign, member=member, kind=kind, units=units,
                                                 subject="p", idem_key="property", now=START)
            assert given_award is not None
            async with db.transaction() as conn:
                revoked = await ledger.revoke(conn, entry_id=given_award.entry_id, reason="x", revoked_by=1,
                                              now=START)
            assert not isinstance(revoked, ledger.RevokeRefusal)
            assert await totals(db) == before
            async with db.reading() as conn:
                assert await ledger_store.inconsistencies(conn) == []
        finally:
            await db.close()

    _run(scenario)
