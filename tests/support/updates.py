"""Builders of Telegram updates for in-process tests and benchmarks."""

from __future__ import annotations

import itertools
import time
from typing import Any

from aiogram.types import Update

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def _user(
    user_id: int, first_name: str = "Участник", username: str | None = None, language: str = "ru"
) -> dict[str, Any]:
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language}
    if username:
        user["username"] = username
    return user


def _message(user_id: int, **fields: Any) -> dict[str, Any]:
    user = fields.pop("from_user", None) or _user(user_id)
    return {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private", "first_name": user["first_name"]},
        "from": user,
        **fields,
    }


def text(
    user_id: int, body: str, *, first_name: str = "Участник", username: str | None = None, language: str = "ru"
) -> Update:
    fields: dict[str, Any] = {"text": body, "from_user": _user(user_id, first_name, username, language)}
    if body.startswith("/"):
        command = body.split()[0]
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return Update.model_validate({"update_id": next(_update_ids), "message": _message(user_id, **fields)})


def callback(user_id: int, data: str, *, message_id: int = 1, first_name: str = "Участник") -> Update:
    return Update.model_validate(
        {
            "update_id": next(_update_ids),
            "callback_query": {
                "id": str(next(_update_ids)),
                "from": _user(user_id, first_name),
                "chat_instance": str(user_id),
                "data": data,
                "message": {
                    "message_id": message_id,
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private", "first_name": first_name},
                    "from": {"id": 42, "is_bot": True, "first_name": "Vverh"},
                    "text": "…",
                },
            },
        }
    )


def contact(user_id: int, phone: str, *, owner_id: int | None = None) -> Update:
    payload = {"phone_number": phone, "first_name": "Участник", "user_id": user_id if owner_id is None else owner_id}
    return Update.model_validate({"update_id": next(_update_ids), "message": _message(user_id, contact=payload)})


def raw(update: dict[str, Any]) -> Update:
    update.setdefault("update_id", next(_update_ids))
    return Update.model_validate(update)
