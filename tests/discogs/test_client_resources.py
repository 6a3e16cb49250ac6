"""What the client asks Discogs for and what it hands back: search, releases, the collection."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aioresponses import aioresponses

from tests.discogs.conftest import BASE, MakeClient, fixture_json, sent
from tests.discogs.fakes import FakeTime
from wax.discogs.client import (
    RELEASE_CACHE_SIZE,
    RELEASE_CACHE_TTL,
    CollectionPage,
    DiscogsClient,
)
from wax.discogs.errors import DiscogsBadResponse, DiscogsNotFound
from wax.discogs.ratelimit import RateLimiter

SEARCH = re.compile(re.escape(f"{BASE}/database/search") + r"\?.*")
RELEASE_1 = f"{BASE}/releases/1"
FOLDER_0_PATH = "/users/collector/collection/folders/0/releases"
FOLDER_0 = re.compile(re.escape(f"{BASE}/users/collector/collection/folders/0/releases") + r"\?.*")


async def test_search_asks_for_releases_with_the_given_fields(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    page = fixture_json(
        "joalla/database_search_artist_trash80_title_icarus_per_page_50_page_1.json"
    )
    mocked.get(SEARCH, payload=page)

    results = await client.search({"artist": "Trash80", "release_title": "Icarus"})

    assert results == page["results"]
    [(url, _)] = sent(mocked, "GET", "/database/search")
    assert dict(url.query) == {
        "type": "release",
        "artist": "Trash80",
        "release_title": "Icarus",
        "per_page": "10",
    }


async def test_search_is_not_narrowed_to_vinyl(client: DiscogsClient, mocked: aioresponses) -> None:
    mocked.get(SEARCH, payload={"results": []})

    await client.search({"catno": "SK032"}, per_page=25)

    [(url, _)] = sent(mocked, "GET", "/database/search")
    assert "format" not in url.query
    assert url.query["per_page"] == "25"


async def test_a_search_answer_without_results_is_a_bad_response(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(SEARCH, payload={"message": "nothing here"})

    with pytest.raises(DiscogsBadResponse):
        await client.search({"barcode": "074646362822"})


async def test_a_release_fetched_twice_in_a_moment_costs_one_request(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, payload=fixture_json("joalla/releases_1.json"), repeat=True)

    first = await client.get_release(1)
    second = await client.get_release(1)

    assert first == second
    assert len(sent(mocked, "GET", "/releases/1")) == 1


async def test_a_fresh_lookup_asks_discogs_again_and_refreshes_the_cache(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, payload={"id": 1, "title": "Old title"})
    mocked.get(RELEASE_1, payload={"id": 1, "title": "New title"})

    await client.get_release(1)
    fresh = await client.get_release(1, fresh=True)
    cached = await client.get_release(1)

    assert fresh["title"] == "New title"
    assert cached["title"] == "New title"
    assert len(sent(mocked, "GET", "/releases/1")) == 2


async def test_a_cached_release_expires_after_its_time(
    client: DiscogsClient, mocked: aioresponses, time: FakeTime
) -> None:
    mocked.get(RELEASE_1, payload={"id": 1}, repeat=True)

    await client.get_release(1)
    time.now += RELEASE_CACHE_TTL + 1
    await client.get_release(1)

    assert len(sent(mocked, "GET", "/releases/1")) == 2


async def test_the_cache_forgets_the_least_recently_used_release_when_full(
    make_client: MakeClient, mocked: aioresponses, time: FakeTime
) -> None:
    client = make_client(limiter=RateLimiter(10_000, clock=time.clock, sleep=time.sleep))
    mocked.get(re.compile(re.escape(f"{BASE}/releases/") + r"\d+"), payload={}, repeat=True)
    for release_id in range(RELEASE_CACHE_SIZE + 1):
        await client.get_release(release_id)

    await client.get_release(RELEASE_CACHE_SIZE)  # still cached
    await client.get_release(0)  # pushed out by the newest

    assert len(sent(mocked, "GET", f"/releases/{RELEASE_CACHE_SIZE}")) == 1
    assert len(sent(mocked, "GET", "/releases/0")) == 2


async def test_changing_a_returned_release_does_not_change_the_cache(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(RELEASE_1, payload={"id": 1, "genres": ["Electronic"]})

    (await client.get_release(1))["genres"].append("Polka")

    assert (await client.get_release(1))["genres"] == ["Electronic"]


async def test_failures_are_not_cached(client: DiscogsClient, mocked: aioresponses) -> None:
    mocked.get(RELEASE_1, status=404)
    mocked.get(RELEASE_1, payload={"id": 1})

    with pytest.raises(DiscogsNotFound):
        await client.get_release(1)
    assert (await client.get_release(1))["id"] == 1


def collection_page(page: int, pages: int, ids: list[int]) -> dict[str, Any]:
    return {
        "pagination": {"page": page, "pages": pages, "per_page": 2, "items": 5, "urls": {}},
        "releases": [
            {"id": i, "instance_id": 100 + i, "basic_information": {"id": i}} for i in ids
        ],
    }


async def test_the_collection_is_walked_page_by_page_to_the_end(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(FOLDER_0, payload=collection_page(1, 3, [1, 2]))
    mocked.get(FOLDER_0, payload=collection_page(2, 3, [3, 4]))
    mocked.get(FOLDER_0, payload=collection_page(3, 3, [5]))

    pages = [page async for page in client.iter_collection("collector", per_page=2)]

    assert [p.page for p in pages] == [1, 2, 3]
    assert [item["id"] for p in pages for item in p.items] == [1, 2, 3, 4, 5]
    assert pages[0] == CollectionPage(items=pages[0].items, page=1, pages=3, total_items=5)
    asked = [url.query for url, _ in sent(mocked, "GET", FOLDER_0_PATH)]
    assert [(q["page"], q["per_page"]) for q in asked] == [("1", "2"), ("2", "2"), ("3", "2")]


async def test_a_one_page_collection_takes_one_request_despite_a_next_url(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    page = fixture_json(
        "joalla/users_example_collection_folders_0_releases_page_1_per_page_50.json"
    )
    mocked.get(FOLDER_0, payload=page, repeat=True)

    pages = [p async for p in client.iter_collection("collector")]

    assert len(pages) == 1
    assert len(pages[0].items) == 3
    assert pages[0].items[0]["basic_information"]["formats"][0]["text"] == "Trifold Cover, 180 g"
    [(url, _)] = sent(mocked, "GET", FOLDER_0_PATH)
    assert url.query["per_page"] == "100"


async def test_a_collection_page_without_releases_is_a_bad_response(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(FOLDER_0, payload={"pagination": {"page": 1, "pages": 1}})

    with pytest.raises(DiscogsBadResponse):
        [p async for p in client.iter_collection("collector")]


async def test_user_names_are_escaped_in_paths(client: DiscogsClient, mocked: aioresponses) -> None:
    mocked.get(
        re.compile(re.escape(f"{BASE}/users/a%20b%2Fc/collection/releases/1") + ".*"),
        payload={"releases": []},
    )

    assert await client.release_in_collection("a b/c", 1) is False


async def test_a_release_with_copies_in_the_collection_is_in_it(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(
        f"{BASE}/users/collector/collection/releases/12934893",
        payload=fixture_json("irlndts/collectionItemsByRelease.json"),
    )

    assert await client.release_in_collection("collector", 12934893) is True


async def test_a_release_without_copies_is_not_in_the_collection(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.get(
        f"{BASE}/users/collector/collection/releases/1",
        payload={"pagination": {"page": 1, "pages": 0, "items": 0}, "releases": []},
    )

    assert await client.release_in_collection("collector", 1) is False


async def test_adding_to_the_collection_posts_to_the_folder(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.post(
        f"{BASE}/users/collector/collection/folders/1/releases/79",
        status=201,
        payload={"instance_id": 3, "resource_url": "https://api.discogs.com/..."},
    )

    assert await client.add_to_collection("collector", 79) is True
    assert len(sent(mocked, "POST", "/users/collector/collection/folders/1/releases/79")) == 1


async def test_adding_a_release_already_there_answers_false(
    client: DiscogsClient, mocked: aioresponses
) -> None:
    mocked.post(f"{BASE}/users/collector/collection/folders/1/releases/79", status=409)

    assert await client.add_to_collection("collector", 79) is False
