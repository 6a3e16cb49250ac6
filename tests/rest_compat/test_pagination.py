"""The Laravel paginator, per_page and page, and the keyset cursor of /api/v1 lists."""

from __future__ import annotations

import asyncio
import random
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from tortoise.transactions import in_transaction

from tests.library import RestSyncClient, create
from wax.models import Album, Artist, Song


async def make_artists(count: int) -> list[Artist]:
    async with in_transaction():
        return [await Artist.create(name=f"Artist {n:03}") for n in range(count)]


async def make_items(kind: str, count: int) -> list[str]:
    """`count` artists, or `count` songs (on one album): their ids."""
    if kind == "artists":
        return [str(artist.id) for artist in await make_artists(count)]
    async with in_transaction():
        artist = await Artist.create(name="Can")
        album = await Album.create(name="Tago Mago", artist=artist)
        songs = [
            await Song.create(title=f"Song {n:03}", album=album, artist=artist)
            for n in range(count)
        ]
    return [str(song.id) for song in songs]


KINDS = pytest.mark.parametrize("kind", ["artists", "songs"])


async def listing(client: httpx.AsyncClient, path: str, **params: object) -> dict:
    response = await client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_body_is_a_laravel_paginator(member_client) -> None:
    await make_artists(3)
    body = await listing(member_client, "/api/v1/artists", per_page=2)
    assert set(body) == {"data", "links", "meta"}
    assert set(body["links"]) == {"first", "last", "prev", "next"}
    meta = body["meta"]
    assert {
        k: meta[k] for k in ("current_page", "from", "last_page", "per_page", "to", "total")
    } == {
        "current_page": 1,
        "from": 1,
        "last_page": 2,
        "per_page": 2,
        "to": 2,
        "total": 3,
    }
    assert meta["path"] == "http://wax.test/api/v1/artists"
    assert body["links"]["prev"] is None
    second = await listing(member_client, "/api/v1/artists", per_page=2, page=2)
    assert second["meta"]["from"] == 3
    assert second["meta"]["to"] == 3
    assert second["links"]["next"] is None
    assert parse_qs(urlsplit(second["links"]["prev"]).query)["page"] == ["1"]


async def test_links_keep_the_query(member_client) -> None:
    await make_artists(3)
    body = await listing(
        member_client, "/api/v1/artists", per_page=1, updated_since="2024-01-15T00:00:00Z"
    )
    query = parse_qs(urlsplit(body["links"]["next"]).query)
    assert query == {"per_page": ["1"], "updated_since": ["2024-01-15T00:00:00Z"], "page": ["2"]}
    follow = await member_client.get(body["links"]["next"])
    assert follow.json()["meta"]["current_page"] == 2


async def test_per_page_defaults_to_50(member_client) -> None:
    await make_artists(51)
    body = await listing(member_client, "/api/v1/artists")
    assert len(body["data"]) == 50
    assert body["meta"]["per_page"] == 50
    assert body["meta"]["last_page"] == 2


async def test_per_page_goes_up_to_100(member_client) -> None:
    await make_artists(101)
    body = await listing(member_client, "/api/v1/artists", per_page=100)
    assert len(body["data"]) == 100


@pytest.mark.parametrize("per_page", ["101", "500", "1000000", "9" * 40])
async def test_per_page_above_100_is_capped_to_100_as_the_original_server_did(
    member_client, per_page: str
) -> None:
    await make_artists(101)
    body = await listing(member_client, "/api/v1/artists", per_page=per_page)
    assert len(body["data"]) == 100
    assert body["meta"]["per_page"] == 100
    assert body["meta"]["last_page"] == 2
    following = parse_qs(urlsplit(body["links"]["next"]).query)
    assert following["per_page"] == ["100"]
    rest = (await member_client.get(body["links"]["next"])).json()
    ids = {item["id"] for item in body["data"]} | {item["id"] for item in rest["data"]}
    assert len(ids) == 101


@pytest.mark.parametrize("per_page", ["0", "-5"])
async def test_per_page_below_1_is_a_422(member_client, per_page: str) -> None:
    response = await member_client.get("/api/v1/songs", params={"per_page": per_page})
    assert response.status_code == 422
    message = "The per page field must be at least 1."
    assert response.json() == {"message": message, "errors": {"per_page": [message]}}


@pytest.mark.parametrize(
    ("sent", "meant"),
    [
        ("2000-01-15T00:00:00%2B01:00", "2000-01-15T00:00:00+01:00"),
        ("2000-01-15T00:00:00+01:00", "2000-01-15T00:00:00+01:00"),  # the + arrives as a space
        ("2000-01-15T00:00:00.5-02:30", "2000-01-15T00:00:00.5-02:30"),
    ],
)
async def test_links_are_percent_encoded_and_lead_to_the_next_page(
    member_client, sent: str, meant: str
) -> None:
    await make_artists(3)
    response = await member_client.get(f"/api/v1/artists?per_page=1&updated_since={sent}")
    body = response.json()
    links = [body["links"][name] for name in ("first", "last", "next")]
    for link in links:
        query = urlsplit(link).query
        assert not {"+", " ", ":"} & set(query), link
        assert parse_qs(query)["updated_since"] == [meant]
    assert urlsplit(body["meta"]["path"]).query == ""
    seen = [item["id"] for item in body["data"]]
    link = body["links"]["next"]
    while link is not None:
        page = (await member_client.get(link)).json()
        seen.extend(item["id"] for item in page["data"])
        link = page["links"]["next"]
    artists = await Artist.all().order_by("updated_at", "id")
    assert seen == [str(artist.id) for artist in artists]


