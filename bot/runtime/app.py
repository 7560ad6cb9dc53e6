"""Builds the bot, the dispatcher and their long-lived services, and runs them."""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.dispatcher.event.handler import FilterObject
from aiogram.dispatcher.event.telegram import TelegramEventObserver
from aiogram.enums import ParseMode
from aiogram.filters import Filter
from aiogram.fsm.storage.base import BaseEventIsolation
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault

from bot import administration, posts
from bot.i18n import I18n
from bot.posts import CampaignCache
from bot.roles import Role
from bot.runtime.commands import commands_for
from bot.runtime.config import Settings
from bot.runtime.context import handler_var
from bot.runtime.middlewares import (
    ActorMiddleware,
    BenignErrorsMiddleware,
    FloodMiddleware,
    InFlightMiddleware,
    PrivateChatMiddleware,
    UpdateContextMiddleware,
)
from bot.runtime.reach import wait_for_telegram
from bot.runtime.throttling import FloodLimiter
from handlers import get_routers
from handlers.notify import Notify
from handlers.surveys import take_data as survey_invitation_button
from scheduler import reminders
from scheduler.clock import Clock
from scheduler.jobs import Jobs, ScheduledWork, build_scheduler
from scheduler.outbox import OutboxSender
from scheduler.verifier import Verifier
from storage.db import Database
from storage.fsm import SQLiteStorage
from storage.lock import DatabaseLock
from web import server as web_server
from web import services as web_services

log = logging.getLogger(__name__)

# Bounded so a flood cannot pile up unbounded tasks; SQLite serialises the work anyway.
MAX_CONCURRENT_UPDATES = 200


@dataclass
class App:
    settings: Settings
    db: Database
    bot: Bot
    dp: Dispatcher
    i18n: I18n
    clock: Clock
    work: ScheduledWork

    @property
    def outbox(self) -> OutboxSender:
        return self.work.jobs.outbox

    @property
    def verifier(self) -> Verifier:
        return self.dp["verifier"]  # type: ignore[no-any-return]

    @property
    def jobs(self) -> Jobs:
        return self.work.jobs

    async def close(self) -> None:
        """Release the scheduler, the HTTP session and the database."""
        await self.work.stop()
        await self.verifier.stop()
        await self.bot.session.close()
        await self.db.close()


