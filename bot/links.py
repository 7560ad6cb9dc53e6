"""Post links for «Поддержи онлайн!»: find the link in what a member sends, decide whether it
is a post on an allowed network, and reduce it to one canonical URL.

One post counts once across all members and all campaigns, so every way of writing the same
post — mobile and ``www.`` hosts, aliases (vk.ru, telegram.me, youtu.be, twitter.com, fb.com,
zen.yandex.ru, odnoklassniki.ru), punycode, escapes, tracking parameters, fragments, trailing
slashes — ends up as the same ``https://`` URL. A post's identity (``PostLink.key``, the
uniqueness key) is the network, the post's own id, and the owner only where the network needs it
to find the post: every part the network ignores (a forum topic, an author's name, the group a
topic is shown in, the photo view of a wall post) is dropped. Each network's rule is its
``identity`` in ``_NETWORKS``.

What a post is, network by network (anything else on the network is ``NOT_A_POST``):

- vk: ``wall``/``photo``/``video``/``clip`` items such as ``wall-1_2``, in the path or in the
  ``w``/``z`` overlay parameter (``vk.com/club1?w=wall-1_2`` is the post ``wall-1_2``, and
  ``?z=photo-1_5%2Fwall-1_2``, a photo opened from it, is that post too); a clip is a video;
  vkvideo.ru videos are VK videos.
- telegram: ``t.me/<channel>/<id>`` (also ``/s/`` previews; forum ``/<topic>/<id>`` is ``/<id>``),
  private ``t.me/c/<chat>/<id>``. ``?single`` only changes the album view and is dropped;
  ``?comment=<id>`` points at a different message (a member's comment under the post), so it
  is kept and counts as its own submission.
- ok: ``…/topic/<id>`` of a group, ``…/statuses/<id>`` of a profile, ``/video/<id>``,
  ``/live/<id>``.
- dzen: ``/a/…``, ``/b/…``, ``/video/watch/…``, ``/shorts/…``, old ``/media/<channel>/<article>``.
- youtube: videos (``watch?v=``, youtu.be, shorts, live, embed) become ``watch?v=<id>``;
  community posts become ``/post/<id>``.
- rutube: ``/video/<id>``, ``/shorts/<id>``, ``/live/video/<id>``, private videos with their
  ``p`` key (without it the video does not open).
- instagram: ``/p/``, ``/reel/``, ``/reels/``, ``/tv/`` of one shortcode are one ``/p/<code>``.
- tiktok: ``/@user/video/<id>``, ``/@user/photo/<id>``; short links (vm./vt.tiktok.com,
  ``/t/<code>``) are kept as they are, since resolving them needs the network.
- x: every ``…/status/<id>`` becomes ``x.com/i/status/<id>``: X ignores the user name in a
  status link, so a changed name must not make the same post count twice.
- facebook: ``/<owner>/posts/<id>``, group posts and permalinks, ``permalink.php`` and
  ``story.php`` (``story_fbid`` + ``id``), ``photo.php?fbid``, ``/<owner>/videos/<id>``,
  ``watch?v``, ``/reel/<id>``, ``/share/…`` and fb.watch short links (kept as they are).
  A post's story id comes in two forms Facebook does not relate in the link: the old numeric
  id (``/<owner>/posts/1234567890``) and the newer ``pfbid…`` token (``/<owner>/posts/pfbid02…``).
  Each form matches itself in every link shape, but a numeric link and a ``pfbid`` link of the
  same post cannot be matched offline (the token is not a readable encoding of the number, and
  resolving it needs Facebook's Graph API with a token, or opening the page): such a pair counts
  twice unless a coordinator revokes one. Short links (``/share/…``, fb.watch) are the same.
- max: ``max.ru/c/<chat>/<message>``, the shape the MAX Bot API gives a message's public URL.

Stories are not posts: they vanish within a day, so nobody could check them later.

A domain configured in ``ALLOWED_POST_DOMAINS`` that is none of the networks above is
accepted on its exact host (``www.``/``m.`` dropped): any page other than the home page is a
post, and only well-known tracking parameters are removed. Subdomains are admitted only
through the alias table, so ``evilvk.com``, ``vk.com.evil.ru`` or ``blog.example.org`` never
pass for ``vk.com`` or ``example.org``.
"""

