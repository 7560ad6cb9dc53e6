"""The coordinators' dashboard over HTTP: signing in, scopes, CSRF, and the same acts as the bot."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta

import aiohttp
import pytest

from bot import links, posts
from bot.model import GrantedRole, ScopeKind
from bot.posts import CampaignCache
from storage.db import fetch_value
from tests.conftest import TEST_TOKEN
from tests.support import updates
from tests.support.chat import feed, texts_to
from tests.support.factories import grant
from tests.web.conftest import Site

ADMIN = 1
OMSK_COORDINATOR = 800
OMSK_CITY = 2          # DISTRICTS_CSV: Новосибирск 1, Омск 2, Томск 3


async def sign_in_link(site: Site, tg_id: int = ADMIN) -> str:
    await feed(site.app, updates.text(tg_id, "/web"))
    text = texts_to(site.app, tg_id)[-1]
    assert "действует 10 минут и только один раз" in text
    found = re.search(r"http://\S+/dash/signin/(\S+)", text)
    assert found, text
    return found.group(1)


async def signed_in(site: Site, tg_id: int = ADMIN) -> aiohttp.ClientSession:
    token = await sign_in_link(site, tg_id)
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(f"{site.url}/dash/signin/{token}") as page:
        assert page.status == 200 and "Войти" in await page.text()
    async with session.post(f"{site.url}/dash/signin", data={"token": token}) as response:
        assert response.status == 200 and response.url.path == "/dash", response.url
    return session


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found
    return found.group(1)


async def pending_post(site: Site, tg_id: int, name: str, district_id: int, url: str) -> int:
    member = await site.member(tg_id, name, district_id=district_id)
    async with site.app.db.transaction() as conn:
        await conn.execute("UPDATE campaigns SET moderation = 'manual'")
    link = links.parse_post_link(url, site.app.settings.allowed_post_domains)
    assert isinstance(link, links.PostLink), link
    result = await posts.submit_post(site.app.db, CampaignCache(), member=member, link=link, material_id=None,
                                     daily_cap=10, now=site.clock.now(), today=site.clock.today())
    assert isinstance(result, posts.Submission) and result.pending, result
    return result.post_id


async def test_a_link_from_the_bot_signs_in_once_with_a_secure_cookie(site: Site) -> None:
    token = await sign_in_link(site)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.post(f"{site.url}/dash/signin", data={"token": token}, allow_redirects=False) as response:
            assert response.status == 303 and response.headers["Location"] == "/dash"
            cookie = response.headers["Set-Cookie"]
            assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        async with session.get(f"{site.url}/dash") as page:
            html = await page.text()
            assert page.status == 200 and "Кампания Зима-2026" in html and "Ваша зона: все округа" in html
            assert page.headers["Cache-Control"] == "no-store"
    async with aiohttp.ClientSession() as other:    # the same link again: used up
        async with other.post(f"{site.url}/dash/signin", data={"token": token}) as again:
            assert again.url.path == "/dash/login" and "уже использована или устарела" in await again.text()


async def test_an_expired_or_altered_link_and_no_session_are_refused(site: Site) -> None:
    token = await sign_in_link(site)
    site.clock.advance(timedelta(minutes=11))
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{site.url}/dash/signin", data={"token": token}) as response:
            assert response.url.path == "/dash/login" and "уже использована или устарела" in await response.text()
        fresh = await sign_in_link(site)
        altered = fresh[:-1] + ("a" if fresh[-1] != "a" else "b")
        async with session.post(f"{site.url}/dash/signin", data={"token": altered}) as response:
            assert "Ссылка повреждена" in await response.text()
        async with session.get(f"{site.url}/dash/moderation") as response:
            assert response.url.path == "/dash/login"


async def test_the_login_widget_hash_is_checked_as_telegram_documents(site: Site) -> None:
    fields = {"id": str(ADMIN), "first_name": "Админ", "auth_date": str(int(site.clock.now().timestamp()))}
    check = "\n".join(f"{k}={fields[k]}" for k in sorted(fields))
    good = hmac.new(hashlib.sha256(TEST_TOKEN.encode()).digest(), check.encode(), hashlib.sha256).hexdigest()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        forged = {**fields, "hash": good, "id": "2"}
        async with session.get(f"{site.url}/dash/login/telegram", params=forged) as response:
            assert response.url.path == "/dash/login" and "Ссылка повреждена" in await response.text()
        async with session.get(f"{site.url}/dash/login/telegram", params={**fields, "hash": good}) as response:
            assert response.url.path == "/dash"
    stale = {**fields, "auth_date": str(int((site.clock.now() - timedelta(hours=2)).timestamp()))}
    check = "\n".join(f"{k}={stale[k]}" for k in sorted(stale))
    old_hash = hmac.new(hashlib.sha256(TEST_TOKEN.encode()).digest(), check.encode(), hashlib.sha256).hexdigest()
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{site.url}/dash/login/telegram", params={**stale, "hash": old_hash}) as response:
            assert "уже использована или устарела" in await response.text()


async def test_a_member_who_is_not_a_coordinator_cannot_sign_in(site: Site) -> None:
    await site.member(300, "Просто участник")
    await feed(site.app, updates.text(300, "/web"))
    assert "/dash/signin/" not in texts_to(site.app, 300)[-1]


async def test_moderation_from_the_dashboard_tells_the_member_and_needs_the_csrf_token(site: Site) -> None:
    post_id = await pending_post(site, 401, "Ольга", 1, "https://vk.com/wall-1_100")
    async with await signed_in(site) as session:
        async with session.get(f"{site.url}/dash/moderation") as page:
            html = await page.text()
            assert "Ольга" in html and "https://vk.com/wall-1_100" in html
        async with session.post(f"{site.url}/dash/moderation/{post_id}", data={"decision": "approve"}) as response:
            assert response.status == 400 and "Форма устарела" in await response.text()
        async with site.app.db.reading() as conn:
            assert await fetch_value(conn, "SELECT status FROM posts WHERE id = ?", (post_id,)) == "pending"
        form = {"decision": "approve", "csrf": csrf_of(html)}
        async with session.post(f"{site.url}/dash/moderation/{post_id}", data=form) as response:
            assert "Пост засчитан, участник получил сообщение." in await response.text()
    assert texts_to(site.app, 401)[-1].startswith("✅ Ваш пост проверен и засчитан: +1 балл")


async def test_a_city_coordinator_sees_and_acts_only_in_their_city(site: Site) -> None:
    await grant(site.app.db, OMSK_COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, OMSK_CITY)
    novosibirsk = await site.member(501, "Новосибирская Нина", district_id=1, units=50)
    omsk = await site.member(502, "Омский Олег", district_id=4, units=30)
    post_id = await pending_post(site, 503, "Новосибирский Пётр", 2, "https://vk.com/wall-1_200")
    async with await signed_in(site, OMSK_COORDINATOR) as session:
        async with session.get(f"{site.url}/dash/members") as page:
            html = await page.text()
            assert "Омский Олег" in html and "Новосибирская Нина" not in html
        async with session.get(f"{site.url}/dash/members/{omsk.id}") as page:
            assert page.status == 200
            csrf = csrf_of(await page.text())
        async with session.get(f"{site.url}/dash/members/{novosibirsk.id}") as page:
            assert page.status == 403 and "Нет доступа" in await page.text()
        form = {"entry": "1", "reason": "проверка", "csrf": csrf}
        async with session.post(f"{site.url}/dash/members/{novosibirsk.id}/revoke", data=form) as response:
            assert response.status == 403
        form = {"decision": "approve", "csrf": csrf}
        async with session.post(f"{site.url}/dash/moderation/{post_id}", data=form) as response:
            assert "Этот пост вне вашей зоны ответственности." in await response.text()
        async with session.get(f"{site.url}/dash/downloads/rating.csv") as download:
            text = (await download.read()).decode("utf-8-sig")
            assert "Омский Олег" in text and "Новосибирская Нина" not in text
    async with site.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE reverses_id IS NOT NULL") == 0


async def test_revoking_an_entry_from_the_dashboard_needs_a_reason_and_tells_the_member(site: Site) -> None:
    member = await site.member(601, "Игорь", district_id=1, units=10)
    async with await signed_in(site) as session:
        async with session.get(f"{site.url}/dash/members/{member.id}") as page:
            html = await page.text()
        entry = re.search(r'name="entry" value="(\d+)"', html)
        assert entry
        assert "10.12.2026 · " in html   # the entry's day as people write it, not "2026-12-10"
        form = {"entry": entry.group(1), "reason": "пост удалён", "csrf": csrf_of(html)}
        async with session.post(f"{site.url}/dash/members/{member.id}/revoke", data=form) as response:
            assert f"Начисление #{entry.group(1)} отменено" in await response.text()
    assert "пост удалён" in texts_to(site.app, 601)[-1]


@pytest.mark.parametrize("path", ["/dash", "/dash/teams", "/dash/members", "/dash/meetings", "/dash/downloads"])
async def test_every_dashboard_page_opens(site: Site, path: str) -> None:
    await site.member(701, "Зоя", district_id=1, units=10)
    async with await signed_in(site) as session, session.get(site.url + path) as page:
        assert page.status == 200 and "Панель координатора" in await page.text()
