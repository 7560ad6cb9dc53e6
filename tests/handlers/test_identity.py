"""Identity (SPEC §9): a @username belongs to whoever showed it last; names are normalised and told apart."""

from __future__ import annotations

from bot import membership
from bot.membership import Registration
from bot.runtime.app import App
from storage.db import fetch_all
from storage.members import Member
from tests import updates
from tests.chat import feed, last_text

ADMIN = 1
OLD_HOLDER, NEW_HOLDER = 500, 501


async def register(
    app: App, tg_id: int, *, username: str | None = None, name: str | None = None, district_id: int = 1,
    phone: str | None = None,
) -> Member:
    result = await membership.register(
        app.db, tg_id=tg_id, username=username, display_name=name or f"Участник {tg_id}", phone=phone, locale="ru",
        district_id=district_id, consent_at=app.clock.now().isoformat(), now=app.clock.now(), today=app.clock.today(),
    )
    assert isinstance(result, Registration)
    return result.member


async def organisers(app: App) -> list[int]:
    async with app.db.reading() as conn:
        return [row[0] for row in await fetch_all(conn, "SELECT tg_id FROM roles WHERE role = 'organiser'")]


async def usernames(app: App) -> dict[int, str | None]:
    async with app.db.reading() as conn:
        rows = await fetch_all(conn, "SELECT tg_id, username FROM members WHERE tg_id IS NOT NULL")
    return {row[0]: row[1] for row in rows}


async def test_a_username_taken_over_by_a_newer_account_grants_the_role_to_the_newer_account(app: App) -> None:
    await register(app, OLD_HOLDER, username="ivan")        # once had @ivan, has since renamed in Telegram
    await register(app, NEW_HOLDER, username="Ivan")        # shows @Ivan now

    await feed(app, updates.text(ADMIN, "/grant_organiser @ivan NSK-1"))

    assert await organisers(app) == [NEW_HOLDER]
    assert await usernames(app) == {OLD_HOLDER: None, NEW_HOLDER: "Ivan"}
    assert last_text(app, ADMIN).startswith("✅ @ivan")


async def test_any_update_that_shows_a_username_takes_it_from_its_older_holder(app: App) -> None:
    await register(app, OLD_HOLDER, username="ivan")
    await register(app, NEW_HOLDER, username="petr")

    await feed(app, updates.text(NEW_HOLDER, "/help", username="ivan"))
    await feed(app, updates.text(ADMIN, "/grant_organiser @ivan NSK-1"))
    assert await organisers(app) == [NEW_HOLDER]
    assert await usernames(app) == {OLD_HOLDER: None, NEW_HOLDER: "ivan"}

    await feed(app, updates.text(OLD_HOLDER, "/help", username="ivan"))   # and back again: the latest wins
    assert await usernames(app) == {OLD_HOLDER: "ivan", NEW_HOLDER: None}


async def test_a_telegram_user_who_is_not_a_member_yet_also_takes_a_username_over(app: App) -> None:
    await register(app, OLD_HOLDER, username="ivan")
    await membership.first_contact(app.db, tg_id=NEW_HOLDER, referrer_id=None, secret=b"s", now=app.clock.now())

    await feed(app, updates.text(NEW_HOLDER, "/help", username="ivan"),
               updates.text(ADMIN, "/grant_organiser @ivan NSK-1"))

    assert await organisers(app) == [NEW_HOLDER]
    assert await usernames(app) == {OLD_HOLDER: None}
