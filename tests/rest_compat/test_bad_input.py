"""Bad input to /api/v1 gets a clear 4xx and leaves the data as it was; never a 500."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from tests.bad_input import snapshot as full_snapshot
from tests.library import create, seed
from wax.models import Album, Artist, Playlist, PlaylistSong, Song
from wax.resolvers.pagination import Cursor

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


A = "{album}"


@pytest.mark.parametrize(
    ("plural", "body", "field", "says"),
    [
        ("artists", {}, "name", "is required"),
        ("artists", {"name": "   "}, "name", "is required"),
        ("artists", {"name": 42}, "name", "must be a string"),
        ("artists", {"name": "x" * 513}, "name", "not be greater than 512 characters"),
        ("artists", {"name": "a\x00b"}, "name", "must not contain NUL"),
        ("albums", {"name": "A"}, "artist_id", "is required"),
        ("albums", {"name": "A", "artist_id": "nope"}, "artist_id", "must be a valid UUID"),
        ("albums", {"name": "A", "artist_id": MISSING}, "artist_id", "(no such artist)"),
        ("songs", {"album_id": A}, "title", "is required"),
        ("songs", {"title": "T"}, "album_id", "is required"),
        ("songs", {"title": "T", "album_id": MISSING}, "album_id", "(no such album)"),
        ("songs", {"title": "T", "album_id": A, "artist_id": MISSING}, "artist_id", "no such"),
        ("songs", {"title": "T", "album_id": A, "length": "long"}, "length", "must be a number"),
        ("songs", {"title": "T", "album_id": A, "length": -1}, "length", "between 0 and 1e+07"),
        ("songs", {"title": "T", "album_id": A, "track": 1.5}, "track", "must be an integer"),
        ("songs", {"title": "T", "album_id": A, "track": True}, "track", "must be an integer"),
        ("songs", {"title": "T", "album_id": A, "disc": 2**63}, "disc", "between 0 and 10000"),
        ("songs", {"title": "T", "album_id": A, "year": -1}, "year", "between 0 and 9999"),
        ("playlists", {"name": None}, "name", "is required"),
        ("playlists", {"name": "P", "description": ["x"]}, "description", "must be a string"),
    ],
)
async def test_invalid_fields_are_a_422_naming_the_field(
    admin_client, library, plural: str, body: dict, field: str, says: str
) -> None:
    seeded, _ = library
    body = {k: v.format(album=seeded.album["id"]) if v == A else v for k, v in body.items()}
    before = await snapshot()
    response = await admin_client.post(f"/api/v1/{plural}", json=body)
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert response.json() == {"message": message, "errors": {field: [message]}}
    assert message.startswith(f"The {field.replace('_', ' ')} field") or "selected" in message
    assert says in message
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


DEEP_OBJECT = b'{"a": ' * 100_000 + b"1" + b"}" * 100_000
DEEP_LIST = b'{"name": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


@pytest.mark.parametrize("body", [DEEP_OBJECT, DEEP_LIST], ids=["objects", "lists"])
async def test_deeply_nested_json_is_a_400_on_every_write(admin_client, library, body) -> None:
    seeded, playlist = library
    before = await full_snapshot()
    for method, path in [
        ("POST", "/api/v1/artists"),
        ("PATCH", f"/api/v1/albums/{seeded.album['id']}"),
        ("PUT", f"/api/v1/songs/{seeded.songs[0]['id']}"),
        ("POST", f"/api/v1/playlists/{playlist['id']}/songs"),
    ]:
        response = await admin_client.request(
            method, path, content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 400, (method, path, response.text)
        assert response.json() == {"message": "The request body is not valid JSON."}
    response = await admin_client.post(
        "/api/records", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.json() == {
        "error": "invalid_input",
        "message": "The request body is not valid JSON.",
    }
    assert await full_snapshot() == before


async def test_a_number_past_64_bits_is_checked_like_any_other(admin_client, library) -> None:
    seeded, _ = library
    huge = b"123456789012345678901234567890"
    before = await full_snapshot()
    song = await admin_client.patch(
        f"/api/v1/songs/{seeded.songs[0]['id']}",
        content=b'{"track": ' + huge + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert song.status_code == 422
    assert song.json()["errors"] == {"track": ["The track field must be between 0 and 100000."]}
    record = await admin_client.post(
        "/api/records",
        content=b'{"artistName": "A", "albumTitle": "T", "yearReleased": ' + huge + b"}",
        headers={"Content-Type": "application/json"},
    )
    assert record.status_code == 400
    assert record.json()["error"] == "invalid_input"
    assert record.json()["message"].startswith("yearReleased must be")
    assert await full_snapshot() == before


async def test_a_size_no_record_can_have_is_a_400(member_client) -> None:
    response = await member_client.get("/api/records", params={"size": "12345678901234567"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_input",
        "message": "size is longer than 16 characters.",
    }


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1))),
    ],
    ids=["year 1", "year 9999"],
)
async def test_a_cursor_whose_date_leaves_the_calendar_in_utc_is_a_422(
    member_client, library, moment: datetime
) -> None:
    seeded, _ = library
    for kind in ("songs", "albums", "artists", "records"):
        for bound, updated_at in ((moment, moment), (datetime.now(UTC), moment)):
            cursor = Cursor(kind, bound, updated_at, seeded.artist["id"]).encode()
            response = await member_client.get(f"/api/v1/{kind}", params={"cursor": cursor})
            assert response.status_code == 422, response.text
            assert response.json()["errors"] == {"cursor": ["The cursor is invalid."]}
