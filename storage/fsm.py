"""aiogram FSM storage on our SQLite database, so half-done dialogs survive restarts."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, KeyBuilder, StateType, StorageKey

from storage.db import Database, fetch_one


class SQLiteStorage(BaseStorage):
    """State and data per key in the `fsm` table; empty records are deleted."""

    def __init__(self, db: Database, key_builder: KeyBuilder | None = None) -> None:
        self.db = db
        # Keys contain ":{chat}:{user}:" so erasing a member can find their rows.
        self.key_builder = key_builder or DefaultKeyBuilder(with_destiny=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fsm(key, state) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET state = excluded.state",
                (self._key(key), value),
            )
            await conn.execute(
                "DELETE FROM fsm WHERE key = ? AND state IS NULL AND (data IS NULL OR data = '{}')",
                (self._key(key),),
            )

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.db.reading() as conn:
            row = await fetch_one(conn, "SELECT state FROM fsm WHERE key = ?", (self._key(key),))
        return row["state"] if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping):
            raise TypeError(f"Data must be a dict or dict-like object, got {type(data).__name__}")
        encoded = json.dumps(dict(data), ensure_ascii=False)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fsm(key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data",
                (self._key(key), encoded),
            )
            await conn.execute(
                "DELETE FROM fsm WHERE key = ? AND state IS NULL AND (data IS NULL OR data = '{}')",
                (self._key(key),),
            )

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.db.reading() as conn:
            row = await fetch_one(conn, "SELECT data FROM fsm WHERE key = ?", (self._key(key),))
        if row is None or row["data"] is None:
            return {}
        return dict(json.loads(row["data"]))

    async def close(self) -> None:
        """The database is closed by its owner, not by the dispatcher."""
