"""Registration, invitations, district moves and erasure on a real SQLite file."""

from datetime import date

from bot import membership
from bot.ledger import revoke
from bot.membership import InviteOutcome, MoveRefusal, RegistrationRefusal
from bot.roles import Actor
from bot.scopes import EVERYWHERE
from scheduler.clock import FrozenClock
from storage import ledger as ledger_store
from storage import members as member_store
from storage.db import Database, fetch_all, fetch_value
from tests.support.factories import NewMember

SECRET = b"test-secret"


async def contact(db: Database, clock: FrozenClock, tg_id: int, referrer_id: int) -> InviteOutcome | None:
    return await membership.first_contact(db, tg_id=tg_id, referrer_id=referrer_id, secret=SECRET, now=clock.now())

async def test_a_member_lands_in_the_chosen_team_with_consent_recorded(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    result = await new_member.registration(100, "Анна", district_id=2)
    assert result.district.name == "Ленинский" and result.district.city_name == "Новосибирск"
    async with seeded_db.reading() as conn:
        consent = await member_store.latest_consent(conn, result.member.id)
        in_rating = await fetch_value(
            conn, "SELECT COUNT(*) FROM member_totals WHERE member_id = ?", (result.member.id,)
        )
    assert consent is not None and consent[0] == membership.CONSENT_VERSION
    assert in_rating == 1


async def test_registering_twice_is_impossible(new_member: NewMember, seeded_db: Database, clock: FrozenClock) -> None:
    await new_member(100)
    again = await membership.register(
        seeded_db, tg_id=100, username=None, display_name="Дубль", phone=None, locale="ru", district_id=3,
        consent_at=clock.now(), now=clock.now(), today=clock.today(),
    )
    assert again is RegistrationRefusal.ALREADY_MEMBER
    async with seeded_db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM members") == 1


async def test_an_invited_newcomer_earns_the_referrer_ten_points_once(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    referrer = await new_member(100)
    outcome = await contact(seeded_db, clock, 200, referrer.id)
    assert outcome is InviteOutcome.RECORDED
    # A second link, opened later, does not change who invited them.
    other = await new_member(300)
    assert await contact(seeded_db, clock, 200, other.id) is InviteOutcome.NOT_NEW
    joined = await new_member.registration(200)
    assert joined.referral is not None and joined.referral.units == 100
    assert joined.member.referrer_id == referrer.id
    async with seeded_db.reading() as conn:
        assert await fetch_value(conn, "SELECT units FROM member_totals WHERE member_id = ?", (referrer.id,)) == 100
        assert await fetch_value(conn, "SELECT units FROM member_totals WHERE member_id = ?", (other.id,)) == 0
        assert await ledger_store.inconsistencies(conn) == []


async def test_self_referral_and_unknown_referrers_award_nothing(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    member = await new_member(100)
    assert await contact(seeded_db, clock, 100, member.id) is InviteOutcome.NOT_NEW
    assert await contact(seeded_db, clock, 500, 9999) is InviteOutcome.UNKNOWN_REFERRER


async def test_a_member_moves_once_per_campaign_and_takes_only_future_points(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    referrer = await new_member(100, district_id=1)
    await membership.first_contact(seeded_db, tg_id=200, referrer_id=referrer.id, secret=SECRET, now=clock.now())
    await new_member(200)  # referrer earns 10 points for team 1
    moved = await membership.change_district(
        seeded_db, actor=Actor(100, False), member_id=referrer.id, district_id=4, self_service=True, now=clock.now(),
        today=clock.today(),
    )
    assert not isinstance(moved, MoveRefusal) and moved.name == "Омский центральный"
    again = await membership.change_district(
        seeded_db, actor=Actor(100, False), member_id=referrer.id, district_id=5, self_service=True, now=clock.now(),
        today=clock.today(),
    )
    assert again is MoveRefusal.ALREADY_MOVED
    by_coordinator = await membership.change_district(
        seeded_db, actor=Actor(1, True), member_id=referrer.id, district_id=5, self_service=False, now=clock.now(),
        today=clock.today(),
    )
    assert not isinstance(by_coordinator, MoveRefusal)
    async with seeded_db.reading() as conn:
        team_units = dict(await (await conn.execute("SELECT district_id, units FROM team_totals")).fetchall())
    assert team_units == {1: 100}


async def test_erasing_keeps_totals_true_and_forgets_the_person(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    referrer = await new_member(100, username="user100")
    await membership.first_contact(seeded_db, tg_id=200, referrer_id=referrer.id, secret=SECRET, now=clock.now())
    await new_member(200)
    await membership.erase(seeded_db, member=referrer, secret=SECRET, now=clock.now())
    async with seeded_db.reading() as conn:
        row = await (await conn.execute(
            "SELECT tg_id, username, phone, display_name, status FROM members WHERE id = ?", (referrer.id,)
        )).fetchone()
        assert tuple(row) == (None, None, None, f"#{referrer.id}", "deleted")
        assert await member_store.get_by_tg(conn, 100) is None
        assert await ledger_store.inconsistencies(conn) == []
        assert await fetch_value(conn, "SELECT SUM(units) FROM ledger") == 100
    # Coming back through someone's link is not "new" again: no second referral award.
    newcomer = await new_member(300)
    assert await contact(seeded_db, clock, 100, newcomer.id) is InviteOutcome.NOT_NEW


async def test_revoking_an_activity_entry_reverses_the_referral_share(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    from bot.ledger import award
    from bot.scoring import Kind
    from storage import campaigns as campaign_store

    referrer = await new_member(100)
    await membership.first_contact(seeded_db, tg_id=200, referrer_id=referrer.id, secret=SECRET, now=clock.now())
    newcomer = await new_member(200)
    async with seeded_db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, date(2026, 12, 10))
        assert campaign is not None
        given = await award(conn, campaign=campaign, member=newcomer, kind=Kind.POST, units=10, subject="post:1",
                            idem_key="post:1", now=clock.now())
        repeat = await award(conn, campaign=campaign, member=newcomer, kind=Kind.POST, units=10, subject="post:1",
                             idem_key="post:1", now=clock.now())
    assert given is not None and given.share_units == 3 and repeat is None
    async with seeded_db.transaction() as conn:
        result = await revoke(
            conn, entry_id=given.entry_id, reason="не пост кампании", revoked_by=1, now=clock.now()
        )
    assert not isinstance(result, str) and result.share_reversals == [(referrer.id, 3)]
    async with seeded_db.reading() as conn:
        totals = dict(await (await conn.execute("SELECT member_id, units FROM member_totals")).fetchall())
        assert totals == {referrer.id: 100, newcomer.id: 0}
        assert await ledger_store.inconsistencies(conn) == []


async def test_after_erasing_the_name_and_telegram_id_are_nowhere_in_the_database(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    from aiogram.fsm.storage.base import StorageKey

    from bot import broadcasts
    from storage import outbox as outbox_store
    from storage.fsm import SQLiteStorage

    tg_id, name = 987_654_321, "Zoya Unikalnaya"          # distinctive: found only where they really are
    member = await new_member(tg_id, name, district_id=1, username=f"user{tg_id}")
    await membership.change_district(
        seeded_db, actor=Actor(tg_id, False), member_id=member.id, district_id=2, self_service=True, now=clock.now(),
        today=clock.today(),
    )
    await new_member(100)  # somebody else, who stays
    now = clock.now()
    rating = await broadcasts.queue_daily_rating(seeded_db, today=clock.today(), now=clock.now())
    assert isinstance(rating, broadcasts.Queued)
    async with seeded_db.transaction() as conn:                        # ours went out, with the name in it
        await conn.execute("UPDATE outbox SET status = 'delivered' WHERE member_id = ?", (member.id,))
        queued = await outbox_store.create_broadcast(conn, kind="announcement", payload={}, now=now)
        await outbox_store.add_members_in_scope(conn, queued, EVERYWHERE)
    await SQLiteStorage(seeded_db).set_data(StorageKey(bot_id=42, chat_id=tg_id, user_id=tg_id), {"phone": "+7999"})

    await membership.erase(seeded_db, member=member, secret=SECRET, now=clock.now())

    async with seeded_db.reading() as conn:
        found = []
        tables = [row[0] for row in await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in [row[1] for row in await conn.execute_fetchall(f"PRAGMA table_info({table})")]:
                hits = await fetch_value(
                    conn,
                    f"SELECT COUNT(*) FROM {table} WHERE {column} = ? OR CAST({column} AS TEXT) LIKE ?"
                    f" OR CAST({column} AS TEXT) LIKE ?",
                    (tg_id, f"%{tg_id}%", f"%{name}%"),
                )
                if hits:
                    found.append(f"{table}.{column}")
        assert found == []
        # The other member's messages still go out, and the queued broadcast counts them alone.
        assert await fetch_value(conn, "SELECT total FROM broadcasts WHERE id = ?", (queued,)) == 1
        left = await fetch_all(conn, "SELECT chat_id, status FROM outbox WHERE broadcast_id = ?", (queued,))
        assert [tuple(row) for row in left] == [(100, "queued")]
        assert await ledger_store.inconsistencies(conn) == []
