"""Who may do what: roles, scopes and the acting user's permissions (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from bot.model import GrantedRole, Member, RoleGrant, ScopeKind
from bot.scopes import EVERYWHERE, Located, Scope

__all__ = ["Actor", "Role", "Scope", "ScopeKind"]  # ScopeKind: defined in bot.model, long imported from here


class Role(IntEnum):
    MEMBER = 0
    ORGANISER = 1
    COORDINATOR = 2
    ADMIN = 3


@dataclass(frozen=True, slots=True)
class Actor:
    """The Telegram user behind an update, with their member row and roles."""

    tg_id: int
    is_admin: bool
    member: Member | None = None
    grants: tuple[RoleGrant, ...] = field(default_factory=tuple)

    @property
    def role(self) -> Role:
        if self.is_admin:
            return Role.ADMIN
        if any(g.role == GrantedRole.COORDINATOR for g in self.grants):
            return Role.COORDINATOR
        if any(g.role == GrantedRole.ORGANISER for g in self.grants):
            return Role.ORGANISER
        return Role.MEMBER

    def coordinator_scope(self) -> Scope:
        """Where this user coordinates: the union of their coordinator grants; admins everywhere."""
        if self.is_admin:
            return EVERYWHERE
        return Scope.of(g for g in self.grants if g.role == GrantedRole.COORDINATOR)

    def organiser_scope(self) -> Scope:
        """Where this user may run meetings: coordinators organise wherever they coordinate."""
        if self.is_admin:
            return EVERYWHERE
        return Scope.of(g for g in self.grants if g.role in (GrantedRole.ORGANISER, GrantedRole.COORDINATOR))

    def coordinates(self, district: Located) -> bool:
        return self.coordinator_scope().covers(district)

    def organises(self, district: Located) -> bool:
        return self.organiser_scope().covers(district)

    def coordinator_scopes(self) -> list[RoleGrant]:
        if self.is_admin:
            return [RoleGrant(self.tg_id, GrantedRole.COORDINATOR, ScopeKind.ALL, 0)]
        return [g for g in self.grants if g.role == GrantedRole.COORDINATOR]

    def manages_scope(self, kind: str, scope_id: int, district: Located | None = None) -> bool:
        """Whether a scope (everything, a city, or `district`) lies inside one this user coordinates."""
        return self.coordinator_scope().includes(kind, scope_id, district)
