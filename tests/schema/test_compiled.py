"""Library connections compiled to one statement answer exactly as the resolvers do: the same
data, nulls and errors, on both databases; a selection it cannot compile still answers right,
by the resolvers; and WAX_GRAPHQL_FAST_PATH=false turns it off."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from tests.conftest import UNREACHABLE_DISCOGS, Account, asgi_client, make_account
from tests.library import create
from tests.scanned import FILE_FACTS, scanned_album, scanned_artist, scanned_song
from tests.servers import running_app
from wax.errors import InvalidInput
from wax.resolvers.pagination import Cursor
from wax.schema import compiled
from wax.settings import Settings

NODE_FIELDS = """__typename id title length track disc year genre createdAt updatedAt
  audioFormat bitrate sampleRate size path
  album { __typename id name year cover createdAt updatedAt artist { id name image } }
  artist { id name image createdAt updatedAt }"""
STRANGE_TITLE = 'Café \u0001\t\n"quoted" \\ 𝄞 \u2028 ☃ \x7f'

# (query, variables): compiled on the fast path
COMPILABLE: list[tuple[str, dict[str, Any]]] = [
    ("{ songs(first: 100) { edges { node { id title album { name } artist { name } } } } }", {}),
    ("{ songs(first: 1) { edges { node { id title album { name } artist { name } } } } }", {}),
    (
        """query($t: DateTime) { songs(first: 50, updatedSince: $t) {
             edges { node { id title updatedAt } } pageInfo { hasNextPage endCursor } } }""",
        {"t": "2000-01-01"},
    ),
    (f"{{ songs {{ totalCount edges {{ cursor node {{ {NODE_FIELDS} }} }} }} }}", {}),
    (
        """{ a: songs(first: 2) { t: totalCount e: edges { n: node { i: id n: title }
               c: cursor m: node { al: album { x: name } } } p: pageInfo { h: hasNextPage } }
             b: albums(first: 3) { __typename edges { __typename node { name artist { name } } }
               pageInfo { __typename endCursor hasNextPage } }
             c: artists { totalCount edges { node { id name image createdAt updatedAt } } } }""",
        {},
    ),
    (
        """query($n: Int, $with: Boolean!) { songs(first: $n) {
             edges { node { ...Shown genre @include(if: $with) year @skip(if: $with) } } } }
           fragment Shown on Song { id ... on Song { title album { ...Named } } }
           fragment Named on Album { name }""",
        {"n": 4, "with": True},
    ),
    (
        """{ songs(updatedSince: "2999-01-01") {
             totalCount edges { cursor } pageInfo { endCursor hasNextPage } } }""",
        {},
    ),
    ("{ songs(first: 100) { pageInfo { hasNextPage endCursor } } }", {}),
    ("{ albums(first: 1) { totalCount } }", {}),
    # a root field the resolvers answer beside one compiled
    ("{ songs(first: 2) { edges { node { id } } } playlists { name } }", {}),
]
# answered by the resolvers (errors included), on either path
NOT_COMPILED: list[tuple[str, dict[str, Any]]] = [
    ("{ songs(first: 0) { totalCount } }", {}),
    ("query($f: Int!) { songs(first: $f) { edges { node { id } } } }", {"f": 101}),
    ('{ albums(after: "garbage") { totalCount } }', {}),
    ('{ songs(after: "MXxzb25nc3x4") { totalCount } }', {}),
    ('{ songs(updatedSince: "0001-01-01T00:00:00+01:00") { totalCount } }', {}),
    ('{ songs(updatedSince: "yesterday") { totalCount } }', {}),
    ("{ songs { edges { node { title album { songCount songs { title } } } } } }", {}),
    ("{ artists { edges { node { name albumCount } } } }", {}),
]


@pytest.fixture
def base_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, discogs_api_url=UNREACHABLE_DISCOGS)


@asynccontextmanager
async def client_for(
    settings: Settings, fast_path: bool, account: Account | None = None
) -> AsyncIterator[tuple[httpx.AsyncClient, Account]]:
    async with running_app(dataclasses.replace(settings, graphql_fast_path=fast_path)) as app:
        account = account or await make_account("ann", is_admin=True)
        async with asgi_client(app, account) as client:
            yield client, account


async def library(client: httpx.AsyncClient) -> None:
    """Two artists, an album whose songs are partly by the other, nulls, odd text and floats."""
    miles = await create(client, "artists", name="Miles Davis")
    gil = await create(client, "artists", name="Gil Évans", image="https://img.test/g.jpg")
    album = await create(client, "albums", name="Kind of Blue", artist_id=miles["id"], year=1959)
    other = await create(
        client, "albums", name="Sketches", artist_id=gil["id"], cover="https://img.test/s.jpg"
    )
    lengths = [215.3130612244898, 0.30000000000000004, 101.0, None, 1e-7]
    for n, length in enumerate(lengths):
        await create(
            client,
            "songs",
            title=STRANGE_TITLE if n == 0 else f"Song {n}",
            album_id=album["id"],
            artist_id=gil["id"] if n % 2 else miles["id"],
            length=length,
            track=n or None,
            genre="Jazz" if n % 2 else None,
        )
    await create(
        client, "songs", title="Saeta", album_id=other["id"], length=6.5, disc=2, year=1960
    )
    scanned = await scanned_album(await scanned_artist())
    await scanned_song(scanned)
    await scanned_song(
        scanned,
        title="Bachelorette",
        path="b.mp3",
        size=2**31,
        audio_format="MP3",
        sample_rate=None,
    )


def without_bounds(value: Any) -> Any:
    """`value` with each cursor shown as the item it points at: the walk's bound is the
    moment of the request, so it differs between two requests."""
    if isinstance(value, dict):
        return {key: without_bounds(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_bounds(item) for item in value]
    if isinstance(value, str):
        for kind in ("songs", "albums", "artists"):
            try:
                cursor = Cursor.decode(value, kind)
            except InvalidInput:
                continue
            return ("cursor", cursor.kind, cursor.updated_at, cursor.id)
    return value


async def answer(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    return response.status_code, without_bounds(response.json())


@pytest.fixture
def compiled_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The connections the compiled path answered (its JSON read to the end)."""
    answered: list[str] = []
    json_page = compiled.json_page

    async def watched(plan: Any, request: Any, covers: Any = None) -> str:
        text = await json_page(plan, request, covers)
        answered.append(plan.table)
        return text

    monkeypatch.setattr(compiled, "json_page", watched)
    return answered


