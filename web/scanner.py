"""The rally scanner: a Telegram Mini App that scans members' cards one after another.

The page opens from the organiser's meeting card; it asks Telegram for the camera
(`showScanQrPopup`) again after each scan and shows each name and the running count.
Every request carries the Mini App's `initData`, checked as Telegram documents, so
the server knows which Telegram account is scanning; each scan is the same check-in
act as a card scan in the chat (bot.checkin.check_in with the organiser's session),
so a card counts once however often it is scanned.
"""

from __future__ import annotations

import html
import json
import logging
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiohttp import web

from bot import administration, checkin, meetings, tokens, web_access
from bot.checkin import CheckIn, CheckinRefusal, ElsewhereThen, Method
from bot.i18n import Translator
from bot.meetings import Clash, MeetingRefusal
from bot.roles import Actor
from bot.tokens import Token, TokenKind
from bot.web_access import AuthRefusal
from handlers.meetings import member_checked_in_text, overlap_text, refusal_with_meeting
from handlers.meetings_admin import clash_text
from web.render import pick_lang
from web.services import SERVICES, WebServices

log = logging.getLogger(__name__)

MAX_BODY = 8 * 1024
POPUP_TEXT_MAX = 64      # Telegram's limit on the scanner popup's text


def card_payload(scanned: str) -> str:
    """The deep-link payload in what the camera read: a card's t.me link, or the payload itself."""
    scanned = scanned.strip()
    if "://" in scanned:
        start = parse_qs(urlsplit(scanned).query).get("start", [""])
        return start[0]
    return scanned


async def _scanner(request: web.Request, services: WebServices) -> tuple[Actor, Translator, dict[str, Any], int]:
    """Who is scanning (from initData), in their language, the request's JSON and the meeting id."""
    raw = request.match_info["meeting"]
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound()
    try:
        body = json.loads(await request.text())
        assert isinstance(body, dict)
    except (ValueError, AssertionError, UnicodeDecodeError):
        raise web.HTTPBadRequest() from None
    user = web_access.check_init_data(str(body.get("initData", "")), services.settings.require_token(),
                                      now=services.clock.now())
    if isinstance(user, AuthRefusal):
        log.warning("scanner request with %s initData from %s: refused", user, request.remote)
        t = services.i18n.get(pick_lang(request, services.i18n))
        raise web.HTTPForbidden(text=json.dumps({"ok": False, "message": _plain(t("scan-refused-init-data"))}),
                                content_type="application/json")
    actor = await administration.load_actor(services.db, user.id, is_admin=services.settings.is_admin(user.id))
    locale = (actor.member.locale if actor.member else None) or services.i18n.pick_locale(user.language_code)
    return actor, services.i18n.get(locale), body, int(raw)


async def page(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    raw = request.match_info["meeting"]
    if not raw.isdigit() or len(raw) > 18:
        raise web.HTTPNotFound()
    locale = pick_lang(request, services.i18n)
    t = services.i18n.get(locale)
    texts = {key: t(f"scan-{key}") for key in ("hint", "outside", "network", "again")}
    html = services.pages.render("scanner.html", locale, org=services.settings.org_name, meeting_id=raw,
                                 webapp_js=services.settings.telegram_webapp_js, texts=texts)
    return web.Response(text=html, content_type="text/html")


async def start(request: web.Request) -> web.Response:
    """Opening the scanner starts the organiser's check-in session for the meeting, as «▶️ Начать отметку» does."""
    services = request.app[SERVICES]
    actor, t, _, meeting_id = await _scanner(request, services)
    result = await meetings.start_checkin(services.db, actor=actor, meeting_id=meeting_id, now=services.clock.now())
    if isinstance(result, Clash):
        message = clash_text(t, "meeting-refused-overlaps", result, services.clock)
        return web.json_response({"ok": False, "message": _plain(message)}, status=403)
    if isinstance(result, MeetingRefusal):
        return web.json_response({"ok": False, "message": _plain(t(f"meeting-refused-{result}"))}, status=403)
    present, _, _ = await meetings.meeting_counts(services.db, result.id)
    return web.json_response({"ok": True, "title": result.title, "present": present,
                              "headline": _popup(t("scan-hint"))})


async def scan(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    actor, t, body, meeting_id = await _scanner(request, services)
    card = tokens.verify(services.qr_secret, card_payload(str(body.get("text", ""))[:512]))
    if not isinstance(card, Token) or card.kind is not TokenKind.CARD:
        return web.json_response({"ok": False, "message": _plain(t("scan-not-a-card")),
                                  "headline": _popup(t("scan-not-a-card"))})
    result = await checkin.check_in(
        services.db, meeting_id=meeting_id, member_id=card.subject_id, method=Method.CARD_SCAN,
        now=services.clock.now(), today=services.clock.today(), organiser=actor, card_version=card.version,
    )
    if isinstance(result, ElsewhereThen):
        message = overlap_text(t, "card-scan-overlaps", result, services.clock)
        return web.json_response({"ok": False, "message": _plain(message), "headline": _popup(t("scan-refused"))})
    if result is CheckinRefusal.OWN_MEETING:
        meeting = await meetings.get_meeting(services.db, meeting_id)
        message = t("card-scan-own_meeting", meeting=meeting.title if meeting else "—")
        return web.json_response({"ok": False, "message": _plain(message), "headline": _popup(t("scan-refused"))})
    if isinstance(result, CheckinRefusal):
        message = await refusal_with_meeting(t, result, services.db, meeting_id, services.clock)
        return web.json_response({"ok": False, "message": _plain(message), "headline": _popup(t("scan-refused"))})
    assert isinstance(result, CheckIn)
    if result.created and services.notify is not None:
        await services.notify(result.member, lambda mt: member_checked_in_text(mt, result))
    key = "scan-done" if result.created else "scan-already"
    return web.json_response({
        "ok": True, "created": result.created, "name": result.member.display_name, "present": result.present,
        "headline": _popup(t(key, name=result.member.display_name, present=str(result.present))),
    })


def _plain(text: str) -> str:
    """A bot text as plain text: the page shows it with textContent, the popup as is."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def _popup(text: str) -> str:
    text = _plain(text)
    return text if len(text) <= POPUP_TEXT_MAX else text[: POPUP_TEXT_MAX - 1] + "…"


def install(app: web.Application) -> None:
    app.router.add_get(r"/scan/{meeting}", page)
    app.router.add_post(r"/scan/{meeting}/start", start)
    app.router.add_post(r"/scan/{meeting}/checkin", scan)
