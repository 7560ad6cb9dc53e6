"""Identity (SPEC §9): a @username belongs to whoever showed it last; names are normalised and told apart."""

from __future__ import annotations

from bot import membership
from bot.runtime.app import App
from storage.db import fetch_all
from storage.members import Member
from tests.support import updates
from tests.support.chat import feed, last_text
from tests.support.factories import NewMember

ADMIN = 1
OLD_HOLDER, NEW_HOLDER = 500, 501


async def give_points(app: App, member: Member, units: int, key: str) -> None:
    from bot.ledger import award
    from bot.scoring import Kind
    from storage import campaigns as campaign_store

    async with app.db.transaction() as conn:
        campaign = await campaign_store.current_campaign(conn, app.clock.today())
        assert campaign is not None
        await award(conn, campaign=campaign, member=member, kind=Kind.MEETING, units=units, subject=key,
                    idem_key=key, now=app.clock.now())


async def organisers(app: App) -> list[int]:
    async with app.db.reading() as conn:
        return [row[0] for row in await fetch_all(conn, "SELECT tg_id FROM roles WHERE role = 'organiser'")]


async def usernames(app: App) -> dict[int, str | None]:
    async with app.db.reading() as conn:
        rows = await fetch_all(conn, "SELECT tg_id, username FROM members WHERE tg_id IS NOT NULL")
    return {row[0]: row[1] for row in rows}


async def test_a_username_taken_over_by_a_newer_account_grants_the_role_to_the_newer_account(
    new_member: NewMember, app: App
) -> None:
    await new_member(OLD_HOLDER, username="ivan")        # once had @ivan, has since renamed in Telegram
    await new_member(NEW_HOLDER, username="Ivan")        # shows @Ivan now

    await feed(app, updates.text(ADMIN, "/grant_organiser @ivan NSK-1"))

    assert await organisers(app) == [NEW_HOLDER]
    assert await usernames(app) == {OLD_HOLDER: None, NEW_HOLDER: "Ivan"}
    assert last_text(app, ADMIN).startswith("✅ @ivan")


async def test_any_update_that_shows_a_username_takes_it_from_its_older_holder(new_member: NewMember, app: App) -> None:
    await new_member(OLD_HOLDER, username="ivan")
    await new_member(NEW_HOLDER, username="petr")

    await feed(app, updates.text(NEW_HOLDER, "/help", username="ivan"))
    await feed(app, updates.text(ADMIN, "/grant_organiser @ivan NSK-1"))
    assert await organisers(app) == [NEW_HOLDER]
    assert await usernames(app) == {OLD_HOLDER: None, NEW_HOLDER: "ivan"}

    await feed(app, updates.text(OLD_HOLDER, "/help", username="ivan"))   # and back again: the latest wins
    assert await usernames(app) == {OLD_HOLDER: "ivan", NEW_HOLDER: None}


async def test_a_telegram_user_who_is_not_a_member_yet_also_takes_a_username_over(
    new_member: NewMember, app: App
) -> None:
    await new_member(OLD_HOLDER, username="ivan")
    await membership.first_contact(app.db, tg_id=NEW_HOLDER, referrer_id=None, secret=b"s", now=app.clock.now())

    await feed(app, updates.text(NEW_HOLDER, "/help", username="ivan"),
               updates.text(ADMIN, "/grant_organiser @ivan NSK-1"))

    assert await organisers(app) == [NEW_HOLDER]
    assert await usernames(app) == {OLD_HOLDER: None}


# Names (hole 10)

def test_invisible_direction_and_control_characters_are_removed_and_spaces_collapsed() -> None:
    from bot.names import NameProblem, clean_display_name

    assert clean_display_name("  Иван \u200d\u200c  Петров\u200e ") == "Иван Петров"
    assert clean_display_name("Иван\u00adПетров") == "ИванПетров"
    assert clean_display_name("Иван\tПетров") == "Иван Петров"
    assert clean_display_name("Ｉｖａｎ") == "Ivan"                     # NFKC: full-width letters
    assert clean_display_name("\u3164\u3164") is NameProblem.TOO_SHORT
    assert clean_display_name("\u200b\u200bЯ\u200b") is NameProblem.TOO_SHORT
    assert clean_display_name("12345") is NameProblem.NO_LETTER
    assert clean_display_name("😀😀") is NameProblem.NO_LETTER
    assert clean_display_name("Я" * 64) == "Я" * 64
    assert clean_display_name("Я" * 65) is NameProblem.TOO_LONG
    assert clean_display_name("Й" * 64) == "Й" * 64                       # NFKC composes: 64 letters, not 128


