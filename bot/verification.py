"""Post verification (SPEC §10): what a network's answer means for a submission, and the act
that settles it. Pure rules here; the HTTP calls and the pacing live in scheduler/verifier.py.

A submission under `verified` moderation waits in a durable queue (storage.verification).
Each check ends in a verdict:

- `Verified`: the post exists (and is the member's own, when the campaign requires it) and
  shares the material — a repost of the material's post, or its link or hashtag in the text.
  The post is approved and paid once (its award key is the post's).
- `Refused`: the network says no (missing, private, someone else's, not the material); the
  member is told why, with the reasons coordinators use when they reject a post.
- `Retry`: the network did not answer (timeout, rate limit, an error); checked again with
  backoff until `VERIFY_RETRY_HOURS` have passed since submission, then handed over.
- `HandOver`: nothing can decide it automatically (no check for this network, no VK key, an
  outage that outlasted the retries): the post goes to the coordinators' queue, and the
  member is told.

Never dropped (the queue row stays until a verdict is written), never paid twice (the
post's status changes from pending once, and the award key is the post's).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from html.parser import HTMLParser
from typing import Any

from bot.i18n import Translator
from bot.ledger import plan_award
from bot.profiles import Network, Profile, post_owner
from bot.scoring import Kind, format_points, points
from storage import campaigns as campaign_store
from storage import members as member_store
from storage import verification as store
from storage.db import Database
from storage.ledger import write_award
from storage.verification import MaterialFacts


class Checker(StrEnum):
    VK = "vk"
    TELEGRAM = "telegram"
    WEB = "web"           # any other network: the canonical URL must open


def checker_for(network: str) -> Checker:
    if network == "vk":
        return Checker.VK
    if network == "telegram":
        return Checker.TELEGRAM
    return Checker.WEB


class VerifyRefusal(StrEnum):
    """Why a post is not counted: the same reasons a coordinator gives when rejecting one."""

    UNAVAILABLE = "unavailable"     # missing, deleted or private
    NOT_OWN = "not_own"             # its owner is not one of the member's linked profiles
    NOT_MATERIAL = "not_material"   # shares none of the campaign's material


class HandOverReason(StrEnum):
    NO_CHECK = "no_check"           # this kind of post has no automatic check
    NO_TOKEN = "no_token"           # VK without VK_SERVICE_TOKEN
    OUTAGE = "outage"               # the network did not answer for VERIFY_RETRY_HOURS
    UNCLEAR = "unclear"             # an answer that decides nothing (a login page, an unknown error)


@dataclass(frozen=True, slots=True)
class Verified:
    material_id: int | None


@dataclass(frozen=True, slots=True)
class Refused:
    reason: VerifyRefusal


@dataclass(frozen=True, slots=True)
class Retry:
    error: str
    rate_limited: bool = False


@dataclass(frozen=True, slots=True)
class HandOver:
    reason: HandOverReason


Verdict = Verified | Refused | Retry | HandOver


@dataclass(frozen=True, slots=True)
class PostFacts:
    """What a check compares the network's answer with."""

    url: str
    owner: Profile | None               # named by the link, where it carries one
    owner_required: bool
    linked: Sequence[str]               # the member's linked profile keys on the owner's network
    materials: Sequence[MaterialFacts]


# -- sharing the material ----------------------------------------------------------------------

_URL_IN_TEXT = re.compile(r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}/[^\s<>\"'«»]*", re.IGNORECASE)


def canonical(url: str) -> str:
    """A link reduced for comparison: a post's canonical URL (bot.links), else the bare address."""
    from bot.links import DEFAULT_ALLOWED_POST_DOMAINS, PostLink, parse_post_link

    parsed = parse_post_link(url, DEFAULT_ALLOWED_POST_DOMAINS)
    if isinstance(parsed, PostLink):
        return parsed.url
    bare = re.sub(r"^https?://", "", url.strip(), flags=re.IGNORECASE).removeprefix("www.")
    return bare.rstrip("/").lower()


