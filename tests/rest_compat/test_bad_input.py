"""Bad input to /api/v1 gets a clear 4xx and leaves the data as it was; never a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.library import create, seed
from wax.models import Album, Artist, Playlist, PlaylistSong, Song

MISSING = "00000000-0000-0000-0000-000000000000"


async def snapshot() -> list[list[dict]]:
    return [
        await model.all().order_by("id").values()
        for model in (Artist, Album, Song, Playlist, PlaylistSong)
    ]


@pytest.fixture
async def library(admin_client: httpx.AsyncClient, member_client: httpx.AsyncClient):
    seeded = await seed(admin_client, songs=2)
    playlist = await create(member_client, "playlists", name="Mix")
    await member_client.post(
        f"/api/v1/playlists/{playlist['id']}/songs", json={"song_id": seeded.songs[0]["id"]}
    )
    return seeded, playlist


@pytest.mark.parametrize("body", [b"{", b"{'name': 'x'}", b"\xff\xfe", b"nul\x00"])
async def test_malformed_json_is_a_400(admin_client, library, body: bytes) -> None:
    seeded, _ = library
    before = await snapshot()
    for method, path in [
        ("POST", "/api/v1/artists"),
        ("PATCH", f"/api/v1/artists/{seeded.artist['id']}"),
        ("PUT", f"/api/v1/songs/{seeded.songs[0]['id']}"),
        ("POST", "/api/v1/playlists"),
    ]:
        response = await admin_client.request(
            method, path, content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400, (method, path, response.text)
        assert response.json() == {"message": "The request body is not valid JSON."}
    assert await snapshot() == before


@pytest.mark.parametrize("body", ["[]", '"name"', "42", "null"])
async def test_a_body_that_is_not_an_object_is_a_400(admin_client, body: str) -> None:
    response = await admin_client.post(
        "/api/v1/artists", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json() == {"message": "The request body must be a JSON object."}
    assert await Artist.all().count() == 0


@pytest.mark.parametrize(
    ("plural", "body", "field", "message"),
    [
        ("artists", {}, "name", "The name field is required."),
        ("artists", {"name": "   "}, "name", "The name field is required."),
        ("artists", {"name": 42}, "name", "The name field must be a string."),
        ("artists", {"name": "x" * 513}, "name", "The name field must not be greater than 512 characters."),
        ("artists", {"name": "a\x00b"}, "name", "The name field must not contain NUL."),
        ("albums", {"name": "A"}, "artist_id", "The artist id field is required."),
        ("albums", {"name": "A", "artist_id": "nope"}, "artist_id", "The artist id field must be a valid UUID."),
        ("albums", {"name": "A", "artist_id": MISSING}, "artist_id", "The selected artist id is invalid (no such artist)."),
        ("songs", {"album_id": "{album}"}, "title", "The title field is required."),
        ("songs", {"title": "T"}, "album_id", "The album id field is required."),
        ("songs", {"title": "T", "album_id": MISSING}, "album_id", "The selected album id is invalid (no such album)."),
        ("songs", {"title": "T", "album_id": "{album}", "artist_id": MISSING}, "artist_id", "The selected artist id is invalid (no such artist)."),
        ("songs", {"title": "T", "album_id": "{album}", "length": "long"}, "length", "The length field must be a number."),
        ("songs", {"title": "T", "album_id": "{album}", "length": -1}, "length", "The length field must be between 0 and 1e+07."),
        ("songs", {"title": "T", "album_id": "{album}", "track": 1.5}, "track", "The track field must be an integer."),
        ("songs", {"title": "T", "album_id": "{album}", "track": True}, "track", "The track field must be an integer."),
        ("songs", {"title": "T", "album_id": "{album}", "disc": 2**63}, "disc", "The disc field must be between 0 and 10000."),
        ("songs", {"title": "T", "album_id": "{album}", "year": -1}, "year", "The year field must be between 0 and 9999."),
        ("playlists", {"name": None}, "name", "The name field is required."),
        ("playlists", {"name": "P", "description": ["x"]}, "description", "The description field must be a string."),
    ],
)  # fmt: skip
async def test_invalid_fields_are_a_422_naming_the_field(
    admin_client, library, plural: str, body: dict, field: str, message: str
) -> None:
    seeded, _ = library
    body = {
        k: v.format(album=seeded.album["id"]) if isinstance(v, str) else v for k, v in body.items()
    }
    before = await snapshot()
    response = await admin_client.post(f"/api/v1/{plural}", json=body)
    assert response.status_code == 422, response.text
    assert response.json() == {"message": message, "errors": {field: [message]}}
    assert await snapshot() == before


async def test_a_non_finite_length_is_refused(admin_client, library) -> None:
    seeded, _ = library
    response = await admin_client.post(
        "/api/v1/songs",
        content=f'{{"title": "T", "album_id": "{seeded.album["id"]}", "length": NaN}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code in (400, 422)
    assert await Song.all().count() == 2


async def test_a_patch_cannot_blank_a_required_field(admin_client, library) -> None:
    seeded, _ = library
    before = await snapshot()
    response = await admin_client.patch(
        f"/api/v1/songs/{seeded.songs[0]['id']}", json={"title": None}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"title": ["The title field is required."]}
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({}, 422, "song_id"),
        ({"song_id": "nope"}, 422, "song_id"),
        ({"song_id": MISSING}, 422, "song_id"),
        ({"song_id": "{song}", "position": -1}, 422, "position"),
        ({"song_id": "{song}", "position": "first"}, 422, "position"),
    ],
)
async def test_bad_playlist_additions_are_refused(
    member_client, library, body: dict, status: int, field: str
) -> None:
    seeded, playlist = library
    body = {
        k: v.format(song=seeded.songs[1]["id"]) if isinstance(v, str) else v
        for k, v in body.items()
    }
    before = await snapshot()
    response = await member_client.post(f"/api/v1/playlists/{playlist['id']}/songs", json=body)
    assert response.status_code == status, response.text
    assert set(response.json()["errors"]) == {field}
    assert await snapshot() == before


@pytest.mark.parametrize(
    "query",
    [
        "updated_since=%00",
        "updated_since=2024-01-15T00:00:00%2B99:99",
        "per_page=1e2",
        "per_page=%20",
        "page=NaN",
        "cursor=%FF%FE",
        "cursor=" + "A" * 5000,
    ],
)
async def test_hostile_query_strings_are_4xx_never_500(member_client, library, query: str) -> None:
    for path in ("songs", "albums", "artists", "records", "playlists"):
        response = await member_client.get(f"/api/v1/{path}?{query}")
        assert response.status_code < 500, (path, query, response.text)
        assert response.status_code in (200, 422)
    response = await member_client.get(f"/api/v1/deleted?since=x&{query}")
    assert response.status_code == 422
