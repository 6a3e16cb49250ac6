"""The fake Discogs answers like the real API, so the tests built on it mean something."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from tests.fakes import discogs_data
from tests.fakes.discogs_server import FakeDiscogs


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


def auth(fake: FakeDiscogs) -> dict[str, str]:
    return {"Authorization": fake.authorization}


async def get_json(http: aiohttp.ClientSession, url: str, **kwargs: Any) -> tuple[int, Any, Any]:
    async with http.get(url, **kwargs) as response:
        return response.status, await response.json(), response.headers


async def test_it_serves_the_fixture_releases_and_a_json_404_for_unknown_ones(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    status, release, _ = await get_json(http, f"{fake_discogs.url}/releases/1")
    assert status == 200
    assert release["title"] == "Stockholm"
    assert release["formats"] == [{"qty": "2", "descriptions": ['12"'], "name": "Vinyl"}]
    status, body, _ = await get_json(http, f"{fake_discogs.url}/releases/999999999")
    assert (status, body) == (404, {"message": "Release not found."})


async def test_search_filters_by_catalog_number_artist_and_title_or_barcode(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    search = f"{fake_discogs.url}/database/search"
    _, by_catno, _ = await get_json(
        http, search, params={"type": "release", "catno": "sk 032"}, headers=auth(fake_discogs)
    )
    assert [r["id"] for r in by_catno["results"]] == [1]
    assert by_catno["results"][0]["year"] == "1999"
    assert by_catno["pagination"]["items"] == 1

    params = {"type": "release", "artist": "persuader", "release_title": "city"}
    _, by_title, _ = await get_json(http, search, params=params, headers=auth(fake_discogs))
    assert [r["id"] for r in by_title["results"]] == [79]

    _, by_barcode, _ = await get_json(
        http, search, params={"barcode": "0 74646 36282 2"}, headers=auth(fake_discogs)
    )
    assert [r["id"] for r in by_barcode["results"]] == [3]

    _, artists_only, _ = await get_json(
        http, search, params={"type": "artist", "catno": "SK032"}, headers=auth(fake_discogs)
    )
    assert artists_only["results"] == []


async def test_search_and_collection_routes_need_the_token_but_releases_do_not(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    base = fake_discogs.url
    wrong = {"Authorization": "Discogs token=wrong"}
    for url in (
        f"{base}/database/search?catno=SK032",
        f"{base}/users/{fake_discogs.username}/collection/folders/0/releases",
        f"{base}/users/{fake_discogs.username}/collection/releases/1",
    ):
        status, body, _ = await get_json(http, url, headers=wrong)
        assert status == 401, url
        assert "authenticate" in body["message"]
    async with http.post(
        f"{base}/users/{fake_discogs.username}/collection/folders/1/releases/1"
    ) as response:
        assert response.status == 401
    status, _, _ = await get_json(http, f"{base}/releases/1")
    assert status == 200
    assert fake_discogs.collection() == []


async def test_a_generated_collection_pages_like_discogs_and_is_the_same_every_time(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    releases = fake_discogs.generate_collection(7)
    assert releases == [discogs_data.generated_release(i) for i in range(7)]
    url = f"{fake_discogs.url}/users/{fake_discogs.username}/collection/folders/0/releases"
    _, first, _ = await get_json(http, url, params={"per_page": "3"}, headers=auth(fake_discogs))
    assert first["pagination"]["pages"] == 3
    assert first["pagination"]["items"] == 7
    assert "prev" not in first["pagination"]["urls"]

    seen = [item["id"] for item in first["releases"]]
    next_url = first["pagination"]["urls"].get("next")
    while next_url:
        _, page, _ = await get_json(http, next_url, headers=auth(fake_discogs))
        seen += [item["id"] for item in page["releases"]]
        next_url = page["pagination"]["urls"].get("next")
    assert seen == [release["id"] for release in releases]

    item = first["releases"][0]
    assert set(item) >= {"id", "instance_id", "folder_id", "date_added", "basic_information"}
    assert item["basic_information"]["formats"] == releases[0]["formats"]
    assert item["basic_information"]["title"] == releases[0]["title"]


async def test_generated_releases_cover_the_vinyl_varieties(fake_discogs: FakeDiscogs) -> None:
    releases = fake_discogs.generate_releases(len(discogs_data.VINYL_FORMATS))
    names = {fmt["name"] for release in releases for fmt in release["formats"]}
    assert names == {"Vinyl", "Shellac", "Flexi-disc", "Lathe Cut"}
    texts = {fmt.get("text") for release in releases for fmt in release["formats"]}
    assert {"Red Translucent", "White Label", "Trifold Cover, 180 g"} <= texts
    assert len({release["id"] for release in releases}) == len(releases)


async def test_adding_a_release_twice_makes_two_instances_as_discogs_does(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    user = fake_discogs.username
    add = f"{fake_discogs.url}/users/{user}/collection/folders/1/releases/79"
    instance_ids = []
    for _ in range(2):
        async with http.post(add, headers=auth(fake_discogs)) as response:
            assert response.status == 201
            body = await response.json()
            instance_ids.append(body["instance_id"])
            assert body["resource_url"].endswith(f"/instances/{body['instance_id']}")
    assert len(set(instance_ids)) == 2
    assert len(fake_discogs.instances_of(79)) == 2

    by_release = f"{fake_discogs.url}/users/{user}/collection/releases/79"
    _, listed, _ = await get_json(http, by_release, headers=auth(fake_discogs))
    assert [item["instance_id"] for item in listed["releases"]] == instance_ids
    _, absent, _ = await get_json(
        http, f"{fake_discogs.url}/users/{user}/collection/releases/1", headers=auth(fake_discogs)
    )
    assert absent["releases"] == []
    assert absent["pagination"]["items"] == 0


async def test_rate_limit_headers_count_a_moving_window_and_429_comes_over_the_limit(
    http: aiohttp.ClientSession,
) -> None:
    now = [1000.0]
    async with FakeDiscogs(rate_limit=3, clock=lambda: now[0]) as fake:
        remaining = []
        for _ in range(3):
            async with http.get(f"{fake.url}/releases/1") as response:
                assert response.status == 200
                assert response.headers["X-Discogs-Ratelimit"] == "3"
                remaining.append(response.headers["X-Discogs-Ratelimit-Remaining"])
        assert remaining == ["2", "1", "0"]
        async with http.get(f"{fake.url}/releases/1") as response:
            assert response.status == 429
            assert response.headers["X-Discogs-Ratelimit-Used"] == "3"
        now[0] += 61
        async with http.get(f"{fake.url}/releases/1") as response:
            assert response.status == 200
            assert response.headers["X-Discogs-Ratelimit-Remaining"] == "2"


async def test_injected_faults_hit_the_next_matching_requests_only(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    fake_discogs.inject("GET", "/releases/*", status=429, retry_after=2, times=1)
    fake_discogs.inject("GET", "/releases/*", status=429, times=1)
    fake_discogs.inject("GET", "/releases/*", status=503, times=1)
    url = f"{fake_discogs.url}/releases/1"
    async with http.get(url) as response:
        assert (response.status, response.headers["Retry-After"]) == (429, "2")
    async with http.get(url) as response:
        assert response.status == 429
        assert "Retry-After" not in response.headers
    async with http.get(url) as response:
        assert response.status == 503
        assert "message" in await response.json()
    async with http.get(url) as response:
        assert response.status == 200
    assert [r.status for r in fake_discogs.matching_requests("GET", "/releases/1")] == [
        429,
        429,
        503,
        200,
    ]


async def test_malformed_json_and_dropped_connections_can_be_injected(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    fake_discogs.inject("GET", "/releases/2", malformed=True)
    # aiohttp retries a GET once by itself when a reused connection drops: drop both tries
    fake_discogs.inject("*", "/releases/*", drop=True, times=2)
    async with http.get(f"{fake_discogs.url}/releases/2") as response:
        assert response.status == 200
        with pytest.raises(json.JSONDecodeError):
            await response.json()
    with pytest.raises(aiohttp.ServerDisconnectedError):
        async with http.get(f"{fake_discogs.url}/releases/2") as response:
            await response.read()
    async with http.get(f"{fake_discogs.url}/releases/2") as response:
        assert response.status == 200
    assert [r.status for r in fake_discogs.requests] == [200, None, None, 200]


async def test_latency_applies_per_path_and_concurrent_requests_overlap(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    fake_discogs.set_latency(0.3, path="/releases/*")
    started = time.monotonic()
    statuses = await asyncio.gather(
        *(_status(http, f"{fake_discogs.url}/releases/{rid}") for rid in (1, 2, 3, 79))
    )
    elapsed = time.monotonic() - started
    assert statuses == [200, 200, 200, 200]
    assert 0.3 <= elapsed < 1.2  # together, not one after another (4 x 0.3 s)
    fake_discogs.inject("GET", "/releases/1", delay=0.2)
    started = time.monotonic()
    assert await _status(http, f"{fake_discogs.url}/releases/1") == 200
    assert time.monotonic() - started >= 0.5


async def test_every_request_is_recorded_with_its_query(
    fake_discogs: FakeDiscogs, http: aiohttp.ClientSession
) -> None:
    await get_json(
        http,
        f"{fake_discogs.url}/database/search",
        params={"catno": "SK032", "type": "release"},
        headers=auth(fake_discogs),
    )
    await get_json(http, f"{fake_discogs.url}/releases/1")
    assert fake_discogs.count() == 2
    assert fake_discogs.count("GET", "/releases/*") == 1
    search = fake_discogs.matching_requests("GET", "/database/search")[0]
    assert search.query == {"catno": "SK032", "type": "release"}
    assert search.authorized is True


async def _status(http: aiohttp.ClientSession, url: str) -> int:
    async with http.get(url) as response:
        await response.read()
        return response.status
