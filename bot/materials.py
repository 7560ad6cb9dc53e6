"""Materials as actions (SPEC §10): steps to follow, an optional required hashtag, the original
post to repost, and how many members shared each one.

A coordinator writes a material as before; its numbered or bulleted lines are its steps, and a
hashtag in it is the one a member's post must carry (unless the post reposts or links the
original). The verifier (bot.verification) checks exactly these.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.acting import current_actor
from bot.roles import Actor
from storage import material_shares as store
from storage import scopes as scope_store
from storage.db import Database

_STEP = re.compile(r"^\s*(?:\d{1,2}[.)]|[•\-–—*])\s+(.+?)\s*$")
_HASHTAG = re.compile(r"(?<![\w#])#(\w{2,64})")
DAYS_SHOWN = 7
TEAMS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Action:
    steps: tuple[str, ...]
    hashtag: str | None          # without the '#'


def action_of(text: str) -> Action:
    """The steps (numbered or bulleted lines) and the first hashtag of a material's text."""
    steps = tuple(match.group(1) for line in text.splitlines() if (match := _STEP.match(line)))
    hashtag = _HASHTAG.search(text)
    return Action(steps, hashtag.group(1) if hashtag else None)


async def shares(db: Database, material_ids: Collection[int]) -> dict[int, int]:
    """How many members shared each material (posts not rejected)."""
    if not material_ids:
        return {}
    async with db.reading() as conn:
        return await store.counts(conn, material_ids)


async def hashtags(db: Database, material_ids: Collection[int]) -> dict[int, str]:
    """The hashtag each material asks for, where it asks for one."""
    if not material_ids:
        return {}
    async with db.reading() as conn:
        return await store.hashtags(conn, material_ids)


@dataclass(frozen=True, slots=True)
class MaterialShares:
    material_id: int
    title: str
    total: int
    teams: list[tuple[str, int]]        # (team, shares), most first
    days: list[tuple[date, int]]        # the last DAYS_SHOWN days, oldest first


async def _districts(db: Database, actor: Actor) -> list[int] | None:
    """The districts of a coordinator's scope (bot.scopes); None for everywhere."""
    async with db.reading() as conn:
        return await scope_store.district_ids(conn, (await current_actor(conn, actor)).coordinator_scope())


async def report(db: Database, *, actor: Actor, campaign_id: int, today: date) -> list[MaterialShares]:
    """Per current material: shares in the coordinator's area, by team and by day."""
    districts = await _districts(db, actor)
    since = today - timedelta(days=DAYS_SHOWN - 1)
    async with db.reading() as conn:
        materials = await store.current(conn, campaign_id)
        out = []
        for material_id, title in materials:
            teams = await store.by_team(conn, material_id, districts)
            days = dict(await store.by_day(conn, material_id, districts, since))
            out.append(MaterialShares(
                material_id, title, sum(n for _, n in teams), teams[:TEAMS_SHOWN],
                [(since + timedelta(days=i), days.get(since + timedelta(days=i), 0))
                 for i in range(DAYS_SHOWN)],
            ))
    return out


def steps_lines(steps: Sequence[str]) -> list[str]:
    return [f"{number}. {step}" for number, step in enumerate(steps, start=1)]
