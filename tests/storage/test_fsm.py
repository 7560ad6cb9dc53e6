"""Our SQLite FSM storage passes the same contract checks as aiogram's own storages."""

from pathlib import Path

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey

from storage.db import Database
from storage.fsm import SQLiteStorage

KEY = StorageKey(bot_id=42, chat_id=-1, user_id=-1)


class Form(StatesGroup):
    step = State()


async def test_state_is_set_read_and_cleared(db: Database) -> None:
    storage = SQLiteStorage(db)
    assert await storage.get_state(KEY) is None
    await storage.set_state(KEY, "state")
    assert await storage.get_state(KEY) == "state"
    await storage.set_state(KEY, Form.step)
    assert await storage.get_state(KEY) == "Form:step"
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_data_is_set_updated_and_cleared(db: Database) -> None:
    storage = SQLiteStorage(db)
    assert await storage.get_data(KEY) == {}
    await storage.set_data(KEY, {"foo": "bar"})
    assert await storage.get_data(KEY) == {"foo": "bar"}
    assert await storage.update_data(KEY, {"baz": "спасибо"}) == {"foo": "bar", "baz": "спасибо"}
    assert await storage.get_value(KEY, "baz") == "спасибо"
    assert await storage.get_value(KEY, "missing", 7) == 7
    await storage.set_data(KEY, {})
    assert await storage.get_data(KEY) == {}


async def test_non_dict_data_is_refused(db: Database) -> None:
    with pytest.raises(TypeError):
        await SQLiteStorage(db).set_data(KEY, [1, 2])  # type: ignore[arg-type]


async def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = await Database(tmp_path / "fsm.db").connect()
    await SQLiteStorage(first).set_state(KEY, Form.step)
    await SQLiteStorage(first).set_data(KEY, {"district_id": 3})
    await first.close()
    second = await Database(tmp_path / "fsm.db").connect()
    try:
        assert await SQLiteStorage(second).get_state(KEY) == "Form:step"
        assert await SQLiteStorage(second).get_data(KEY) == {"district_id": 3}
    finally:
        await second.close()
