"""How the client sends requests and survives failures: headers, limiter, retries, errors."""

from __future__ import annotations

import logging

import aiohttp
import pytest
from aioresponses import aioresponses

from tests.discogs.conftest import BASE, MakeClient, fixture_json, sent
from tests.discogs.fakes import FakeTime
from wax.discogs.client import DEFAULT_TIMEOUT, MAX_RETRY_AFTER, DiscogsClient
from wax.discogs.errors import (
    DiscogsAuthError,
    DiscogsBadResponse,
    DiscogsError,
    DiscogsNotFound,
    DiscogsRateLimited,
)
from wax.discogs.ratelimit import RateLimiter

RELEASE_1 = f"{BASE}/releases/1"
ADD_1 = f"{BASE}/users/collector/collection/folders/1/releases/1"


async def test_a_request_sends_the_token_user_agent_and_accept_headers(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, payload=fixture_json("joalla/releases_1.json"))

    release = await client.get_release(1)

    assert release["title"] == "Stockholm"
    [(_, kwargs)] = sent(mocked, "GET", "/releases/1")
    assert kwargs["headers"]["Authorization"] == "Discogs token=s3cret"
    assert kwargs["headers"]["User-Agent"] == "wax-tests/1.0 +https://example.org"
    assert kwargs["headers"]["Accept"] == "application/vnd.discogs.v2.discogs+json"


async def test_without_a_token_no_authorization_is_sent(
    make_client: MakeClient, mocked: aioresponses
) -> None:
    client = make_client(token=None)
    mocked.get(RELEASE_1, payload={"id": 1})

    await client.get_release(1)

    [(_, kwargs)] = sent(mocked, "GET", "/releases/1")
    assert "Authorization" not in kwargs["headers"]
    assert client.has_token is False


async def test_every_request_has_a_timeout(client: DiscogsClient, mocked: aioresponses) -> None:
    mocked.get(RELEASE_1, payload={"id": 1})
    mocked.get(f"{BASE}/database/search?per_page=10&q=Can&type=release", payload={"results": []})
    mocked.post(ADD_1, status=201, payload={"instance_id": 9})

    await client.get_release(1)
    await client.search({"q": "Can"})
    await client.add_to_collection("collector", 1)

    calls = [
        *sent(mocked, "GET", "/releases/1"),
        *sent(mocked, "GET", "/database/search"),
        *sent(mocked, "POST", "/users/collector/collection/folders/1/releases/1"),
    ]
    assert len(calls) == 3
    assert [kwargs["timeout"].total for _, kwargs in calls] == [DEFAULT_TIMEOUT] * 3


async def test_every_request_goes_through_the_shared_limiter(
    make_client: MakeClient, mocked: aioresponses, time: FakeTime
) -> None:
    limiter = RateLimiter(2, clock=time.clock, sleep=time.sleep)
    first, second = make_client(limiter=limiter), make_client(limiter=limiter)
    for release_id in (1, 2, 3):
        mocked.get(f"{BASE}/releases/{release_id}", payload={"id": release_id})

    await first.get_release(1)
    await second.get_release(2)
    await first.get_release(3)

    # the third request had to wait for a slot in the moving minute
    assert time.now >= 1060.0


async def test_the_rate_limit_header_feeds_the_limiter(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, payload={"id": 1}, headers={"X-Discogs-Ratelimit-Remaining": "3"})

    await client.get_release(1)

    assert client.limiter.available == 3


async def test_a_429_with_retry_after_waits_that_long_then_succeeds(
    client: DiscogsClient, mocked: aioresponses, time: FakeTime
) -> None:
    mocked.get(RELEASE_1, status=429, headers={"Retry-After": "7"})
    mocked.get(RELEASE_1, payload={"id": 1, "title": "Stockholm"})

    release = await client.get_release(1)

    assert release["title"] == "Stockholm"
    assert time.sleeps == [7.0]
    assert len(sent(mocked, "GET", "/releases/1")) == 2


async def test_a_long_retry_after_is_capped(
    client: DiscogsClient, mocked: aioresponses, time: FakeTime
) -> None:
    mocked.get(RELEASE_1, status=429, headers={"Retry-After": "3600"})
    mocked.get(RELEASE_1, payload={"id": 1})

    await client.get_release(1)

    assert time.sleeps == [MAX_RETRY_AFTER]


async def test_a_429_without_retry_after_backs_off_exponentially_with_jitter(
    make_client: MakeClient, mocked: aioresponses, time: FakeTime
) -> None:
    client = make_client(retry_base_delay=0.5)
    mocked.get(RELEASE_1, status=429)
    mocked.get(RELEASE_1, status=429)
    mocked.get(RELEASE_1, payload={"id": 1})

    await client.get_release(1)

    first, second = time.sleeps
    assert 0 <= first <= 0.5
    assert 0 <= second <= 1.0


async def test_three_429s_give_up_with_rate_limited(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, status=429, repeat=True)

    with pytest.raises(DiscogsRateLimited, match="429"):
        await client.get_release(1)

    assert len(sent(mocked, "GET", "/releases/1")) == 3


