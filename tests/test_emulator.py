"""The Bot API emulator speaks real Bot API to a real aiogram Bot, so end-to-end tests can trust it."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiohttp import ClientSession, web
from PIL import Image

from tests.support.emulator import BotAPIEmulator, inline_buttons, reply_buttons

TOKEN = "42:emulator-test-token"
YES_NO = InlineKeyboardMarkup(inline_keyboard=[[
    InlineKeyboardButton(text="✅ Да", callback_data="answer:yes"),
    InlineKeyboardButton(text="Нет", callback_data="answer:no"),
]])


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    async with BotAPIEmulator() as emu:
        yield emu


def make_bot(emulator: BotAPIEmulator, token: str = TOKEN) -> Bot:
    return Bot(
        token,
        session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


@pytest.fixture
async def bot(emulator: BotAPIEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(emulator)
    yield bot
    await bot.session.close()


@asynccontextmanager
async def polling(bot: Bot, emulator: BotAPIEmulator, router: Router) -> AsyncIterator[None]:
    """Run a Dispatcher with `router` in the background, as `python -m bot` does."""
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    calls = emulator.get_updates_calls
    task = asyncio.create_task(dispatcher.start_polling(bot, handle_signals=False, close_bot_session=False))
    deadline = time.monotonic() + 30
    while emulator.get_updates_calls == calls:
        assert not task.done(), task
        assert time.monotonic() < deadline, "the dispatcher never polled"
        await asyncio.sleep(0.01)
    try:
        yield
    finally:
        await dispatcher.stop_polling()
        await task


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


async def test_start_reaches_the_bot_and_a_pressed_button_edits_the_reply(
    bot: Bot, emulator: BotAPIEmulator
) -> None:
    router = Router()
    seen: list[str] = []

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        assert message.from_user is not None
        await message.answer(f"Привет, <b>{message.from_user.first_name}</b>! Участвуете?", reply_markup=YES_NO)

    @router.callback_query(F.data.startswith("answer:"))
    async def answered(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message) and query.data is not None
        seen.append(query.data)
        await query.answer("Записали")
        await query.message.edit_text(f"Ваш ответ: {query.data}")

    anna = emulator.user(501, "Анна")
    async with polling(bot, emulator, router):
        await anna.send("/start")
        greeting = await anna.wait_message("Участвуете?")
        assert greeting.text == "Привет, <b>Анна</b>! Участвуете?"
        assert greeting.parse_mode == "HTML"
        assert inline_buttons(greeting) == ["✅ Да", "Нет"]

        await anna.press("Да")  # a part of the label is enough
        edit = await anna.wait_message()
        assert (await anna.wait_callback_answer()).text == "Записали"

    assert seen == ["answer:yes"]
    assert edit.edited and edit.message_id == greeting.message_id
    assert edit.text == "Ваш ответ: answer:yes"
    assert inline_buttons(edit) == []  # an edit without reply_markup drops the keyboard, as in Telegram
    assert emulator.current(501, greeting.message_id) is edit
    assert emulator.unanswered_callbacks == 0
    with pytest.raises(AssertionError, match="no inline button 'Да'"):
        await anna.press("Да")


async def test_pressing_a_missing_button_lists_the_buttons_on_screen(bot: Bot, emulator: BotAPIEmulator) -> None:
    boris = emulator.user(502, "Борис")
    await bot.send_message(502, "Выберите", reply_markup=YES_NO)
    with pytest.raises(AssertionError, match=r"'Может быть'.*\['✅ Да', 'Нет'\]"):
        await boris.press("Может быть")
    with pytest.raises(AssertionError, match=r"got no message containing 'Пока'.*\n\[sendMessage\] Выберите"):
        await boris.wait_message("Пока", timeout=0.05)


async def test_photos_and_documents_are_stored_byte_for_byte(bot: Bot, emulator: BotAPIEmulator) -> None:
    picture = png(37, 21)
    table = "код,название\nNSK-1,Центральный\n".encode()
    sent = await bot.send_photo(503, BufferedInputFile(picture, "qr.png"), caption="Ваш <i>QR</i>")
    await bot.send_document(503, BufferedInputFile(table, "rating.csv"), caption="Рейтинг")

    photo, document = emulator.messages_to(503)
    assert photo.photo == picture and photo.text == "Ваш <i>QR</i>"
    assert document.document == table and document.filename == "rating.csv"
    assert sent.photo is not None and (sent.photo[-1].width, sent.photo[-1].height) == (37, 21)
    assert sent.caption == "Ваш <i>QR</i>"

    # Resending by the file_id Telegram returned sends the same picture again.
    await bot.send_photo(504, sent.photo[-1].file_id)
    assert emulator.messages_to(504)[0].photo == picture


async def test_an_injected_429_is_aiograms_retry_after_and_then_clears(bot: Bot, emulator: BotAPIEmulator) -> None:
    emulator.fail_next("sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(505, "раз")
    assert caught.value.retry_after == 7
    await bot.send_message(505, "два")
    assert [m.text for m in emulator.messages_to(505)] == ["два"]
    assert emulator.count_429 == 1

    emulator.fail_next(error_code=502, times=2)  # any sending method
    with pytest.raises(TelegramServerError, match="Bad Gateway"):
        await bot.send_photo(505, BufferedInputFile(png(2, 2), "p.png"))
    await bot.send_chat_action(505, "typing")  # not a send: untouched
    with pytest.raises(TelegramServerError):
        await bot.send_message(505, "три")
    await bot.send_message(505, "четыре")
    assert [m.text for m in emulator.messages_to(505)] == ["два", "четыре"]


async def test_a_user_who_blocked_the_bot_answers_403_until_unblocked(bot: Bot, emulator: BotAPIEmulator) -> None:
    vera = emulator.user(506, "Вера")
    await vera.block_bot()
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(506, "Напоминание")
    [update] = await bot.get_updates()
    assert update.my_chat_member is not None
    assert update.my_chat_member.new_chat_member.status == "kicked"

    await vera.unblock_bot()
    await bot.send_message(506, "С возвращением")
    assert (await vera.wait_message()).text == "С возвращением"
    assert emulator.count_403 == 1


REFUSED: list[tuple[dict[str, Any], str]] = [
    ({"text": "я" * 4097}, "message is too long"),
    ({"text": " "}, "message text is empty"),
    ({"text": "<b></b>"}, "message text is empty"),
    ({"text": "<b>жирный"}, "can't parse entities"),
    ({"text": "<b>жирный</i>"}, "can't parse entities"),
    ({"text": "1 < 2"}, "can't parse entities"),
    ({"text": "строка<br>строка"}, "can't parse entities"),
    ({"text": "x", "reply_markup": InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text="длинно", callback_data="x" * 65)]])}, "BUTTON_DATA_INVALID"),
]


async def test_messages_telegram_refuses_are_refused(bot: Bot, emulator: BotAPIEmulator) -> None:
    # One bot for all cases: each aiogram session close costs a quarter of a second.
    for call, complaint in REFUSED:
        with pytest.raises(TelegramBadRequest, match=complaint):
            await bot.send_message(507, **call)
    assert emulator.messages_to(507) == []


async def test_limits_that_are_about_sizes_and_edits(bot: Bot, emulator: BotAPIEmulator) -> None:
    await bot.send_message(508, "я" * 4096)  # exactly the limit passes, tags do not count
    await bot.send_message(508, "<b>" + "я" * 4096 + "</b>")
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_photo(508, BufferedInputFile(png(2, 2), "p.png"), caption="я" * 1025)
    message = await bot.send_message(508, "Счёт: 1", reply_markup=YES_NO)
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Счёт: 1", chat_id=508, message_id=message.message_id, reply_markup=YES_NO)
    await bot.edit_message_reply_markup(chat_id=508, message_id=message.message_id)
    assert inline_buttons(emulator.messages_to(508)[-1]) == []
    await bot.delete_message(508, message.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("Счёт: 2", chat_id=508, message_id=message.message_id)


async def test_a_document_a_user_sent_downloads_intact(bot: Bot, emulator: BotAPIEmulator) -> None:
    data = "code,name,city\nNSK-1,Центральный,Новосибирск\n".encode()
    admin = emulator.user(509, "Админ")
    await admin.send_document(data, "districts.csv")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.document is not None
    assert update.message.document.file_name == "districts.csv"
    downloaded = await bot.download(update.message.document)
    assert downloaded is not None and downloaded.read() == data


async def test_one_message_per_second_per_chat_and_a_global_rate(emulator: BotAPIEmulator) -> None:
    async with BotAPIEmulator(enforce_limits=True, global_rate=3) as limited:
        bot = make_bot(limited)
        try:
            await bot.send_message(1, "первое")
            with pytest.raises(TelegramRetryAfter) as caught:
                await bot.send_message(1, "второе сразу")
            assert caught.value.retry_after == 1
            await bot.send_message(2, "другому")
            await bot.send_message(3, "третьему")
            with pytest.raises(TelegramRetryAfter):
                await bot.send_message(4, "четвёртый за секунду")
            assert limited.count_429 == 2
            await asyncio.sleep(1.0)
            await bot.send_message(1, "через секунду")
            assert [m.text for m in limited.messages_to(1)] == ["первое", "через секунду"]
        finally:
            await bot.session.close()


async def test_long_polling_waits_for_an_update_and_offset_confirms_it(bot: Bot, emulator: BotAPIEmulator) -> None:
    gleb = emulator.user(510, "Глеб", username="gleb")
    waiting = asyncio.create_task(bot.get_updates(timeout=5))
    await asyncio.sleep(0.05)
    started = time.monotonic()
    await gleb.send("/start ref_42")
    [update] = await waiting
    assert time.monotonic() - started < 1
    assert update.message is not None and update.message.text == "/start ref_42"
    assert update.message.entities is not None and update.message.entities[0].type == "bot_command"
    assert update.message.entities[0].length == len("/start")

    assert [u.update_id for u in await bot.get_updates()] == [update.update_id]  # not confirmed yet
    raw = emulator.push_update({"message": {"message_id": 1, "date": 0, "chat": {"id": 510, "type": "private"},
                                            "text": "raw"}})
    assert emulator.next_update_id == raw + 1
    fresh = await bot.get_updates(offset=update.update_id + 1)
    assert [u.update_id for u in fresh] == [raw]
    assert await bot.get_updates(offset=raw + 1) == []
    assert emulator.pending_updates == 0


async def test_a_contact_button_shares_the_users_own_number(bot: Bot, emulator: BotAPIEmulator) -> None:
    dina = emulator.user(511, "Дина", phone="+79001234567")
    share = ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text="📱 Поделиться номером", request_contact=True)]])
    await bot.send_message(511, "Оставьте телефон", reply_markup=share)
    assert reply_buttons(dina.last) == ["📱 Поделиться номером"]
    await dina.press_reply("📱 Поделиться номером")
    [update] = await bot.get_updates()
    assert update.message is not None and update.message.contact is not None
    assert (update.message.contact.phone_number, update.message.contact.user_id) == ("+79001234567", 511)

    await bot.send_message(511, "Спасибо", reply_markup=ReplyKeyboardRemove())
    with pytest.raises(AssertionError, match="no reply keyboard"):
        await dina.press_reply("📱 Поделиться номером")


async def test_commands_are_kept_per_scope_and_language(bot: Bot, emulator: BotAPIEmulator) -> None:
    await bot.set_my_commands([BotCommand(command="start", description="начать")])
    await bot.set_my_commands([BotCommand(command="start", description="begin")], language_code="en")
    await bot.set_my_commands([BotCommand(command="grant", description="права")], scope=BotCommandScopeChat(chat_id=1))
    assert [c.description for c in await bot.get_my_commands()] == ["начать"]
    assert [c.description for c in await bot.get_my_commands(language_code="en")] == ["begin"]
    assert [c.command for c in await bot.get_my_commands(scope=BotCommandScopeChat(chat_id=1))] == ["grant"]
    await bot.delete_my_commands(language_code="en")
    assert await bot.get_my_commands(language_code="en") == []
    assert (await bot.get_me()).username == "vverh_test_bot"
    assert (await bot.get_chat(emulator.user(512, "Ева").id)).first_name == "Ева"


async def test_unknown_methods_and_tokens_are_refused_like_telegram(emulator: BotAPIEmulator) -> None:
    async with ClientSession() as http:
        async with http.post(f"{emulator.base_url}/bot{TOKEN}/sendTelepathy") as response:
            assert response.status == 404
            body = await response.json()
            assert body == {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        async with http.post(f"{emulator.base_url}/botnot-a-token/getMe") as response:
            assert response.status == 401
        async with http.post(f"{emulator.base_url}/bot{TOKEN}/getMe", json={}) as response:
            assert (await response.json())["result"]["id"] == 42


async def test_webhook_mode_posts_updates_with_the_secret_and_retries(bot: Bot, emulator: BotAPIEmulator) -> None:
    received: list[tuple[str | None, dict[str, Any]]] = []
    arrived = asyncio.Event()

    async def endpoint(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        if len(received) == 1:
            return web.Response(status=500)  # the first attempt fails: the emulator must try again
        arrived.set()
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/hook", endpoint)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/hook"
        await bot.set_webhook(url, secret_token="s3cret")
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(TelegramConflictError):
            await bot.get_updates()

        await emulator.user(513, "Жанна").send("привет")
        await asyncio.wait_for(arrived.wait(), timeout=5)
        assert len(received) == 2 and received[0] == received[1]
        secret, update = received[1]
        assert secret == "s3cret" and update["message"]["text"] == "привет"

        await bot.delete_webhook()
        assert await bot.get_updates() == []
    finally:
        await runner.cleanup()
