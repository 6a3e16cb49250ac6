"""The errors of wax's domain, free of any transport.

    WaxError
    ├── DatabaseNotReady    the database cannot be opened or is not migrated (at start)
    ├── InvalidInput        bad input from a client (field names the culprit)
    │   └── UnstorableText  text with a NUL or a lone UTF-16 surrogate (no database takes it)
    ├── NotFound            no such thing, or not yours to see
    ├── Conflict            would duplicate something that exists
    ├── Unauthorized        no valid credentials
    ├── Forbidden           valid credentials, not allowed
    ├── DatabaseUnavailable the database cannot be reached or used right now (try again)
    ├── MusicFolderNotConfigured  WAX_MUSIC_DIR is not set, so there is nothing to scan
    ├── MediaFileUnreadable  a song's file is there but cannot be read (permissions, disk)
    ├── TranscoderMissing    a transcoded stream was asked for and ffmpeg is not installed
    └── UpstreamError       a service wax depends on failed
        ├── DiscogsNotConfigured   Discogs settings missing
        └── DiscogsUnavailable     Discogs failed or answered nonsense

The edges translate them: REST into status codes and documented bodies,
GraphQL into typed result unions. Anything else is a bug and is masked.
"""

from __future__ import annotations

from typing import Any


class WaxError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseNotReady(WaxError):
    pass


class InvalidInput(WaxError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class UnstorableText(InvalidInput):
    pass


class NotFound(WaxError):
    pass


class Conflict(WaxError):
    def __init__(self, message: str, existing: Any = None) -> None:
        super().__init__(message)
        self.existing = existing


class Unauthorized(WaxError):
    def __init__(self, message: str = "Unauthenticated.") -> None:
        super().__init__(message)


class Forbidden(WaxError):
    pass


class DatabaseUnavailable(WaxError):
    """Raised where the driver's error enters (wax.database_clients), never for a bad query."""

    def __init__(
        self, message: str = "The database is unavailable right now; try again shortly."
    ) -> None:
        super().__init__(message)


class MusicFolderNotConfigured(WaxError):
    def __init__(
        self, message: str = "The library scan needs WAX_MUSIC_DIR: it is not set."
    ) -> None:
        super().__init__(message)


class MediaFileUnreadable(WaxError):
    pass


class TranscoderMissing(WaxError):
    def __init__(
        self,
        message: str = "A transcoded stream needs ffmpeg, which is not installed on this server;"
        " ask for format=original.",
    ) -> None:
        super().__init__(message)


class UpstreamError(WaxError):
    pass


class DiscogsNotConfigured(UpstreamError):
    pass


class DiscogsUnavailable(UpstreamError):
    pass