async def test_compiled_connections_answer_as_the_resolvers_do(
    base_settings: Settings, compiled_pages: list[str]
) -> None:
    queries = COMPILABLE + NOT_COMPILED
    fast: list[Any] = []
    async with client_for(base_settings, True) as (client, ann):
        await library(client)
        for query, variables in queries:
            before = len(compiled_pages)
            fast.append(await answer(client, query, variables))
            assert (len(compiled_pages) > before) == ((query, variables) in COMPILABLE), query
    by_compiled = len(compiled_pages)
    async with client_for(base_settings, False, ann) as (client, _):
        stock = [await answer(client, query, variables) for query, variables in queries]
    assert len(compiled_pages) == by_compiled  # the stock path compiles nothing
    for (query, _), by_fast, by_stock in zip(queries, fast, stock, strict=True):
        assert by_fast == by_stock, query
    songs = stock[3][1]["data"]["songs"]["edges"]
    assert {edge["node"]["title"] for edge in songs} >= {STRANGE_TITLE}
    assert {edge["node"]["length"] for edge in songs} >= {215.3130612244898, 0.30000000000000004}
    read = [edge["node"] for edge in fast[3][1]["data"]["songs"]["edges"] if edge["node"]["path"]]
    assert {node["path"]: node["size"] for node in read} == {
        FILE_FACTS["path"]: FILE_FACTS["size"],
        "b.mp3": 2**31,
    }
    assert all(type(node["size"]) is int for node in read)  # a float would compare equal
    assert [error["message"] for error in stock[len(COMPILABLE)][1]["errors"]] == [
        "first must be between 1 and 100."
    ]


WALK = """query($after: String, $since: DateTime) {
  songs(first: 2, after: $after, updatedSince: $since) {
    totalCount edges { cursor node { id title album { name } } }
    pageInfo { hasNextPage endCursor } } }"""


async def walk(client: httpx.AsyncClient, since: str | None) -> list[Any]:
    pages: list[Any] = []
    after = None
    while True:
        response = await client.post(
            "/graphql", json={"query": WALK, "variables": {"after": after, "since": since}}
        )
        body = response.json()
        assert "errors" not in body, body
        page = body["data"]["songs"]
        pages.append(without_bounds(page))
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("since", [None, "2000-01-01T00:00:00Z"])
async def test_a_walk_by_cursor_goes_page_by_page_as_the_resolvers_do(
    base_settings: Settings, compiled_pages: list[str], since: str | None
) -> None:
    async with client_for(base_settings, True) as (client, ann):
        await library(client)
        by_compiled = await walk(client, since)
    assert len(compiled_pages) == len(by_compiled) == 4
    async with client_for(base_settings, False, ann) as (client, _):
        by_resolvers = await walk(client, since)
    assert by_compiled == by_resolvers
    titles = [edge["node"]["title"] for page in by_compiled for edge in page["edges"]]
    assert len(titles) == len(set(titles)) == 8


async def test_a_cursor_from_the_resolvers_continues_a_compiled_walk(
    base_settings: Settings, compiled_pages: list[str]
) -> None:
    query = "query($a: String) { albums(first: 1, after: $a) { edges { node { name } } } }"
    async with client_for(base_settings, False) as (client, ann):
        await library(client)
        first = await client.post(
            "/graphql",
            json={"query": "{ albums(first: 1) { pageInfo { endCursor } } }"},
        )
        cursor = first.json()["data"]["albums"]["pageInfo"]["endCursor"]
        by_resolvers = (
            await client.post("/graphql", json={"query": query, "variables": {"a": cursor}})
        ).json()
    async with client_for(base_settings, True, ann) as (client, _):
        by_compiled = (
            await client.post("/graphql", json={"query": query, "variables": {"a": cursor}})
        ).json()
    assert compiled_pages == ["albums"]
    assert by_compiled == by_resolvers
    assert by_compiled["data"]["albums"]["edges"] == [{"node": {"name": "Sketches"}}]