from __future__ import annotations

import ipaddress
import re
import string
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import islice
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

MAX_LINK_LENGTH = 2048
_MAX_LINKS_PER_MESSAGE = 10


class LinkRefusal(StrEnum):
    """Why a message is not a post submission; the handler turns it into a localised answer."""

    NO_URL = "no_url"  # the text contains no link
    NOT_ALLOWED = "not_allowed"  # a network not in the allowed list, or a disguised host
    NOT_A_POST = "not_a_post"  # a profile, group or home page, search, feed, invite…
    TOO_LONG = "too_long"  # longer than MAX_LINK_LENGTH


@dataclass(frozen=True, slots=True)
class PostLink:
    """A post on an allowed network: the link to show, and the identity that makes it count once, ever."""

    network: str  # "vk", "telegram", "ok", "dzen", "youtube", …, or the host of a configured domain
    url: str  # https, canonical host, only the parameters that open the post
    # The post's identity (see each network's `identity` in _NETWORKS): its own id, with the owner only
    # where the network needs it to find the post. URL-shaped, and equal to `url` for most networks.
    key: str


# Meta's networks (Instagram, Facebook) are banned in Russia: an organisation may still name
# them in ALLOWED_POST_DOMAINS, but they are not allowed by default.
DEFAULT_ALLOWED_POST_DOMAINS: tuple[str, ...] = (
    "vk.com",
    "t.me",
    "ok.ru",
    "dzen.ru",
    "youtube.com",
    "rutube.ru",
    "tiktok.com",
    "x.com",
    "max.ru",
)

# --- finding a link in free text -------------------------------------------------------------

