"""A signal's moments come back from storage as datetimes and read as people write them (SPEC §13)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import I18n
from handlers.integrity import signal_text
from scheduler.clock import FrozenClock
from storage import signals as store
from storage.db import Database


async def _stored(db: Database, clock: FrozenClock, finding: store.Finding) -> store.Signal:
    async with db.transaction() as conn:
        assert await store.add(conn, finding, clock.now())
        found = await store.open_signals(conn, None, limit=1)
    return found[0]


async def test_an_erased_referee_reads_in_local_time(seeded_db: Database, clock: FrozenClock) -> None:
    signal = await _stored(seeded_db, clock, store.Finding(
        "referee_erased", "referee_erased:7", None, 1,
        {"referee_id": 7, "registered_at": "2026-12-08T21:30:00+00:00", "erased_at": "2026-12-09T06:05:00+00:00"},
    ))
    assert signal.found_at == datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
    assert signal.evidence["erased_at"] == datetime(2026, 12, 9, 6, 5, tzinfo=UTC)
    text = signal_text(I18n("ru").get("ru"), clock, signal)
    assert text == (
        "🚩 <b>Приглашённый быстро удалил данные</b> · 10.12.2026 12:00\n"
        "Участник #7, которого пригласил(а) —, зарегистрировался 09.12.2026 00:30 и удалил данные 09.12.2026 09:05."
    )


async def test_refused_posts_name_their_local_day(seeded_db: Database, clock: FrozenClock) -> None:
    signal = await _stored(seeded_db, clock, store.Finding(
        "refused_posts", "refused_posts:1:2026-12-09", None, 1,
        {"day": "2026-12-09", "count": 5, "urls": []},
    ))
    assert signal_text(I18n("ru").get("ru"), clock, signal).startswith(
        "🚩 <b>Много отклонённых постов</b> · 10.12.2026 12:00\n—: 09.12.2026 отклонено 5 постов"
    )
