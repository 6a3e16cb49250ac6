"""Text no database stores (a NUL, a lone surrogate) comes back as InvalidInput on every text
field of every GraphQL mutation, and changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.bad_input import UNSTORABLE, send_json, snapshot
from tests.library import create, seed
from wax.resolvers.library.fields import (
    ALBUM_FIELDS,
    ARTIST_FIELDS,
    PLAYLIST_FIELDS,
    SONG_FIELDS,
    Text,
)
from wax.resolvers.records import FIELD_RULES

BAD = pytest.mark.parametrize("bad", list(UNSTORABLE.values()), ids=list(UNSTORABLE))
TEXT_FIELDS = [
    (kind, field, api_name)
    for kind, fields in (
        ("Artist", {f: f for f, c in ARTIST_FIELDS.items() if isinstance(c, Text)}),
        ("Album", {f: f for f, c in ALBUM_FIELDS.items() if isinstance(c, Text)}),
        ("Song", {f: f for f, c in SONG_FIELDS.items() if isinstance(c, Text)}),
        ("Playlist", {f: f for f, c in PLAYLIST_FIELDS.items() if isinstance(c, Text)}),
        ("Record", {r.api_name: n for n, r in FIELD_RULES.items() if r.kind in (str, list)}),
    )
    for api_name, field in fields.items()
]


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@pytest.fixture
async def existing(admin_client: httpx.AsyncClient) -> dict[str, tuple[str, dict[str, Any]]]:
    """One of each resource, and a valid input to create another."""
    seeded = await seed(admin_client, songs=1)
    playlist = await create(admin_client, "playlists", name="Mix")
    response = await admin_client.post(
        "/api/records", json={"artistName": "Can", "albumTitle": "Tago Mago"}
    )
    return {
        "Artist": (seeded.artist["id"], {"name": "Neu!"}),
        "Album": (seeded.album["id"], {"name": "Neu! 75", "artistId": seeded.artist["id"]}),
        "Song": (seeded.songs[0]["id"], {"title": "Isi", "albumId": seeded.album["id"]}),
        "Playlist": (playlist["id"], {"name": "Other"}),
        "Record": (
            response.json()["record"]["recordId"],
            {"artistName": "A", "albumTitle": "T"},
        ),
    }


async def mutate(
    client: httpx.AsyncClient, kind: str, input: dict[str, Any], item_id: str | None
) -> dict[str, Any]:
    verb = "update" if item_id else "create"
    input_type = f"{kind}Patch" if item_id else f"{kind}Input"
    id_variable, id_argument = ("$id: UUID!, ", "id: $id, ") if item_id else ("", "")
    query = (
        f"mutation({id_variable}$input: {input_type}!) {{"
        f" result: {verb}{kind}({id_argument}input: $input) {{"
        " __typename ... on InvalidInput { message field } } }"
    )
    variables: dict[str, Any] = {"input": input}
    if item_id:
        variables["id"] = item_id
    response = await send_json(client, "POST", "/graphql", {"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["result"]
    return result


@BAD
@pytest.mark.parametrize(("kind", "field", "api_name"), TEXT_FIELDS)
async def test_every_text_field_answers_invalid_input(
    admin_client, existing, kind: str, field: str, api_name: str, bad: str
) -> None:
    item_id, valid = existing[kind]
    is_list = kind == "Record" and FIELD_RULES[field].kind is list
    value: object = [bad] if is_list else bad
    before = await snapshot()
    for target in (None, item_id):
        result = await mutate(admin_client, kind, {**valid, camel(field): value}, target)
        assert result["__typename"] == "InvalidInput", result
        assert result["field"] == api_name
        assert "NUL" in result["message"]
    assert await snapshot() == before


@BAD
async def test_search_terms_answer_invalid_input(admin_client, bad: str) -> None:
    query = """query($c: String) { searchDiscogs(catalogNumber: $c) {
        __typename ... on InvalidInput { field } } }"""
    response = await send_json(
        admin_client, "POST", "/graphql", {"query": query, "variables": {"c": bad}}
    )
    assert response.json()["data"]["searchDiscogs"] == {
        "__typename": "InvalidInput",
        "field": "catalogNumber",
    }


async def test_a_lone_surrogate_echoed_in_an_error_goes_out_escaped(member_client) -> None:
    query = "query($f: Int) { songs(first: $f) { totalCount } }"
    response = await send_json(
        member_client, "POST", "/graphql", {"query": query, "variables": {"f": "x\ud800"}}
    )
    assert response.status_code == 200
    [error] = response.json()["errors"]
    assert "x\\ud800" in error["message"]
