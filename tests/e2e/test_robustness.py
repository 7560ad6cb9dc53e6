"""Random and malformed updates leave the bot answering, with no traceback in its log."""

from __future__ import annotations

import json
import random

from tests.e2e.conftest import BotProcess
from tests.support.emulator import BotAPIEmulator

JUNK_TEXTS = ["", " ", "/", "/start " + "x" * 300, "/start ../../etc", "/start r" + "A" * 60, "/help extra args",
              "🙂" * 1000, "<b>unclosed", "&amp;", "\x00\x01", "SELECT * FROM members;", "/lang de", "/cancel",
              "https://vk.com/wall-1_1", "/grant_organiser", "/move", "Пропустить", "📱 Поделиться номером"]


def junk_update(rng: random.Random, user_id: int) -> dict[str, object]:
    chat = {"id": user_id, "type": "private", "first_name": "Ф"}
    sender = {"id": user_id, "is_bot": False, "first_name": "Ф", "language_code": rng.choice(["ru", "en", "de", None])}
    message: dict[str, object] = {
        "message_id": rng.randint(1, 10**6),
        "date": 1_700_000_000,
        "chat": chat,
        "from": sender,
    }
    kind = rng.randrange(8)
    if kind == 0:
        message["text"] = rng.choice(JUNK_TEXTS)
    elif kind == 1:
        message["text"] = "".join(chr(rng.randint(32, 0x2FFF)) for _ in range(rng.randint(1, 200)))
    elif kind == 2:
        message["contact"] = {
            "phone_number": str(rng.randint(0, 10**12)),
            "first_name": "Чужой",
            "user_id": rng.randint(1, 10**9),
        }
    elif kind == 3:
        message["location"] = {"latitude": rng.uniform(-90, 90), "longitude": rng.uniform(-180, 180)}
    elif kind == 4:
        message["sticker"] = {"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
                              "is_animated": False, "is_video": False}
    elif kind == 5:
        message["text"] = "edited"
        return {"edited_message": {**message, "edit_date": 1_700_000_001}}
    elif kind == 6:
        data = rng.choice(["rg-c:999", "rg-d:-1", "rg-ok:maybe", "mv-ok:1", "erase:1", "lang:xx", "x" * 64,
                           json.dumps({"a": 1})[:64], "rg-cp:99999", "prof:rename", "prof:nonsense"])
        return {
            "callback_query": {
                "id": str(rng.random()),
                "from": sender,
                "chat_instance": "1",
                "data": data,
                "message": {**message, "from": {"id": 1, "is_bot": True, "first_name": "B"}, "text": "old"},
            }
        }
    else:
        message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
    return {"message": message}


async def test_thousands_of_malformed_updates_leave_the_bot_answering(
    bot: BotProcess, emulator: BotAPIEmulator
) -> None:
    rng = random.Random(20261122)
    for _ in range(2000):
        emulator.push_update(junk_update(rng, rng.randint(50_000, 50_050)))
    probe = emulator.user(60_000, "Проверка")
    await probe.send("/start")
    await probe.wait_message("Добро пожаловать", timeout=120)
    assert "Traceback" not in bot.log()
    assert " failed: " not in bot.log()


async def test_the_command_menu_is_published_per_language(bot: BotProcess, emulator: BotAPIEmulator) -> None:
    default = emulator.commands[('{"type": "default"}', "")]
    english = emulator.commands[('{"type": "default"}', "en")]
    assert (
        {c["command"] for c in default} == {c["command"] for c in english} >= {"start", "rating", "me", "card", "lang"}
    )
    assert next(c for c in default if c["command"] == "rating")["description"] == "общий рейтинг и команды"
    assert next(c for c in english if c["command"] == "rating")["description"] == "overall and team rating"
    assert "grant_coordinator" not in {c["command"] for c in default}
