"""One validated Settings object, built from the environment at start-up.

Nothing else in wax reads the environment: settings are passed in.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from wax import __version__

DEFAULT_DATABASE_URL = "sqlite://wax.sqlite3"
DEFAULT_DISCOGS_API_URL = "https://api.discogs.com"
DEFAULT_USER_AGENT = f"wax/{__version__} +https://github.com/wax-music/wax"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class SettingsError(ValueError):
    """A setting has a value wax cannot use; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    discogs_token: str | None = None
    discogs_username: str | None = None
    discogs_api_url: str = DEFAULT_DISCOGS_API_URL
    discogs_user_agent: str = DEFAULT_USER_AGENT
    # the first wait before retrying a failed Discogs request (doubling after); not read from
    # the environment, tests shorten it
    discogs_retry_base_delay: float = 1.0
    # requests per moving minute; Discogs allows 60 with a token and 25 without
    discogs_rate_limit: int | None = None
    tombstone_retention_days: int = 30
    # the owner's music files, read by the library scanner; None: no scanning
    music_dir: Path | None = None
    # watch music_dir and scan what changes (one process of a server watches)
    library_watch: bool = False
    # how long the folder must stay still after a change before the watch scans it
    library_watch_quiet_seconds: float = 5.0
    # signs media URLs; None: one made on first start and kept in the database
    secret_key: str | None = None
    # how long a signed stream, download or cover URL works
    media_url_ttl_seconds: int = 3600
    # the ffmpeg that transcodes streams (a name on PATH or a path); missing: originals only
    ffmpeg: str = "ffmpeg"
    graphql_introspection: bool = True
    # the short execution path for plain fields (wax.schema.execution); off: graphql-core's own
    graphql_fast_path: bool = True
    allowed_origins: tuple[str, ...] = field(default_factory=tuple)
    log_level: str = "info"
    # how often each process checks the tokens of its open websockets
    socket_token_check_seconds: float = 2.0
    # slow clients: a request's headers must arrive within this long of its first byte,
    header_timeout_seconds: float = 10.0
    # its body may pause this long between bytes,
    body_idle_timeout_seconds: float = 10.0
    # and the whole request must arrive within this long
    request_timeout_seconds: float = 30.0

    def __post_init__(self) -> None:
        _check_database_url(self.database_url)
        _check_http_url("DISCOGS_API_URL", self.discogs_api_url)
        if self.music_dir is not None and not self.music_dir.is_absolute():
            raise SettingsError(
                f"WAX_MUSIC_DIR must be an absolute path (got {str(self.music_dir)!r})"
            )
        if self.library_watch and self.music_dir is None:
            raise SettingsError("WAX_LIBRARY_WATCH=true needs WAX_MUSIC_DIR, the folder to watch")
        if self.media_url_ttl_seconds < 1:
            raise SettingsError("WAX_MEDIA_URL_TTL must be at least 1 (seconds)")
        if self.secret_key is not None and len(self.secret_key) < 16:
            raise SettingsError("WAX_SECRET_KEY must be at least 16 characters")
        if self.tombstone_retention_days < 1:
            raise SettingsError("WAX_TOMBSTONE_RETENTION_DAYS must be at least 1")
        if not (
            self.discogs_retry_base_delay >= 0 and math.isfinite(self.discogs_retry_base_delay)
        ):
            raise SettingsError("discogs_retry_base_delay must be a number of seconds, 0 or more")
        if self.discogs_rate_limit is not None and self.discogs_rate_limit < 1:
            raise SettingsError("WAX_DISCOGS_RATE_LIMIT must be at least 1")
        for name, seconds in (
            ("WAX_LIBRARY_WATCH_QUIET_SECONDS", self.library_watch_quiet_seconds),
            ("WAX_SOCKET_TOKEN_CHECK_SECONDS", self.socket_token_check_seconds),
            ("WAX_HEADER_TIMEOUT_SECONDS", self.header_timeout_seconds),
            ("WAX_BODY_IDLE_TIMEOUT_SECONDS", self.body_idle_timeout_seconds),
            ("WAX_REQUEST_TIMEOUT_SECONDS", self.request_timeout_seconds),
        ):
            if not (seconds > 0 and math.isfinite(seconds)):
                raise SettingsError(f"{name} must be a positive number of seconds")

    @property
    def discogs_requests_per_minute(self) -> int:
        if self.discogs_rate_limit is not None:
            return self.discogs_rate_limit
        return 60 if self.discogs_token else 25

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgres")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=normalise_database_url(env.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            discogs_token=env.get("DISCOGS_TOKEN") or None,
            discogs_username=env.get("DISCOGS_USERNAME") or None,
            discogs_api_url=(env.get("DISCOGS_API_URL") or DEFAULT_DISCOGS_API_URL).rstrip("/"),
            discogs_user_agent=env.get("DISCOGS_USER_AGENT") or DEFAULT_USER_AGENT,
            discogs_rate_limit=_optional_int(env, "WAX_DISCOGS_RATE_LIMIT"),
            music_dir=Path(env["WAX_MUSIC_DIR"]) if env.get("WAX_MUSIC_DIR") else None,
            library_watch=_bool(env, "WAX_LIBRARY_WATCH", False),
            library_watch_quiet_seconds=_seconds(env, "WAX_LIBRARY_WATCH_QUIET_SECONDS", 5.0),
            secret_key=env.get("WAX_SECRET_KEY") or None,
            media_url_ttl_seconds=_int(env, "WAX_MEDIA_URL_TTL", 3600),
            ffmpeg=env.get("WAX_FFMPEG") or "ffmpeg",
            tombstone_retention_days=_int(env, "WAX_TOMBSTONE_RETENTION_DAYS", 30),
            graphql_introspection=_bool(env, "WAX_GRAPHQL_INTROSPECTION", True),
            graphql_fast_path=_bool(env, "WAX_GRAPHQL_FAST_PATH", True),
            allowed_origins=_origins(env, "WAX_ALLOWED_ORIGINS"),
            log_level=_choice(
                env, "WAX_LOG_LEVEL", "info", ("critical", "error", "warning", "info", "debug")
            ),
            socket_token_check_seconds=_seconds(env, "WAX_SOCKET_TOKEN_CHECK_SECONDS", 2.0),
            header_timeout_seconds=_seconds(env, "WAX_HEADER_TIMEOUT_SECONDS", 10.0),
            body_idle_timeout_seconds=_seconds(env, "WAX_BODY_IDLE_TIMEOUT_SECONDS", 10.0),
            request_timeout_seconds=_seconds(env, "WAX_REQUEST_TIMEOUT_SECONDS", 30.0),
        )


