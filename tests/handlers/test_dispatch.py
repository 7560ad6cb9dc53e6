"""How updates travel: synchronous filters are checked on the event loop, never in a worker thread."""

from __future__ import annotations

import aiogram.dispatcher.event.handler as aiogram_handler
import pytest
from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage

from bot.runtime.app import App, check_sync_filters_inline
from handlers.registration import ConsentAnswer, DistrictPick, KeepName
from tests.support import updates
from tests.support.chat import feed


def last_text(app: App, chat_id: int) -> str:
    sent = [m for m in app.bot.session.requests if isinstance(m, SendMessage) and m.chat_id == chat_id]  # type: ignore[attr-defined]
    return sent[-1].text


@pytest.fixture
def no_worker_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """aiogram sends a synchronous filter to `asyncio.to_thread`; here that fails the update."""

    async def refuse(*_: object, **__: object) -> None:
        raise AssertionError("a filter or handler was sent to a worker thread")

    monkeypatch.setattr(aiogram_handler.asyncio, "to_thread", refuse)


async def test_state_and_magic_filters_are_checked_without_a_worker_thread(app: App, no_worker_threads: None) -> None:
    # Registration: State filters on every step, F.text on the typed name.
    await feed(
        app,
        updates.text(500, "/start", first_name="Анна"),
        updates.callback(500, ConsentAnswer(agree=True).pack()),
        updates.callback(500, "rg-c:1"),
        updates.callback(500, DistrictPick(id=2).pack()),
        updates.callback(500, KeepName().pack(), first_name="Анна"),
        updates.text(500, "Пропустить"),
    )
    assert "Готово, Анна" in last_text(app, 500)
    # A plain link (StateFilter(None), F.text) and a link in the material dialog (a State, F.text.func).
    await feed(app, updates.text(500, "https://vk.com/wall-1_1"))
    assert last_text(app, 500).startswith("✅ Пост засчитан")
    await feed(app, updates.text(500, "просто текст"))
    assert "Не понял сообщение" in last_text(app, 500)


async def test_every_filter_of_the_app_is_a_coroutine(app: App) -> None:
    sync = [
        (router.name, handler.callback.__qualname__)
        for router in app.dp.chain_tail
        for observer in router.observers.values()
        for handler in observer.handlers
        for check in handler.filters or ()
        if not check.awaitable
    ]
    assert sync == []


async def test_inline_filters_see_what_aiogram_would_give_them(app: App) -> None:
    class Dialog(StatesGroup):
        waiting = State()

    seen: list[str] = []
    router = Router(name="probe")

    @router.message(Dialog.waiting, F.text.func(lambda text: text.startswith("да")))
    async def yes(message) -> None:  # noqa: ANN001
        seen.append(message.text)

    check_sync_filters_inline(router)
    check_sync_filters_inline(router)           # twice changes nothing
    [handler] = router.message.handlers
    assert all(f.awaitable for f in handler.filters or ())
    message = updates.text(7, "да, конечно").message
    assert (await handler.check(message, raw_state=Dialog.waiting.state))[0] is True
    assert (await handler.check(message, raw_state=None))[0] is False
    assert (await handler.check(updates.text(7, "нет").message, raw_state=Dialog.waiting.state))[0] is False

