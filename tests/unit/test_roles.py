from bot.model import District, RoleGrant, ScopeKind
from bot.roles import Actor, Role

CENTRAL = District(id=1, code="NSK-1", name="Центральный", city_id=10, city_name="Новосибирск")
LENIN = District(id=2, code="NSK-2", name="Ленинский", city_id=10, city_name="Новосибирск")
OMSK = District(id=3, code="OMS-1", name="Омский", city_id=20, city_name="Омск")


def test_city_coordinator_manages_only_their_city() -> None:
    actor = Actor(tg_id=5, is_admin=False, grants=(RoleGrant(5, "coordinator", ScopeKind.CITY, 10),))
    assert actor.role == Role.COORDINATOR
    assert actor.coordinates(CENTRAL) and actor.coordinates(LENIN)
    assert not actor.coordinates(OMSK)
    assert actor.manages_scope(ScopeKind.DISTRICT, LENIN.id, LENIN)
    assert not actor.manages_scope(ScopeKind.DISTRICT, OMSK.id, OMSK)
    assert actor.manages_scope(ScopeKind.CITY, 10)
    assert not actor.manages_scope(ScopeKind.CITY, 20)
    assert not actor.manages_scope(ScopeKind.ALL, 0)


def test_district_organiser_organises_their_district_and_coordinates_nothing() -> None:
    actor = Actor(tg_id=6, is_admin=False, grants=(RoleGrant(6, "organiser", ScopeKind.DISTRICT, 2),))
    assert actor.role == Role.ORGANISER
    assert actor.organises(LENIN) and not actor.organises(CENTRAL)
    assert not actor.coordinates(LENIN)


def test_admin_can_do_everything_and_a_member_nothing() -> None:
    admin = Actor(tg_id=1, is_admin=True)
    member = Actor(tg_id=2, is_admin=False)
    assert admin.role == Role.ADMIN and admin.coordinates(OMSK) and admin.organises(OMSK)
    assert member.role == Role.MEMBER and not member.organises(OMSK)
