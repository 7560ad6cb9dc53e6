"""Every command the bot knows, with the least role that may use it.

`/help` and Telegram's command menu are built from this list, and a command that a
user's role does not allow gets "not permitted" instead of silence.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.roles import Role


@dataclass(frozen=True, slots=True)
class CommandInfo:
    name: str
    role: Role
    in_menu: bool = True       # shown in Telegram's "/" menu


COMMANDS: tuple[CommandInfo, ...] = (
    CommandInfo("start", Role.MEMBER),
    CommandInfo("post", Role.MEMBER),
    CommandInfo("meetings", Role.MEMBER),
    CommandInfo("rating", Role.MEMBER),
    CommandInfo("me", Role.MEMBER),
    CommandInfo("card", Role.MEMBER),
    CommandInfo("invite", Role.MEMBER),
    CommandInfo("team", Role.MEMBER),
    CommandInfo("profiles", Role.MEMBER),
    CommandInfo("help", Role.MEMBER),
    CommandInfo("lang", Role.MEMBER),
    CommandInfo("settings", Role.MEMBER),
    CommandInfo("privacy", Role.MEMBER),
    CommandInfo("delete_me", Role.MEMBER),
    CommandInfo("cancel", Role.MEMBER, in_menu=False),
    CommandInfo("panel", Role.ORGANISER),
    CommandInfo("newmeeting", Role.ORGANISER),
    CommandInfo("mymeetings", Role.ORGANISER),
    CommandInfo("import_districts", Role.COORDINATOR),
    CommandInfo("grant_organiser", Role.COORDINATOR),
    CommandInfo("revoke_organiser", Role.COORDINATOR),
    CommandInfo("move", Role.COORDINATOR),
    CommandInfo("campaigns", Role.COORDINATOR),
    CommandInfo("publish", Role.COORDINATOR),
    CommandInfo("moderate", Role.COORDINATOR),
    CommandInfo("trust", Role.COORDINATOR),
    CommandInfo("untrust", Role.COORDINATOR),
    CommandInfo("revoke", Role.COORDINATOR),
    CommandInfo("entries", Role.COORDINATOR),
    CommandInfo("export", Role.COORDINATOR),
    CommandInfo("announce", Role.COORDINATOR),
    CommandInfo("digest", Role.COORDINATOR),
    CommandInfo("web", Role.COORDINATOR),
    CommandInfo("suspend", Role.COORDINATOR),
    CommandInfo("unsuspend", Role.COORDINATOR),
    CommandInfo("flags", Role.COORDINATOR),
    CommandInfo("materials", Role.COORDINATOR),
    CommandInfo("survey", Role.COORDINATOR),
    CommandInfo("surveys", Role.COORDINATOR),
    CommandInfo("grant_coordinator", Role.ADMIN),
    CommandInfo("revoke_coordinator", Role.ADMIN),
    CommandInfo("new_campaign", Role.ADMIN),
    CommandInfo("meetings_mode", Role.ADMIN),
    CommandInfo("broadcast_rating", Role.ADMIN),
    CommandInfo("audit", Role.ADMIN),
    CommandInfo("moderation", Role.ADMIN),
    CommandInfo("linked_owners", Role.ADMIN),
)

BY_NAME = {command.name: command for command in COMMANDS}


def commands_for(role: Role, *, menu_only: bool = False) -> list[CommandInfo]:
    return [c for c in COMMANDS if c.role <= role and (c.in_menu or not menu_only)]


def privileged_names() -> list[str]:
    return [c.name for c in COMMANDS if c.role > Role.MEMBER]
