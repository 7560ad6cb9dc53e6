"""The chart on the public page: every label is drawn inside the picture, on a phone and a desktop."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.web.conftest import DESKTOP, PHONE, Site

# Each text's box in the SVG's own units, against the drawing's width and height (its viewBox).
OUTSIDE = """() => {
  const svg = document.querySelector('#chart svg');
  const box = svg.viewBox.baseVal;
  return Array.from(svg.querySelectorAll('text')).map(t => [t.textContent, t.getBBox()])
    .filter(([, b]) => b.x < box.x || b.y < box.y || b.x + b.width > box.x + box.width
                       || b.y + b.height > box.y + box.height)
    .map(([text]) => text);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
async def test_no_chart_label_is_cut_off(site: Site, browser, viewport: dict[str, int]) -> None:  # noqa: ANN001
    anna = await site.member(101, "Анна Смирнова", district_id=1)
    boris = await site.member(102, "Борис Ким", district_id=2)
    for _ in range(9):                          # ten days of points: labels on the first, middle and last day
        await site.give(anna, 10)
        await site.give(boris, 2_000)           # 200 points: the widest number on the axis
        site.clock.advance(timedelta(days=1))
    page = await browser.new_page(viewport=viewport, locale="ru-RU")
    await page.goto(site.url + "/")
    labels = await page.evaluate("() => Array.from(document.querySelectorAll('#chart svg text'), t => t.textContent)")
    assert labels[-3:] == ["01.12", "10.12", "19.12"]           # the campaign's first day, the middle, today
    assert await page.evaluate(OUTSIDE) == []
    await page.close()