def _has_hashtag(text: str, hashtag: str) -> bool:
    tag = hashtag.lstrip("#")
    return bool(tag) and re.search(rf"(?<![\w#])#{re.escape(tag)}(?!\w)", text, re.IGNORECASE) is not None


def shared_material(
    materials: Sequence[MaterialFacts], *, text: str, links: Iterable[str], reposts: Iterable[str]
) -> int | None | bool:
    """Which material a post shares: its id; None when no material can be checked (nothing to
    compare with: any post counts); False when it shares none of them."""
    checkable = [m for m in materials if m.link or m.hashtag]
    if not checkable:
        return None
    found_links = {canonical(u) for u in [*links, *_URL_IN_TEXT.findall(text)]}
    found_reposts = {canonical(u) for u in reposts}
    for material in checkable:
        if material.link and canonical(material.link) in (found_reposts | found_links):
            return material.id
        if material.hashtag and _has_hashtag(text, material.hashtag):
            return material.id
    return False


def _owner_ok(facts: PostFacts, also_known_as: Iterable[str] = ()) -> bool:
    if not facts.owner_required or facts.owner is None:
        return True
    names = {facts.owner.key, *(name.lower() for name in also_known_as if name)}
    return any(key in names for key in facts.linked)


def _decide(facts: PostFacts, *, text: str, links: Iterable[str], reposts: Iterable[str],
            also_known_as: Iterable[str] = ()) -> Verdict:
    if not _owner_ok(facts, also_known_as):
        return Refused(VerifyRefusal.NOT_OWN)
    material = shared_material(facts.materials, text=text, links=links, reposts=reposts)
    if material is False:
        return Refused(VerifyRefusal.NOT_MATERIAL)
    return Verified(material if isinstance(material, int) else None)


# -- VK: wall.getById --------------------------------------------------------------------------

_VK_WALL = re.compile(r"^https://vk\.com/wall(-?\d+)_(\d+)$")
VK_RETRY_CODES = frozenset({1, 6, 9, 10, 29})       # unknown, too many per second, flood, internal, rate limit
VK_RATE_CODES = frozenset({6, 9, 29})
VK_GONE_CODES = frozenset({15, 18, 19, 30, 100, 212})  # access denied, deleted, blocked, private, bad id


def vk_post_id(url: str) -> str | None:
    """The `posts` argument of wall.getById for a wall post link; None for other VK items (clips, photos)."""
    match = _VK_WALL.match(url)
    return f"{match.group(1)}_{match.group(2)}" if match else None


def judge_vk(answer: Mapping[str, Any], facts: PostFacts) -> Verdict:
    """A verdict from VK's answer to wall.getById (API 5.199, extended=1)."""
    error = answer.get("error")
    if isinstance(error, Mapping):
        code = error.get("error_code")
        if code in VK_RETRY_CODES or code == 5:      # 5: the key failed; the operator can fix it meanwhile
            return Retry(f"vk error {code}: {error.get('error_msg', '')}", rate_limited=code in VK_RATE_CODES)
        if code in VK_GONE_CODES:
            return Refused(VerifyRefusal.UNAVAILABLE)
        return HandOver(HandOverReason.UNCLEAR)
    response = answer.get("response")
    if not isinstance(response, Mapping):
        return Retry("vk: an answer without response")
    items = [i for i in response.get("items") or [] if isinstance(i, Mapping)]
    if not items or items[0].get("is_deleted"):
        return Refused(VerifyRefusal.UNAVAILABLE)
    item = items[0]
    reposts = [f"https://vk.com/wall{c.get('owner_id')}_{c.get('id')}" for c in item.get("copy_history") or []
               if isinstance(c, Mapping)]
    links = [a["link"].get("url", "") for a in item.get("attachments") or []
             if isinstance(a, Mapping) and isinstance(a.get("link"), Mapping)]
    owner_id = item.get("owner_id")
    names = [p.get("screen_name", "") for p in response.get("profiles") or [] if p.get("id") == owner_id]
    names += [g.get("screen_name", "") for g in response.get("groups") or []
              if isinstance(owner_id, int) and g.get("id") == -owner_id]
    return _decide(facts, text=str(item.get("text") or ""), links=links, reposts=reposts, also_known_as=names)


