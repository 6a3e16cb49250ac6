"""Failures of the Discogs client, its own: the resolvers translate them into wax.errors.

    DiscogsError            every client failure; the message says what, in plain words
    ├── DiscogsNotFound     404: no such release, user or folder
    ├── DiscogsAuthError    401/403: the token is missing, wrong or not allowed
    ├── DiscogsRateLimited  still 429 after the allowed attempts
    └── DiscogsBadResponse  malformed JSON or an unexpected shape

aiohttp and JSON errors never leave the client; they arrive here first.
"""

from __future__ import annotations


class DiscogsError(Exception):
    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class DiscogsNotFound(DiscogsError):
    pass


class DiscogsAuthError(DiscogsError):
    pass


class DiscogsRateLimited(DiscogsError):
    def __init__(
        self, message: str, *, status: int | None = 429, retry_after: float | None = None
    ) -> None:
        super().__init__(message, status=status)
        self.retry_after = retry_after  # seconds Discogs asked us to wait, when it said


class DiscogsBadResponse(DiscogsError):
    pass
