"""Permission checks live in router-level filters (SPEC §1): checked on the real router tree.

A privileged command handled by a router without a `HasRole` filter of at least the
command's role, or a role-filtered router whose buttons anyone may press, fails here
before a member ever finds it.
"""

from __future__ import annotations

from collections.abc import Iterator

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters import Command

from bot.roles import Role
from bot.runtime.commands import BY_NAME
from bot.runtime.filters import HasRole
from handlers import get_routers


def _roles(filters: list[FilterObject] | None) -> list[Role]:
    return [f.callback.role for f in filters or () if isinstance(f.callback, HasRole)]


def _walk(router: Router, inherited: dict[str, Role]) -> Iterator[tuple[Router, dict[str, Role]]]:
    """Each router with the least role its router-level filters (and its parents') demand, per event type."""
    own = dict(inherited)
    for event in ("message", "callback_query"):
        roles = _roles(router.observers[event]._handler.filters) + [own.get(event, Role.MEMBER)]  # noqa: SLF001
        own[event] = max(roles)
    yield router, own
    for child in router.sub_routers:
        yield from _walk(child, own)


def _tree() -> list[tuple[Router, dict[str, Role]]]:
    return [pair for router in get_routers() for pair in _walk(router, {})]


def _commands(handler: HandlerObject) -> list[str]:
    names: list[str] = []
    for f in handler.filters or ():
        if isinstance(f.callback, Command):
            names += [c for c in f.callback.commands if isinstance(c, str)]
    return names


def test_every_privileged_command_is_handled_only_behind_a_role_filter_at_router_level() -> None:
    handled: set[str] = set()
    for router, least in _tree():
        for handler in router.message.handlers:
            for name in _commands(handler):
                if name not in BY_NAME or BY_NAME[name].role == Role.MEMBER:
                    continue
                if router.name == "handlers.fallback.denied":
                    continue          # the "not permitted" answer for everyone else
                handled.add(name)
                assert least["message"] >= BY_NAME[name].role, (
                    f"/{name} ({BY_NAME[name].role.name}) is handled in {router.name} "
                    f"behind {least['message'].name} only"
                )
    privileged = {name for name, info in BY_NAME.items() if info.role > Role.MEMBER}
    assert handled == privileged, f"privileged commands without a handler: {sorted(privileged - handled)}"


def test_routers_for_a_role_guard_their_buttons_with_the_same_role() -> None:
    for router, least in _tree():
        if router.message.handlers and least["message"] > Role.MEMBER and router.callback_query.handlers:
            assert least["callback_query"] >= least["message"], (
                f"{router.name}: buttons need {least['callback_query'].name}, commands {least['message'].name}"
            )


def test_the_broadcast_tools_sit_behind_admin_and_coordinator_filters() -> None:
    tree = {router.name: least for router, least in _tree()}
    assert tree["handlers.broadcasts.admin"] == {"message": Role.ADMIN, "callback_query": Role.ADMIN}
    assert tree["handlers.broadcasts.coordinator"] == {"message": Role.COORDINATOR, "callback_query": Role.COORDINATOR}
    # The parent holds only my_chat_member (blocked/unblocked), which every member's client sends.
    from handlers import broadcasts

    assert not broadcasts.router.message.handlers and not broadcasts.router.callback_query.handlers