# -- Telegram: the public post widget ----------------------------------------------------------

_TG_POST = re.compile(r"^https://t\.me/([A-Za-z][A-Za-z0-9_]{3,31})/(?:\d+/)?(\d+)$")


def telegram_widget_path(url: str) -> str | None:
    """`<channel>/<id>` of a public channel's post; None for private chats (t.me/c/…), which no widget shows."""
    match = _TG_POST.match(url)
    return f"{match.group(1)}/{match.group(2)}" if match else None


class _Widget(HTMLParser):
    """The parts of t.me's post widget a check needs: the message, its text and links, where it was forwarded from."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.has_message = False
        self.has_error = False
        self.forwarded_from: list[str] = []
        self.links: list[str] = []
        self._text: list[str] = []
        self._depth = 0              # >0 while inside the message text div

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if self._depth:
            if tag == "div":
                self._depth += 1
            if tag == "br":
                self._text.append("\n")
            if tag == "a" and found.get("href"):
                self.links.append(found["href"] or "")
            return
        if "tgme_widget_message_error" in classes:
            self.has_error = True
        if "tgme_widget_message" in classes and found.get("data-post"):
            self.has_message = True
        if "tgme_widget_message_forwarded_from_name" in classes and found.get("href"):
            self.forwarded_from.append(found["href"] or "")
        if tag == "div" and "tgme_widget_message_text" in classes:
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth and tag == "div":
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)

    @property
    def text(self) -> str:
        return "".join(self._text)


def judge_telegram(status: int, html: str, facts: PostFacts) -> Verdict:
    """A verdict from the widget page `<TME_URL>/<channel>/<id>?embed=1`."""
    if status == 429 or status >= 500:
        return Retry(f"t.me answered {status}", rate_limited=status == 429)
    if status == 404:
        return Refused(VerifyRefusal.UNAVAILABLE)
    if status != 200:
        return HandOver(HandOverReason.UNCLEAR)
    widget = _Widget()
    widget.feed(html)
    widget.close()
    if widget.has_error or not widget.has_message:
        return Refused(VerifyRefusal.UNAVAILABLE)
    return _decide(facts, text=widget.text, links=widget.links, reposts=widget.forwarded_from)


# -- the other networks: the canonical URL must open -------------------------------------------

_LOGIN_PATH = re.compile(r"/(login|signin|sign_in|auth|authorize|checkpoint|accounts/login)\b", re.IGNORECASE)
_ERROR_TITLE = re.compile(
    r"<title[^>]*>[^<]*(404|not found|не найден|ошибка|error|страница удалена|page unavailable)[^<]*</title>",
    re.IGNORECASE,
)


def judge_page(status: int, html: str, final_url: str) -> Verdict:
    """A verdict from opening a post's canonical URL: it opens, and is not a login or an error page."""
    if status in (404, 410):
        return Refused(VerifyRefusal.UNAVAILABLE)
    if status == 429 or status >= 500:
        return Retry(f"answered {status}", rate_limited=status == 429)
    if status != 200 or _LOGIN_PATH.search(final_url) or 'type="password"' in html:
        return HandOver(HandOverReason.UNCLEAR)
    if _ERROR_TITLE.search(html[:20_000]):
        return Refused(VerifyRefusal.UNAVAILABLE)
    return Verified(None)


# -- settling a verdict ------------------------------------------------------------------------

RETRY_FIRST = timedelta(seconds=30)
RETRY_MAX = timedelta(minutes=30)


def retry_delay(attempts: int, first: timedelta = RETRY_FIRST) -> timedelta:
    """Backoff after the `attempts`-th unanswered check: 30 s, 1 min, 2 min, … at most 30 min."""
    return min(first * (2 ** max(0, attempts - 1)), max(RETRY_MAX, first))


def enqueue(conn: sqlite3.Connection, *, post_id: int, network: str, now: datetime) -> None:
    """Put a submission in the verification queue, in the unit of work that records it."""
    store.enqueue(conn, post_id=post_id, checker=checker_for(network), now=now)


