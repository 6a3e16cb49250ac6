"""The resources the lifespan opens: one Discogs client, built from the settings, for everyone."""

from __future__ import annotations

import aiohttp
import httpx
import pytest
from aioresponses import aioresponses

from tests.discogs.conftest import BASE, sent
from tests.fakes.discogs_server import FakeDiscogs
from wax.discogs.ratelimit import RateLimiter
from wax.services import Services, discogs_client
from wax.settings import Settings


async def test_the_running_app_holds_one_discogs_client_for_everyone(
    services: Services, settings: Settings
) -> None:
    # the sync jobs use the very client the routes use: one limiter, one release cache
    assert services.discogs_sync.discogs is services.discogs
    assert services.discogs.retry_base_delay == settings.discogs_retry_base_delay
    assert services.discogs.limiter.requests_per_minute == 25  # no token in the test settings


class TestBothFaces:
    @pytest.fixture
    def settings(self, discogs_settings: Settings) -> Settings:
        return discogs_settings

    async def test_a_graphql_search_and_a_rest_fetch_share_one_release_lookup(
        self, admin_client: httpx.AsyncClient, fake_discogs: FakeDiscogs
    ) -> None:
        searched = await admin_client.post(
            "/graphql",
            json={"query": '{ searchDiscogs(catalogNumber: "SK032") { __typename } }'},
        )
        assert searched.json()["data"]["searchDiscogs"]["__typename"] == "DiscogsSearchResults"
        assert fake_discogs.count("GET", "/releases/*") == 1

        fetched = await admin_client.post("/api/records/fetch-from-discogs", json={"releaseId": 1})

        assert fetched.status_code == 201
        assert fake_discogs.count("GET", "/releases/*") == 1


async def test_a_client_from_settings_sends_to_the_configured_url_with_token_and_user_agent(
    session: aiohttp.ClientSession, mocked: aioresponses
) -> None:
    settings = Settings(discogs_token="t0ken", discogs_api_url=BASE, discogs_user_agent="my-wax/2")
    client = discogs_client(settings, session)
    mocked.get(f"{BASE}/releases/1", payload={"id": 1})

    await client.get_release(1)

    [(_, kwargs)] = sent(mocked, "GET", "/releases/1")
    assert kwargs["headers"]["User-Agent"] == "my-wax/2"
    assert kwargs["headers"]["Authorization"] == "Discogs token=t0ken"
    assert client.has_token
    assert client.limiter.requests_per_minute == 60


async def test_without_a_token_the_limiter_keeps_to_discogs_anonymous_rate(
    session: aiohttp.ClientSession,
) -> None:
    client = discogs_client(Settings(), session)

    assert not client.has_token
    assert client.limiter.requests_per_minute == 25


async def test_the_configured_rate_limit_and_retry_delay_win(
    session: aiohttp.ClientSession,
) -> None:
    client = discogs_client(Settings(discogs_rate_limit=5, discogs_retry_base_delay=0.25), session)

    assert client.limiter.requests_per_minute == 5
    assert client.retry_base_delay == 0.25


async def test_clients_made_from_settings_can_share_one_limiter(
    session: aiohttp.ClientSession,
) -> None:
    shared = RateLimiter(60)

    client = discogs_client(Settings(), session, limiter=shared)

    assert client.limiter is shared
