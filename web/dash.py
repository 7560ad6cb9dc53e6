"""The coordinators' dashboard (`/dash`): the same scopes and the same acts as the bot's coordinator tools.

Signing in: a one-time link the bot sends on /web (opened, then confirmed with a button,
so a link preview or a scanner cannot use it up), or the Telegram Login Widget. Either
opens a session: a random id in an HttpOnly, SameSite=Lax cookie (Secure under an https
PUBLIC_URL), its hash in SQLite. Every form carries the session's CSRF token.

Each handler is an adapter: it reads the form, calls the core act the bot's handler
calls (posts.moderate, revocation.revoke_entry, meetings.attendees, the exports), and
tells the member as the bot does.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from aiohttp import web
from markupsafe import Markup

from bot import administration, digest, meetings, posts, rating, reserve, signals, spreadsheets, web_access
from bot.i18n import Translator
from bot.ledger import RevokeRefusal
from bot.model import Campaign
from bot.posts import Moderation, ModerationRefusal, RejectReason
from bot.revocation import Entries, ScopeRefusal, entries_of, revoke_entry
from bot.roles import Actor, Role
from bot.runtime.throttling import Verdict
from bot.scopes import Scope
from bot.signals import SignalRefusal
from bot.suspension import SuspendRefusal
from bot.web_access import AuthRefusal
from handlers.integrity import signal_text
from handlers.notify import tell_author, tell_referrals_revoked, tell_revoked, tell_suspension
from storage import digest as digest_store
from storage import meetings as meeting_store
from storage import members as member_store
from storage import placings
from storage import rating as rating_store
from storage import scopes as scope_store
from storage import web as web_store
from storage.signals import Signal
from web import chart
from web.render import pick_lang
from web.services import SERVICES, WebServices

log = logging.getLogger(__name__)

COOKIE = "vverh_session"
MEMBERS_LISTED = 50
PENDING_LISTED = 30
MEETINGS_SINCE = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class Visitor:
    actor: Actor
    csrf: str
    locale: str
    t: Translator
    open_signals: int = 0     # the navigation's count of fraud signals waiting for a decision


Page = Callable[[web.Request, WebServices, Visitor], Awaitable[web.StreamResponse]]


# What a redirect after a form may say; anything else in the query string is ignored.
MEMBER_NOTICES = frozenset({"revoked", "reason-missing"} | {f"refused-{r}" for r in (*RevokeRefusal, *ScopeRefusal)})
MODERATION_NOTICES = frozenset({"approved", "rejected"} | {f"refused-{r}" for r in ModerationRefusal})


def _known(notice: str | None, known: frozenset[str]) -> str | None:
    return notice if notice in known else None


def _client(request: web.Request) -> str:
    return request.remote or "?"


async def _visitor(request: web.Request, services: WebServices) -> Visitor | None:
    session = await web_access.session_of(services.db, cookie=request.cookies.get(COOKIE, ""),
                                          now=services.clock.now())
    if session is None:
        return None
    actor = await administration.load_actor(services.db, session.tg_id,
                                            is_admin=services.settings.is_admin(session.tg_id))
    locale = request.query.get("lang") if request.query.get("lang") in services.i18n.locales else None
    locale = locale or (actor.member.locale if actor.member else None) or pick_lang(request, services.i18n)
    return Visitor(actor, session.csrf_token, locale, services.i18n.get(locale))


def coordinator(page: Page) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    """Signed in as a coordinator (or admin), and for a form, with the session's CSRF token."""

    @functools.wraps(page)
    async def guarded(request: web.Request) -> web.StreamResponse:
        services = request.app[SERVICES]
        visitor = await _visitor(request, services)
        if visitor is None:
            raise web.HTTPSeeOther("/dash/login")
        if visitor.actor.role < Role.COORDINATOR:
            raise web.HTTPForbidden()
        if request.method == "GET":
            visitor = dataclasses.replace(visitor, open_signals=await signals.open_count(services.db,
                                                                                         actor=visitor.actor))
        if request.method == "POST":
            form = await request.post()
            if not web_access.csrf_matches(visitor.csrf, str(form.get("csrf", ""))):
                log.warning("dashboard form without a valid CSRF token from %s: refused", _client(request))
                raise web.HTTPBadRequest()
        return await page(request, services, visitor)

    return guarded