def post_facts(conn: sqlite3.Connection, due: store.Due, *, owner_required: bool) -> PostFacts:
    """What a check of `due` compares with (synchronous: a read on the database thread)."""
    owner = post_owner(due.url)
    linked = store.linked_keys(conn, due.member_id, owner.network) if owner else []
    return PostFacts(
        url=due.url, owner=owner, owner_required=owner_required, linked=linked,
        materials=store.materials_of(conn, due.campaign_id, due.material_id),
    )


class Settled(StrEnum):
    VERIFIED = "verified"
    REFUSED = "refused"
    RETRY = "retry"
    HANDED_OVER = "handed_over"
    GONE = "gone"          # decided meanwhile (a coordinator, an earlier check): nothing to do


def settle(
    conn: sqlite3.Connection,
    *,
    post_id: int,
    verdict: Verdict,
    now: datetime,
    retry_for: timedelta,
    texts: Callable[[str | None], Translator],
    retry_first: timedelta = RETRY_FIRST,
) -> Settled:
    """Apply a verdict in one unit of work (`Database.run`): the post, its award, the queue row and
    the member's message commit together."""
    if not store.is_waiting(conn, post_id):
        return Settled.GONE
    post = store.context(conn, post_id)
    assert post is not None
    t = texts(post["locale"])

    def tell(text: str) -> None:
        if post["tg_id"] is not None:
            store.notify(conn, chat_id=post["tg_id"], member_id=post["member_id"], text=text, now=now)

    if post["status"] != "pending":            # a coordinator decided it first
        store.finish(conn, post_id, status="handed_over", outcome="decided_by_coordinator", now=now)
        return Settled.GONE
    if isinstance(verdict, Retry):
        tried, enqueued_at = store.attempts(conn, post_id)
        if now - enqueued_at < retry_for:
            next_check = now + retry_delay(tried + 1, retry_first)
            store.retry_later(conn, post_id, not_before=next_check, error=verdict.error)
            return Settled.RETRY
        verdict = HandOver(HandOverReason.OUTAGE)
    if isinstance(verdict, HandOver):
        store.finish(conn, post_id, status="handed_over", outcome=verdict.reason, now=now)
        tell(t(f"verify-handed-over-{verdict.reason}", url=post["url"]))
        return Settled.HANDED_OVER
    if isinstance(verdict, Refused):
        store.set_post_status(conn, post_id, status="rejected", reason=verdict.reason, material_id=None, now=now)
        store.finish(conn, post_id, status="refused", outcome=verdict.reason, now=now)
        tell(t("verify-refused", url=post["url"], reason=t(f"reject-reason-{verdict.reason}")))
        return Settled.REFUSED
    store.set_post_status(conn, post_id, status="approved", reason=None, material_id=verdict.material_id, now=now)
    store.finish(conn, post_id, status="verified", outcome="ok", now=now)
    campaign = campaign_store.campaign_in(conn, post["campaign_id"])
    member = member_store.member_in(conn, post["member_id"])
    assert campaign is not None and member is not None      # the post's context joined both
    award = None
    if not member.is_deleted:
        award = write_award(conn, plan_award(
            campaign=campaign, member=member, kind=Kind.POST, units=campaign.post_units, subject=f"post:{post_id}",
            idem_key=f"post:{post_id}", now=now,
        ))
    units = award.units if award else 0
    tell(t("verify-counted", url=post["url"], points=format_points(units), n=points(units)))
    return Settled.VERIFIED


async def waiting_of(db: Database, member_id: int) -> int:
    """How many of a member's submissions are pending verification (/me says so)."""
    async with db.reading() as conn:
        return await store.waiting_of(conn, member_id)


__all__ = [
    "Checker", "HandOver", "HandOverReason", "Network", "PostFacts", "Refused", "Retry", "Settled", "Verdict",
    "Verified", "VerifyRefusal", "checker_for", "judge_page", "judge_telegram", "judge_vk", "settle",
    "shared_material", "telegram_widget_path", "vk_post_id",
]
