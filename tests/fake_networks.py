"""A local fake of the networks the verifier asks (SPEC §10), on 127.0.0.1, answering as the real ones document.

- VK API: `GET /method/wall.getById?posts=<owner>_<id>&extended=1&access_token=…&v=5.199` answers
  `{"response": {"items": [...], "profiles": [...], "groups": [...]}}` (API 5.199), or
  `{"error": {"error_code": N, "error_msg": "…"}}`: 5 for a bad key, 6 for too many requests per
  second, 10 for an internal error, 15 for a private wall; a missing or deleted post is an empty
  `items` list, as VK gives it.
- The Telegram post widget: `GET /<channel>/<id>?embed=1` answers the widget page t.me serves:
  the `tgme_widget_message` block with the `tgme_widget_message_text` div (links as <a>, line
  breaks as <br/>), and `tgme_widget_message_forwarded_from_name` for a forwarded post; a missing
  post is the same page with `<div class="tgme_widget_message_error">Post not found</div>`.
- Any other site: `GET /<host>/<path>` answers the page registered for that address, or 404.

Each post has a behaviour: found (with text, reposts, links), missing, private, error,
timeout (answers after `hang` seconds), rate-limit. `latency` delays every answer.
"""

from __future__ import annotations

import asyncio
import html
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

VK_TOKEN = "vk-service-key-for-tests"


@dataclass
class VkPost:
    owner_id: int
    id: int
    text: str = ""
    reposts: list[tuple[int, int]] = field(default_factory=list)     # copy_history: (owner_id, id)
    links: list[str] = field(default_factory=list)                   # link attachments
    behaviour: str = "found"     # found | missing | deleted | private | error | timeout | rate_limit
    screen_name: str | None = None


@dataclass
class TgPost:
    channel: str
    id: int
    text: str = ""                        # plain text; links below are appended as <a>
    links: list[str] = field(default_factory=list)
    forwarded_from: str | None = None     # "https://t.me/<channel>/<id>"
    behaviour: str = "found"              # found | missing | error | timeout | rate_limit


