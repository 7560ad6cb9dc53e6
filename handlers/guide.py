"""What people read to find their way: how points are earned, /help, and answers to plain questions.

The four scoring rules are written once here, from the campaign's own values, and shown in
/help, at the end of registration and to a member who has no points yet.
"""

from __future__ import annotations

from typing import Protocol

from bot.i18n import Translator
from bot.posts import CampaignCache
from bot.roles import Actor, Role
from bot.runtime.commands import commands_for
from bot.runtime.config import Settings
from bot.scoring import DEFAULT_SCORING, format_points, points
from scheduler.clock import Clock
from storage.db import Database


class HasScoring(Protocol):
    post_units: int
    meeting_units: int
    referral_units: int
    referral_share_pct: int


def _amount(t: Translator, units: int) -> dict[str, object]:
    return {"value": format_points(units), "word": t("points-word", n=points(units))}


def how_points(t: Translator, scoring: HasScoring | None, cap: int) -> str:
    """The four rules in one screen: posts, meetings, invites and the invitee's share."""
    rules: HasScoring = scoring if scoring is not None else DEFAULT_SCORING
    post, meeting, referral = (_amount(t, u) for u in (rules.post_units, rules.meeting_units, rules.referral_units))
    return t("how-points-title") + "\n" + t(
        "how-points", cap=cap, share=rules.referral_share_pct,
        post=post["value"], post_word=post["word"], meeting=meeting["value"], meeting_word=meeting["word"],
        referral=referral["value"], referral_word=referral["word"],
    )


def help_text(t: Translator, actor: Actor, scoring: HasScoring | None, cap: int) -> str:
    """/help: how points are earned first, then the commands; staff get one example per tool."""
    lines = [how_points(t, scoring, cap), "", t("help-commands-title")]
    for command in commands_for(Role.MEMBER, menu_only=True):
        lines.append(f"/{command.name} — {t('cmd-' + command.name)}")
    staff = [c for c in commands_for(actor.role, menu_only=True) if c.role > Role.MEMBER]
    if staff:
        lines += ["", t("help-staff-title")]
        # A tool without its own example yet is listed with its description, never as a bare key.
        for c in staff:
            example = "help-example-" + c.name
            lines.append(t(example) if t.has(example) else f"/{c.name} — {t('cmd-' + c.name)}")
    return "\n".join(lines)



async def current_help(
    t: Translator, actor: Actor, db: Database, campaigns: CampaignCache, clock: Clock, settings: Settings
) -> str:
    campaign = await campaigns.get(db, now=clock.now(), today=clock.today())
    return help_text(t, actor, campaign, settings.post_daily_cap)
