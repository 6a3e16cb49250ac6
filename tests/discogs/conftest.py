from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import pytest
from aioresponses import aioresponses
from yarl import URL

from tests.discogs.fakes import FakeTime
from wax.discogs.client import DiscogsClient
from wax.discogs.ratelimit import RateLimiter

BASE = "http://discogs.test"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "discogs"

MakeClient = Callable[..., DiscogsClient]


def fixture_json(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def sent(mocked: aioresponses, method: str, path: str) -> list[tuple[URL, dict[str, Any]]]:
    """The requests made to a path (any query), in order, with the kwargs they were sent with."""
    calls = [
        (url, call.kwargs)
        for (verb, url), recorded in mocked.requests.items()
        if verb == method and url.path == path
        for call in recorded
    ]
    return calls


class CompatibleResponse(aiohttp.ClientResponse):
    """aioresponses 0.7.9 predates aiohttp 3.14's required `stream_writer` (aioresponses#289)."""

    def __init__(self, method: str, url: URL, **kwargs: Any) -> None:
        kwargs.setdefault("stream_writer", SimpleNamespace(output_size=0))
        super().__init__(method, url, **kwargs)


class CompatibleAioresponses(aioresponses):  # type: ignore[misc]
    def add(self, url: Any, method: str = "GET", **kwargs: Any) -> None:
        kwargs.setdefault("response_class", CompatibleResponse)
        super().add(url, method, **kwargs)


@pytest.fixture
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def make_client(session: aiohttp.ClientSession, time: FakeTime) -> MakeClient:
    def make(**overrides: Any) -> DiscogsClient:
        options: dict[str, Any] = {
            "base_url": BASE,
            "token": "s3cret",
            "user_agent": "wax-tests/1.0 +https://example.org",
            "limiter": RateLimiter(60, clock=time.clock, sleep=time.sleep),
            "retry_base_delay": 1.0,
            "sleep": time.sleep,
            "clock": time.clock,
        }
        options.update(overrides)
        return DiscogsClient(session, **options)

    return make


@pytest.fixture
def client(make_client: MakeClient) -> DiscogsClient:
    return make_client()
