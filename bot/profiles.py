"""Members' linked profiles: VK, OK, a Telegram channel, Dzen — as people paste them, reduced to
the network's id (SPEC §10). Pure rules: no I/O.

What a profile's key is, network by network (the table below and tests/unit/test_profiles.py):

- vk: a person ``id<N>`` is ``<N>``; a community ``club<N>``/``public<N>``/``event<N>`` is ``-<N>``
  (the owner id VK's wall links and API use); otherwise the screen name, lower-cased. Bare
  ``123``/``-123``/``@name`` as well.
- ok: a person ``profile/<N>`` is ``<N>``; a group ``group/<N>`` is ``group/<N>``; otherwise the
  group's or profile's short name, lower-cased.
- telegram: the channel's username (``t.me/<name>``, ``t.me/s/<name>``, ``@name``), lower-cased
  (Telegram usernames ignore case); invite links are refused: they name no public channel.
- dzen: ``id/<hex>`` for a channel without a name, else the channel's name, lower-cased.

A post's owner, where its link carries one (``vk.com/wall<owner>_<id>``, OK's
``profile/<N>/statuses/<id>``, ``t.me/<channel>/<id>``), is a key of the same shape, so "the
post is the member's own" is one comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import unquote, urlsplit


class Network(StrEnum):
    VK = "vk"
    OK = "ok"
    TELEGRAM = "telegram"
    DZEN = "dzen"


class ProfileProblem(StrEnum):
    EMPTY = "empty"
    UNKNOWN_NETWORK = "unknown_network"    # not a link to one of the four networks
    NOT_A_PROFILE = "not_a_profile"        # a post, a search, an invite, the home page


@dataclass(frozen=True, slots=True)
class Profile:
    network: Network
    key: str            # the network's id, normalised: the uniqueness key within the network

    @property
    def url(self) -> str:
        """A link that opens the profile."""
        return _URLS[self.network](self.key)


def _vk_url(key: str) -> str:
    if key.lstrip("-").isdigit():
        return f"https://vk.com/club{key[1:]}" if key.startswith("-") else f"https://vk.com/id{key}"
    return f"https://vk.com/{key}"


_URLS = {
    Network.VK: _vk_url,
    Network.OK: lambda key: f"https://ok.ru/profile/{key}" if key.isdigit() else f"https://ok.ru/{key}",
    Network.TELEGRAM: lambda key: f"https://t.me/{key}",
    Network.DZEN: lambda key: f"https://dzen.ru/{key}",
}

_HOSTS = {
    "vk.com": Network.VK, "vk.ru": Network.VK, "vkontakte.ru": Network.VK, "m.vk.com": Network.VK,
    "ok.ru": Network.OK, "m.ok.ru": Network.OK, "odnoklassniki.ru": Network.OK,
    "t.me": Network.TELEGRAM, "telegram.me": Network.TELEGRAM, "telegram.dog": Network.TELEGRAM,
    "dzen.ru": Network.DZEN, "zen.yandex.ru": Network.DZEN, "zen.yandex.com": Network.DZEN,
}

_NAME = re.compile(r"^[a-z0-9_.]{2,64}$")
_TG_NAME = re.compile(r"^[a-z][a-z0-9_]{3,31}$")
_VK_NUMERIC = re.compile(r"^(id|club|public|event)(\d{1,12})$")
# Paths that are sections of a network, never a profile.
_VK_RESERVED = frozenset({"feed", "im", "search", "friends", "groups", "video", "music", "settings", "login",
                          "wall", "photos", "apps", "market", "away.php", "clips", "services", "audio"})
_OK_RESERVED = frozenset({"feed", "search", "messages", "friends", "groups", "video", "music", "settings",
                          "dk", "game", "games", "guests", "live", "gifts"})
_TG_RESERVED = frozenset({"joinchat", "addstickers", "share", "proxy", "socks", "c", "s", "iv", "login",
                          "contact", "addlist", "boost"})
_DZEN_RESERVED = frozenset({"a", "b", "video", "shorts", "media", "news", "articles", "search", "feed",
                            "subscriptions", "profile"})


def parse_profile(text: str, network: Network | None = None) -> Profile | ProfileProblem:
    """A profile from a pasted link or id. A bare id (``123``, ``@name``) needs `network`."""
    text = text.strip().strip("<>\"'«»").strip()
    if not text:
        return ProfileProblem.EMPTY
    if "/" not in text and "." not in text.split("?")[0].lstrip("@"):
        return _bare(text, network)
    raw = text if "://" in text else "https://" + text
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
    except ValueError:
        return ProfileProblem.UNKNOWN_NETWORK
    if parts.scheme not in ("http", "https"):
        return ProfileProblem.UNKNOWN_NETWORK
    host = host.removeprefix("www.")
    found = _HOSTS.get(host)
    if found is None or (network is not None and found != network):
        return ProfileProblem.UNKNOWN_NETWORK
    segments = [unquote(s) for s in parts.path.split("/") if s]
    return _PARSERS[found](segments)


def _bare(text: str, network: Network | None) -> Profile | ProfileProblem:
    if network is None:
        return ProfileProblem.UNKNOWN_NETWORK
    name = text.lstrip("@").lower()
    if network is Network.VK and re.fullmatch(r"-?\d{1,12}", name):
        return Profile(Network.VK, str(int(name)))
    if network is Network.OK and name.isdigit():
        return Profile(Network.OK, str(int(name)))
    return _PARSERS[network]([name])


def _vk(segments: list[str]) -> Profile | ProfileProblem:
    if len(segments) != 1:
        return ProfileProblem.NOT_A_PROFILE
    name = segments[0].lower()
    numeric = _VK_NUMERIC.match(name)
    if numeric:
        number = int(numeric.group(2))
        return Profile(Network.VK, str(number) if numeric.group(1) == "id" else str(-number))
    if name in _VK_RESERVED or not _NAME.match(name) or name.startswith(("wall", "photo", "video", "clip")):
        return ProfileProblem.NOT_A_PROFILE
    return Profile(Network.VK, name)


def _ok(segments: list[str]) -> Profile | ProfileProblem:
    lowered = [s.lower() for s in segments]
    if len(lowered) == 2 and lowered[0] == "profile" and lowered[1].isdigit():
        return Profile(Network.OK, str(int(lowered[1])))
    if len(lowered) == 2 and lowered[0] == "group" and lowered[1].isdigit():
        return Profile(Network.OK, f"group/{int(lowered[1])}")
    if len(lowered) == 1 and lowered[0] not in _OK_RESERVED and _NAME.match(lowered[0]):
        return Profile(Network.OK, lowered[0])
    return ProfileProblem.NOT_A_PROFILE


def _telegram(segments: list[str]) -> Profile | ProfileProblem:
    lowered = [s.lower() for s in segments]
    if len(lowered) == 2 and lowered[0] == "s":
        lowered = lowered[1:]
    if len(lowered) != 1 or lowered[0] in _TG_RESERVED or lowered[0].startswith("+"):
        return ProfileProblem.NOT_A_PROFILE
    name = lowered[0].lstrip("@")
    if not _TG_NAME.match(name):
        return ProfileProblem.NOT_A_PROFILE
    return Profile(Network.TELEGRAM, name)


def _dzen(segments: list[str]) -> Profile | ProfileProblem:
    lowered = [s.lower() for s in segments]
    if len(lowered) == 2 and lowered[0] == "id" and re.fullmatch(r"[0-9a-f]{8,40}", lowered[1]):
        return Profile(Network.DZEN, f"id/{lowered[1]}")
    if len(lowered) == 1 and lowered[0] not in _DZEN_RESERVED and _NAME.match(lowered[0]):
        return Profile(Network.DZEN, lowered[0])
    return ProfileProblem.NOT_A_PROFILE


_PARSERS = {Network.VK: _vk, Network.OK: _ok, Network.TELEGRAM: _telegram, Network.DZEN: _dzen}

_VK_WALL = re.compile(r"^https://vk\.com/wall(-?\d+)_\d+$")
_OK_STATUS = re.compile(r"^https://ok\.ru/profile/(\d+)/statuses/\d+$")
_OK_GROUP_TOPIC = re.compile(r"^https://ok\.ru/group/(\d+)/topic/\d+$")
_OK_NAMED_TOPIC = re.compile(r"^https://ok\.ru/([a-z0-9_.]{2,64})/topic/\d+$")
_TG_POST = re.compile(r"^https://t\.me/([A-Za-z][A-Za-z0-9_]{3,31})/(?:\d+/)?\d+$")


def post_owner(url: str) -> Profile | None:
    """The owner a canonical post URL names (bot.links), as a profile key; None where the link does not carry one."""
    if match := _VK_WALL.match(url):
        return Profile(Network.VK, str(int(match.group(1))))
    if match := _OK_STATUS.match(url):
        return Profile(Network.OK, str(int(match.group(1))))
    if match := _OK_GROUP_TOPIC.match(url):
        return Profile(Network.OK, f"group/{int(match.group(1))}")
    if (match := _OK_NAMED_TOPIC.match(url)) and match.group(1) not in ("group", "profile"):
        return Profile(Network.OK, match.group(1))
    if match := _TG_POST.match(url):
        return Profile(Network.TELEGRAM, match.group(1).lower())
    return None
