"""A song reads the same in the listing (JSON the database builds) as on its own (JSON wax
builds from the same declaration), whatever its values."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Account, asgi_client
from tests.library import create
from tests.scanned import FILE_FACTS, scanned_album, scanned_artist, scanned_song

AWKWARD_VALUES: list[dict[str, Any]] = [
    {"title": 'Café "Ω" \\ tab\tnew\nline \u0001 end', "length": 215.3130612244898},
    {"title": "whole length", "length": 101.0, "track": 3, "disc": 1, "year": 1959},
    {"title": "no length", "genre": "Jazz"},
    {"title": "tiny", "length": 0.1 + 0.2},
    {"title": "😀 astral", "length": 1e-7},
]


@pytest.fixture
async def client(app: object, admin: Account) -> Any:
    async with asgi_client(app, admin) as client:  # type: ignore[arg-type]
        yield client


@pytest.mark.parametrize("values", AWKWARD_VALUES, ids=lambda v: str(v["title"])[:12])
async def test_a_listed_song_reads_exactly_as_the_song_itself(
    client: httpx.AsyncClient, values: dict[str, Any]
) -> None:
    artist = await create(client, "artists", name="Ünïcode Artist")
    album = await create(client, "albums", name="Album 'quoted'", artist_id=artist["id"])
    song = await create(client, "songs", album_id=album["id"], **values)

    listed = (await client.get("/api/v1/songs", params={"per_page": 100})).json()["data"]
    alone = (await client.get(f"/api/v1/songs/{song['id']}")).json()["data"]

    assert listed == [alone]
    assert alone["title"] == values["title"]
    assert alone["length"] == values.get("length")
    assert alone["artist_name"] == "Ünïcode Artist"
    assert alone["album_cover"] is None
    assert alone["created_at"].endswith("+00:00")
    assert "." not in alone["created_at"]


SCANNED_FACTS: list[dict[str, Any]] = [
    FILE_FACTS,
    {"audio_format": "MP3", "bitrate": 320, "sample_rate": 48000, "size": 2**31, "path": "a.mp3"},
    {"size": 2**53 - 1, "path": "日本語/曲.opus", "audio_format": "OPUS", "bitrate": None},
]


@pytest.mark.parametrize("facts", SCANNED_FACTS, ids=lambda v: str(v["path"])[:8])
async def test_a_listed_scanned_song_reads_exactly_as_the_song_itself(
    client: httpx.AsyncClient, facts: dict[str, Any]
) -> None:
    album = await scanned_album(await scanned_artist())
    song = await scanned_song(album, **{"bitrate": None, "sample_rate": None, **facts})

    listing = await client.get("/api/v1/songs", params={"per_page": 100})
    alone = (await client.get(f"/api/v1/songs/{song.id}")).json()["data"]

    assert listing.json()["data"] == [alone]
    for key, value in facts.items():
        assert alone[key] == value, key
    # written as an integer on both databases: a float would compare equal in Python
    assert type(listing.json()["data"][0]["size"]) is type(alone["size"]) is int


async def test_a_song_made_through_the_api_has_no_file_facts(client: httpx.AsyncClient) -> None:
    artist = await create(client, "artists", name="Miles Davis")
    album = await create(client, "albums", name="Kind of Blue", artist_id=artist["id"])
    song = await create(client, "songs", album_id=album["id"], title="So What")

    listed = (await client.get("/api/v1/songs")).json()["data"]

    for shown in (song, listed[0]):
        assert {key: shown[key] for key in FILE_FACTS} == dict.fromkeys(FILE_FACTS)
