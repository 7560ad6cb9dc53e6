"""Who may do what: roles, scopes and the acting user's permissions (pure rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from bot.model import District, GrantedRole, Member, RoleGrant, ScopeKind

__all__ = ["Actor", "Role", "ScopeKind", "covers"]  # ScopeKind: defined in bot.model, long imported from here


class Role(IntEnum):
    MEMBER = 0
    ORGANISER = 1
    COORDINATOR = 2
    ADMIN = 3


def covers(grant: RoleGrant, district: District) -> bool:
    """Whether a grant's scope includes a district."""
    if grant.scope_kind == ScopeKind.ALL:
        return True
    if grant.scope_kind == ScopeKind.CITY:
        return grant.scope_id == district.city_id
    return grant.scope_id == district.id


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

    def coordinates(self, district: District) -> bool:
        return self.is_admin or any(g.role == GrantedRole.COORDINATOR and covers(g, district) for g in self.grants)

    def organises(self, district: District) -> bool:
        return self.coordinates(district) or any(
            g.role == GrantedRole.ORGANISER and covers(g, district) for g in self.grants
        )

    def coordinator_scopes(self) -> list[RoleGrant]:
        if self.is_admin:
            return [RoleGrant(self.tg_id, GrantedRole.COORDINATOR, ScopeKind.ALL, 0)]
        return [g for g in self.grants if g.role == GrantedRole.COORDINATOR]

    def manages_scope(self, kind: ScopeKind, scope_id: int, district: District | None = None) -> bool:
        """Whether a scope (everything, a city, or `district`) lies inside one this user coordinates."""
        for own in self.coordinator_scopes():
            if own.scope_kind == ScopeKind.ALL:
                return True
            if kind == ScopeKind.DISTRICT and district is not None and covers(own, district):
                return True
            if kind == ScopeKind.CITY and own.scope_kind == ScopeKind.CITY and own.scope_id == scope_id:
                return True
        return False