def normalise_database_url(url: str) -> str:
    """Accept the spellings people use; Tortoise wants `postgres://` and `sqlite://`."""
    for alias in ("postgresql://", "postgresql+asyncpg://", "asyncpg://"):
        if url.startswith(alias):
            return "postgres://" + url[len(alias) :]
    return url


def _check_database_url(url: str) -> None:
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres"}:
        raise SettingsError(f"DATABASE_URL must start with sqlite:// or postgres:// (got {url!r})")
    if scheme == "sqlite" and not url[len("sqlite://") :]:
        raise SettingsError("DATABASE_URL names no SQLite file (try sqlite://wax.sqlite3)")
    if scheme == "postgres" and not urlsplit(url).path.strip("/"):
        raise SettingsError("DATABASE_URL names no PostgreSQL database (postgres://host/dbname)")


def _check_http_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise SettingsError(f"{name} must be an http(s) URL (got {url!r})")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = _optional_int(env, name)
    return default if value is None else value


def _optional_int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a whole number (got {raw!r})") from None


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number of seconds (got {raw!r})") from None


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false (got {raw!r})")


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    written = [item.strip() for item in env.get(name, "").split(",") if item.strip()]
    for item in written:
        if item != "*" and not _is_origin(item.rstrip("/")):
            raise SettingsError(
                f"{name} must list origins like https://app.example.com"
                f" (scheme://host[:port], no path), comma-separated (got {item!r})"
            )
    return tuple(item.rstrip("/") for item in written)


def _is_origin(value: str) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        return False
    return bool(
        parts.scheme
        and parts.hostname
        and "@" not in parts.netloc
        and not (parts.path or parts.query or parts.fragment)
    )


def redact(url: str) -> str:
    """The URL with its password, if any, replaced by ***."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.split(":", 1)[0]
    return f"{scheme}{sep}{user}:***@{host}" if ":" in credentials else url


def _choice(env: Mapping[str, str], name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = env.get(name, "").strip().lower() or default
    if raw not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)} (got {raw!r})")
    return raw
