"""A song reads the same in the listing (JSON the database builds) as on its own (JSON wax
builds from the same declaration), whatever its values."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import Account, asgi_client
from tests.library import create

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
