"""aiogram FSM storage on our SQLite database, so half-done dialogs survive restarts."""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from storage.db import Database, fetch_one

_Record = tuple[str | None, dict[str, Any]]


class SQLiteStorage(BaseStorage):
    """State and data per key in the `fsm` table, with a write-through cache.

    aiogram reads the state of every update; this process is the only writer of the
    table, so recently used records are served from memory (bounded LRU) and every
    change is written to SQLite before it is acknowledged.
    """

    def __init__(self, db: Database, key_builder: KeyBuilder | None = None, cache_size: int = 50_000) -> None:
        self.db = db
        # Keys contain ":{chat}:{user}:" so erasing a member can find their rows.
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)
        self._cache: OrderedDict[str, _Record] = OrderedDict()
        self._cache_size = cache_size

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def _load(self, key: str) -> _Record:
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        async with self.db.reading() as conn:
            row = await fetch_one(conn, "SELECT state, data FROM fsm WHERE key = ?", (key,))
        record: _Record = (None, {}) if row is None else (row["state"], json.loads(row["data"] or "{}"))
        self._remember(key, record)
        return record

    def _remember(self, key: str, record: _Record) -> None:
        self._cache[key] = record
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def forget(self, chat_id: int, user_id: int) -> None:
        """Drop cached records of a user whose rows were deleted elsewhere (data erasure)."""
        marker = f":{chat_id}:{user_id}:"
        for key in [k for k in self._cache if marker in k]:
            del self._cache[key]

    async def _store(self, key: str, state: str | None, data: dict[str, Any]) -> None:
        # A single statement is atomic on its own: no BEGIN/COMMIT round trips on this hot path.
        if state is None and not data:
            await self.db.write("DELETE FROM fsm WHERE key = ?", (key,))
        else:
            await self.db.write(
                "INSERT INTO fsm(key, state, data) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE"
                " SET state = excluded.state, data = excluded.data",
                (key, state, json.dumps(data, ensure_ascii=False)),
            )
        self._remember(key, (state, data))

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        built = self._key(key)
        _, data = await self._load(built)
        await self._store(built, value, data)

    async def get_state(self, key: StorageKey) -> str | None:
        state, _ = await self._load(self._key(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise TypeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        built = self._key(key)
        state, _ = await self._load(built)
        await self._store(built, state, json.loads(json.dumps(dict(data), ensure_ascii=False)))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        _, data = await self._load(self._key(key))
        return dict(data)

    async def close(self) -> None:
        """The database is closed by its owner, not by the dispatcher."""