def build_bot(settings: Settings) -> Bot:
    session = None
    if settings.telegram_api_url:
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    return Bot(
        token=settings.require_token(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


async def build_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    bot: Bot | None = None,
    events_isolation: BaseEventIsolation | None = None,
) -> App:
    """Open the database and wire every service into a dispatcher."""
    db = await Database(settings.database_path).connect()
    try:
        qr_secret = await administration.qr_secret(
            db, settings.qr_secret.get_secret_value() if settings.qr_secret else None
        )
        await posts.rekey_posts(db)
    except BaseException:
        await db.close()
        raise
    i18n = I18n(settings.default_locale)
    clock = clock or Clock(settings.tz)
    bot = bot or build_bot(settings)
    outbox = OutboxSender(db, bot, i18n, clock, rate=settings.broadcast_rate)
    jobs = Jobs(
        settings=settings, db=db, i18n=i18n, clock=clock, outbox=outbox,
        files_dir=settings.database_path.parent / "outbox-files", survey_button=survey_invitation_button,
    )
    scheduler = build_scheduler(jobs, settings)
    reminders.schedule(scheduler, bot=bot, db=db, i18n=i18n, clock=clock)
    work = ScheduledWork(jobs, scheduler)
    verifier = Verifier(db=db, i18n=i18n, clock=clock, settings=settings)
    verifier.on_settled = lambda _settled: outbox.wake()
    dp = Dispatcher(
        storage=SQLiteStorage(db),
        events_isolation=events_isolation or SimpleEventIsolation(),
        disable_fsm=True,  # registered below, after the flood limit: a flood must not queue on a user's lock
        settings=settings,
        db=db,
        i18n=i18n,
        clock=clock,
        qr_secret=qr_secret,
        outbox=outbox,
        jobs=jobs,
        campaigns=CampaignCache(),
        notify=Notify(bot, i18n),
        verifier=verifier,
    )
    in_flight = InFlightMiddleware()
    dp.update.outer_middleware(UpdateContextMiddleware())
    dp.update.outer_middleware(in_flight)
    if settings.flood_rate > 0:
        limiter = FloodLimiter(settings.flood_rate, settings.flood_burst)
        dp.update.outer_middleware(FloodMiddleware(limiter, clock, db, i18n))
    # Before the FSM and the actor: an update from a group costs no database read.
    dp.update.outer_middleware(PrivateChatMiddleware(i18n))
    dp.update.outer_middleware(dp.fsm)
    dp.update.outer_middleware(ActorMiddleware(db, i18n, settings))
    bot.session.middleware(BenignErrorsMiddleware())
    dp.include_routers(*get_routers())
    check_sync_filters_inline(dp)
    name_handlers(dp)
    dp.startup.register(on_startup)
    # The scheduler and the outbox sender run while the dispatcher does (polling or webhook).
    dp.startup.register(work.start)
    dp.startup.register(verifier.start)
    dp.shutdown.register(verifier.stop)
    dp.shutdown.register(in_flight.drain)
    dp.shutdown.register(work.stop)
    return App(settings=settings, db=db, bot=bot, dp=dp, i18n=i18n, clock=clock, work=work)


class InlineFilter(Filter):
    """A synchronous filter (a magic filter such as `F.text`, a `State`) checked on the event loop.

    aiogram runs every filter that is not a coroutine through `asyncio.to_thread`: a trip to
    a worker thread and back, several per update, for checks that take microseconds. Ours
    never block, so they are called directly, with the arguments aiogram would give them.
    """

    def __init__(self, original: FilterObject) -> None:
        self.original = original

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        original = self.original
        if not original.varkw:
            kwargs = {name: kwargs[name] for name in original.params if name in kwargs}
        return original.callback(*args, **kwargs)


def _observers(router: Router) -> Iterator[tuple[str, TelegramEventObserver]]:
    for each in router.chain_tail:
        yield from each.observers.items()


def check_sync_filters_inline(router: Router) -> None:
    """Make every synchronous handler filter under `router` an `InlineFilter` (idempotent).

    Router-level filters (`router.message.filter(...)`) are left as they are: aiogram keeps
    them out of public reach, and ours are all `Filter` classes with an async `__call__`
    (`bot/runtime/filters.py`), which never go to a thread. Keep it so.
    """
    for _, observer in _observers(router):
        for handler in observer.handlers:
            if handler.filters and not all(f.awaitable for f in handler.filters):
                handler.filters = [f if f.awaitable else FilterObject(InlineFilter(f)) for f in handler.filters]


def name_handlers(router: Router) -> None:
    """Every handler under `router` names itself in the log context while it runs (idempotent).

    Done once here rather than by an inner middleware, which aiogram would wrap around
    every handler call anew.
    """
    for kind, observer in _observers(router):
        if kind in ("update", "error"):
            continue
        for handler in observer.handlers:
            if handler.awaitable and not getattr(handler.callback, "names_itself", False):
                handler.callback = _named(handler.callback)


def _named(callback: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    name = f"{callback.__module__}.{callback.__qualname__}"

    @functools.wraps(callback)
    async def named(*args: Any, **kwargs: Any) -> Any:
        handler_var.set(name)
        return await callback(*args, **kwargs)

    named.names_itself = True  # type: ignore[attr-defined]
    return named


async def on_startup(bot: Bot, i18n: I18n, settings: Settings) -> None:
    """Publish the "/" menu in every language, and the admin menu to admins."""
    for code, t in i18n.each():
        commands = [
            BotCommand(command=c.name, description=t("cmd-" + c.name))
            for c in commands_for(Role.MEMBER, menu_only=True)
        ]
        language = None if code == settings.default_locale else code
        await bot.set_my_commands(commands, scope=BotCommandScopeDefault(), language_code=language)
    t = i18n.get(settings.default_locale)
    admin_commands = [
        BotCommand(command=c.name, description=t("cmd-" + c.name)) for c in commands_for(Role.ADMIN, menu_only=True)
    ]
    for admin_id in settings.admin_ids:
        try:
            await bot.set_my_commands(admin_commands, scope=BotCommandScopeChat(chat_id=admin_id))
        except Exception as error:  # noqa: BLE001 - an admin who never opened the bot is no reason to stop
            log.info("admin %s has no chat with the bot yet: %s", admin_id, error)
    me = await bot.get_me()
    log.info("started as @%s", me.username)


async def run(settings: Settings) -> None:
    """Run until stopped: long polling, or a webhook server when WEBHOOK_URL is set.

    Holds the database's lock all the while: a second bot on the same file, or a
    restore under a running bot, is refused (storage.lock.DatabaseBusy).
    """
    with DatabaseLock(settings.database_path):
        app = await build_app(settings)
        web_side = None
        try:
            await wait_for_telegram(app.bot, settings)
            if settings.web_listen:
                web_side = await open_web(app)
            settle_heap()
            if settings.webhook_url:
                from bot.runtime import webhook

                await webhook.serve(
                    settings, app.db, app.dp, app.bot, app.clock, concurrency=MAX_CONCURRENT_UPDATES,
                    pages=functools.partial(web_server.install, services=web_side) if web_side else None,
                )
                return
            runner = await web_server.start(web_side) if web_side else None
            try:
                await app.bot.delete_webhook(drop_pending_updates=False)
                await app.dp.start_polling(
                    app.bot,
                    allowed_updates=app.dp.resolve_used_update_types(),
                    handle_signals=True,
                    close_bot_session=False,
                    tasks_concurrency_limit=MAX_CONCURRENT_UPDATES,
                )
            finally:
                if runner is not None:
                    await runner.cleanup()
        finally:
            if web_side is not None:
                await web_side.close()
            await app.close()


def settle_heap() -> None:
    """Start-up is done: what it built (routers, texts, schemas, the app) lives until shutdown.

    Frozen out of the cyclic collector's reach (`gc.freeze`), those few hundred thousand
    objects are no longer walked by every full collection while updates are handled:
    benchmarks/posts.py measured full collections at a fifth of the CPU per update before.
    Objects made later are collected as usual. Call once, when start-up is over.
    """
    gc.collect()
    gc.freeze()


async def open_web(app: App) -> web_services.WebServices:
    """The web side's services: the same database, bot, texts, clock and secrets as the dispatcher's."""
    data = app.dp.workflow_data
    return await web_services.open_services(
        settings=app.settings, db=app.db, bot=app.bot, i18n=app.i18n, clock=app.clock,
        qr_secret=data["qr_secret"], campaigns=data["campaigns"], notify=data["notify"],
    )
