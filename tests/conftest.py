"""Fixtures for real components: a migrated SQLite file, settings, the clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import administration
from bot.posts import ModerationMode
from scheduler.clock import FrozenClock
from storage.db import Database
from tests.support.factories import NewMember

MOSCOW = ZoneInfo("Europe/Moscow")
TEST_TOKEN = "123456789:TEST-token-for-the-local-emulator-only"

DISTRICTS_CSV = (
    "code,name,city\n"
    "NSK-1,Центральный,Новосибирск\n"
    "NSK-2,Ленинский,Новосибирск\n"
    "NSK-3,Кировский,Новосибирск\n"
    "OMS-1,Омский центральный,Омск\n"
    "TOM-1,Томский,Томск\n"
).encode()


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(MOSCOW, datetime(2026, 12, 10, 9, 0, tzinfo=UTC))


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database(tmp_path / "vverh.db").connect()
    try:
        yield database
    finally:
        await database.close()


@pytest.fixture
async def seeded_db(db: Database, clock: FrozenClock) -> Database:
    """Districts of three cities and a campaign running on the clock's day."""
    result = await administration.import_districts(db, DISTRICTS_CSV)
    assert result.errors == []
    campaign = await administration.create_campaign(
        db, name="Зима-2026", starts_on=date(2026, 12, 1), ends_on=date(2027, 2, 28),
        moderation=ModerationMode.AUTO, now=clock.now(),  # tests of manual moderation switch it on themselves
    )
    assert not isinstance(campaign, administration.CampaignRefusal)
    return db


@pytest.fixture
def settings(tmp_path: Path):  # noqa: ANN201 - bot.runtime.config is imported late on purpose
    from bot.runtime.config import Settings

    return Settings(
        bot_token=TEST_TOKEN,  # type: ignore[arg-type]
        database_url=f"sqlite:///{tmp_path / 'vverh.db'}",
        admin_ids=frozenset({1}),
        qr_secret="test-secret",  # type: ignore[arg-type]
        # The frozen clock never refills a flood bucket; tests of the flood limit turn it on themselves.
        flood_rate=0,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture
def new_member(seeded_db: Database, clock: FrozenClock) -> NewMember:
    """`await new_member(tg_id, name)`: a registered member (district 1, Russian) — see tests/support/factories.py."""
    return NewMember(seeded_db, clock)
