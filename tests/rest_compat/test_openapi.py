"""GET /openapi.json: a valid OpenAPI 3.1 document describing exactly the routes wax mounts."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from openapi_spec_validator import validate
from starlette.applications import Starlette
from starlette.routing import BaseRoute, Mount, Route

from tests.conftest import Account, asgi_client, make_account
from tests.rest_compat.openapi_check import assert_documented
from tests.servers import running_app
from wax.rest_compat.openapi import document
from wax.settings import Settings

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "options", "head", "trace"}
# not REST: the GraphQL endpoint (see schema.graphql) and GraphiQL's files
NOT_REST = ("/graphql", "/static")
# the media route takes a signature instead of a token (wax.rest_compat.media)
PUBLIC = {("/healthz", "get"), ("/openapi.json", "get"), ("/media/songs/{song_id}", "get")}


def normalised(path: str) -> str:
    """/api/records/{record_id} and /api/records/{id} are the same route."""
    return re.sub(r"\{[^}]+\}", "{}", path)


def mounted_routes(routes: list[BaseRoute], prefix: str = "") -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for route in routes:
        if isinstance(route, Mount):
            found |= mounted_routes(list(route.routes), prefix + route.path)
        elif isinstance(route, Route):
            path = prefix + route.path
            if path.startswith(NOT_REST):
                continue
            # starlette answers HEAD wherever it answers GET
            methods = {m.lower() for m in route.methods or ()} - {"head"}
            found |= {(normalised(path), method) for method in methods}
    return found


def documented_routes(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (normalised(path), method)
        for path, item in doc["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }


def operations(doc: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in HTTP_METHODS
    ]


async def test_the_document_is_served_without_a_token_and_is_valid_openapi_3_1(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    served = response.json()
    assert served["openapi"] == "3.1.0"
    validate(served)
    assert served == document()


def test_every_mounted_route_is_documented(app: Starlette) -> None:
    undocumented = mounted_routes(list(app.routes)) - documented_routes(document())
    assert not undocumented, (
        "mounted but not in the OpenAPI document (wax/rest_compat/openapi/): "
        + ", ".join(f"{method.upper()} {path}" for path, method in sorted(undocumented))
    )


def test_every_documented_route_is_mounted(app: Starlette) -> None:
    missing = documented_routes(document()) - mounted_routes(list(app.routes))
    assert not missing, "documented but not mounted: " + ", ".join(
        f"{method.upper()} {path}" for path, method in sorted(missing)
    )


def test_every_api_route_needs_the_token_and_says_what_401_looks_like() -> None:
    doc = document()
    assert doc["security"] == [{"bearerAuth": []}]
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": doc["components"]["securitySchemes"]["bearerAuth"]["description"],
    }
    for path, method, op in operations(doc):
        # a media URL is signed instead: an <img> or <audio> element sends no token
        if (path, method) in PUBLIC or path.startswith("/media/"):
            assert op["security"] == []
            continue
        assert "security" not in op, f"{method} {path} overrides the bearer token"
        assert op["responses"]["401"] == {"$ref": "#/components/responses/Unauthenticated"}
    assert doc["components"]["responses"]["Unauthenticated"]["content"]["application/json"][
        "example"
    ] == {"message": "Unauthenticated."}


def test_every_operation_has_a_unique_id_and_a_success_response() -> None:
    ids = [op["operationId"] for _, _, op in operations(document())]
    assert len(ids) == len(set(ids))
    for path, method, op in operations(document()):
        # a redirect is the success of /download
        assert any(code[0] in "23" for code in op["responses"]), f"{method} {path}"


def test_every_schema_in_components_is_used() -> None:
    doc = document()
    text = repr({key: value for key, value in doc.items() if key != "components"}) + repr(
        {kind: parts for kind, parts in doc["components"].items()}
    )
    unused = [
        name for name in doc["components"]["schemas"] if f"#/components/schemas/{name}'" not in text
    ]
    assert unused == []


@pytest.mark.parametrize(
    ("path", "status", "headers"),
    [("/healthz", 200, False), ("/api/v1/me", 200, True), ("/api/v1/me", 401, False)],
)
async def test_what_routes_answer_matches_the_document(
    client: httpx.AsyncClient, admin: Account, path: str, status: int, headers: bool
) -> None:
    response = await client.get(path, headers=admin.headers if headers else {})
    assert response.status_code == status
    assert_documented(response)


async def test_a_records_life_over_rest_is_answered_as_documented(
    admin_client: httpx.AsyncClient, member_client: httpx.AsyncClient
) -> None:
    created = await admin_client.post(
        "/api/records", json={"artistName": "Can", "albumTitle": "Tago Mago", "recordSize": '12"'}
    )
    assert created.status_code == 201
    record_id = created.json()["record"]["recordId"]
    unknown = "00000000-0000-4000-8000-000000000000"
    answers = [
        created,
        await admin_client.get("/api/records", params={"sortBy": "year", "size": ['12"', '7"']}),
        await admin_client.get(f"/api/records/{record_id}"),
        await admin_client.put(f"/api/records/{record_id}", json={"yearReleased": 1971}),
        await admin_client.post("/api/records", json={"artistName": "No title"}),
        await admin_client.post(
            "/api/records", json={"artistName": "x", "albumTitle": "y", "z": 1}
        ),
        await admin_client.get("/api/records", params={"shaped": "maybe"}),
        await admin_client.get(f"/api/records/{unknown}"),
        await member_client.post("/api/records", json={"artistName": "a", "albumTitle": "b"}),
        await admin_client.get("/api/records/sync/status"),
        await admin_client.post("/api/records/fetch-from-discogs", json={}),
        await admin_client.put(f"/api/records/{record_id}", json={"labelName": "a\x00"}),
        await admin_client.get("/api/records", params={"size": "1" * 17}),
        await admin_client.get("/api/records/search", params={"upc": "\x00"}),
        await admin_client.delete(f"/api/records/{record_id}"),
    ]
    assert [a.status_code for a in answers] == [
        201,
        200,
        200,
        200,
        400,
        400,
        400,
        404,
        403,
        200,
        400,
        422,
        400,
        422,
        200,
    ]
    for answer in answers:
        assert_documented(answer)


async def test_a_library_and_its_sync_over_rest_are_answered_as_documented(
    admin_client: httpx.AsyncClient, member_client: httpx.AsyncClient
) -> None:
    unknown = "00000000-0000-4000-8000-000000000000"
    artist = await admin_client.post("/api/v1/artists", json={"name": "Can"})
    artist_id = artist.json()["data"]["id"]
    album = await admin_client.post(
        "/api/v1/albums", json={"name": "Tago Mago", "artist_id": artist_id, "year": 1971}
    )
    album_id = album.json()["data"]["id"]
    song = await admin_client.post(
        "/api/v1/songs", json={"title": "Halleluhwah", "album_id": album_id, "length": 1108.5}
    )
    song_id = song.json()["data"]["id"]
    playlist = await member_client.post("/api/v1/playlists", json={"name": "Long ones"})
    playlist_id = playlist.json()["data"]["id"]
    answers = [
        (artist, 201),
        (album, 201),
        (song, 201),
        (playlist, 201),
        (await admin_client.get("/api/v1/songs", params={"updated_since": "2024-01-15"}), 200),
        (await admin_client.get("/api/v1/albums", params={"per_page": 1}), 200),
        (await admin_client.get("/api/v1/artists"), 200),
        (await admin_client.get("/api/v1/records"), 200),
        (await admin_client.get(f"/api/v1/songs/{song_id}"), 200),
        (await admin_client.patch(f"/api/v1/artists/{artist_id}", json={"name": "CAN"}), 200),
        (await admin_client.put(f"/api/v1/albums/{album_id}", json={"name": "Tago Mago"}), 422),
        (
            await member_client.post(
                f"/api/v1/playlists/{playlist_id}/songs", json={"song_id": song_id}
            ),
            201,
        ),
        (await member_client.get("/api/v1/playlists", params={"include": "songs"}), 200),
        (await member_client.get(f"/api/v1/playlists/{playlist_id}"), 200),
        (await member_client.delete(f"/api/v1/playlists/{playlist_id}/songs/{song_id}"), 200),
        (await member_client.post("/api/v1/artists", json={"name": "Not an admin"}), 403),
        (await admin_client.get("/api/v1/songs", params={"updated_since": "yesterday"}), 422),
        (await admin_client.get("/api/v1/songs", params={"per_page": 500}), 200),
        (await admin_client.get("/api/v1/songs", params={"per_page": 0}), 422),
        (await admin_client.post("/api/v1/artists", content=b"{not json"), 400),
        (await admin_client.get(f"/api/v1/albums/{unknown}"), 404),
        (await admin_client.get("/api/v1/sync/status"), 200),
        (await admin_client.delete(f"/api/v1/songs/{song_id}"), 204),
        (await member_client.delete(f"/api/v1/playlists/{playlist_id}"), 204),
        (await admin_client.get("/api/v1/deleted", params={"since": "2024-01-15T00:00:00Z"}), 200),
        (await admin_client.get("/api/v1/deleted"), 422),
        (await member_client.get("/api/v1/me"), 200),
    ]
    assert [answer.status_code for answer, _ in answers] == [status for _, status in answers]
    for answer, _ in answers:
        assert_documented(answer)


async def test_the_outcomes_the_document_used_to_omit_are_answered_as_documented(
    admin_client: httpx.AsyncClient, member_client: httpx.AsyncClient
) -> None:
    artist = await admin_client.post("/api/v1/artists", json={"name": "Can"})
    album = await admin_client.post(
        "/api/v1/albums", json={"name": "Ege Bamyasi", "artist_id": artist.json()["data"]["id"]}
    )
    song = await admin_client.post(
        "/api/v1/songs", json={"title": "Vitamin C", "album_id": album.json()["data"]["id"]}
    )
    playlist = await member_client.post("/api/v1/playlists", json={"name": "Mine"})
    songs_of = f"/api/v1/playlists/{playlist.json()['data']['id']}/songs"
    song_id = song.json()["data"]["id"]
    await member_client.post(songs_of, json={"song_id": song_id})
    answers = [
        (await admin_client.get("/api/records/not-a-uuid"), 400),
        (await admin_client.delete("/api/records/not-a-uuid"), 400),
        (await admin_client.put("/api/records/not-a-uuid", json={"yearReleased": 1972}), 400),
        (await admin_client.get("/api/v1/songs", params={"page": 10_000_001}), 422),
        (await admin_client.get("/api/v1/songs", params={"page": "", "per_page": " "}), 200),
        (await member_client.get("/api/v1/playlists", params={"include": "albums"}), 422),
        (await member_client.get(playlist_path(playlist), params={"include": "x"}), 422),
        (await member_client.get(playlist_path(playlist), params={"include": "songs"}), 200),
        (await member_client.post(songs_of, json={"song_id": song_id}), 409),
        (await member_client.patch(playlist_path(playlist)), 200),
        (
            await admin_client.post(
                "/api/records", json={"artistName": "a", "albumTitle": "b", "yearReleased": 1972.0}
            ),
            201,
        ),
    ]
    assert [answer.status_code for answer, _ in answers] == [status for _, status in answers]
    for answer, _ in answers:
        assert_documented(answer)


def playlist_path(created: httpx.Response) -> str:
    return f"/api/v1/playlists/{created.json()['data']['id']}"


async def test_a_release_discogs_does_not_have_is_a_documented_404(
    discogs_settings: Settings,
) -> None:
    async with running_app(discogs_settings) as app:
        admin = await make_account("ann", is_admin=True)
        async with asgi_client(app, admin) as client:
            response = await client.post(
                "/api/records/fetch-from-discogs", json={"releaseId": 999_999_999}
            )

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert_documented(response)


def test_every_operation_documents_a_database_outage_as_503() -> None:
    for path, method, op in operations(document()):
        if (path, method) in PUBLIC:
            continue
        answer = op["responses"]["503"]
        assert answer["$ref"].rsplit("/", 1)[1] in {
            "DatabaseUnavailable",
            "DiscogsNotConfigured",
            "MusicFolderNotConfigured",
        }
    unavailable = document()["components"]["responses"]["DatabaseUnavailable"]
    assert unavailable["content"]["application/json"]["example"]["error"] == (
        "database_unavailable"
    )


async def test_whole_numbers_sent_as_json_floats_count_as_whole_numbers(
    admin_client: httpx.AsyncClient,
) -> None:
    created = await admin_client.post(
        "/api/records",
        json={"artistName": "Neu!", "albumTitle": "Neu! 75", "yearReleased": 1975.0},
    )
    assert created.status_code == 201
    record = created.json()["record"]
    assert record["yearReleased"] == 1975

    changed = await admin_client.put(
        f"/api/records/{record['recordId']}", json={"discogsId": "1", "yearReleased": 7.5}
    )
    assert changed.status_code == 400
    assert changed.json()["message"] == "yearReleased must be a whole number."