def _render(services: WebServices, visitor: Visitor, name: str, section: str, **context: Any) -> web.Response:
    html = services.pages.render(name, visitor.locale, org=services.settings.org_name, csrf=visitor.csrf,
                                 section=section, actor=visitor.actor, open_signals=visitor.open_signals, **context)
    return web.Response(text=html, content_type="text/html")


def _scope(actor: Actor) -> Scope:
    """Where this coordinator works: the bot's own definition (bot.roles, bot.scopes)."""
    return actor.coordinator_scope()


async def _campaign(services: WebServices) -> Campaign | None:
    return await services.campaigns.get(services.db, now=services.clock.now(), today=services.clock.today())


async def _districts(services: WebServices, actor: Actor) -> list[int] | None:
    async with services.db.reading() as conn:
        return await scope_store.district_ids(conn, _scope(actor))


# ---------------------------------------------------------------------------
# Signing in and out


async def login_page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    locale = pick_lang(request, services.i18n)
    me = await services.bot.me() if services.bot is not None else None
    html = services.pages.render(
        "dash_login.html", locale, org=services.settings.org_name, bot_username=me.username if me else None,
        widget_js=services.settings.telegram_widget_js, refused=request.query.get("refused"),
    )
    return web.Response(text=html, content_type="text/html")


async def signin_page(request: web.Request) -> web.Response:
    """A sign-in link opened: a button confirms it (previews and scanners only GET)."""
    services = request.app[SERVICES]
    locale = pick_lang(request, services.i18n)
    html = services.pages.render("dash_signin.html", locale, org=services.settings.org_name,
                                 token=request.match_info["token"])
    return web.Response(text=html, content_type="text/html")


async def signin(request: web.Request) -> web.StreamResponse:
    services = request.app[SERVICES]
    if services.signin_limiter.check(_client(request), services.clock.monotonic()) is not Verdict.PASS:
        raise web.HTTPTooManyRequests()
    form = await request.post()
    result = await web_access.redeem_signin_link(
        services.db, key=services.signing_key, token=str(form.get("token", "")), now=services.clock.now()
    )
    if isinstance(result, AuthRefusal):
        log.info("sign-in link refused (%s) from %s", result, _client(request))
        raise web.HTTPSeeOther(f"/dash/login?refused={result}")
    return await _open_session(services, result)


async def login_widget(request: web.Request) -> web.StreamResponse:
    """The Telegram Login Widget's redirect, its hash checked as Telegram documents."""
    services = request.app[SERVICES]
    if services.signin_limiter.check(_client(request), services.clock.monotonic()) is not Verdict.PASS:
        raise web.HTTPTooManyRequests()
    user = web_access.check_login_widget(
        dict(request.query), services.settings.require_token(), now=services.clock.now()
    )
    if isinstance(user, AuthRefusal):
        log.info("login widget data refused (%s) from %s", user, _client(request))
        raise web.HTTPSeeOther(f"/dash/login?refused={user}")
    return await _open_session(services, user.id)


async def _open_session(services: WebServices, tg_id: int) -> web.StreamResponse:
    actor = await administration.load_actor(services.db, tg_id, is_admin=services.settings.is_admin(tg_id))
    if actor.role < Role.COORDINATOR:
        raise web.HTTPSeeOther("/dash/login?refused=not_coordinator")
    session = await web_access.open_session(services.db, tg_id=tg_id, now=services.clock.now())
    response = web.HTTPSeeOther("/dash")
    response.set_cookie(
        COOKIE, session.cookie, httponly=True, secure=services.settings.secure_cookies, samesite="Lax", path="/",
        max_age=int(web_access.SESSION_LIFETIME.total_seconds()),
    )
    raise response