class FakeNetworks:
    def __init__(self, *, latency: float = 0.0, hang: float = 30.0) -> None:
        self.latency = latency
        self.hang = hang
        self.vk: dict[str, VkPost] = {}
        self.tg: dict[str, TgPost] = {}
        self.pages: dict[str, tuple[int, str]] = {}
        self.down = False                 # every network fails (HTTP 502) while True
        self.requests: Counter[str] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- setting up the world ----------------------------------------------------------------

    def add_vk(self, post: VkPost) -> str:
        self.vk[f"{post.owner_id}_{post.id}"] = post
        return f"https://vk.com/wall{post.owner_id}_{post.id}"

    def add_tg(self, post: TgPost) -> str:
        self.tg[f"{post.channel.lower()}/{post.id}"] = post
        return f"https://t.me/{post.channel}/{post.id}"

    def add_page(self, url: str, status: int = 200, body: str = "<html><title>Пост</title><p>Текст</p></html>") -> None:
        self.pages[url.split("://", 1)[-1]] = (status, body)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def env(self, *, token: bool = True) -> dict[str, str]:
        """The bot's settings pointing at this fake."""
        values = {"VK_API_URL": f"{self.base}/method", "TME_URL": f"{self.base}/tme",
                  "VERIFY_WEB_BASE_URL": f"{self.base}/web"}
        if token:
            values["VK_SERVICE_TOKEN"] = VK_TOKEN
        return values

    # -- serving -------------------------------------------------------------------------------

    async def start(self) -> FakeNetworks:
        app = web.Application()
        app.router.add_get("/method/wall.getById", self._vk)
        app.router.add_get("/tme/{channel}/{id}", self._tme)
        app.router.add_get("/web/{address:.*}", self._web)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        _, self.port = self._runner.addresses[0]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> FakeNetworks:
        return await self.start()

    async def __aexit__(self, *_: object) -> None:
        await self.stop()

    async def _answer(self, kind: str, behaviour: str) -> None:
        self.requests[kind] += 1
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.hang if behaviour == "timeout" else self.latency)
        finally:
            self.in_flight -= 1

    async def _vk(self, request: web.Request) -> web.Response:
        key = request.query.get("posts", "")
        post = self.vk.get(key)
        behaviour = post.behaviour if post else "missing"
        await self._answer("vk", behaviour)
        if self.down:
            return web.Response(status=502, text="Bad Gateway")
        if request.query.get("access_token") != VK_TOKEN:
            return _json({"error": {"error_code": 5, "error_msg": "User authorization failed: invalid access_token"}})
        if request.query.get("v") != "5.199":
            return _json({"error": {"error_code": 8, "error_msg": "Invalid request: version is invalid"}})
        if behaviour == "rate_limit":
            return _json({"error": {"error_code": 6, "error_msg": "Too many requests per second"}})
        if behaviour == "error":
            return _json({"error": {"error_code": 10, "error_msg": "Internal server error"}})
        if behaviour == "private":
            return _json({"error": {"error_code": 15, "error_msg": "Access denied: wall is disabled"}})
        if post is None or behaviour in ("missing", "deleted"):
            return _json({"response": {"items": [], "profiles": [], "groups": []}})
        item: dict[str, Any] = {
            "id": post.id, "owner_id": post.owner_id, "from_id": post.owner_id, "date": 1765357200,
            "post_type": "post", "text": post.text,
            "attachments": [{"type": "link", "link": {"url": url, "title": ""}} for url in post.links],
            "comments": {"count": 0}, "likes": {"count": 0}, "reposts": {"count": 0},
        }
        if post.reposts:
            item["copy_history"] = [
                {"id": pid, "owner_id": owner, "from_id": owner, "post_type": "post", "text": "материал"}
                for owner, pid in post.reposts
            ]
        profiles, groups = [], []
        name = post.screen_name or (f"id{post.owner_id}" if post.owner_id > 0 else f"club{-post.owner_id}")
        if post.owner_id > 0:
            profiles.append({"id": post.owner_id, "first_name": "Анна", "last_name": "П", "screen_name": name})
        else:
            groups.append({"id": -post.owner_id, "name": "Группа", "screen_name": name, "type": "page"})
        return _json({"response": {"items": [item], "profiles": profiles, "groups": groups}})

    async def _tme(self, request: web.Request) -> web.Response:
        key = f"{request.match_info['channel'].lower()}/{request.match_info['id']}"
        post = self.tg.get(key)
        behaviour = post.behaviour if post else "missing"
        await self._answer("telegram", behaviour)
        if self.down or behaviour == "error":
            return web.Response(status=502, text="Bad Gateway")
        if behaviour == "rate_limit":
            return web.Response(status=429, text="Too Many Requests", headers={"Retry-After": "1"})
        if request.query.get("embed") != "1":
            return web.Response(status=400, text="embed expected")
        data_post = f"{request.match_info['channel']}/{request.match_info['id']}"
        if post is None or behaviour == "missing":
            return _page(
                f'<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message'
                f' js-widget_message" data-post="{data_post}"><div class="tgme_widget_message_bubble">'
                '<div class="tgme_widget_message_error">Post not found</div></div></div></div>'
            )
        forwarded = ""
        if post.forwarded_from:
            forwarded = (
                '<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from <a'
                f' class="tgme_widget_message_forwarded_from_name" href="{html.escape(post.forwarded_from)}">'
                '<span dir="auto">ВВЕРХ</span></a></div>'
            )
        text = "<br/>".join(html.escape(line) for line in post.text.split("\n"))
        text += "".join(f'<br/><a href="{html.escape(u)}" target="_blank" rel="noopener">{html.escape(u)}</a>'
                        for u in post.links)
        return _page(
            '<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message'
            f' text_not_supported_wrap js-widget_message" data-post="{data_post}" data-view="eyJjIjoxfQ">'
            '<div class="tgme_widget_message_user"><a href="https://t.me/channel"><i'
            ' class="tgme_widget_message_user_photo bgcolor0" data-content="V"></i></a></div>'
            '<div class="tgme_widget_message_bubble"><i class="tgme_widget_message_bubble_tail"></i>'
            '<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name"'
            f' href="https://t.me/{post.channel}"><span dir="auto">Канал</span></a></div>{forwarded}'
            f'<div class="tgme_widget_message_text js-message_text" dir="auto">{text}</div>'
            '<div class="tgme_widget_message_footer compact js-message_footer"><div class="tgme_widget_message_info'
            ' short js-message_info"><span class="tgme_widget_message_views">1.2K</span><span class="copyonly">'
            ' views</span><span class="tgme_widget_message_meta"><a class="tgme_widget_message_date"'
            f' href="https://t.me/{data_post}"><time datetime="2026-12-10T09:00:00+00:00" class="time">09:00'
            '</time></a></span></div></div></div></div></div>'
        )

    async def _web(self, request: web.Request) -> web.Response:
        address = request.match_info["address"]
        if request.query_string:
            address += "?" + request.query_string
        found = self.pages.get(address)
        await self._answer("web", "found")
        if self.down:
            return web.Response(status=502, text="Bad Gateway")
        if found is None:
            return web.Response(status=404, text="<html><title>404 Not Found</title></html>", content_type="text/html")
        status, body = found
        return web.Response(status=status, text=body, content_type="text/html")


def _json(payload: dict[str, Any]) -> web.Response:
    return web.json_response(payload)


def _page(body: str) -> web.Response:
    return web.Response(
        text='<!DOCTYPE html><html><head><meta charset="utf-8"><title>Telegram Widget</title></head>'
             f'<body class="body_widget_post emoji_image nodark">{body}</body></html>',
        content_type="text/html",
    )
