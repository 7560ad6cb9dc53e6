"""The submission rules on SQLite: one post counts once, the daily cap, the campaign window, moderation."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bot import links, posts
from bot.links import PostLink
from bot.model import GrantedRole, Member, ScopeKind
from bot.posts import CampaignCache, ModerationRefusal, PostRefusal, Refused, RejectReason, Submission
from scheduler.clock import FrozenClock
from storage import ledger as ledger_store
from storage import members as member_store
from storage.db import Database, fetch_value
from tests.support.factories import NewMember, grant, staff

COORDINATOR = staff(700, GrantedRole.COORDINATOR)


@pytest.fixture(autouse=True)
async def _staff_hold_their_grants(db: Database) -> None:
    await grant(db, COORDINATOR)


def link(text: str) -> PostLink:
    parsed = links.parse_post_link(text, (*links.DEFAULT_ALLOWED_POST_DOMAINS, "facebook.com"))
    assert isinstance(parsed, PostLink), (text, parsed)
    return parsed


async def submit(db: Database, clock: FrozenClock, member: Member, text: str, *, cap: int = 10,
                 material_id: int | None = None, cache: CampaignCache | None = None) -> Submission | Refused:
    return await posts.submit_post(
        db, cache or CampaignCache(), member=member, link=link(text), material_id=material_id, daily_cap=cap,
        now=clock.now(), today=clock.today(),
    )


async def total(db: Database, member: Member) -> int:
    async with db.reading() as conn:
        return int(await fetch_value(conn, "SELECT COALESCE(SUM(units), 0) FROM member_totals WHERE member_id = ?",
                                     (member.id,)))


@pytest.mark.parametrize(
    ("first", "again"),
    [
        ("https://vk.com/wall-100_1", "http://m.vk.com/wall-100_1/?utm_source=tg#reply"),
        ("https://vk.com/club100?w=wall-100_1", "https://vk.com/wall-100_1"),
        ("https://t.me/vverh_news/15", "https://telegram.me/s/vverh_news/15?single"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42", "https://youtu.be/dQw4w9WgXcQ?si=abc"),
        ("https://ok.ru/group/5/topic/7", "https://m.ok.ru/group/5/topic/7?utm_medium=x"),
        ("https://twitter.com/someone/status/123", "https://x.com/renamed/status/123"),
        # Issue 11, hole 4: each of these scored twice.
        ("https://t.me/vverh_news/15", "https://t.me/vverh_news/4/15"),            # a forum topic number
        ("https://t.me/vverh_news/2/15", "https://t.me/vverh_news/9/15"),
        ("https://ok.ru/group/5/topic/7", "https://ok.ru/vverhgroup/topic/7"),     # the group by number and name
        ("https://www.tiktok.com/@anna/video/7300000000000000000",
         "https://www.tiktok.com/@renamed/video/7300000000000000000"),            # the author part
        ("https://www.facebook.com/page/posts/pfbid0Ab", "https://www.facebook.com/other/posts/pfbid0Ab"),
        ("https://vk.com/clip-1_5", "https://vk.com/video-1_5"),                  # a clip is a video
        ("https://vk.com/wall-1_5", "https://vk.com/club1?z=photo-1_9%2Fwall-1_5"),  # a photo of the post
    ],
)
async def test_a_normalised_variant_of_a_counted_post_is_a_duplicate_for_everyone(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock, first: str, again: str
) -> None:
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис")
    assert isinstance(await submit(seeded_db, clock, anna, first), Submission)
    own = await submit(seeded_db, clock, anna, again)
    other = await submit(seeded_db, clock, boris, again)
    assert isinstance(own, Refused) and own.reason is PostRefusal.DUPLICATE_OWN
    assert isinstance(other, Refused) and other.reason is PostRefusal.DUPLICATE
    assert (await total(seeded_db, anna), await total(seeded_db, boris)) == (10, 0)


async def test_a_post_counted_in_an_earlier_campaign_never_counts_again(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    from bot import administration

    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис")
    assert isinstance(await submit(seeded_db, clock, anna, "https://vk.com/wall-1_1"), Submission)
    spring = await administration.create_campaign(
        seeded_db, name="Весна-2027", starts_on=date(2027, 3, 1), ends_on=date(2027, 5, 31),
        moderation=posts.ModerationMode.AUTO, now=clock.now(),
    )
    assert not isinstance(spring, administration.CampaignRefusal)
    clock.advance(timedelta(days=90))                                  # 2027-03-10
    for who, text in ((anna, "https://vk.com/wall-1_1"), (boris, "https://m.vk.com/wall-1_1?utm_source=x")):
        again = await submit(seeded_db, clock, who, text)
        assert isinstance(again, Refused) and again.reason is PostRefusal.COUNTED_BEFORE, again
    fresh = await submit(seeded_db, clock, boris, "https://vk.com/wall-1_2")
    assert isinstance(fresh, Submission) and fresh.campaign.id == spring.id


async def test_any_24_hours_hold_at_most_twice_the_daily_cap(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    # The cap per local day stays; a local day that starts early (the deployment moved its
    # TIMEZONE east between two submissions) does not open a third cap's worth within hours.
    anna = await new_member(100, "Анна")

    async def send(n: int, minutes: int, day: date) -> Submission | Refused:
        return await posts.submit_post(
            seeded_db, CampaignCache(), member=anna, link=link(f"https://t.me/vverh_news/{n}"), material_id=None,
            daily_cap=3, now=clock.now() + timedelta(minutes=minutes), today=day,
        )

    sent = [await send(n, n, date(2026, 12, 10)) for n in range(3)]
    sent += [await send(n, 20 + n, date(2026, 12, 11)) for n in range(3, 6)]
    assert all(isinstance(r, Submission) for r in sent)
    third = await send(6, 40, date(2026, 12, 12))
    assert isinstance(third, Refused) and third.reason is PostRefusal.ROLLING_CAP
    later = await send(6, 24 * 60 + 1, date(2026, 12, 12))
    assert isinstance(later, Submission)


async def test_different_posts_of_one_page_are_different_posts(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна")
    for text in ("https://vk.com/wall-100_1", "https://vk.com/wall-100_2", "https://t.me/c/12345/1",
                 "https://t.me/vverh_news/1?comment=9"):
        assert isinstance(await submit(seeded_db, clock, anna, text), Submission), text
    assert await total(seeded_db, anna) == 40


async def test_the_daily_cap_holds_per_local_day(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна")
    results = [await submit(seeded_db, clock, anna, f"https://t.me/vverh_news/{n}", cap=3) for n in range(4)]
    assert [r.today if isinstance(r, Submission) else r.reason for r in results] == [1, 2, 3, PostRefusal.DAILY_CAP]
    # 09:00 UTC is 12:00 in Moscow; 21:30 UTC is already the next local day.
    clock.advance(timedelta(hours=12, minutes=30))
    again = await submit(seeded_db, clock, anna, "https://t.me/vverh_news/4", cap=3)
    assert isinstance(again, Submission) and again.today == 1
    assert await total(seeded_db, anna) == 40


async def test_the_cap_holds_under_concurrent_submissions(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна")
    cache = CampaignCache()
    results = await asyncio.gather(
        *(submit(seeded_db, clock, anna, f"https://t.me/vverh_news/{n}", cap=10, cache=cache) for n in range(25))
    )
    assert sum(isinstance(r, Submission) for r in results) == 10
    assert {r.reason for r in results if isinstance(r, Refused)} == {PostRefusal.DAILY_CAP}
    assert await total(seeded_db, anna) == 100


async def test_fifty_identical_submissions_at_once_award_once(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    cache = CampaignCache()
    results = await asyncio.gather(*(submit(seeded_db, clock, boris, "https://vk.com/wall-1_77", cache=cache)
                                     for _ in range(50)))
    assert sum(isinstance(r, Submission) for r in results) == 1
    assert all(r.reason is PostRefusal.DUPLICATE_OWN for r in results if isinstance(r, Refused))
    async with seeded_db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts") == 1
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE kind = 'post'") == 1
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE kind = 'referral_share'") == 1
        assert await ledger_store.inconsistencies(conn) == []
    assert (await total(seeded_db, boris), await total(seeded_db, anna)) == (10, 103)


async def test_outside_the_campaign_window_nothing_is_recorded(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна")
    clock.advance(timedelta(days=120))                          # after 2027-02-28
    late = await submit(seeded_db, clock, anna, "https://vk.com/wall-1_1")
    assert isinstance(late, Refused) and late.reason is PostRefusal.OUTSIDE_DATES
    assert late.campaign is not None and (late.campaign.starts_on, late.campaign.ends_on) == (
        date(2026, 12, 1), date(2027, 2, 28))
    async with seeded_db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM posts") == 0


async def test_without_any_campaign_the_refusal_says_so(db: Database, clock: FrozenClock) -> None:
    from bot import administration
    from tests.conftest import DISTRICTS_CSV

    await administration.import_districts(db, DISTRICTS_CSV)
    anna = await NewMember(db, clock)(100, "Анна")  # districts, but no campaign: not the seeded database
    refused = await submit(db, clock, anna, "https://vk.com/wall-1_1")
    assert isinstance(refused, Refused) and refused.reason is PostRefusal.NO_CAMPAIGN


async def manual(db: Database) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = 'manual'")


async def test_manual_moderation_awards_on_approval_once(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    await manual(seeded_db)
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис", referrer=anna)
    pending = await submit(seeded_db, clock, boris, "https://vk.com/wall-1_1")
    assert isinstance(pending, Submission) and pending.pending and pending.award is None
    assert await total(seeded_db, boris) == 0
    # Still one post: a pending post is a duplicate too.
    again = await submit(seeded_db, clock, anna, "https://vk.com/wall-1_1")
    assert isinstance(again, Refused) and again.reason is PostRefusal.DUPLICATE

    decisions = await asyncio.gather(*(
        posts.moderate(seeded_db, post_id=pending.post_id, reason=None, actor=COORDINATOR,
                       now=clock.now())
        for _ in range(5)
    ))
    assert sum(not isinstance(d, ModerationRefusal) for d in decisions) == 1
    assert ModerationRefusal.ALREADY_DECIDED in decisions
    assert (await total(seeded_db, boris), await total(seeded_db, anna)) == (10, 103)


async def test_a_rejected_post_gets_no_points_and_keeps_its_reason(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    await manual(seeded_db)
    anna = await new_member(100, "Анна")
    pending = await submit(seeded_db, clock, anna, "https://vk.com/wall-1_1")
    assert isinstance(pending, Submission)
    decided = await posts.moderate(seeded_db, post_id=pending.post_id, reason=RejectReason.NOT_OWN,
                                   actor=COORDINATOR, now=clock.now())
    assert not isinstance(decided, ModerationRefusal)
    assert decided.post.status == "rejected" and decided.post.reject_reason == "not_own" and decided.award is None
    approve_late = await posts.moderate(seeded_db, post_id=pending.post_id, reason=None,
                                        actor=COORDINATOR, now=clock.now())
    assert approve_late is ModerationRefusal.ALREADY_DECIDED
    assert await total(seeded_db, anna) == 0


async def test_a_coordinator_moderates_only_in_their_scope(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    await manual(seeded_db)
    omsk = await grant(seeded_db, 701, GrantedRole.COORDINATOR, ScopeKind.CITY, 2)
    anna = await new_member(100, "Анна")                # Новосибирск
    pending = await submit(seeded_db, clock, anna, "https://vk.com/wall-1_1")
    assert isinstance(pending, Submission)
    refused = await posts.moderate(seeded_db, post_id=pending.post_id, reason=None, actor=omsk,
                                   now=clock.now())
    assert refused is ModerationRefusal.NOT_IN_SCOPE
    omsk_queue = await posts.pending_batch(seeded_db, CampaignCache(), actor=omsk, now=clock.now(), today=clock.today())
    assert omsk_queue.posts == [] and omsk_queue.waiting == 0
    queued = await posts.pending_batch(seeded_db, CampaignCache(), actor=COORDINATOR, now=clock.now(),
                                       today=clock.today())
    assert [p.post.id for p in queued.posts] == [pending.post_id] and queued.waiting == 1


async def test_a_withdrawn_material_cannot_be_chosen(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна")
    published = await posts.publish_material(
        seeded_db, CampaignCache(), actor=COORDINATOR, scope_kind="all", scope_id=0,
        text="Марафон\nДелитесь!", link=None, photo_file_id=None, allowed_domains=links.DEFAULT_ALLOWED_POST_DOMAINS,
        now=clock.now(), today=clock.today(),
    )
    assert not isinstance(published, posts.MaterialRefusal)
    material = published.material
    ok = await submit(seeded_db, clock, anna, "https://vk.com/wall-1_1", material_id=material.id)
    assert isinstance(ok, Submission)
    await posts.withdraw_material(seeded_db, CampaignCache(), actor=COORDINATOR, material_id=material.id)
    refused = await submit(seeded_db, clock, anna, "https://vk.com/wall-1_2", material_id=material.id)
    assert isinstance(refused, Refused) and refused.reason is PostRefusal.UNKNOWN_MATERIAL
    assert await total(seeded_db, anna) == 10


async def test_materials_are_shown_to_the_members_of_their_scope(
    new_member: NewMember, seeded_db: Database, clock: FrozenClock
) -> None:
    anna = await new_member(100, "Анна", district_id=1)       # Новосибирск
    vera = await new_member(101, "Вера", district_id=4)       # Омск
    cache = CampaignCache()
    for kind, scope_id, title in (("all", 0, "Всем"), ("city", 1, "Новосибирску"), ("district", 4, "Омскому округу")):
        published = await posts.publish_material(
            seeded_db, cache, actor=COORDINATOR, scope_kind=kind, scope_id=scope_id,
            text=title, link=None, photo_file_id=None, allowed_domains=links.DEFAULT_ALLOWED_POST_DOMAINS,
            now=clock.now(), today=clock.today(),
        )
        assert not isinstance(published, posts.MaterialRefusal), published
    _, for_anna = await posts.current_materials(seeded_db, cache, member=anna, now=clock.now(), today=clock.today())
    _, for_vera = await posts.current_materials(seeded_db, cache, member=vera, now=clock.now(), today=clock.today())
    assert [m.title for m in for_anna] == ["Новосибирску", "Всем"]
    assert [m.title for m in for_vera] == ["Омскому округу", "Всем"]


async def test_posts_recorded_before_the_upgrade_keep_counting_once(tmp_path, clock: FrozenClock) -> None:  # noqa: ANN001
    """A database from before post identities (schema 1): the same link in two campaigns migrates,
    and neither campaign's post can be sent again in a third."""
    import sqlite3

    from storage.db import split_statements
    from storage.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    for statement in split_statements(MIGRATIONS[0][1]):
        conn.execute(statement)
    conn.executescript(
        "PRAGMA user_version = 1;"
        "INSERT INTO cities(id, name) VALUES (1, 'Новосибирск');"
        "INSERT INTO districts(id, code, name, city_id) VALUES (1, 'NSK-1', 'Центральный', 1);"
        "INSERT INTO members(id, tg_id, display_name, district_id, locale, registered_at)"
        " VALUES (1, 100, 'Анна', 1, 'ru', '2025-01-01');"
        "INSERT INTO campaigns(id, name, starts_on, ends_on, created_at) VALUES"
        " (1, 'Осень', '2025-09-01', '2025-11-30', '2025-09-01'),"
        " (2, 'Зима', '2026-12-01', '2027-02-28', '2026-12-01');"
        "INSERT INTO posts(campaign_id, member_id, url, network, status, local_day, submitted_at) VALUES"
        " (1, 1, 'https://vk.com/wall-1_1', 'vk', 'approved', '2025-09-02', '2025-09-02'),"
        " (2, 1, 'https://vk.com/wall-1_1', 'vk', 'approved', '2026-12-02', '2026-12-02'),"
        # recorded under the old rules, which kept a forum topic number in a Telegram link
        " (1, 1, 'https://t.me/vverh_news/4/15', 'telegram', 'approved', '2025-09-03', '2025-09-03'),"
        " (1, 1, 'https://t.me/vverh_news/15', 'telegram', 'approved', '2025-09-04', '2025-09-04');"
        "INSERT INTO materials(campaign_id, scope_kind, title, body, link, created_by, created_at)"
        " VALUES (2, 'all', 'Марафон', '', 'https://vk.com/wall-1_9', 700, '2026-12-02');"
    )
    conn.commit()
    conn.close()

    db = await Database(path).connect()
    try:
        async with db.reading() as conn:
            keys = await conn.execute_fetchall("SELECT post_key FROM posts ORDER BY id")
            member = await member_store.get(conn, 1)
        assert [k[0] for k in keys] == [
            "https://vk.com/wall-1_1", None, "https://t.me/vverh_news/4/15", "https://t.me/vverh_news/15"
        ]
        # At start-up the old posts get the identities today's rules give them; the older of
        # two that turn out to be one post keeps it.
        assert await posts.rekey_posts(db) == 2
        assert await posts.rekey_posts(db) == 0
        async with db.reading() as conn:
            keys = await conn.execute_fetchall("SELECT post_key FROM posts ORDER BY id")
        assert [k[0] for k in keys] == ["https://vk.com/wall-1_1", None, "https://t.me/vverh_news/15", None]
        assert member is not None
        for text, reason in (("https://vk.com/wall-1_1", PostRefusal.COUNTED_BEFORE),
                             ("https://t.me/vverh_news/9/15", PostRefusal.COUNTED_BEFORE),
                             ("https://vk.com/wall-1_9", PostRefusal.ORIGINAL)):
            refused = await submit(db, clock, member, text)
            assert isinstance(refused, Refused) and refused.reason is reason
    finally:
        await db.close()
