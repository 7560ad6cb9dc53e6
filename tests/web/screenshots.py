"""Screenshots of the web pages at phone and desktop width, into docs/screenshots/.

    PYTHONPATH=$PWD /work/venv/bin/python -m tests.web.screenshots

Builds a demo campaign in a temporary database (members of five teams earning points over
ten days, one hidden name, a pending post, a meeting, a referral burst), serves the pages as
the bot does, and drives Chromium: the public rating, the dashboard (signed in through /web)
with its moderation and fraud-signal pages, the scanner (with a stub of Telegram.WebApp that
scans three cards). Emoji need a colour emoji font (`apt-get install fonts-noto-color-emoji`),
else Chromium draws them as boxes.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot import administration, links, posts, signals, web_access
from bot.posts import CampaignCache
from bot.runtime.app import build_app
from bot.runtime.config import Settings
from scheduler.clock import FrozenClock
from tests.conftest import DISTRICTS_CSV, MOSCOW, TEST_TOKEN
from tests.support import updates
from tests.support.chat import feed, texts_to
from tests.support.session import MockedBot
from tests.web.conftest import DESKTOP, PHONE, chromium, served
from tests.web.test_scanner import ORGANISER, STUB, card_link, init_data, meeting_now
from tests.web.test_signals import farm

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAMES = ["Анна Смирнова", "Борис Ким", "Вера Орлова", "Глеб Соколов", "Дарья Лебедева", "Егор Новиков",
         "Жанна Морозова", "Зоя Павлова", "Илья Волков", "Кира Фёдорова", "Лев Зайцев", "Мария Васильева",
         "Никита Попов", "Ольга Семёнова", "Павел Голубев", "Роза Виноградова", "Семён Богданов", "Тимур Алиев"]


async def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as directory:
        settings = Settings(bot_token=TEST_TOKEN, database_url=f"sqlite:///{directory}/demo.db",  # type: ignore[arg-type]
                            admin_ids=frozenset({1}), qr_secret="demo", flood_rate=0,  # type: ignore[arg-type]
                            _env_file=None)  # type: ignore[call-arg]
        clock = FrozenClock(MOSCOW, datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
        app = await build_app(settings, clock=clock, bot=MockedBot())
        await administration.import_districts(app.db, DISTRICTS_CSV)
        await administration.create_campaign(app.db, name="Зима-2026", starts_on=date(2026, 12, 1),
                                             ends_on=date(2027, 2, 28), now=clock.now())
        async with served(app, clock) as site:
            members = [await site.member(1000 + i, name, district_id=1 + i % 5) for i, name in enumerate(NAMES)]
            for _ in range(10):
                for member in members:
                    if rng.random() < 0.6:
                        await site.give(member, rng.choice([10, 10, 10, 200, 3]))
                clock.advance(timedelta(days=1) - timedelta(seconds=len(members)))
            await web_access.hide_name(app.db, member_id=members[4].id, hidden=True)
            meeting_id = await meeting_now(site)
            async with app.db.transaction() as conn:
                await conn.execute("UPDATE campaigns SET moderation = 'manual'")
            for i, member in enumerate(members[:3]):
                link = links.parse_post_link(f"https://vk.com/wall-100_{500 + i}")
                assert isinstance(link, links.PostLink)
                await posts.submit_post(app.db, CampaignCache(), member=member, link=link, material_id=None,
                                        daily_cap=10, now=clock.now(), today=clock.today())
            queue = [card_link(site, m.id) for m in members[:3]]
            stub = STUB % {"queue": json.dumps(queue), "init": json.dumps(init_data(ORGANISER, at=clock.now()))}
            async with chromium() as browser:
                for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page = await browser.new_page(viewport=viewport, locale="ru-RU")
                    await page.goto(site.url + "/")
                    await page.screenshot(path=OUT / f"rating-{label}.png", full_page=True)
                    await page.close()
                # A referral burst for the signals page, after the public rating was taken (the farm's
                # points would put its inviter on top there).
                await farm(site, 77, "Кирилл Рябов", district_id=2, size=6)
                await signals.run_pass(app.db, now=clock.now(), today=clock.today(), referrals_per_day=5)
                await feed(app, updates.text(1, "/web"))
                signin = re.search(r"(http://\S+/dash/signin/\S+)", texts_to(app, 1)[-1])
                assert signin
                for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
                    page = await browser.new_page(viewport=viewport, locale="ru-RU")
                    if label == "phone":
                        await page.goto(signin.group(1).replace(settings.public_url, site.url))
                        await page.click("#signin")
                        dash_cookies = await page.context.cookies()
                    else:
                        await page.context.add_cookies(dash_cookies)
                    await page.goto(site.url + "/dash")
                    await page.screenshot(path=OUT / f"dashboard-{label}.png", full_page=True)
                    await page.goto(site.url + "/dash/moderation")
                    await page.screenshot(path=OUT / f"moderation-{label}.png", full_page=True)
                    await page.goto(site.url + "/dash/signals")
                    await page.screenshot(path=OUT / f"signals-{label}.png", full_page=True)
                    scanner = await browser.new_page(viewport=viewport, locale="ru-RU",
                                                     stubs={settings.telegram_webapp_js: stub})
                    await scanner.goto(f"{site.url}/scan/{meeting_id}")
                    await scanner.wait_for_function("() => document.getElementById('count').textContent === '3'")
                    await scanner.screenshot(path=OUT / f"scanner-{label}.png", full_page=True)
                    stub = STUB % {"queue": json.dumps([]), "init": json.dumps(init_data(ORGANISER, at=clock.now()))}
                    stub = stub.replace("window.__queue = [];", f"window.__queue = {json.dumps(queue)};")
        await app.close()
    print("screenshots in", OUT)


if __name__ == "__main__":
    asyncio.run(main())
