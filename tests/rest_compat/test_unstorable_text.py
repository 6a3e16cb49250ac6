"""Text no database stores (a NUL, a lone surrogate) is a 422 on every text field, on every
REST resource and in query parameters, and changes nothing."""

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
from wax.rest_compat.records import RECORD_KEYS

BAD = pytest.mark.parametrize("bad", list(UNSTORABLE.values()), ids=list(UNSTORABLE))
LIBRARY_TEXT_FIELDS = [
    (plural, field)
    for plural, checks in (
        ("artists", ARTIST_FIELDS),
        ("albums", ALBUM_FIELDS),
        ("songs", SONG_FIELDS),
        ("playlists", PLAYLIST_FIELDS),
    )
    for field, check in checks.items()
    if isinstance(check, Text)
]
RECORD_TEXT_KEYS = [
    key for key, field in RECORD_KEYS.items() if FIELD_RULES[field].kind in (str, list)
]


@pytest.fixture
async def existing(admin_client: httpx.AsyncClient) -> dict[str, Any]:
    """One of each resource, and a valid body to create another."""
    seeded = await seed(admin_client, songs=1)
    playlist = await create(admin_client, "playlists", name="Mix")
    response = await admin_client.post(
        "/api/records", json={"artistName": "Can", "albumTitle": "Tago Mago"}
    )
    assert response.status_code == 201, response.text
    return {
        "artists": (seeded.artist["id"], {"name": "Neu!"}),
        "albums": (seeded.album["id"], {"name": "Neu! 75", "artist_id": seeded.artist["id"]}),
        "songs": (seeded.songs[0]["id"], {"title": "Isi", "album_id": seeded.album["id"]}),
        "playlists": (playlist["id"], {"name": "Other"}),
        "records": (response.json()["record"]["recordId"], {"artistName": "A", "albumTitle": "T"}),
    }


def assert_laravel_422(response: httpx.Response, field: str) -> None:
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert response.json() == {"message": message, "errors": {field: [message]}}
    assert "NUL" in message


@BAD
@pytest.mark.parametrize(("plural", "field"), LIBRARY_TEXT_FIELDS)
async def test_library_text_fields_refuse_it_on_create_and_change(
    admin_client, existing, plural: str, field: str, bad: str
) -> None:
    item_id, valid = existing[plural]
    before = await snapshot()
    created = await send_json(admin_client, "POST", f"/api/v1/{plural}", {**valid, field: bad})
    assert_laravel_422(created, field)
    for method in ("PATCH", "PUT"):
        changed = await send_json(
            admin_client, method, f"/api/v1/{plural}/{item_id}", {**valid, field: bad}
        )
        assert_laravel_422(changed, field)
    assert await snapshot() == before


@BAD
@pytest.mark.parametrize("key", RECORD_TEXT_KEYS)
async def test_record_text_fields_refuse_it_on_create_and_change(
    admin_client, existing, key: str, bad: str
) -> None:
    record_id, valid = existing["records"]
    value: object = [bad] if FIELD_RULES[RECORD_KEYS[key]].kind is list else bad
    before = await snapshot()
    for method, path in (("POST", "/api/records"), ("PUT", f"/api/records/{record_id}")):
        response = await send_json(admin_client, method, path, {**valid, key: value})
        assert response.status_code == 422, (method, response.text)
        assert response.json() == {
            "error": "invalid_input",
            "message": f"{key} must not contain NUL characters or lone surrogates.",
        }
    assert await snapshot() == before


async def test_an_unknown_record_key_with_a_lone_surrogate_is_named_escaped(
    admin_client, existing
) -> None:
    before = await snapshot()
    response = await send_json(admin_client, "POST", "/api/records", {"x\ud800": "y"})
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_input",
        "message": "x\\ud800 is not a record field.",
    }
    assert await snapshot() == before


@pytest.mark.parametrize(
    "path",
    [
        "/api/records/search?catalogNumber=A%00B",
        "/api/records/search?artist=Can&title=Tago%00Mago",
        "/api/records/search?upc=%00",
        "/api/records?size=12%00",
    ],
)
async def test_record_query_parameters_refuse_a_nul(admin_client, existing, path: str) -> None:
    response = await admin_client.get(path)
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_input"
    assert "NUL" in response.json()["message"]


@pytest.mark.parametrize("name", ["updated_since", "cursor"])
async def test_sync_query_parameters_refuse_a_nul(admin_client, existing, name: str) -> None:
    for plural in ("songs", "albums", "artists", "records"):
        response = await admin_client.get(f"/api/v1/{plural}?{name}=2024-01-01%00")
        assert response.status_code == 422, response.text
        assert "message" in response.json()
    response = await admin_client.get("/api/v1/deleted?since=2024-01-01%00")
    assert response.status_code == 422
    assert response.json()["errors"] == {"since": ["The since field must be a valid date."]}
