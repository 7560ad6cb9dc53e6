"""Per-update context: who is acting, in which language; and log records that say so."""

from __future__ import annotations

import contextvars
import logging

update_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("update_id", default=None)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
handler_var: contextvars.ContextVar[str | None] = contextvars.ContextVar("handler", default=None)


class UpdateContextFilter(logging.Filter):
    """Adds update, user and handler to every log record emitted while handling an update."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.update_id = update_id_var.get() or "-"
        record.user_id = user_id_var.get() or "-"
        record.handler = handler_var.get() or "-"
        return True


LOG_FORMAT = (
    "%(asctime)s %(levelname)s %(name)s [update=%(update_id)s user=%(user_id)s handler=%(handler)s] %(message)s"
)


def setup_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.addFilter(UpdateContextFilter())
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper() if level.upper() in logging.getLevelNamesMapping() else "INFO")
    logging.getLogger("aiogram.event").setLevel(logging.WARNING)
