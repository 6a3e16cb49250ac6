"""The Discogs client: a thin aiohttp adapter over the pure helpers in protocol.py.

Every request waits for the shared RateLimiter and has a timeout. A 429 is tried at most
`max_attempts` times in all, honouring Retry-After; transient failures (connection errors,
timeouts, 502/503/504) are retried on GETs only, since a POST may have been processed.
Whatever goes wrong leaves as a DiscogsError.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import aiohttp
import backoff

from wax.discogs import protocol
from wax.discogs.errors import (
    DiscogsBadResponse,
    DiscogsError,
    DiscogsRateLimited,
)
from wax.discogs.ratelimit import RateLimiter

logger = logging.getLogger("wax.discogs")

DEFAULT_TIMEOUT = 20.0  # seconds for one whole request, connection to last byte
RELEASE_CACHE_TTL = 60.0  # a search and the fetch that follows it share release lookups
RELEASE_CACHE_SIZE = 256
MAX_RETRY_AFTER = 60.0  # Discogs's window is a minute; never wait longer than that

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]


@dataclass(frozen=True)
class CollectionPage:
    items: list[dict[str, Any]]
    page: int
    pages: int
    total_items: int


class _TransientError(DiscogsError):
    """A failure worth another try on a GET (connection, timeout, 502/503/504)."""


class DiscogsClient:
    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        base_url: str,
        token: str | None,
        user_agent: str,
        limiter: RateLimiter,
        timeout: float = DEFAULT_TIMEOUT,
        max_attempts: int = 3,
        retry_base_delay: float = 1.0,
        cache_ttl: float = RELEASE_CACHE_TTL,
        sleep: Sleep = asyncio.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        self._session = session
        self._base_url = base_url.rstrip("/")
        self._token = token
        self._headers = protocol.build_headers(token, user_agent)
        self.limiter = limiter
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_attempts = max(max_attempts, 1)
        self.retry_base_delay = retry_base_delay  # the first wait; each further one doubles
        self._cache_ttl = cache_ttl
        self._sleep = sleep
        self._clock = clock
        self._releases: OrderedDict[int, tuple[float, dict[str, Any]]] = OrderedDict()

    @property
    def has_token(self) -> bool:
        return bool(self._token)

    async def search(
        self, params: Mapping[str, str], *, per_page: int = 10
    ) -> list[dict[str, Any]]:
        """GET /database/search for releases; the raw `results`, any format (not only Vinyl)."""
        query = {"type": "release", **params, "per_page": str(per_page)}
        body = await self._get("/database/search", query)
        results = _mapping(body, "search").get("results")
        if not isinstance(results, list):
            raise DiscogsBadResponse("Discogs answered a search without a list of results")
        return [result for result in results if isinstance(result, dict)]

    async def get_release(self, release_id: int, *, fresh: bool = False) -> dict[str, Any]:
        """GET /releases/{id}, served from a short cache unless `fresh` (which refills it)."""
        if not fresh and (cached := self._cached_release(release_id)) is not None:
            return cached
        body = await self._get(f"/releases/{int(release_id)}")
        release = _mapping(body, "release")
        self._remember_release(release_id, release)
        return copy.deepcopy(release)

    async def iter_collection(
        self, username: str, *, folder_id: int = 0, per_page: int = 100
    ) -> AsyncIterator[CollectionPage]:
        """Every page of a collection folder, in order (folder 0 is the whole collection)."""
        path = f"/users/{_segment(username)}/collection/folders/{int(folder_id)}/releases"
        page: int | None = 1
        while page is not None:
            body = _mapping(
                await self._get(path, {"per_page": str(per_page), "page": str(page)}), "collection"
            )
            items = body.get("releases")
            if not isinstance(items, list):
                raise DiscogsBadResponse("Discogs answered a collection page without releases")
            pagination = body.get("pagination")
            pagination = pagination if isinstance(pagination, Mapping) else {}
            yield CollectionPage(
                items=[item for item in items if isinstance(item, dict)],
                page=page,
                pages=_int(pagination.get("pages"), page),
                total_items=_int(pagination.get("items"), len(items)),
            )
            following = protocol.next_page(pagination)
            page = following if following is not None and following > page else None

    async def release_in_collection(self, username: str, release_id: int) -> bool:
        """Whether the user's collection holds at least one copy of the release."""
        path = f"/users/{_segment(username)}/collection/releases/{int(release_id)}"
        releases = _mapping(await self._get(path), "collection").get("releases")
        return isinstance(releases, list) and len(releases) > 0

    async def add_to_collection(
        self, username: str, release_id: int, *, folder_id: int = 1
    ) -> bool:
        """POST a copy into a folder: True when added (201), False when already there (409).

        Discogs adds a second copy rather than answering 409, so check first.
        """
        path = (
            f"/users/{_segment(username)}/collection/folders/{int(folder_id)}"
            f"/releases/{int(release_id)}"
        )
        status, _ = await self._request("POST", path, accept_statuses=frozenset({409}))
        return status != 409

    async def _get(self, path: str, params: Mapping[str, str] | None = None) -> Any:
        _, body = await self._request("GET", path, params=params)
        return body

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        accept_statuses: frozenset[int] = frozenset(),
    ) -> tuple[int, Any]:
        retry_transient = method == "GET"
        waits = self._waits()
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt(method, path, params, accept_statuses)
            except (DiscogsRateLimited, _TransientError) as error:
                retryable = isinstance(error, DiscogsRateLimited) or retry_transient
                if not retryable or attempt >= self._max_attempts:
                    if isinstance(error, _TransientError):
                        raise DiscogsError(error.message, status=error.status) from None
                    raise
                asked = _retry_after(error)
                wait = next(waits) if asked is None else asked
                logger.warning(
                    "Discogs %s %s failed (%s); retrying in %.2f s (attempt %d of %d)",
                    method,
                    path,
                    error.message,
                    wait,
                    attempt + 1,
                    self._max_attempts,
                )
                await self._sleep(wait)

    async def _attempt(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        accept_statuses: frozenset[int],
    ) -> tuple[int, Any]:
        await self.limiter.acquire()
        what = f"{method} {path}"
        try:
            async with self._session.request(
                method,
                self._base_url + path,
                params=dict(params) if params else None,
                headers=self._headers,
                timeout=self._timeout,
            ) as response:
                status, headers, body = response.status, response.headers, await response.read()
        except TimeoutError:
            raise _TransientError(f"Discogs did not answer {what} in time") from None
        except aiohttp.ClientError as error:
            raise _TransientError(
                f"Could not reach Discogs for {what}: {_describe(error)}"
            ) from None
        self.limiter.observe(protocol.rate_limit_remaining(headers))
        if status in accept_statuses:
            return status, None
        try:
            return status, protocol.decode_body(status, headers, body)
        except DiscogsRateLimited:
            raise
        except DiscogsError as error:
            if error.status in protocol.TRANSIENT_STATUSES:
                raise _TransientError(error.message, status=error.status) from None
            raise

    def _waits(self) -> Iterator[float]:
        """Exponential waits with full jitter: base, 2 x base, 4 x base ... each randomised."""
        for delay in backoff.expo(base=2, factor=self.retry_base_delay):
            if delay is not None:
                yield float(backoff.full_jitter(delay))

    def _cached_release(self, release_id: int) -> dict[str, Any] | None:
        entry = self._releases.get(release_id)
        if entry is None:
            return None
        stored_at, release = entry
        if self._clock() - stored_at > self._cache_ttl:
            del self._releases[release_id]
            return None
        self._releases.move_to_end(release_id)
        return copy.deepcopy(release)

    def _remember_release(self, release_id: int, release: dict[str, Any]) -> None:
        self._releases[release_id] = (self._clock(), copy.deepcopy(release))
        self._releases.move_to_end(release_id)
        while len(self._releases) > RELEASE_CACHE_SIZE:
            self._releases.popitem(last=False)


def _retry_after(error: DiscogsError) -> float | None:
    if isinstance(error, DiscogsRateLimited) and error.retry_after is not None:
        return min(error.retry_after, MAX_RETRY_AFTER)
    return None


def _describe(error: aiohttp.ClientError) -> str:
    return str(error) or type(error).__name__


def _segment(value: str) -> str:
    return quote(value, safe="")


def _mapping(body: Any, what: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise DiscogsBadResponse(f"Discogs answered the {what} request with an unexpected shape")
    return body


def _int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