_URL_CHAR = r"[^\s<>\"«»“”„\u200b-\u200d\u2060\ufeff]"
_LINK = re.compile(
    # a URL with a scheme; non-http ones are found so that they can be refused
    rf"(?<![\w+.-])(?:[a-z][a-z0-9+.-]*://|(?:javascript|data|vbscript):){_URL_CHAR}+"
    # a bare "vk.com/wall-1_2": a host followed by a path, not inside a word, e-mail or URL
    rf"|(?<![\w@./:%-])(?:[^\W_](?:[\w-]{{0,61}}[^\W_])?\.)+[^\W\d_]{{2,63}}(?::\d{{1,5}})?/{_URL_CHAR}*",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?…'"
_BRACKETS = {")": "(", "]": "[", "}": "{"}  # closing: opening


def _trim(candidate: str) -> str:
    last = candidate[-1:]
    if last not in _TRAILING_PUNCTUATION and last not in _BRACKETS:
        return candidate  # the common case: nothing to trim
    # A closing bracket belongs to the URL only when the URL opened it: "(see vk.com/x)".
    unmatched = {close: candidate.count(close) - candidate.count(open_) for close, open_ in _BRACKETS.items()}
    end = len(candidate)
    while end:
        last = candidate[end - 1]
        if last in _TRAILING_PUNCTUATION:
            end -= 1
        elif unmatched.get(last, 0) > 0:
            unmatched[last] -= 1
            end -= 1
        else:
            break
    return candidate[:end]


def _links(text: str) -> Iterator[str]:
    for match in _LINK.finditer(text):
        if candidate := _trim(match.group()):
            yield candidate


def find_url(text: str) -> str | None:
    """The first link in a member's free text, without the punctuation around it.

    A link is a URL with a scheme (non-http ones are returned too, so they can be refused) or
    a bare host with a path such as ``vk.com/wall-1_2``.
    """
    return next(_links(text), None)


# --- the parts of a URL ----------------------------------------------------------------------

_UNRESERVED = frozenset(string.ascii_letters + string.digits + "-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_PATH_SAFE = "/%!$&'()*+,;=:@-._~"
_DNS_NAME = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}")


def _normalise_escapes(path: str) -> str:
    """RFC 3986 normal form: unreserved characters unescaped, other escapes upper-case, the rest escaped."""

    def unescape(match: re.Match[str]) -> str:
        char = chr(int(match[1], 16))
        return char if char in _UNRESERVED else f"%{match[1].upper()}"

    return quote(_ESCAPE.sub(unescape, _STRAY_PERCENT.sub("%25", path)), safe=_PATH_SAFE)


def _segments(path: str) -> tuple[str, ...]:
    segments: list[str] = []
    for segment in _normalise_escapes(path).split("/"):
        if segment == "..":
            if segments:
                segments.pop()
        elif segment not in ("", "."):
            segments.append(segment)
    return tuple(segments)


@lru_cache(maxsize=1024)  # members send links to a handful of hosts, and IDNA is slow
def _decode_host(raw: str) -> str | None:
    """The host in lower-case Unicode form, or None for IP addresses and malformed names."""
    host = raw.rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return None
    try:
        ascii_host = host.encode("idna").decode("ascii").lower()
        unicode_host = ascii_host.encode("ascii").decode("idna")
    except UnicodeError:
        return None
    # A numeric last label is an IP address in disguise ("127.1", "2130706433.x.1").
    if not _DNS_NAME.fullmatch(ascii_host) or ascii_host.rsplit(".", 1)[-1].isdigit():
        return None
    return unicode_host.lower()


@dataclass(frozen=True, slots=True)
class _Address:
    host: str  # as written, mirror prefixes dropped: "youtu.be", "vm.tiktok.com"
    segments: tuple[str, ...]
    query: tuple[tuple[str, str], ...]

    def param(self, name: str) -> str:
        return next((value for key, value in self.query if key == name), "")


def _url(host: str, segments: Iterable[str], query: Iterable[tuple[str, str]] = ()) -> str:
    url = f"https://{host}"
    if path := "/".join(segments):
        url += f"/{path}"
    if pairs := sorted(query):
        url += "?" + urlencode(pairs, quote_via=quote)
    if _trim(url) != url:
        # Found in a message again, the link would lose this character as punctuation.
        url = f"{url[:-1]}%{ord(url[-1]):02X}"
    return url


# --- networks --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Found:
    url: str  # the link to show
    key: str  # the post's identity, when the link carries parts the network ignores

_NUMBER = re.compile(r"\d{1,20}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,128}")


def _number(digits: str) -> str:
    return str(int(digits))  # "007" and "7" are the same post


def _is_number(value: str) -> bool:
    return _NUMBER.fullmatch(value) is not None


def _is_token(value: str) -> bool:
    return _TOKEN.fullmatch(value) is not None


_VK_ITEM = re.compile(r"(wall|photo|video|clip)(-?\d{1,20})_(\d{1,20})", re.IGNORECASE)


def _vk_item_at(value: str, start: int = 0) -> tuple[str, int] | None:
    match = _VK_ITEM.match(value, start)
    if match is None:
        return None
    kind = match[1].lower()
    # A clip is a video: vk.com/clip-1_2 and vk.com/video-1_2 open the same one.
    return f"{'video' if kind == 'clip' else kind}{int(match[2])}_{int(match[3])}", match.end()


def _vk_item(value: str) -> str | None:
    # An overlay value may carry its context after a slash: "photo-1_2/wall-1_2" is a photo of
    # the wall post wall-1_2, which is the post; "photo-1_2/album-1_0" is a photo of an album.
    found = _vk_item_at(value)
    if found is None or value[found[1] : found[1] + 1] not in ("", "/"):
        return None
    item, end = found
    if value[end:end + 1] == "/" and (context := _vk_item_at(value, end + 1)) and context[0].startswith("wall"):
        if value[context[1] : context[1] + 1] in ("", "/"):
            return context[0]
    return item


def _vk(address: _Address) -> str | None:
    # The overlay (w, then z) is what the member was looking at when they copied the link.
    path = address.segments[0] if len(address.segments) == 1 else ""
    for value in (address.param("w"), address.param("z"), path):
        if item := _vk_item(value):
            return _url("vk.com", [item])
    return None


_TELEGRAM_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")


def _telegram(address: _Address) -> str | None:
    segments = address.segments
    if segments[:1] == ("s",):  # the web preview of a public channel
        segments = segments[1:]
    head: list[str] | None = None
    numbers: tuple[str, ...] = ()
    if len(segments) >= 3 and segments[0] == "c":
        numbers = segments[2:]
        if _is_number(segments[1]):
            head = ["c", _number(segments[1])]
    elif segments:
        numbers = segments[1:]
        if _TELEGRAM_USERNAME.fullmatch(segments[0]):
            head = [segments[0].lower()]  # Telegram usernames are case-insensitive
    if head is None or not (1 <= len(numbers) <= 2 and all(map(_is_number, numbers))):
        return None
    comment = address.param("comment")
    query = [("comment", _number(comment))] if _is_number(comment) else []
    # In a forum "/<topic>/<id>" the topic is only the view: a message id is unique in its chat.
    return _url("t.me", [*head, _number(numbers[-1])], query)


_OK_NAME = re.compile(r"[a-z0-9._-]{2,64}")


def _ok(address: _Address) -> _Found | str | None:
    # A topic's or status's id is unique on OK: the group or profile, by number or by name, only shows where.
    match tuple(segment.lower() for segment in address.segments):
        case ("video" | "live" as kind, video) if _is_number(video):
            return _url("ok.ru", [kind, _number(video)])
        case ("group", group, "topic", topic) if _is_number(group) and _is_number(topic):
            url = _url("ok.ru", ["group", _number(group), "topic", _number(topic)])
            return _Found(url, _url("ok.ru", ["topic", _number(topic)]))
        case ("profile", profile, "statuses", status) if _is_number(profile) and _is_number(status):
            url = _url("ok.ru", ["profile", _number(profile), "statuses", _number(status)])
            return _Found(url, _url("ok.ru", ["statuses", _number(status)]))
        case (name, "topic" | "statuses" as kind, item) if _OK_NAME.fullmatch(name) and _is_number(item):
            return _Found(_url("ok.ru", [name, kind, _number(item)]), _url("ok.ru", [kind, _number(item)]))
    return None


def _dzen(address: _Address) -> _Found | str | None:
    match address.segments:
        case ("a" | "b" | "shorts" as kind, item) if _is_token(item):
            return _url("dzen.ru", [kind, item])
        case ("video", "watch", item) if _is_token(item):
            return _url("dzen.ru", ["video", "watch", item])
        case ("media", "id", channel, article) | ("media", channel, article) if channel != "id":
            # The article's name ends in its id; the channel part only shows where it was read.
            url = _url("dzen.ru", ["media", *address.segments[1:-1], article])
            return _Found(url, _url("dzen.ru", ["media", article]))
    return None


_YOUTUBE_VIDEO = re.compile(r"[A-Za-z0-9_-]{11}")


def _youtube(address: _Address) -> str | None:
    video = ""
    match address.segments:
        case (video,) if address.host == "youtu.be":
            pass
        case ("watch",):
            video = address.param("v")
        case ("shorts" | "live" | "embed" | "v" | "e", video):
            pass
        case ("post", post) if _is_token(post):
            return _url("youtube.com", ["post", post])
        case (*_, "community") if _is_token(address.param("lb")):
            return _url("youtube.com", ["post", address.param("lb")])
    if _YOUTUBE_VIDEO.fullmatch(video):
        return _url("youtube.com", ["watch"], [("v", video)])
    return None


_RUTUBE_ID = re.compile(r"[0-9a-f]{32}", re.IGNORECASE)


def _rutube(address: _Address) -> _Found | None:
    url = None
    match address.segments:
        case ("video" | "shorts" as kind, item) if _RUTUBE_ID.fullmatch(item):
            url = _url("rutube.ru", [kind, item.lower()])
        case ("play", "embed", item) if _RUTUBE_ID.fullmatch(item):
            url = _url("rutube.ru", ["video", item.lower()])
        case ("live", "video", item) if _RUTUBE_ID.fullmatch(item):
            url = _url("rutube.ru", ["live", "video", item.lower()])
        case ("video", "private", item) if _RUTUBE_ID.fullmatch(item) and _is_token(address.param("p")):
            url = _url("rutube.ru", ["video", "private", item.lower()], [("p", address.param("p"))])
    # Videos, shorts, streams and private videos share one id space.
    return None if url is None else _Found(url, _url("rutube.ru", ["video", address.segments[-1].lower()]))


def _instagram(address: _Address) -> str | None:
    # One shortcode opens the same media under /p/, /reel/ and /tv/; newer links name the author first.
    match address.segments:
        case ("p" | "reel" | "reels" | "tv", code) | (_, "p" | "reel" | "tv", code) if _is_token(code):
            return _url("instagram.com", ["p", code])
    return None


_TIKTOK_USER = re.compile(r"@[A-Za-z0-9_.]{1,32}")


def _tiktok(address: _Address) -> _Found | str | None:
    match address.segments:
        case (code,) if address.host != "tiktok.com" and _is_token(code):
            return _url(address.host, [code])
        case ("t", code) if _is_token(code):
            return _url("tiktok.com", ["t", code])
        case (user, "video" | "photo" as kind, item) if _TIKTOK_USER.fullmatch(user) and _is_number(item):
            # TikTok opens an item by its id under any author name: the name is not part of the post.
            url = _url("tiktok.com", [user.lower(), kind, _number(item)])
            return _Found(url, _url("tiktok.com", ["video", _number(item)]))
    return None


def _x(address: _Address) -> str | None:
    match address.segments:
        case ("i", "web", "status", item, *_) | (_, "status" | "statuses", item, *_) if _is_number(item):
            return _url("x.com", ["i", "status", _number(item)])
    return None


def _facebook(address: _Address) -> _Found | str | None:
    # Facebook's story and video ids are unique on the network: the page, person or group in a
    # link only shows where the member saw the post.
    param = address.param

    def post(url: str, story: str) -> _Found:
        return _Found(url, _url("facebook.com", ["posts", story]))

    def video(url: str, item: str) -> _Found:
        return _Found(url, _url("facebook.com", ["watch"], [("v", item)]))

    match address.segments:
        case (code,) if address.host == "fb.watch" and _is_token(code):
            return _url("fb.watch", [code])
        case ("permalink.php" | "story.php",) if _is_token(param("story_fbid")) and _is_number(param("id")):
            query = [("id", param("id")), ("story_fbid", param("story_fbid"))]
            return post(_url("facebook.com", ["permalink.php"], query), param("story_fbid"))
        case ("photo.php" | "photo",) if _is_number(param("fbid")):
            return _url("facebook.com", ["photo.php"], [("fbid", param("fbid"))])
        case ("watch",) if _is_number(param("v")):
            return video(_url("facebook.com", ["watch"], [("v", param("v"))]), param("v"))
        case ("reel", item) if _is_number(item):
            return video(_url("facebook.com", ["reel", item]), item)
        case ("share", "p" | "v" | "r" as kind, code) if _is_token(code):
            return _url("facebook.com", ["share", kind, code])
        case ("share", code) if _is_token(code):
            return _url("facebook.com", ["share", code])
        case ("groups", group, "posts" | "permalink", item) if _is_token(group) and _is_token(item):
            return post(_url("facebook.com", ["groups", group.lower(), "posts", item]), item)
        case (owner, "posts", item) if _is_token(owner) and _is_token(item):
            return post(_url("facebook.com", [owner.lower(), "posts", item]), item)
        case (owner, "videos", *_, item) if _is_token(owner) and _is_number(item):
            return video(_url("facebook.com", [owner.lower(), "videos", item]), item)
    return None


_MAX_CHAT = re.compile(r"-?[A-Za-z0-9_.]{1,64}")


def _max(address: _Address) -> str | None:
    match address.segments:
        case ("c", chat, message) if _MAX_CHAT.fullmatch(chat) and _is_token(message):
            return _url("max.ru", ["c", chat, message])
    return None


@dataclass(frozen=True, slots=True)
class _Network:
    name: str
    domain: str  # the canonical host, as ALLOWED_POST_DOMAINS names it
    hosts: tuple[str, ...]  # every other host the network answers on (mirrors aside)
    post: Callable[[_Address], _Found | str | None]  # a str is a post whose link is its identity
    identity: str  # the rule: which parts of a link make the post, all others being dropped


_NETWORKS = (
    _Network("vk", "vk.com", ("vk.ru", "vkontakte.ru", "vkvideo.ru"), _vk,
             "owner and item id (wall-1_2: ids count per wall); a clip is a video; a photo opened"
             " from a wall post is that post"),
    _Network("telegram", "t.me", ("telegram.me", "telegram.dog"), _telegram,
             "channel (or private chat) and message id; a forum topic number is dropped; a comment"
             " is its own message"),
    _Network("ok", "ok.ru", ("odnoklassniki.ru",), _ok,
             "the topic's or status's id (unique on OK): the group or profile, by name or number, is"
             " dropped; a video's id"),
    _Network("dzen", "dzen.ru", ("zen.yandex.ru", "zen.yandex.com"), _dzen,
             "the article's or video's id; the channel of an old /media/ link is dropped"),
    _Network("youtube", "youtube.com", ("youtu.be", "youtube-nocookie.com"), _youtube,
             "the video's id (watch, shorts, live, embed, youtu.be alike) or the community post's id"),
    _Network("rutube", "rutube.ru", (), _rutube, "the video's id (video, shorts, stream or private alike)"),
    _Network("instagram", "instagram.com", ("instagr.am",), _instagram,
             "the shortcode (post, reel, tv alike); the author is dropped"),
    _Network("tiktok", "tiktok.com", ("vm.tiktok.com", "vt.tiktok.com"), _tiktok,
             "the item's id; the author is dropped; a short link is its own code"),
    _Network("x", "x.com", ("twitter.com",), _x, "the status id; the author is dropped"),
    _Network("facebook", "facebook.com", ("fb.com", "fb.watch"), _facebook,
             "the story id (page, person or group dropped) or the video id (videos, watch, reel"
             " alike); a photo's fbid; a share link is its own code. A numeric story id and the"
             " pfbid token of the same post are two identities: they cannot be matched offline"),
    _Network("max", "max.ru", (), _max, "chat and message id"),
)
_NETWORK_BY_HOST = {host: network for network in _NETWORKS for host in (network.domain, *network.hosts)}
# Mobile and alternative front ends of a known network; an unknown domain only loses www./m.
_MIRROR_PREFIXES = frozenset({"www", "m", "mobile", "web", "mbasic", "touch"})
_GENERIC_PREFIXES = frozenset({"www", "m"})


def _known_network(host: str) -> tuple[_Network, str] | None:
    while host not in _NETWORK_BY_HOST:
        prefix, _, rest = host.partition(".")
        if prefix not in _MIRROR_PREFIXES or "." not in rest:
            return None
        host = rest
    return _NETWORK_BY_HOST[host], host


def _without_generic_prefix(host: str) -> str:
    prefix, _, rest = host.partition(".")
    return rest if prefix in _GENERIC_PREFIXES and "." in rest else host


_TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "yclid", "ysclid",
        "_openstat", "mc_cid", "mc_eid", "igshid", "igsh", "si", "feature", "ref",
        "ref_src", "ref_url", "from", "share", "_ga", "_gl",
    }
)  # fmt: skip


