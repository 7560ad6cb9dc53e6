"""Scope is checked by the act (SPEC §9): each act reads the member's team and the actor's grants itself."""

from __future__ import annotations

from bot import broadcasts, membership
from bot.membership import MoveRefusal
from bot.model import GrantedRole
from bot.roles import Actor
from bot.runtime.app import App
from bot.scopes import EVERYWHERE, Scope, ScopeKind
from storage.db import fetch_value
from storage.members import Member
from tests.support import updates
from tests.support.chat import feed, last_text
from tests.support.factories import NewMember, grant

NSK, OMSK = 1, 2                 # city ids of the seeded districts
NSK_1, NSK_2, OMSK_1 = 1, 2, 4   # district ids
COORDINATOR = 700


async def district_of(app: App, member: Member) -> int:
    async with app.db.reading() as conn:
        return int(await fetch_value(conn, "SELECT district_id FROM members WHERE id = ?", (member.id,)))


def test_a_scope_covers_its_districts_and_includes_smaller_scopes() -> None:
    class D:
        def __init__(self, id: int, city_id: int) -> None:  # noqa: A002
            self.id, self.city_id = id, city_id

    nsk = Scope.named(ScopeKind.CITY, NSK)
    assert nsk.covers(D(NSK_2, NSK)) and not nsk.covers(D(OMSK_1, OMSK))
    assert (nsk | Scope.named(ScopeKind.DISTRICT, OMSK_1)).covers(D(OMSK_1, OMSK))
    assert nsk.includes(ScopeKind.DISTRICT, NSK_1, D(NSK_1, NSK)) and not nsk.includes(ScopeKind.ALL, 0)
    assert Scope.of([("city", NSK), ("all", 0)]) == EVERYWHERE
    assert Scope.of([]).is_empty and not Scope.of([]).covers(D(NSK_1, NSK))


async def test_a_move_checks_the_members_team_as_it_is_inside_its_own_transaction(
    new_member: NewMember, app: App
) -> None:
    """The race of issue 11: the handler saw the member in Novosibirsk; by the time the move ran,
    they had moved themselves to Omsk. The Novosibirsk coordinator must not move them out of Omsk."""
    member = await new_member(300, district_id=NSK_1)
    coordinator = await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, NSK)
    moved_away = await membership.change_district(
        app.db, actor=Actor(300, False), member_id=member.id, district_id=OMSK_1, self_service=True,
        now=app.clock.now(), today=app.clock.today(),
    )
    assert not isinstance(moved_away, MoveRefusal)

    result = await membership.change_district(
        app.db, actor=coordinator, member_id=member.id, district_id=NSK_2, self_service=False,
        now=app.clock.now(), today=app.clock.today(),
    )

    assert result is MoveRefusal.NOT_IN_SCOPE
    assert await district_of(app, member) == OMSK_1


async def test_move_refuses_a_member_of_another_city_and_says_why(new_member: NewMember, app: App) -> None:
    member = await new_member(301, district_id=OMSK_1, username="omsk_member")
    await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, NSK)

    await feed(app, updates.text(COORDINATOR, "/move @omsk_member NSK-2"))

    assert last_text(app, COORDINATOR) == "Этот участник или этот округ вне вашей зоны ответственности."
    assert await district_of(app, member) == OMSK_1


async def test_an_announcement_to_a_city_outside_the_coordinators_scope_is_refused_by_the_act(
    new_member: NewMember, app: App
) -> None:
    await new_member(302, district_id=OMSK_1)
    coordinator = await grant(app.db, COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, NSK)

    result = await broadcasts.queue_announcement(
        app.db, actor=coordinator, scope=Scope.named(ScopeKind.CITY, OMSK), text="Привет", photo=None,
        now=app.clock.now(),
    )

    assert result is broadcasts.AnnounceRefusal.NOT_IN_SCOPE
    async with app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM outbox") == 0