@coordinator
async def logout(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    await web_access.close_session(services.db, cookie=request.cookies.get(COOKIE, ""))
    response = web.HTTPSeeOther("/dash/login")
    response.del_cookie(COOKIE, path="/")
    raise response


# ---------------------------------------------------------------------------
# Pages


@coordinator
async def overview(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    campaign = await _campaign(services)
    data = label = None
    drawn = None
    if campaign is not None and campaign.starts_on <= services.clock.today():
        async with services.db.reading() as conn:
            data = await digest.collect(conn, campaign=campaign, scope=_scope(visitor.actor),
                                        now=services.clock.now(), today=services.clock.today(), tz=services.clock.tz)
            label = await digest.scope_label(conn, visitor.t, _scope(visitor.actor))
        drawn = chart.build(data.chart_days, list(data.chart_series.items()))
    return _render(services, visitor, "dash_overview.html", "overview", campaign=campaign, data=data, label=label,
                   chart=drawn)


@coordinator
async def teams(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    campaign = await _campaign(services)
    district_ids = await _districts(services, visitor.actor)
    shown: list[rating_store.TeamStanding] = []
    recent: dict[int, int] = {}
    if campaign is not None:
        since = services.clock.now() - timedelta(days=1)
        async with services.db.reading() as conn:
            shown = [t for t in await rating_store.teams(conn, campaign.id)
                     if district_ids is None or t.district_id in district_ids]
            recent = {line.district_id: line.recent_units
                      for line in await digest_store.teams(conn, campaign.id, _scope(visitor.actor), since)}
    return _render(services, visitor, "dash_teams.html", "teams", campaign=campaign, teams=shown, recent=recent)


@coordinator
async def members(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    campaign = await _campaign(services)
    query = " ".join(request.query.get("q", "").split())[:64]
    district_ids = await _districts(services, visitor.actor)
    async with services.db.reading() as conn:
        found = await web_store.search_members(conn, campaign.id if campaign else None, district_ids, query,
                                               MEMBERS_LISTED)
    return _render(services, visitor, "dash_members.html", "members", query=query, found=found)


async def _member_in_scope(services: WebServices, visitor: Visitor, raw: str) -> tuple[Campaign, Entries]:
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound()
    campaign = await _campaign(services)
    async with services.db.reading() as conn:
        member = await member_store.get(conn, int(raw))
    if campaign is None or member is None or member.tg_id is None:
        raise web.HTTPNotFound()
    result = await entries_of(services.db, actor=visitor.actor, tg_id=member.tg_id, campaign_id=campaign.id)
    if isinstance(result, ScopeRefusal):
        log.warning("coordinator %s asked for member %s outside their scope: refused", visitor.actor.tg_id, raw)
        raise web.HTTPForbidden()
    if not isinstance(result, Entries):
        raise web.HTTPNotFound()
    return campaign, result


@coordinator
async def member(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    campaign, found = await _member_in_scope(services, visitor, request.match_info["member"])
    async with services.db.reading() as conn:
        standing = await rating_store.standing(conn, campaign.id, found.member.id)
    notice = _known(request.query.get("notice"), MEMBER_NOTICES)
    entry = request.query.get("entry", "")
    return _render(services, visitor, "dash_member.html", "members", member=found.member, listed=found.listed,
                   standing=standing, notice=notice, notice_id=entry if entry.isdigit() else "", tz=services.clock.tz)


@coordinator
async def revoke(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    _, found = await _member_in_scope(services, visitor, request.match_info["member"])
    form = await request.post()
    raw_entry, reason = str(form.get("entry", "")), " ".join(str(form.get("reason", "")).split())
    if not raw_entry.isdigit() or len(raw_entry) > 18:
        raise web.HTTPBadRequest()
    back = f"/dash/members/{found.member.id}"
    if not reason:
        raise web.HTTPSeeOther(f"{back}?notice=reason-missing&entry={raw_entry}")
    result = await revoke_entry(services.db, actor=visitor.actor, entry_id=int(raw_entry), reason=reason,
                                now=services.clock.now())
    if isinstance(result, (RevokeRefusal, ScopeRefusal)):
        raise web.HTTPSeeOther(f"{back}?notice=refused-{result}&entry={raw_entry}")
    await tell_revoked(services.notify, result, reason)
    raise web.HTTPSeeOther(f"{back}?notice=revoked&entry={raw_entry}")


@coordinator
async def moderation(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    campaign = await _campaign(services)
    district_ids = await _districts(services, visitor.actor)
    pending: list[web_store.PendingLine] = []
    if campaign is not None:
        async with services.db.reading() as conn:
            pending = await web_store.pending_posts(conn, campaign.id, district_ids, PENDING_LISTED)
    return _render(services, visitor, "dash_moderation.html", "moderation", campaign=campaign, pending=pending,
                   reasons=[reason.value for reason in RejectReason],
                   notice=_known(request.query.get("notice"), MODERATION_NOTICES))


@coordinator
async def moderate(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    raw = request.match_info["post"]
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound()
    form = await request.post()
    decision = str(form.get("decision", ""))
    if decision not in ("approve", "reject"):
        raise web.HTTPBadRequest()
    reason = None
    if decision == "reject":
        try:
            reason = RejectReason(str(form.get("reason", "")))
        except ValueError:
            raise web.HTTPBadRequest() from None
    result = await posts.moderate(services.db, post_id=int(raw), reason=reason, actor=visitor.actor,
                                  now=services.clock.now())
    if isinstance(result, ModerationRefusal):
        raise web.HTTPSeeOther(f"/dash/moderation?notice=refused-{result}")
    assert isinstance(result, Moderation)
    await tell_author(services.notify, result)
    raise web.HTTPSeeOther(f"/dash/moderation?notice={'approved' if reason is None else 'rejected'}")


@coordinator
async def meeting_list(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    async with services.db.reading() as conn:
        found = await meeting_store.in_scope(
            conn, scope=visitor.actor.organiser_scope(), since=services.clock.now() - MEETINGS_SINCE, limit=100,
        )
    return _render(services, visitor, "dash_meetings.html", "meetings", meetings=found, tz=services.clock.tz)


async def _attendees(services: WebServices, visitor: Visitor, raw: str) -> tuple[Any, list[Any]]:
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound()
    result = await meetings.attendees(services.db, actor=visitor.actor, meeting_id=int(raw))
    if isinstance(result, meetings.MeetingRefusal):
        if result is meetings.MeetingRefusal.UNKNOWN_MEETING:
            raise web.HTTPNotFound()
        raise web.HTTPForbidden()
    return result


@coordinator
async def meeting(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    found, people = await _attendees(services, visitor, request.match_info["meeting"])
    return _render(services, visitor, "dash_meeting.html", "meetings", meeting=found, people=people,
                   tz=services.clock.tz)


@coordinator
async def meeting_csv(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    found, people = await _attendees(services, visitor, request.match_info["meeting"])
    table = spreadsheets.attendees_csv(people, services.clock.tz, visitor.t)
    return _download(table, f"meeting-{found.id}-attendees.csv")


@coordinator
async def downloads(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    return _render(services, visitor, "dash_downloads.html", "downloads", campaign=await _campaign(services))


@coordinator
async def download(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    what, kind = request.match_info["what"], request.match_info["kind"]
    campaign = await _campaign(services)
    if campaign is None or what not in ("rating", "reserve") or kind not in ("csv", "xlsx"):
        raise web.HTTPNotFound()
    stem = f"{what}-{campaign.starts_on.isoformat()}-{services.clock.today().isoformat()}"
    if what == "rating":
        export = rating.export_csv if kind == "csv" else rating.export_xlsx
        return _download(await export(services.db, campaign, visitor.t, scope=_scope(visitor.actor)), f"{stem}.{kind}")
    async with services.db.reading() as conn:
        leaders = await placings.leaders(conn, campaign.id, _scope(visitor.actor), services.settings.reserve_top_n)
    t = visitor.t
    data = reserve.to_csv(t, leaders) if kind == "csv" else reserve.to_xlsx(t, leaders, title=t("reserve-sheet"))
    return _download(data, f"{stem}.{kind}")


def _download(data: bytes, filename: str) -> web.Response:
    content_type = "text/csv" if filename.endswith(".csv") else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return web.Response(body=data, content_type=content_type,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# ---------------------------------------------------------------------------
# Fraud signals: the bot's /flags with its one-tap actions, as forms


SIGNALS_LISTED = 50
SIGNAL_NOTICES = frozenset(
    {"dismissed", "revoked", "suspended", "trusted"}
    | {f"refused-{r}" for r in (SignalRefusal.CLOSED, SignalRefusal.NOTHING_TO_REVOKE)}
    | {f"suspend-refused-{r}" for r in SuspendRefusal}
)


@dataclass(frozen=True, slots=True)
class SignalCard:
    signal: Signal
    text: Markup               # the bot's own card text (its arguments escaped by the translator)
    revocable: bool            # it names referees whose referral awards may be revoked
    suspend_reason: str


def _signal_card(services: WebServices, visitor: Visitor, signal: Signal) -> SignalCard:
    return SignalCard(signal, Markup(signal_text(visitor.t, services.clock, signal)),  # noqa: S704
                      bool(signals.referees_named(signal)), visitor.t(f"flag-reason-{signal.kind}"))


def _signal_id(request: web.Request) -> int:
    raw = request.match_info["signal"]
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound()
    return int(raw)


def _signal_refused(visitor: Visitor, signal_id: int, refusal: SignalRefusal) -> web.HTTPException:
    """Unknown: 404; another coordinator's area: 403; decided already: back to the list, which says so."""
    if refusal is SignalRefusal.UNKNOWN:
        return web.HTTPNotFound()
    if refusal is SignalRefusal.NOT_IN_SCOPE:
        log.warning("coordinator %s asked for signal %s outside their scope: refused", visitor.actor.tg_id, signal_id)
        return web.HTTPForbidden()
    return web.HTTPSeeOther(f"/dash/signals?notice=refused-{refusal}")


async def _open_signal(services: WebServices, visitor: Visitor, request: web.Request) -> Signal:
    signal_id = _signal_id(request)
    found = await signals.get(services.db, actor=visitor.actor, signal_id=signal_id)
    if isinstance(found, SignalRefusal):
        raise _signal_refused(visitor, signal_id, found)
    return found


@coordinator
async def signal_list(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    # As /flags does: look for new patterns first, so the page shows today's data.
    await signals.run_pass(services.db, now=services.clock.now(), today=services.clock.today(),
                           referrals_per_day=services.settings.flag_referrals_per_day)
    flags = await signals.open_flags(services.db, actor=visitor.actor, limit=SIGNALS_LISTED)
    raw_count = request.query.get("n", "")
    visitor = dataclasses.replace(visitor, open_signals=flags.total)     # the pass may have found more
    return _render(services, visitor, "dash_signals.html", "signals", total=flags.total,
                   cards=[_signal_card(services, visitor, s) for s in flags.signals], single=False,
                   notice=_known(request.query.get("notice"), SIGNAL_NOTICES),
                   count=int(raw_count) if raw_count.isdigit() and len(raw_count) < 7 else 0)


@coordinator
async def signal_page(request: web.Request, services: WebServices, visitor: Visitor) -> web.Response:
    signal = await _open_signal(services, visitor, request)
    return _render(services, visitor, "dash_signals.html", "signals", total=1, single=True,
                   cards=[_signal_card(services, visitor, signal)], notice=None, count=0)


@coordinator
async def signal_dismiss(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    signal = await _open_signal(services, visitor, request)
    result = await signals.dismiss(services.db, actor=visitor.actor, signal_id=signal.id, now=services.clock.now())
    if isinstance(result, SignalRefusal):
        raise _signal_refused(visitor, signal.id, result)
    raise web.HTTPSeeOther("/dash/signals?notice=dismissed")


@coordinator
async def signal_revoke(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    signal = await _open_signal(services, visitor, request)
    reason = visitor.t(f"flag-reason-{signal.kind}")
    result = await signals.revoke_referrals(services.db, actor=visitor.actor, signal_id=signal.id, reason=reason,
                                            now=services.clock.now())
    if isinstance(result, SignalRefusal):
        raise _signal_refused(visitor, signal.id, result)
    if services.notify is not None:
        await tell_referrals_revoked(services.notify, result, reason)
    raise web.HTTPSeeOther(f"/dash/signals?notice=revoked&n={result.count}")


@coordinator
async def signal_trust(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    signal = await _open_signal(services, visitor, request)
    result = await signals.trust_member(services.db, actor=visitor.actor, signal_id=signal.id,
                                        now=services.clock.now())
    if isinstance(result, SignalRefusal):
        raise _signal_refused(visitor, signal.id, result)
    raise web.HTTPSeeOther("/dash/signals?notice=trusted")


@coordinator
async def signal_suspend(request: web.Request, services: WebServices, visitor: Visitor) -> web.StreamResponse:
    signal = await _open_signal(services, visitor, request)
    result = await signals.suspend_member(services.db, actor=visitor.actor, signal_id=signal.id,
                                          reason=visitor.t(f"flag-reason-{signal.kind}"), now=services.clock.now())
    if isinstance(result, SignalRefusal):
        raise _signal_refused(visitor, signal.id, result)
    if isinstance(result, SuspendRefusal):
        raise web.HTTPSeeOther(f"/dash/signals?notice=suspend-refused-{result}")
    if services.notify is not None:
        await tell_suspension(services.notify, result, lifted=False)
    raise web.HTTPSeeOther("/dash/signals?notice=suspended")


def install(app: web.Application) -> None:
    app.router.add_get("/dash/login", login_page)
    app.router.add_get("/dash/login/telegram", login_widget)
    app.router.add_get(r"/dash/signin/{token}", signin_page)
    app.router.add_post("/dash/signin", signin)
    app.router.add_post("/dash/logout", logout)
    app.router.add_get("/dash", overview)
    app.router.add_get("/dash/teams", teams)
    app.router.add_get("/dash/members", members)
    app.router.add_get(r"/dash/members/{member}", member)
    app.router.add_post(r"/dash/members/{member}/revoke", revoke)
    app.router.add_get("/dash/moderation", moderation)
    app.router.add_post(r"/dash/moderation/{post}", moderate)
    app.router.add_get("/dash/meetings", meeting_list)
    app.router.add_get(r"/dash/meetings/{meeting}", meeting)
    app.router.add_get(r"/dash/meetings/{meeting}/attendees.csv", meeting_csv)
    app.router.add_get("/dash/signals", signal_list)
    app.router.add_get(r"/dash/signals/{signal}", signal_page)
    app.router.add_post(r"/dash/signals/{signal}/dismiss", signal_dismiss)
    app.router.add_post(r"/dash/signals/{signal}/revoke", signal_revoke)
    app.router.add_post(r"/dash/signals/{signal}/trust", signal_trust)
    app.router.add_post(r"/dash/signals/{signal}/suspend", signal_suspend)
    app.router.add_get("/dash/downloads", downloads)
    app.router.add_get(r"/dash/downloads/{what}.{kind}", download)
