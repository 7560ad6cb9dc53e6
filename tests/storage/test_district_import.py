"""District import by coordinators: their own cities only; the command line and coordinators of everything anything."""

from __future__ import annotations

from bot import administration
from bot.districts_csv import RowProblem
from bot.model import GrantedRole, ScopeKind
from bot.roles import Actor
from storage.db import Database, fetch_all, fetch_value
from tests.support.factories import staff


async def city_coordinator(db: Database, city: str) -> Actor:
    async with db.reading() as conn:
        city_id = await fetch_value(conn, "SELECT id FROM cities WHERE name = ?", (city,))
    return staff(700, GrantedRole.COORDINATOR, ScopeKind.CITY, int(city_id))


async def districts(db: Database) -> list[tuple[str, str, str]]:
    async with db.reading() as conn:
        rows = await fetch_all(
            conn,
            "SELECT d.code, d.name, c.name AS city FROM districts d JOIN cities c ON c.id = d.city_id ORDER BY d.code",
        )
    return [(r["code"], r["name"], r["city"]) for r in rows]


async def test_a_city_coordinator_adds_and_renames_districts_of_their_city(seeded_db: Database) -> None:
    actor = await city_coordinator(seeded_db, "Омск")
    data = "code,name,city\nOMS-1,Центральный округ Омска,Омск\nOMS-2,Кировский,Омск\n".encode()
    result = await administration.import_districts(seeded_db, data, actor)
    assert (result.added, result.updated, result.errors) == (1, 1, [])
    assert ("OMS-2", "Кировский", "Омск") in await districts(seeded_db)


async def test_a_city_coordinator_cannot_touch_another_city_or_add_a_city_and_nothing_changes(
    seeded_db: Database,
) -> None:
    actor = await city_coordinator(seeded_db, "Омск")
    before = await districts(seeded_db)
    data = (
        "code,name,city\n"
        "OMS-2,Кировский,Омск\n"           # fine on its own
        "NSK-1,Захвачен,Новосибирск\n"      # another city's district
        "BRN-1,Барнаульский,Барнаул\n"      # a new city
        "TOM-1,Томский,Омск\n"              # moving Tomsk's district into Omsk
    ).encode()
    result = await administration.import_districts(seeded_db, data, actor)
    assert [(e.line, e.problem, e.detail) for e in result.errors] == [
        (3, RowProblem.OUTSIDE_SCOPE, "Новосибирск"),
        (4, RowProblem.OUTSIDE_SCOPE, "Барнаул"),
        (5, RowProblem.OUTSIDE_SCOPE, "Омск"),
    ]
    assert await districts(seeded_db) == before


async def test_the_command_line_and_a_coordinator_of_everything_may_add_cities(seeded_db: Database) -> None:
    everything = staff(701, GrantedRole.COORDINATOR)
    result = await administration.import_districts(seeded_db, b"code,name,city\nBRN-1,\xd0\x91,Barnaul\n", everything)
    assert result.added == 1 and not result.errors
    result = await administration.import_districts(seeded_db, b"code,name,city\nKRS-1,K,Krasnoyarsk\n")
    assert result.added == 1 and not result.errors
