"""Thin Telegram adapters, one router per feature, composed in one place."""

from __future__ import annotations

import copy

from aiogram import Router

from bot.roles import Role
from bot.runtime.filters import HasRole
from handlers import (
    admin,
    audit,
    broadcasts,
    common,
    coordinator,
    deeplinks,
    errors,
    fallback,
    integrity,
    material_stats,
    meeting_reviews,
    meetings,
    meetings_admin,
    members,
    points,
    points_admin,
    profiles,
    registration,
)

# The role tools under one gate: a member's messages and button presses skip them all at
# once. Each tool keeps its own, stricter role filter; this one only spares every other
# update a walk through five routers that would each refuse it.
staff = Router(name="handlers.staff")
staff.message.filter(HasRole(Role.ORGANISER))
staff.callback_query.filter(HasRole(Role.ORGANISER))
staff.include_routers(
    admin.router, audit.router, integrity.router, material_stats.router, coordinator.router, points_admin.router,
    broadcasts.router, meetings_admin.router, meeting_reviews.router, meeting_reviews.admin_router,
)


def get_routers() -> list[Router]:
    """Routers in the order updates try them: fresh copies of the modules' routers each call.

    aiogram attaches a router to one parent for good, and tests and benchmarks build many
    dispatchers in one process: each gets its own copy (the handler functions are shared),
    and the modules' routers stay as their decorators left them.

    A member's plain message with a link, the commonest update of a campaign, is tried
    first: it is no command and belongs to no dialog (the filter checks both), so no
    router below could claim it, and it skips their filters. Then QR deep links (an
    organiser scanning a card need not be a member); role tools come before
    registration so an admin or coordinator need not be a member either; then
    registration for newcomers, member features, and the catch-all fallback last.
    The error handlers catch errors from every router wherever they stand.
    """
    routers = [
        points.submissions,
        errors.router,
        deeplinks.router,
        common.router,
        staff,
        fallback.denied,
        registration.router,
        members.router,
        profiles.router,
        points.router,
        meetings.router,
        fallback.fallback,
    ]
    return [copy.deepcopy(router) for router in routers]
