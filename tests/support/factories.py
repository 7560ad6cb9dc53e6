"""Members made the way the product makes them: through the registration act, with plain defaults."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot import membership
from bot.membership import Registration
from bot.model import GrantedRole, Member, RoleGrant, ScopeKind
from bot.roles import Actor
from scheduler.clock import Clock
from storage import roles as role_store
from storage.db import Database

SECRET = b"test-secret"  # the settings fixture's QR_SECRET


class NewMember:
    """`await new_member(tg_id)`: a registered member of district 1, speaking Russian.

    With `referrer=` the newcomer first opens that member's invite link, as a friend would;
    `registration()` returns the whole outcome (the referrer's award) instead of the member.
    Built with `apart=timedelta(seconds=1)` (a frozen clock), the clock moves on after each
    registration: members made one after another joined at distinct times, as the rating's
    tie-break needs.
    """

    def __init__(self, db: Database, clock: Clock, *, apart: timedelta | None = None) -> None:
        self.db = db
        self.clock = clock
        self.apart = apart

    async def __call__(
        self, tg_id: int, name: str | None = None, *, district_id: int = 1, locale: str = "ru",
        username: str | None = None, phone: str | None = None, referrer: Member | None = None,
    ) -> Member:
        result = await self.registration(
            tg_id, name, district_id=district_id, locale=locale, username=username, phone=phone, referrer=referrer
        )
        return result.member

    async def registration(
        self, tg_id: int, name: str | None = None, *, district_id: int = 1, locale: str = "ru",
        username: str | None = None, phone: str | None = None, referrer: Member | None = None,
    ) -> Registration:
        now = self.clock.now()
        if referrer is not None:
            await membership.first_contact(self.db, tg_id=tg_id, referrer_id=referrer.id, secret=SECRET, now=now)
        result = await membership.register(
            self.db, tg_id=tg_id, username=username, display_name=name or f"Участник {tg_id}", phone=phone,
            locale=locale, district_id=district_id, consent_at=now, now=now, today=self.clock.today(),
        )
        assert isinstance(result, Registration), result
        if self.apart:
            self.clock.advance(self.apart)  # type: ignore[attr-defined]  # a FrozenClock's
        return result


GRANTED_AT = datetime(2026, 12, 1, tzinfo=UTC)


def staff(tg_id: int, role: GrantedRole, kind: ScopeKind = ScopeKind.ALL, scope_id: int = 0) -> Actor:
    """The actor who holds one role (a coordinator everywhere by default), as the actor middleware builds them.

    A value only: `grant` stores the role. For a test module's constant staff.
    """
    return Actor(tg_id=tg_id, is_admin=False, grants=(RoleGrant(tg_id, role, kind, scope_id),))


async def grant(
    db: Database, who: int | Actor, role: GrantedRole | None = None, kind: ScopeKind = ScopeKind.ALL,
    scope_id: int = 0,
) -> Actor:
    """Give a user a role as /grant does, and return the actor holding it: the one way tests give a role.

    `await grant(db, 700, GrantedRole.COORDINATOR, ScopeKind.CITY, 2)` (the scope defaults to
    everything), or `await grant(db, ORGANISER)` for a module's `staff(...)` constant. Acts re-read
    the actor's grants inside their own transaction (bot/acting.py), so a staff actor made in a
    test must hold its grants in the database, as a real one does. Granting again changes nothing.
    """
    if isinstance(who, Actor):
        assert role is None, "an actor brings its own grants"
        actor = who
    else:
        assert role is not None, "which role?"
        actor = staff(who, role, kind, scope_id)
    async with db.transaction() as conn:
        for given in actor.grants:
            await role_store.grant(conn, given, granted_by=1, now=GRANTED_AT)
    return actor
