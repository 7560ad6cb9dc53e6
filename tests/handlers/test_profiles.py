"""Linked profiles in /profiles (and /me): link, refuse a second claim (a signal), unlink."""

from __future__ import annotations

from bot.runtime.app import App
from handlers.profiles import ProfileAction, ProfileButton
from storage.db import fetch_value
from tests.support import updates
from tests.support.chat import feed, last_text, texts_to
from tests.support.factories import NewMember


async def link(app: App, tg_id: int, text: str) -> list[str]:
    before = len(texts_to(app, tg_id))
    await feed(
        app, updates.callback(tg_id, ProfileButton(action=ProfileAction.add).pack()), updates.text(tg_id, text)
    )
    return texts_to(app, tg_id)[before:]


async def test_a_member_links_profiles_as_pasted_and_a_second_claim_is_refused_and_signalled(
    new_member: NewMember, app: App
) -> None:
    anna = await new_member(100, "Анна")
    boris = await new_member(101, "Борис")
    await feed(app, updates.text(100, "/profiles"))
    assert last_text(app, 100).startswith("🔗 Профили в соцсетях пока не привязаны.")

    shown = await link(app, 100, "https://m.vk.com/id123?from=profile")
    assert shown[-2] == "✅ Привязано: ВКонтакте, https://vk.com/id123"
    assert shown[-1] == "🔗 Ваши профили:\n· ВКонтакте: https://vk.com/id123"
    shown = await link(app, 100, "@Vverh_News")
    assert shown[-1] == (
        "🔗 Ваши профили:\n· Телеграм-канал: https://t.me/vverh_news\n· ВКонтакте: https://vk.com/id123"
    )
    assert (await link(app, 100, "vk.com/id0123"))[-1] == "Этот профиль уже привязан к вам."

    # The same profile written another way is the same profile: refused, and the coordinators learn of it.
    assert (await link(app, 101, "https://vk.com/id123/"))[-1] == (
        "Этот профиль уже привязан к другому участнику. Если это ваш профиль, напишите координатору."
    )
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM linked_profiles WHERE member_id = ?", (boris.id,)) == 0
        assert await fetch_value(conn, "SELECT kind FROM signals WHERE member_id = ?", (boris.id,)) == (
            "profile_claimed_twice"
        )
        evidence = await fetch_value(conn, "SELECT evidence FROM signals")
    assert f'"holder_id": {anna.id}' in evidence and "https://vk.com/id123" in evidence
    # The dialog ended with the refusal: a link now is a post submission again.
    await feed(app, updates.text(101, "https://vk.com/wall-100_1"))
    assert last_text(app, 101).startswith("✅ Пост засчитан")


async def test_bad_profile_links_are_explained_and_a_profile_can_be_unlinked(new_member: NewMember, app: App) -> None:
    anna = await new_member(100, "Анна")
    assert (await link(app, 100, "https://vk.com/wall-1_2"))[-1].startswith("Это ссылка не на профиль")
    await feed(app, updates.text(100, "https://instagram.com/anna"))
    assert last_text(app, 100).startswith("Это не ВКонтакте, Одноклассники, Телеграм или Дзен.")
    await feed(app, updates.text(100, "https://ok.ru/profile/5712345"))
    assert last_text(app, 100) == "🔗 Ваши профили:\n· Одноклассники: https://ok.ru/profile/5712345"
    async with app.db.reading() as conn:
        row_id = await fetch_value(conn, "SELECT id FROM linked_profiles WHERE member_id = ?", (anna.id,))
    await feed(app, updates.callback(100, ProfileButton(action=ProfileAction.remove, i=row_id).pack()))
    assert last_text(app, 100).startswith("🔗 Профили в соцсетях пока не привязаны.")
    await feed(app, updates.callback(100, ProfileButton(action=ProfileAction.remove, i=row_id).pack()))
    # Someone else's profile cannot be unlinked by forging the button either.
    await new_member(101, "Борис")
    await link(app, 101, "https://ok.ru/profile/99")
    async with app.db.reading() as conn:
        boris_row = await fetch_value(conn, "SELECT id FROM linked_profiles")
    await feed(app, updates.callback(100, ProfileButton(action=ProfileAction.remove, i=boris_row).pack()))
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM linked_profiles") == 1


async def test_an_erased_member_keeps_no_profiles(new_member: NewMember, app: App) -> None:
    from bot import membership

    anna = await new_member(100, "Анна")
    await link(app, 100, "https://vk.com/durov")
    await membership.erase(app.db, member=anna, secret=app.dp["qr_secret"], now=app.clock.now())
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM linked_profiles") == 0