def _generic_post(address: _Address) -> str | None:
    # We do not know which parameters matter here, so only well-known tracking ones go.
    if not address.segments:
        return None
    query = [
        (key, value)
        for key, value in address.query
        if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMETERS
    ]
    return _url(address.host, address.segments, query)


# --- the rule --------------------------------------------------------------------------------

_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_DEFAULT_PORTS = {"http": 80, "https": 443}
# When no link in a message is a post, the most helpful refusal wins.
_REFUSAL_RANK = {
    LinkRefusal.NO_URL: 0,
    LinkRefusal.NOT_ALLOWED: 1,
    LinkRefusal.TOO_LONG: 2,
    LinkRefusal.NOT_A_POST: 3,
}


def _domain_of(entry: str) -> str | None:
    host = entry.strip().lower().split("://", 1)[-1].split("/", 1)[0].lstrip("*.")
    decoded = _decode_host(host)
    if decoded is None:
        return None
    known = _known_network(decoded)
    return known[0].domain if known else _without_generic_prefix(decoded)


@lru_cache(maxsize=32)
def _allowed(entries: tuple[str, ...]) -> frozenset[str]:
    return frozenset(domain for entry in entries if (domain := _domain_of(entry)))


def _post_link(candidate: str, allowed: frozenset[str]) -> PostLink | LinkRefusal:
    if len(candidate) > MAX_LINK_LENGTH:
        return LinkRefusal.TOO_LONG
    url = candidate if _SCHEME.match(candidate) else f"https://{candidate}"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return LinkRefusal.NOT_ALLOWED
    scheme = parts.scheme.lower()
    # user:pass@ and backslashes are how a link shows one host and opens another.
    if scheme not in _DEFAULT_PORTS or "@" in parts.netloc or "\\" in parts.netloc:
        return LinkRefusal.NOT_ALLOWED
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        return LinkRefusal.NOT_ALLOWED
    host = _decode_host(parts.hostname or "")
    if host is None:
        return LinkRefusal.NOT_ALLOWED
    known = _known_network(host)
    if known is not None:
        network, host = known
        domain, name, post = network.domain, network.name, network.post
    else:
        host = domain = name = _without_generic_prefix(host)
        post = _generic_post
    if domain not in allowed:
        return LinkRefusal.NOT_ALLOWED
    query = tuple(parse_qsl(parts.query, keep_blank_values=True))
    found = post(_Address(host, _segments(parts.path), query))
    if found is None:
        return LinkRefusal.NOT_A_POST
    canonical, key = (found, found) if isinstance(found, str) else (found.url, found.key)
    if len(canonical) > MAX_LINK_LENGTH:
        return LinkRefusal.TOO_LONG
    return PostLink(name, canonical, key)


