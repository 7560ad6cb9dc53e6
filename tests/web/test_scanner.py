"""The rally scanner: a Mini App page driven in Chromium with a stub of Telegram.WebApp, and its API."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta
from urllib.parse import urlencode

import aiohttp
import pytest

from bot import meetings, tokens
from bot.model import GrantedRole, ScopeKind
from bot.tokens import TokenKind
from storage.db import fetch_value
from tests.conftest import TEST_TOKEN
from tests.support.chat import texts_to
from tests.support.factories import grant
from tests.web.conftest import PHONE, Site

ORGANISER = 900


def init_data(user_id: int, *, at: datetime, token: str = TEST_TOKEN, first_name: str = "Организатор") -> str:
    """initData as Telegram signs it: HMAC-SHA256 with the key HMAC("WebAppData", bot token)."""
    fields = {
        "query_id": "AAE-test", "auth_date": str(int(at.timestamp())),
        "user": json.dumps({"id": user_id, "first_name": first_name, "language_code": "ru"}, ensure_ascii=False),
    }
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(key, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields)


async def meeting_now(site: Site) -> int:
    actor = await grant(site.app.db, ORGANISER, GrantedRole.ORGANISER, ScopeKind.DISTRICT, 1)
    now = site.clock.now()
    created = await meetings.create_meeting(
        site.app.db, actor=actor, district_id=1, title="Субботник", place="Парк", starts_at=now + timedelta(minutes=5),
        ends_at=now + timedelta(hours=2), now=now, today=site.clock.today(),
    )
    assert not isinstance(created, meetings.MeetingRefusal), created
    return created.id


def card_link(site: Site, member_id: int, version: int = 1) -> str:
    return f"https://t.me/vverh_bot?start={tokens.sign(site.services.qr_secret, TokenKind.CARD, member_id, version)}"


STUB = """
window.__popups = []; window.__queue = %(queue)s;
window.Telegram = {WebApp: {
  initData: %(init)s,
  ready: function () {}, expand: function () {}, closeScanQrPopup: function () {},
  showScanQrPopup: function (params, callback) {
    window.__popups.push(params.text);
    // The camera keeps reading codes until the page's callback closes the popup (returns true).
    function read() {
      if (!window.__queue.length) { return; }
      if (callback(window.__queue.shift()) !== true) { setTimeout(read, 20); }
    }
    setTimeout(read, 20);
  }
}};
"""


@pytest.mark.browser
async def test_an_organiser_scans_cards_one_after_another_without_leaving_the_camera(site: Site, browser) -> None:  # noqa: ANN001
    meeting_id = await meeting_now(site)
    anna = await site.member(101, "Анна")
    boris = await site.member(102, "Борис")
    vera = await site.member(103, "Вера")
    queue = [card_link(site, anna.id), card_link(site, anna.id),      # the camera reads one card twice
             card_link(site, boris.id), "https://example.org/not-a-card", card_link(site, vera.id)]
    stub = STUB % {"queue": json.dumps(queue), "init": json.dumps(init_data(ORGANISER, at=site.clock.now()))}
    page = await browser.new_page(viewport=PHONE, locale="ru-RU",
                                  stubs={site.app.settings.telegram_webapp_js: stub})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    await page.goto(f"{site.url}/scan/{meeting_id}")
    await page.wait_for_function("() => document.getElementById('count').textContent === '3'"
                                 " && window.__queue.length === 0 && window.__popups.length >= 5")
    assert await page.inner_text("#title") == "Субботник"
    listed = await page.locator("#list li").all_inner_texts()
    assert listed[0] == "✅ Вера" and "⚠️ Это не карточка участника" in listed[1]
    assert listed[2:] == ["✅ Борис", "✅ Анна"]
    popups = await page.evaluate("() => window.__popups")
    assert popups[0] == "Наведите камеру на карточку участника"
    assert "✅ Анна · всего 1" in popups and "✅ Вера · всего 3" in popups
    async with site.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM checkins WHERE meeting_id = ?", (meeting_id,)) == 3
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE kind = 'meeting'") == 3
    assert errors == []
    assert texts_to(site.app, 101)[-1].startswith("✅")          # each member is told, as after a scan in the chat


async def post(site: Site, path: str, body: dict[str, str]) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as session, session.post(site.url + path, json=body) as response:
        return response.status, await response.json()


async def test_a_card_scanned_twice_counts_once(site: Site) -> None:
    meeting_id = await meeting_now(site)
    anna = await site.member(101, "Анна")
    data = init_data(ORGANISER, at=site.clock.now())
    status, started = await post(site, f"/scan/{meeting_id}/start", {"initData": data})
    assert status == 200 and started["ok"] and started["present"] == 0
    first = (await post(site, f"/scan/{meeting_id}/checkin", {"initData": data, "text": card_link(site, anna.id)}))[1]
    again = (await post(site, f"/scan/{meeting_id}/checkin", {"initData": data, "text": card_link(site, anna.id)}))[1]
    assert first["created"] is True and again["created"] is False and again["present"] == 1
    assert again["headline"] == "☑️ Анна уже отмечен(а) · всего 1"


async def test_forged_or_stale_init_data_is_refused(site: Site) -> None:
    meeting_id = await meeting_now(site)
    anna = await site.member(101, "Анна")
    forged = init_data(ORGANISER, at=site.clock.now(), token="123456789:SOMEBODY-elses-token-0000000000")
    stale = init_data(ORGANISER, at=site.clock.now() - timedelta(days=2))
    altered = init_data(101, at=site.clock.now()).replace("101", "900")
    for data in (forged, stale, altered, "", "hash=00"):
        status, answer = await post(site, f"/scan/{meeting_id}/checkin", {"initData": data,
                                                                          "text": card_link(site, anna.id)})
        assert status == 403 and answer == {"ok": False, "message": "Сканер нужно открыть из бота заново: /mymeetings."}
    async with site.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM checkins") == 0


async def test_someone_who_does_not_organise_the_meeting_cannot_scan_for_it(site: Site) -> None:
    meeting_id = await meeting_now(site)
    anna = await site.member(101, "Анна")
    stranger = init_data(555, at=site.clock.now())
    status, answer = await post(site, f"/scan/{meeting_id}/start", {"initData": stranger})
    assert status == 403 and answer["message"] == "Это не ваш округ: проводить здесь встречи вы не можете."
    _, scanned = await post(site, f"/scan/{meeting_id}/checkin", {"initData": stranger,
                                                                 "text": card_link(site, anna.id)})
    assert scanned["ok"] is False and "только её организатор" in str(scanned["message"])


async def test_the_meeting_card_opens_the_scanner_as_a_mini_app_under_an_https_public_url(site: Site) -> None:
    from aiogram.methods import SendMessage

    from handlers.meetings_admin import MeetingOpen
    from tests.support import updates
    from tests.support.chat import feed, requests

    meeting_id = await meeting_now(site)

    def card_buttons() -> list[object]:
        card = [m for m in requests(site.app) if isinstance(m, SendMessage) and m.chat_id == ORGANISER][-1]
        return [b for row in card.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]

    await feed(site.app, updates.callback(ORGANISER, MeetingOpen(id=meeting_id).pack()))
    assert not any(getattr(b, "web_app", None) for b in card_buttons())   # Telegram refuses plain http here
    site.app.settings.public_url = "https://rating.example.org"
    await feed(site.app, updates.callback(ORGANISER, MeetingOpen(id=meeting_id).pack()))
    scanner = [b for b in card_buttons() if getattr(b, "web_app", None)]
    assert [(b.text, b.web_app.url) for b in scanner] == [  # type: ignore[attr-defined]
        ("📷 Сканер", f"https://rating.example.org/scan/{meeting_id}")
    ]
