"""Settings from the environment or a `.env` file (SPEC §7).

Bad configuration must end the start with one clear line, never a traceback:
`load_settings()` turns pydantic's validation report into `ConfigError`.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.links import DEFAULT_ALLOWED_POST_DOMAINS

TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,}$")
TOKEN_HELP = (
    "BOT_TOKEN is missing or malformed: open @BotFather in Telegram, send /newbot, "
    "and put the token it gives you (like 123456789:AAE...) into BOT_TOKEN or a .env file"
)
SUPPORTED_LOCALES = ("ru", "en")
# Telegram's rule for setWebhook's secret_token.
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
# A local Bot API server (`telegram-bot-api --local`) delivers over plain HTTP on the same machine.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class ConfigError(Exception):
    """A configuration problem, phrased as one line for the operator."""


def _split_csv(value: object) -> object:
    if isinstance(value, str):
        return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    telegram_api_url: str | None = None
    database_url: str = "sqlite:///data/vverh.db"
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Europe/Moscow"
    default_locale: str = "ru"
    org_name: str = "ВВЕРХ"
    broadcast_time: time = time(19, 0)
    digest_time: time = time(9, 0)
    broadcast_rate: int = Field(default=25, ge=1, le=30)
    qr_secret: SecretStr | None = None
    post_daily_cap: int = Field(default=10, ge=1, le=1000)
    allowed_post_domains: Annotated[tuple[str, ...], NoDecode] = DEFAULT_ALLOWED_POST_DOMAINS
    reserve_top_n: int = Field(default=50, ge=1, le=10_000)
    privacy_url: str | None = None
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1:8080"
    webhook_secret: SecretStr | None = None
    # Per-user flood limit: a sustained rate (updates per second; 0 turns the limit off) and a burst.
    flood_rate: float = Field(default=3.0, ge=0, le=1000)
    flood_burst: int = Field(default=20, ge=1, le=10_000)
    log_level: str = "INFO"
    # Post verification (SPEC §10): the networks' endpoints, a per-network pace and timeout, and
    # how long a network that does not answer is retried before a coordinator decides.
    vk_api_url: str = "https://api.vk.com/method"
    vk_service_token: SecretStr | None = None
    tme_url: str = "https://t.me"
    verify_web_base_url: str | None = None   # send the other networks' checks here instead (a proxy, or tests)
    verify_retry_hours: float = Field(default=6, gt=0, le=24 * 30)
    verify_retry_first_seconds: float = Field(default=30, gt=0, le=3600)
    verify_timeout: float = Field(default=10, gt=0, le=120)
    verify_vk_rate: float = Field(default=3, gt=0, le=100)
    verify_telegram_rate: float = Field(default=5, gt=0, le=100)
    verify_web_rate: float = Field(default=2, gt=0, le=100)
    # Fraud signals: referees from one inviter within 24 hours that make a burst.
    flag_referrals_per_day: int = Field(default=5, ge=2, le=10_000)

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not TOKEN_PATTERN.match(value.get_secret_value().strip()):
            raise ValueError("malformed")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> object:
        return _split_csv(value)

    @field_validator("allowed_post_domains", mode="before")
    @classmethod
    def _domains(cls, value: object) -> object:
        parts = _split_csv(value)
        if isinstance(parts, list):
            return tuple(p.lower() for p in parts)
        return parts

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r} (use an IANA name like Europe/Moscow)") from exc
        return value

    @field_validator("default_locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith("sqlite:///"):
            raise ValueError("only sqlite:///path/to/file.db is supported")
        return value

    @field_validator("webhook_listen")
    @classmethod
    def _listen(cls, value: str) -> str:
        host, sep, port = value.rpartition(":")
        if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must look like HOST:PORT, e.g. 127.0.0.1:8080")
        return value

    @field_validator("vk_api_url", "tme_url", "verify_web_base_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be a full URL such as https://api.vk.com/method")
        return value.strip().rstrip("/")

    @field_validator("vk_service_token")
    @classmethod
    def _vk_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        return SecretStr(value.get_secret_value().strip())

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        parts = urlsplit(value.strip())
        if not parts.hostname:
            raise ValueError("must be a full URL, e.g. https://bot.example.org/telegram")
        if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
            raise ValueError("must start with https:// (Telegram delivers webhooks over HTTPS only)")
        return value.strip()

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        if not WEBHOOK_SECRET_PATTERN.match(value.get_secret_value()):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError(
                "WEBHOOK_SECRET is required when WEBHOOK_URL is set: 1-256 characters of A-Z, a-z, 0-9, _ and -"
                " (for example the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        return self

    @property
    def webhook_path(self) -> str:
        """The path Telegram posts updates to, taken from WEBHOOK_URL."""
        return urlsplit(self.webhook_url or "").path or "/"

    @property
    def webhook_host_port(self) -> tuple[str, int]:
        host, _, port = self.webhook_listen.rpartition(":")
        return host.strip("[]"), int(port)

    @property
    def database_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def require_token(self) -> str:
        """The bot token, or `ConfigError` saying how to get one."""
        if self.bot_token is None:
            raise ConfigError(TOKEN_HELP)
        return self.bot_token.get_secret_value()

    def is_admin(self, tg_id: int) -> bool:
        return tg_id in self.admin_ids


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    message = first["msg"].removeprefix("Value error, ")
    if not first["loc"]:
        return message  # a rule across settings names its variables itself
    field = str(first["loc"][0])
    if field == "bot_token":
        return TOKEN_HELP
    return f"{field.upper()}: {message}"


def load_settings(**overrides: object) -> Settings:
    """Read settings, raising `ConfigError` with a single operator-facing line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None