def parse_post_link(
    text: str, allowed_domains: Collection[str] = DEFAULT_ALLOWED_POST_DOMAINS
) -> PostLink | LinkRefusal:
    """The post a member's message links to, in canonical form, or why it is refused.

    The first link that is a post on an allowed network wins, so a member may mention other
    links around it. When none is, the most helpful refusal is returned: a link to a profile
    on an allowed network (``NOT_A_POST``) rather than an unrelated link (``NOT_ALLOWED``).
    ``allowed_domains`` may name aliases ("twitter.com", "www.vk.ru"): they mean their network.
    """
    entries = (allowed_domains,) if isinstance(allowed_domains, str) else tuple(allowed_domains)
    allowed = _allowed(entries)
    refusal = LinkRefusal.NO_URL
    for candidate in islice(_links(text), _MAX_LINKS_PER_MESSAGE):
        outcome = _post_link(candidate, allowed)
        if isinstance(outcome, PostLink):
            return outcome
        if _REFUSAL_RANK[outcome] > _REFUSAL_RANK[refusal]:
            refusal = outcome
    return refusal


EVERY_NETWORK = tuple(network.domain for network in _NETWORKS)  # allowed or not


def find_posts(text: str, allowed_domains: Collection[str] = DEFAULT_ALLOWED_POST_DOMAINS) -> list[PostLink]:
    """Every post a text links to (a published material's originals, say), each once.

    Posts on every known network count, allowed or not, besides the configured domains: a
    network allowed later must still know the originals published before.
    """
    entries = (allowed_domains,) if isinstance(allowed_domains, str) else tuple(allowed_domains)
    allowed = _allowed((*EVERY_NETWORK, *entries))
    found: dict[str, PostLink] = {}
    for candidate in islice(_links(text), _MAX_LINKS_PER_MESSAGE):
        outcome = _post_link(candidate, allowed)
        if isinstance(outcome, PostLink):
            found.setdefault(outcome.key, outcome)
    return list(found.values())
