"""A scope and the districts it covers — defined here once (SPEC §9 "Scope is checked by the act").

A role is granted for a scope: everything, a city, or one district. Someone holding several
grants works in their union. Every act that touches a scope asks this value whether it
covers a district; storage turns it into SQL in one place (`storage/scopes.py`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from bot.model import ScopeKind

__all__ = ["EVERYWHERE", "NOWHERE", "Located", "Scope", "ScopeKind"]


class Located(Protocol):
    """Anything with a district id and its city id (a district, a member's team)."""

    @property
    def id(self) -> int: ...

    @property
    def city_id(self) -> int: ...


class Granted(Protocol):
    @property
    def scope_kind(self) -> str: ...

    @property
    def scope_id(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Scope:
    """A set of districts: everything, or whole cities plus single districts."""

    everything: bool = False
    cities: frozenset[int] = frozenset()
    districts: frozenset[int] = frozenset()

    @classmethod
    def named(cls, kind: str, scope_id: int) -> Scope:
        """The scope of one grant: ('all', 0), ('city', city id) or ('district', district id)."""
        if kind == ScopeKind.ALL:
            return EVERYWHERE
        if kind == ScopeKind.CITY:
            return cls(cities=frozenset({scope_id}))
        if kind == ScopeKind.DISTRICT:
            return cls(districts=frozenset({scope_id}))
        raise ValueError(f"unknown scope kind {kind!r}")

    @classmethod
    def of(cls, grants: Iterable[Granted | tuple[str, int]]) -> Scope:
        """The union of grants' scopes (role grants or (kind, id) pairs); no grants: nowhere."""
        scope = NOWHERE
        for grant in grants:
            kind, scope_id = grant if isinstance(grant, tuple) else (grant.scope_kind, grant.scope_id)
            scope = scope | cls.named(kind, scope_id)
        return scope

    def __or__(self, other: Scope) -> Scope:
        if self.everything or other.everything:
            return EVERYWHERE
        return Scope(cities=self.cities | other.cities, districts=self.districts | other.districts)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.cities or self.districts)

    def covers(self, district: Located) -> bool:
        """Whether the district lies in this scope."""
        return self.everything or district.city_id in self.cities or district.id in self.districts

    def includes(self, kind: str, scope_id: int, district: Located | None = None) -> bool:
        """Whether a whole named scope lies inside this one (a district needs its row, for its city)."""
        if self.everything:
            return True
        if kind == ScopeKind.CITY:
            return scope_id in self.cities
        if kind == ScopeKind.DISTRICT:
            return district is not None and district.id == scope_id and self.covers(district)
        return False

    def pairs(self) -> tuple[tuple[str, int], ...]:
        """The scope as sorted (kind, id) pairs: a stable key and a way to name it."""
        if self.everything:
            return ((ScopeKind.ALL.value, 0),)
        return tuple(
            [(ScopeKind.CITY.value, c) for c in sorted(self.cities)]
            + [(ScopeKind.DISTRICT.value, d) for d in sorted(self.districts)]
        )


EVERYWHERE = Scope(everything=True)
NOWHERE = Scope()
