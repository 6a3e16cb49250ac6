"""Pure helpers for speaking to Discogs (gidgethub style): no I/O, easy to test.

The aiohttp adapter in client.py sends what these build and hands them what it receives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from wax.discogs.errors import (
    DiscogsAuthError,
    DiscogsBadResponse,
    DiscogsError,
    DiscogsNotFound,
    DiscogsRateLimited,
)

ACCEPT = "application/vnd.discogs.v2.discogs+json"
RATE_LIMIT_REMAINING = "X-Discogs-Ratelimit-Remaining"
RETRY_AFTER = "Retry-After"
# statuses worth another try on a GET: the request may well succeed in a moment
TRANSIENT_STATUSES = frozenset({502, 503, 504})


def build_headers(token: str | None, user_agent: str) -> dict[str, str]:
    headers = {"User-Agent": user_agent, "Accept": ACCEPT}
    if token:
        headers["Authorization"] = f"Discogs token={token}"
    return headers


def decode_body(status: int, headers: Mapping[str, str], body: bytes) -> Any:
    """The decoded JSON of a successful answer; the right DiscogsError for any other."""
    if 200 <= status < 300:
        if not body.strip():
            return None
        try:
            return json.loads(body)
        except ValueError:
            raise DiscogsBadResponse(
                f"Discogs answered {status} with a body that is not JSON", status=status
            ) from None
    reason = _error_message(body)
    detail = f": {reason}" if reason else ""
    if status == 404:
        raise DiscogsNotFound(f"Discogs has no such resource (404){detail}", status=status)
    if status in (401, 403):
        raise DiscogsAuthError(
            f"Discogs refused the credentials ({status}){detail}; check DISCOGS_TOKEN",
            status=status,
        )
    if status == 429:
        raise DiscogsRateLimited(
            f"Discogs is rate limiting wax (429){detail}; try again in a minute",
            status=status,
            retry_after=retry_after(headers),
        )
    if status >= 500:
        raise DiscogsError(f"Discogs failed with a server error ({status}){detail}", status=status)
    raise DiscogsError(f"Discogs rejected the request ({status}){detail}", status=status)


def rate_limit_remaining(headers: Mapping[str, str]) -> int | None:
    """How many requests Discogs says are left in its moving minute, when it says."""
    raw = _header(headers, RATE_LIMIT_REMAINING)
    if raw is None:
        return None
    try:
        return max(int(raw.strip()), 0)
    except ValueError:
        return None


def retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), when usable."""
    raw = _header(headers, RETRY_AFTER)
    if raw is None or not raw.strip():
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - (now or datetime.now(UTC))).total_seconds()
    if seconds != seconds or seconds in (float("inf"), float("-inf")):
        return None
    return max(seconds, 0.0)


def next_page(pagination: Any) -> int | None:
    """The page after this one, from a response's `pagination`; None on the last page.

    Uses the page numbers, not `urls.next`, which real responses sometimes get wrong.
    """
    if not isinstance(pagination, Mapping):
        return None
    page, pages = _int_or_none(pagination.get("page")), _int_or_none(pagination.get("pages"))
    if page is None or pages is None or page >= pages:
        return None
    return page + 1


def _header(headers: Mapping[str, str], name: str) -> str | None:
    value = headers.get(name)
    if value is not None:
        return value
    wanted = name.lower()
    for key, candidate in headers.items():
        if key.lower() == wanted:
            return candidate
    return None


def _error_message(body: bytes) -> str | None:
    try:
        decoded = json.loads(body)
    except ValueError:
        return None
    if isinstance(decoded, Mapping) and isinstance(decoded.get("message"), str):
        return str(decoded["message"])[:200]
    return None


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