async def test_a_look_alike_name_is_stored_normalised_and_a_name_without_letters_is_refused(
    new_member: NewMember, app: App
) -> None:
    from handlers.members import ProfileAction

    await new_member(600, "Анна")
    await feed(app, updates.callback(600, ProfileAction(action="rename").pack()),
               updates.text(600, "Иван\u200b \u202eПетров\u3164"))
    assert last_text(app, 600) == "✅ Теперь вы в рейтинге как Иван Петров."

    await feed(app, updates.callback(600, ProfileAction(action="rename").pack()), updates.text(600, "\u3164 77 \u200b"))
    assert last_text(app, 600) == "В имени нужна хотя бы одна буква: напишите имя и фамилию."
    async with app.db.reading() as conn:
        rows = await fetch_all(conn, "SELECT display_name FROM members WHERE tg_id = 600")
    assert [tuple(row) for row in rows] == [("Иван Петров",)]


async def test_two_members_with_the_same_name_are_told_apart_by_their_team_in_the_rating(
    new_member: NewMember, app: App
) -> None:
    first = await new_member(601, "Иван Петров", district_id=1)
    second = await new_member(602, "Иван Петров\u200b", district_id=4)     # stored normalised: the same name
    await give_points(app, first, 200, "checkin:1")
    await give_points(app, second, 100, "checkin:2")

    await feed(app, updates.text(601, "/rating"))

    rating = last_text(app, 601)
    assert "Иван\u200b" not in rating
    assert "1. Иван Петров (Центральный) — 20" in rating and "2. Иван Петров (Омский центральный) — 10" in rating


# Erasure (hole 11)

ZOYA, OTHER = 987_654_321, 700
ZOYA_NAME, ZOYA_USERNAME, ZOYA_PHONE = "Зоя Уникальная", "zoya_unikalnaya", "+79161234567"


async def test_an_erased_member_leaves_every_list_and_no_table_keeps_their_name_username_or_phone(
    new_member: NewMember, app: App
) -> None:
    from handlers.members import EraseAnswer
    from handlers.registration import ConsentAnswer, DistrictPick
    from storage import ledger as ledger_store
    from storage.db import fetch_value

    await feed(
        app,
        updates.text(ZOYA, "/start", first_name="Зоя"),
        updates.callback(ZOYA, ConsentAnswer(agree=True).pack()),
        updates.callback(ZOYA, "rg-c:1"),
        updates.callback(ZOYA, DistrictPick(id=1).pack()),
        updates.text(ZOYA, ZOYA_NAME),
        updates.contact(ZOYA, ZOYA_PHONE),
        updates.text(ZOYA, "/me", username=ZOYA_USERNAME),
    )
    async with app.db.reading() as conn:
        stored = await fetch_all(conn, "SELECT id, display_name, username, phone FROM members WHERE tg_id = ?", (ZOYA,))
    zoya_id = stored[0][0]
    assert tuple(stored[0])[1:] == (ZOYA_NAME, ZOYA_USERNAME, ZOYA_PHONE)        # the phone really was kept
    other = await new_member(OTHER, "Олег Другой", district_id=1)
    async with app.db.reading() as conn:
        zoya = await __import__("storage.members", fromlist=["get"]).get(conn, zoya_id)
    await give_points(app, zoya, 393, "checkin:1")
    await give_points(app, other, 100, "checkin:2")
    await app.jobs.daily_digest()                                   # the admin's digest names the leaders
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox WHERE instr(payload, ?) > 0", (ZOYA_NAME,)) == 1

    await feed(app, updates.text(ZOYA, "/delete_me"), updates.callback(ZOYA, EraseAnswer(confirm=True).pack()))
    await feed(app, updates.text(OTHER, "/rating"))

    rating = last_text(app, OTHER)
    assert f"#{zoya_id}" not in rating and ZOYA_NAME not in rating
    assert "1. Олег Другой (Центральный) — 10" in rating
    assert "1. Центральный (Новосибирск) — 49" in rating  # the team keeps the erased points
    assert "Вы: 1 место из 1" in rating
    async with app.db.reading() as conn:
        assert await ledger_store.inconsistencies(conn) == []
        found = []
        tables = [row[0] for row in await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            for column in [row[1] for row in await conn.execute_fetchall(f"PRAGMA table_info({table})")]:
                for secret in (str(ZOYA), ZOYA_NAME, ZOYA_USERNAME, ZOYA_PHONE, ZOYA_PHONE.removeprefix("+")):
                    hits = await fetch_value(
                        conn, f"SELECT COUNT(*) FROM {table} WHERE instr(CAST({column} AS TEXT), ?) > 0", (secret,)
                    )
                    if hits:
                        found.append(f"{table}.{column} keeps {secret}")
    assert found == []
