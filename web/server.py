"""Composes the web side: routes, security headers, error pages, and the listener.

In polling mode the pages get their own listener on WEB_LISTEN; in webhook mode they
are installed on the webhook's application, so one listener serves both.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from bot.runtime.config import ConfigError
from web import dash, scanner
from web.render import pick_lang
from web.services import SERVICES, WebServices

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


# Security headers: nothing from elsewhere but Telegram's own scripts, no framing but /embed.
_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; "
    "frame-ancestors {frames}; script-src {scripts}; connect-src 'self'; frame-src {frame_src}"
)


def _csp(request: web.Request, services: WebServices) -> str:
    scripts = "'none'"
    frame_src = "'none'"
    if request.path.startswith("/scan/"):
        scripts = f"'self' {_origin(services.settings.telegram_webapp_js)}"
    elif request.path == "/dash/login":
        scripts = _origin(services.settings.telegram_widget_js)
        frame_src = "https://oauth.telegram.org"
    frames = "*" if request.path == "/embed" else "'none'"
    return _CSP.format(frames=frames, scripts=scripts, frame_src=frame_src)


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/')[0]}"


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    services = request.app[SERVICES]
    try:
        response = await handler(request)
    except web.HTTPException as error:
        if _passes_through(request, services, error):
            _secure(request, services, error)
            raise
        response = _error_page(request, services, error)
    except Exception:
        log.exception("web request %s %s failed", request.method, request.path)
        response = _error_page(request, services, web.HTTPInternalServerError())
    _secure(request, services, response)
    return response


def _secure(request: web.Request, services: WebServices, response: web.StreamResponse) -> None:
    response.headers["Content-Security-Policy"] = _csp(request, services)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "geolocation=(), microphone=()"
    if request.path != "/embed":
        response.headers["X-Frame-Options"] = "DENY"
    if services.settings.secure_cookies:
        response.headers["Strict-Transport-Security"] = "max-age=31536000"
    if request.path.startswith(("/dash", "/scan")):
        response.headers["Cache-Control"] = "no-store"


def _passes_through(request: web.Request, services: WebServices, error: web.HTTPException) -> bool:
    """Redirects, the scanner's JSON answers and the webhook's answers stay as they are."""
    return (error.status < 400 or request.path.startswith("/scan/") and request.method == "POST"
            or bool(services.settings.webhook_url) and request.path == services.settings.webhook_path)


_ERRORS = {
    400: ("web-error-bad-request", "web-error-bad-request-text"),
    403: ("web-error-forbidden", "web-error-forbidden-text"),
    404: ("web-error-not-found", "web-error-not-found-text"),
    429: ("web-error-too-many", "web-error-too-many-text"),
}


def _error_page(request: web.Request, services: WebServices, error: web.HTTPException) -> web.StreamResponse:
    title, text = _ERRORS.get(error.status, ("web-error-server", "web-error-server-text"))
    html = services.pages.render("error.html", pick_lang(request, services.i18n), org=services.settings.org_name,
                                 title=title, text=text)
    return web.Response(text=html, status=error.status, content_type="text/html")


async def _robots(request: web.Request) -> web.Response:
    return web.Response(text="User-agent: *\nDisallow: /dash\nDisallow: /scan\n")


def install(app: web.Application, services: WebServices) -> None:
    """Add the pages to an aiohttp application (ours in polling mode, the webhook's otherwise)."""
    app[SERVICES] = services
    app.middlewares.append(security_headers)
    public = services.public
    app.router.add_get("/", public.rating)
    app.router.add_get("/rating", public.rating)
    app.router.add_get(r"/c/{campaign}", public.rating)
    app.router.add_get("/embed", public.embed)
    app.router.add_get("/robots.txt", _robots)
    app.router.add_static("/static/", STATIC, append_version=False)
    dash.install(app)
    scanner.install(app)


def build_app(services: WebServices) -> web.Application:
    app = web.Application(client_max_size=64 * 1024)
    install(app, services)
    return app


async def start(services: WebServices) -> web.AppRunner:
    """Listen on WEB_LISTEN (polling mode); a port that cannot be taken is one clear line."""
    host_port = services.settings.web_host_port
    assert host_port is not None
    runner = web.AppRunner(build_app(services), access_log=None, shutdown_timeout=5)
    await runner.setup()
    host, port = host_port
    try:
        await web.TCPSite(runner, host, port).start()
    except OSError as error:
        await runner.cleanup()
        raise ConfigError(
            f"WEB_LISTEN: cannot listen on {host}:{port} ({error.strerror or error}); "
            "choose another HOST:PORT, or WEB_LISTEN=off"
        ) from None
    log.info("web pages on http://%s:%s (people reach them at %s)", host, port, services.settings.public_url)
    return runner
