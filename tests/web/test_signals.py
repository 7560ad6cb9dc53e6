"""Fraud signals on the dashboard: the bot's /flags and its one-tap actions, scoped like the bot."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot import signals
from bot.model import GrantedRole, Member, ScopeKind
from storage.db import fetch_value
from tests.support.chat import texts_to
from tests.support.factories import grant
from tests.web.conftest import PHONE, Site
from tests.web.test_dash import csrf_of, sign_in_link, signed_in

NSK_COORDINATOR = 810
NSK_CITY = 1           # DISTRICTS_CSV: Новосибирск 1 (districts 1–3), Омск 2 (district 4)


async def farm(site: Site, inviter_tg: int, name: str, district_id: int, size: int = 5) -> Member:
    """An inviter who brings `size` people within an hour: a referral burst (FLAG_REFERRALS_PER_DAY is 5)."""
    inviter = await site.member(inviter_tg, name, district_id=district_id)
    for n in range(size):
        site.clock.advance(timedelta(minutes=7))
        tg_id = inviter_tg * 100 + n
        await site.member(tg_id, f"Гость {name} {n + 1}", district_id=district_id, referrer=inviter)
    return inviter


async def two_cities(site: Site) -> tuple[int, int]:
    """A referral burst in Новосибирск and one in Омск, found by the daily pass; their signal ids."""
    await grant(site.app.db, NSK_COORDINATOR, GrantedRole.COORDINATOR, ScopeKind.CITY, NSK_CITY)
    await farm(site, 71, "Анна Новосибирская", district_id=2)
    await farm(site, 72, "Олег Омский", district_id=4)
    await signals.run_pass(site.app.db, now=site.clock.now(), today=site.clock.today(), referrals_per_day=5)
    async with site.app.db.reading() as conn:
        nsk = await fetch_value(conn, "SELECT s.id FROM signals s JOIN members m ON m.id = s.member_id"
                                      " WHERE m.tg_id = 71")
        omsk = await fetch_value(conn, "SELECT s.id FROM signals s JOIN members m ON m.id = s.member_id"
                                       " WHERE m.tg_id = 72")
    return nsk, omsk


@pytest.mark.browser
async def test_a_city_coordinator_sees_their_citys_signal_and_suspends_the_member(site: Site, browser) -> None:  # noqa: ANN001
    nsk, omsk = await two_cities(site)
    token = await sign_in_link(site, NSK_COORDINATOR)
    page = await browser.new_page(viewport=PHONE, locale="ru-RU")
    await page.goto(f"{site.url}/dash/signin/{token}")
    await page.click("#signin")
    await page.wait_for_url(f"{site.url}/dash")
    assert await page.inner_text("#nav-signals") == "Сигналы о накрутке 1"      # Омск's signal is not counted

    await page.click("#nav-signals")
    await page.wait_for_url(f"{site.url}/dash/signals")
    assert await page.locator("article.signal").count() == 1
    card = await page.inner_text(f"#signal-{nsk}")
    assert "Всплеск приглашений" in card
    assert "Анна Новосибирская привёл(а) 5 человек за сутки: с 10.12.2026 12:07 по 10.12.2026 12:35." in card
    assert "Причина, которую увидит участник: всплеск приглашений" in card
    html = await page.content()
    assert "Олег Омский" not in html and f"signal-{omsk}" not in html
    assert "Открыт 1 сигнал, самые новые сверху." in await page.inner_text("main")

    await page.click(f"#signal-{nsk} button.suspend")
    await page.wait_for_url(f"{site.url}/dash/signals?notice=suspended")
    main = await page.inner_text("main")
    assert "⛔ Участник отстранён и получил сообщение с причиной." in main
    assert "Открытых сигналов нет." in main
    assert await page.inner_text("#nav-signals") == "Сигналы о накрутке"
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await page.close()

    assert texts_to(site.app, 71)[-1] == (
        "⛔ Координатор отстранил вас от рейтинга кампании. Причина: всплеск приглашений. Пока отстранение"
        " действует, новые баллы не начисляются, а вас нет в рейтинге и кадровом резерве."
    )
    async with site.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT status FROM signals WHERE id = ?", (nsk,)) == "acted"
        assert await fetch_value(conn, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1") == "suspend"


async def test_another_citys_signal_in_a_url_is_refused_and_forms_need_the_csrf_token(site: Site) -> None:
    nsk, omsk = await two_cities(site)
    async with await signed_in(site, NSK_COORDINATOR) as session:
        async with session.get(f"{site.url}/dash/signals") as page:
            csrf = csrf_of(await page.text())
        async with session.get(f"{site.url}/dash/signals/{omsk}") as page:
            assert page.status == 403 and "Нет доступа" in await page.text()
        for action in ("dismiss", "revoke", "trust", "suspend"):
            async with session.post(f"{site.url}/dash/signals/{omsk}/{action}", data={"csrf": csrf}) as response:
                assert response.status == 403, action
        async with session.post(f"{site.url}/dash/signals/{nsk}/dismiss", data={}) as response:
            assert response.status == 400 and "Форма устарела" in await response.text()
        async with session.get(f"{site.url}/dash/signals/99999") as page:
            assert page.status == 404
    async with site.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM signals WHERE status = 'open'") == 2
        assert await fetch_value(conn, "SELECT COUNT(*) FROM ledger WHERE reverses_id IS NOT NULL") == 0
    assert not any("отстранил" in text for text in texts_to(site.app, 72))


async def test_revoking_the_referral_points_from_the_dashboard_and_a_second_decision_is_refused(site: Site) -> None:
    nsk, _ = await two_cities(site)
    async with await signed_in(site, NSK_COORDINATOR) as session:
        async with session.get(f"{site.url}/dash/signals/{nsk}") as page:
            html = await page.text()
            assert page.status == 200 and "Отменить баллы за этих приглашённых" in html
        async with session.post(f"{site.url}/dash/signals/{nsk}/revoke", data={"csrf": csrf_of(html)}) as response:
            text = await response.text()
            assert "↩️ Отменено начислений: 5." in text and "Открытых сигналов нет." in text
        async with session.post(f"{site.url}/dash/signals/{nsk}/dismiss", data={"csrf": csrf_of(html)}) as response:
            assert "По этому сигналу уже приняли решение." in await response.text()
    async with site.app.db.reading() as conn:
        units = await fetch_value(conn, "SELECT COALESCE(SUM(l.units), 0) FROM ledger l JOIN members m"
                                        " ON m.id = l.member_id WHERE m.tg_id = 71 AND l.kind = 'referral'")
        assert units == 0
    assert texts_to(site.app, 71)[-1] == (
        "↩️ Координатор отменил баллы за приглашённых вами участников (5): −50. Причина: всплеск приглашений"
    )


async def test_the_signals_page_in_english(site: Site) -> None:
    nsk, _ = await two_cities(site)
    async with await signed_in(site, NSK_COORDINATOR) as session:
        async with session.get(f"{site.url}/dash/signals?lang=en") as page:
            html = await page.text()
    assert "1 open signal, newest first." in html and "Referral burst" in html
    assert re.search(r'id="nav-signals"[^>]*>Fraud signals <span class="badge"', html)


async def test_trusting_the_member_closes_the_signal(site: Site) -> None:
    nsk, _ = await two_cities(site)
    async with await signed_in(site, NSK_COORDINATOR) as session:
        async with session.get(f"{site.url}/dash/signals") as page:
            csrf = csrf_of(await page.text())
        async with session.post(f"{site.url}/dash/signals/{nsk}/trust", data={"csrf": csrf}) as response:
            text = await response.text()
    assert ("✅ Участник отмечен как проверенный: его посты не ждут проверки координатором,"
            " сигналы о нём закрыты.") in text
    assert "Открытых сигналов нет." in text
    async with site.app.db.reading() as conn:
        assert await fetch_value(conn, "SELECT COUNT(*) FROM trusted_members t JOIN members m ON m.id = t.member_id"
                                       " WHERE m.tg_id = 71") == 1
        assert await fetch_value(conn, "SELECT status FROM signals WHERE id = ?", (nsk,)) == "acted"
