"""The public rating as a visitor sees it: in Chromium, and as the HTML and headers the server sends."""

from __future__ import annotations

import pytest

from handlers.common import PrivacyAction, PrivacyButton
from tests.support import updates
from tests.support.chat import feed, texts_to
from tests.web.conftest import DESKTOP, PHONE, Site


async def _three_members(site: Site) -> None:
    await site.member(101, "Анна Смирнова", district_id=1, units=126)       # 12.6 points
    await site.member(102, "Борис Ким", district_id=2, units=200)
    await site.member(103, "Вера Орлова", district_id=1, units=100)


@pytest.mark.browser
async def test_a_visitor_reads_the_rating_and_finds_their_place_on_a_phone(site: Site, browser) -> None:  # noqa: ANN001
    await _three_members(site)
    page = await browser.new_page(viewport=PHONE, locale="ru-RU")
    await page.goto(site.url + "/")
    members = page.locator("#members tbody tr")
    assert await members.count() == 3
    assert "Борис Ким" in await members.nth(0).inner_text()
    second = await members.nth(1).inner_text()
    assert "Анна Смирнова" in second and "12,6" in second          # a decimal comma in Russian
    assert "Центральный" in await page.locator("#teams tbody tr").first.inner_text()
    assert await page.locator("#chart svg polyline").count() == 2    # both teams with points are drawn
    assert "20 баллов за отметку на офлайн-встрече." in await page.locator("#rules").inner_text()

    await page.fill("#q", "анна")                                     # typed in lower case
    await page.click("#find button")
    found = await page.locator("#find .found li").inner_text()
    assert "2 место из 3" in found and "Анна Смирнова" in found and "12,6 балла" in found

    # Nothing overflows sideways on a phone.
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await page.close()


@pytest.mark.browser
async def test_the_rating_in_english_on_a_desktop(site: Site, browser) -> None:  # noqa: ANN001
    await _three_members(site)
    page = await browser.new_page(viewport=DESKTOP, locale="en-GB")
    await page.goto(site.url + "/rating")
    assert "12.6" in await page.locator("#members tbody tr").nth(1).inner_text()
    assert await page.locator("h2", has_text="Teams").count() == 1
    await page.goto(site.url + "/rating?lang=ru")
    assert await page.locator("h2", has_text="Команды").count() == 1
    await page.close()


async def test_a_member_who_hid_their_name_is_nowhere_in_the_html(site: Site) -> None:
    await _three_members(site)
    await feed(site.app, updates.text(101, "/privacy"))
    assert "Скрыть имя в публичном рейтинге" in str(site.app.bot.session.requests[-1].reply_markup)  # type: ignore[attr-defined]
    await feed(site.app, updates.callback(101, PrivacyButton(action=PrivacyAction.hide_name).pack()))
    assert texts_to(site.app, 101)[-1] == "Готово: в публичном рейтинге вы теперь участник из команды Центральный."

    status, html, _ = await site.get("/")
    assert status == 200
    assert "Смирнова" not in html and "Анна" not in html
    assert "Участник из команды Центральный" in html
    for query in ("Анна", "анна", "Ан"):       # her name is not found, so nothing links it to a place
        _, found, _ = await site.get("/", params={"q": query})
        assert "Смирнова" not in found and "место из" not in found
    _, embed, _ = await site.get("/embed")
    assert "Смирнова" not in embed and "Участник из команды Центральный" in embed


async def test_the_consent_text_says_the_rating_is_public(site: Site) -> None:
    await feed(site.app, updates.text(555, "/start"))
    assert "Рейтинг публичный" in texts_to(site.app, 555)[0]


async def test_user_text_is_escaped_everywhere(site: Site) -> None:
    await site.member(104, "<script>x</script>", district_id=1, units=10)
    _, html, _ = await site.get("/")
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html


async def test_security_headers_and_framing(site: Site) -> None:
    _, _, headers = await site.get("/")
    assert headers["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert "script-src 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    _, _, embed = await site.get("/embed")
    assert "X-Frame-Options" not in embed and "frame-ancestors *" in embed["Content-Security-Policy"]
    status, html, _ = await site.get("/c/999")
    assert status == 404 and "Страница не найдена" in html


async def test_find_my_place_is_rate_limited_per_address(site: Site) -> None:
    await _three_members(site)
    statuses = [(await site.get("/", params={"q": "Борис"}))[0] for _ in range(12)]
    assert statuses[:10] == [200] * 10 and statuses[-1] == 429
    status, _, _ = await site.get("/")      # reading the rating itself is not limited
    assert status == 200
