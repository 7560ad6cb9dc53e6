"""In-process handler tests: the real dispatcher and SQLite, a bot session that records requests."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.runtime.app import App, build_app
from bot.runtime.config import Settings
from scheduler.clock import FrozenClock
from tests.support.session import MockedBot


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock, seeded_db) -> AsyncIterator[App]:  # noqa: ANN001
    # seeded_db and the app share one file: the fixture's connection closes after the app's.
    application = await build_app(settings, clock=clock, bot=MockedBot())
    try:
        yield application
    finally:
        await application.close()
