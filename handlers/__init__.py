"""Thin Telegram adapters, one router per feature, composed in one place."""

from __future__ import annotations

from aiogram import Router

from handlers import admin, common, coordinator, errors, fallback, members, registration


def get_routers() -> list[Router]:
    """Routers in the order updates try them.

    Role tools come before registration so an admin or coordinator need not be a
    member; the catch-all fallback is last.
    """
    return [
        errors.router,
        common.router,
        admin.router,
        coordinator.router,
        fallback.denied,
        registration.router,
        members.router,
        fallback.fallback,
    ]