async def test_max_attempts_bounds_the_tries(make_client: MakeClient, mocked: aioresponses) -> None:
    client = make_client(max_attempts=1)
    mocked.get(RELEASE_1, status=429, repeat=True)

    with pytest.raises(DiscogsRateLimited):
        await client.get_release(1)

    assert len(sent(mocked, "GET", "/releases/1")) == 1


async def test_retries_are_logged_as_warnings(
    client: DiscogsClient, mocked: aioresponses, caplog: pytest.LogCaptureFixture
) -> None:
    mocked.get(RELEASE_1, status=503)
    mocked.get(RELEASE_1, payload={"id": 1})

    with caplog.at_level(logging.WARNING, logger="wax.discogs"):
        await client.get_release(1)

    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "/releases/1" in record.getMessage()
    assert "attempt 2 of 3" in record.getMessage()


@pytest.mark.parametrize("status", [502, 503, 504])
async def test_a_transient_server_error_on_a_get_is_retried(
    client: DiscogsClient, mocked: aioresponses, status: int
) -> None:
    mocked.get(RELEASE_1, status=status)
    mocked.get(RELEASE_1, payload={"id": 1})

    assert (await client.get_release(1))["id"] == 1
    assert len(sent(mocked, "GET", "/releases/1")) == 2


async def test_a_get_that_keeps_failing_ends_in_a_discogs_error(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, status=503, repeat=True)

    with pytest.raises(DiscogsError, match=r"server error \(503\)") as raised:
        await client.get_release(1)

    assert raised.value.status == 503
    assert len(sent(mocked, "GET", "/releases/1")) == 3


async def test_an_internal_server_error_is_not_retried(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, status=500, repeat=True)

    with pytest.raises(DiscogsError, match=r"\(500\)"):
        await client.get_release(1)

    assert len(sent(mocked, "GET", "/releases/1")) == 1


async def test_a_server_error_on_a_post_is_not_retried(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.post(ADD_1, status=503, repeat=True)

    with pytest.raises(DiscogsError, match="503"):
        await client.add_to_collection("collector", 1)

    assert len(sent(mocked, "POST", "/users/collector/collection/folders/1/releases/1")) == 1


async def test_a_connection_error_on_a_post_is_not_retried(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.post(ADD_1, exception=aiohttp.ServerDisconnectedError(), repeat=True)

    with pytest.raises(DiscogsError, match="Could not reach Discogs"):
        await client.add_to_collection("collector", 1)

    assert len(sent(mocked, "POST", "/users/collector/collection/folders/1/releases/1")) == 1


async def test_a_429_on_a_post_is_retried_since_it_was_not_processed(
    client: DiscogsClient, mocked: aioresponses, time: FakeTime
) -> None:
    mocked.post(ADD_1, status=429, headers={"Retry-After": "2"})
    mocked.post(ADD_1, status=201, payload={"instance_id": 9, "resource_url": "..."})

    assert await client.add_to_collection("collector", 1) is True
    assert time.sleeps == [2.0]


async def test_a_timeout_is_retried_on_a_get(client: DiscogsClient, mocked: aioresponses) -> None:
    mocked.get(RELEASE_1, exception=TimeoutError())
    mocked.get(RELEASE_1, payload={"id": 1})

    assert (await client.get_release(1))["id"] == 1


async def test_timeouts_end_in_a_discogs_error_not_an_aiohttp_one(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, exception=TimeoutError(), repeat=True)

    with pytest.raises(DiscogsError, match="did not answer GET /releases/1 in time"):
        await client.get_release(1)

    assert len(sent(mocked, "GET", "/releases/1")) == 3


async def test_an_unreachable_discogs_is_a_discogs_error(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    # nothing answers: aioresponses refuses the connection, three times
    with pytest.raises(
        DiscogsError, match=r"Could not reach Discogs.*Connection refused"
    ) as raised:
        await client.get_release(1)

    assert not isinstance(raised.value, aiohttp.ClientError)
    assert len(sent(mocked, "GET", "/releases/1")) == 3


async def test_a_dropped_connection_is_a_discogs_error(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, exception=aiohttp.ServerDisconnectedError(), repeat=True)

    with pytest.raises(DiscogsError, match="Could not reach Discogs"):
        await client.get_release(1)


async def test_a_404_is_not_found_and_not_retried(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, status=404, payload={"message": "Release not found."}, repeat=True)

    with pytest.raises(DiscogsNotFound, match="Release not found"):
        await client.get_release(1)

    assert len(sent(mocked, "GET", "/releases/1")) == 1


@pytest.mark.parametrize("status", [401, 403])
async def test_refused_credentials_are_an_auth_error(
    client: DiscogsClient, mocked: aioresponses, status: int
) -> None:
    mocked.get(RELEASE_1, status=status, payload={"message": "You must authenticate."})

    with pytest.raises(DiscogsAuthError, match="DISCOGS_TOKEN"):
        await client.get_release(1)


async def test_malformed_json_is_a_bad_response(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, body='{"id": 1, "title": ', content_type="application/json")

    with pytest.raises(DiscogsBadResponse):
        await client.get_release(1)


async def test_json_of_the_wrong_shape_is_a_bad_response(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, payload=["not", "a", "release"])

    with pytest.raises(DiscogsBadResponse, match="unexpected shape"):
        await client.get_release(1)