@pytest.mark.parametrize("param", ["per_page", "page"])
async def test_a_page_number_must_be_a_number(member_client, param: str) -> None:
    response = await member_client.get("/api/v1/albums", params={param: "ten"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        param: [f"The {param.replace('_', ' ')} field must be an integer."]
    }


@pytest.mark.parametrize("page", ["0", "-1", "99999999999999999999"])
async def test_a_page_out_of_range_is_a_422(member_client, page: str) -> None:
    response = await member_client.get("/api/v1/artists", params={"page": page})
    assert response.status_code == 422
    assert "page" in response.json()["errors"]


@KINDS
async def test_a_page_past_the_end_is_empty(member_client, kind: str) -> None:
    await make_items(kind, 2)
    body = await listing(member_client, f"/api/v1/{kind}", page=5)
    assert body["data"] == []
    assert body["meta"]["from"] is None
    assert body["meta"]["to"] is None
    assert body["meta"]["total"] == 2


async def test_lists_are_in_updated_at_then_id_order(admin_client) -> None:
    artists = await make_artists(5)
    await admin_client.patch(f"/api/v1/artists/{artists[0].id}", json={"name": "Touched"})
    body = await listing(admin_client, "/api/v1/artists")
    stamps = [(a["updated_at"], a["id"]) for a in body["data"]]
    assert body["data"][-1]["id"] == str(artists[0].id)
    assert [s[0] for s in stamps] == sorted(s[0] for s in stamps)


@KINDS
async def test_a_cursor_walk_returns_everything_once(member_client, kind: str) -> None:
    ids = await make_items(kind, 23)
    seen: list[str] = []
    params: dict[str, object] = {"per_page": 5, "updated_since": "2000-01-01"}
    pages = 0
    while True:
        body = await listing(member_client, f"/api/v1/{kind}", **params)
        pages += 1
        seen.extend(a["id"] for a in body["data"])
        if not body["meta"]["next_cursor"]:
            break
        assert body["links"]["next"] is not None
        params["cursor"] = body["meta"]["next_cursor"]
    assert pages == 5
    assert sorted(seen) == sorted(ids)
    assert len(seen) == len(set(seen))


async def test_a_cursor_page_links_to_the_next_by_cursor(member_client) -> None:
    await make_artists(3)
    first = await listing(member_client, "/api/v1/artists", per_page=1)
    second = await listing(
        member_client, "/api/v1/artists", per_page=1, cursor=first["meta"]["next_cursor"]
    )
    assert second["meta"]["current_page"] is None
    follow = await member_client.get(second["links"]["next"])
    assert follow.status_code == 200
    assert follow.json()["data"][0]["id"] not in {
        first["data"][0]["id"],
        second["data"][0]["id"],
    }


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        "MXxzb25nc3w",  # truncated
        "MnxzfHh8eXx6",  # well-formed base64 of nonsense
    ],
)
async def test_a_bad_cursor_is_a_422_with_a_clear_body(member_client, cursor: str) -> None:
    response = await member_client.get("/api/v1/songs", params={"cursor": cursor})
    assert response.status_code == 422
    assert response.json() == {
        "message": "The cursor is invalid.",
        "errors": {"cursor": ["The cursor is invalid."]},
    }


async def test_a_cursor_from_another_list_is_refused(member_client) -> None:
    await make_artists(2)
    cursor = (await listing(member_client, "/api/v1/artists", per_page=1))["meta"]["next_cursor"]
    response = await member_client.get("/api/v1/songs", params={"cursor": cursor})
    assert response.status_code == 422


@KINDS
async def test_paging_by_cursor_while_items_keep_changing_misses_nothing_and_repeats_nothing(
    admin_client, kind: str
) -> None:
    """Untouched items come exactly once; changed ones come at most once, or next sync."""
    ids = await make_items(kind, 60)
    name = "name" if kind == "artists" else "title"
    newcomer = {name: "Newcomer"}
    if kind == "songs":
        newcomer["album_id"] = str((await Song.get(id=ids[0])).album_id)
    watermark = (await listing(admin_client, "/api/v1/deleted", since="2000-01-01"))["meta"][
        "queried_at"
    ]
    touched: set[str] = set()
    created: set[str] = set()
    rng = random.Random(4)
    stop = asyncio.Event()

    async def writer() -> None:
        while not stop.is_set():
            if rng.random() < 0.7:
                item_id = rng.choice(ids)
                renamed = await admin_client.patch(
                    f"/api/v1/{kind}/{item_id}", json={name: f"Renamed {rng.random()}"}
                )
                assert renamed.status_code == 200, renamed.text
                touched.add(item_id)
            else:
                created.add((await create(admin_client, kind, **newcomer))["id"])
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    seen: list[str] = []
    params: dict[str, object] = {"per_page": 4, "updated_since": "2000-01-01"}
    try:
        while True:
            body = await listing(admin_client, f"/api/v1/{kind}", **params)
            seen.extend(item["id"] for item in body["data"])
            await asyncio.sleep(0.005)
            if not body["meta"]["next_cursor"]:
                break
            params["cursor"] = body["meta"]["next_cursor"]
    finally:
        stop.set()
        await task

    assert touched, "the writer changed nothing while the walk ran"
    assert len(seen) == len(set(seen)), "an item came twice within one walk"
    untouched = set(ids) - touched
    assert untouched <= set(seen)
    # what changed during the walk and was not in it comes with the next sync
    later = {item["id"] for item in await RestSyncClient(admin_client).walk(kind, watermark)}
    assert (touched | created) - set(seen) <= later
