"""Album covers: `cover` / `album_cover` as signed URLs, and the cover route they point at."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import asgi_client
from tests.images import JPEG, png
from tests.library import graphql
from tests.music import add_picture, make_song
from tests.resolvers.library_scan.scanning import Scans, listed
from wax.models import Album
from wax.resolvers.library.cover_links import cover_links
from wax.services import Services
from wax.settings import Settings


@pytest.fixture
def music(tmp_path: Path) -> Path:
    folder = tmp_path / "music"
    folder.mkdir()
    return folder


@pytest.fixture
def settings(settings: Settings, music: Path) -> Settings:
    return replace(settings, music_dir=music)


@pytest.fixture
async def stranger(app: Starlette) -> Any:
    """A client with no token, as an <img> element is."""
    async with asgi_client(app) as client:
        yield client


async def scanned_library(music: Path, app: Starlette) -> None:
    """Embedded: a FLAC's picture; Beside: a cover.png and a song's JPEG; Bare: nothing."""
    add_picture(make_song(music, "A/Embedded/01.flac", audio=1, artist="A", album="Embedded"), JPEG)
    make_song(music, "A/Embedded/02.flac", audio=2, artist="A", album="Embedded")
    add_picture(make_song(music, "A/Beside/01.mp3", audio=3, artist="A", album="Beside"), JPEG)
    (music / "A/Beside/cover.png").write_bytes(png(3, 3))
    make_song(music, "A/Bare/01.ogg", audio=4, artist="A", album="Bare")
    await Scans(music).clean()


async def albums_by_name(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    return {album["name"]: album for album in await listed(client, "albums")}


async def test_a_found_cover_is_a_signed_url_that_serves_the_picture_without_a_token(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient, stranger: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    albums = await albums_by_name(admin_client)

    embedded = await stranger.get(albums["Embedded"]["cover"])
    assert embedded.status_code == 200
    assert (embedded.content, embedded.headers["content-type"]) == (JPEG, "image/jpeg")
    beside = await stranger.get(albums["Beside"]["cover"])
    assert beside.status_code == 200
    assert (beside.content, beside.headers["content-type"]) == (png(3, 3), "image/png")
    assert albums["Bare"]["cover"] is None
    url = urlsplit(albums["Embedded"]["cover"])
    assert (url.scheme, url.netloc) == ("http", "wax.test")
    assert url.path == f"/media/albums/{albums['Embedded']['id']}/cover"


async def test_every_face_shows_the_same_cover_url(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    albums = await albums_by_name(admin_client)
    songs = {song["album_name"]: song for song in await listed(admin_client, "songs")}
    album_id, song_id = albums["Embedded"]["id"], songs["Beside"]["id"]
    one_album = (await admin_client.get(f"/api/v1/albums/{album_id}")).json()["data"]
    one_song = (await admin_client.get(f"/api/v1/songs/{song_id}")).json()["data"]
    compiled = await graphql(
        admin_client, "{ albums(first: 10) { edges { node { name cover } } } }"
    )
    resolved = await graphql(
        admin_client, "{ albums(first: 10) { edges { node { name cover songCount } } } }"
    )
    song_albums = await graphql(
        admin_client, "{ songs(first: 10) { edges { node { album { name cover } } } } }"
    )

    # signed once per request, rounded: one URL within a while (well beyond this test)
    assert one_album["cover"] == albums["Embedded"]["cover"]
    assert one_song["album_cover"] == songs["Beside"]["album_cover"] == albums["Beside"]["cover"]
    for answer in (compiled["albums"], resolved["albums"]):
        covers = {edge["node"]["name"]: edge["node"]["cover"] for edge in answer["edges"]}
        assert covers == {name: album["cover"] for name, album in albums.items()}
    for edge in song_albums["songs"]["edges"]:
        album = edge["node"]["album"]
        assert album["cover"] == albums[album["name"]]["cover"]


async def test_the_answer_can_be_cached_until_the_url_expires_and_is_revalidated(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient, stranger: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    url = (await albums_by_name(admin_client))["Beside"]["cover"]

    first = await stranger.get(url)
    expires = int(parse_qs(urlsplit(url).query)["expires"][0])
    max_age = int(first.headers["cache-control"].removeprefix("private, max-age="))
    assert first.headers["cache-control"].startswith("private, max-age=")
    assert 0 < max_age <= expires - time.time() + 1
    again = await stranger.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == first.headers["etag"]

    (music / "A/Beside/cover.png").write_bytes(png(6, 6))
    changed = await stranger.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert changed.status_code == 200
    assert changed.content == png(6, 6)
    assert changed.headers["etag"] != first.headers["etag"]


async def test_an_embedded_cover_is_revalidated_too(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient, stranger: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    url = (await albums_by_name(admin_client))["Embedded"]["cover"]

    first = await stranger.get(url)
    again = await stranger.get(url, headers={"If-None-Match": f'"x", W/{first.headers["etag"]}'})

    assert again.status_code == 304


async def test_a_tampered_or_expired_url_answers_403_with_a_json_body(
    music: Path,
    app: Starlette,
    services: Services,
    admin_client: httpx.AsyncClient,
    stranger: httpx.AsyncClient,
) -> None:
    await scanned_library(music, app)
    url = (await albums_by_name(admin_client))["Beside"]["cover"]
    album_id = urlsplit(url).path.split("/")[3]
    expired = cover_links(services.media, "http://wax.test", now=time.time() - 10_000)
    later = str(int(parse_qs(urlsplit(url).query)["expires"][0]) + 3600)
    expires_changed = url.replace("expires=", "expires=" + later + "&was=")

    for bad in (
        url[:-3] + "AAA",
        url.split("?")[0],
        expires_changed,
        expired.url(album_id),
        url.replace("/cover?", "/cover/../../x?"),
    ):
        answer = await stranger.get(bad)
        assert answer.status_code in (403, 404), bad
        assert answer.headers["content-type"].startswith("application/json"), bad
    for bad in (url[:-3] + "AAA", url.split("?")[0], expired.url(album_id)):
        answer = await stranger.get(bad)
        assert answer.status_code == 403
        assert answer.json()["error"] == "forbidden"


async def test_an_album_whose_cover_is_gone_answers_404_with_a_json_body(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient, stranger: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    albums = await albums_by_name(admin_client)
    signed = albums["Beside"]["cover"]
    (music / "A/Beside/cover.png").unlink()

    gone = await stranger.get(signed)
    bare = await stranger.get(signed.replace(albums["Beside"]["id"], albums["Bare"]["id"]))
    unknown = await stranger.get(signed.replace(albums["Beside"]["id"], "not-an-id"))

    for answer in (gone, bare, unknown):
        assert answer.status_code == 404
        assert answer.json()["error"] == "not_found"


@pytest.mark.parametrize(
    "outside", ["../secret.png", "/etc/passwd", "A/../../secret.png", "A/./Bare/../x.png"]
)
async def test_a_cover_path_leading_outside_the_music_folder_is_never_served(
    music: Path,
    app: Starlette,
    admin_client: httpx.AsyncClient,
    stranger: httpx.AsyncClient,
    outside: str,
) -> None:
    await scanned_library(music, app)
    (music.parent / "secret.png").write_bytes(png(9, 9))
    albums = await albums_by_name(admin_client)
    await Album.filter(name="Beside").update(cover_path=outside)

    answer = await stranger.get(albums["Beside"]["cover"])

    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"


async def test_a_cover_a_client_set_is_kept_as_they_gave_it(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    albums = await albums_by_name(admin_client)
    made = await admin_client.post(
        "/api/v1/albums",
        json={
            "name": "Hand-made",
            "artist_id": albums["Bare"]["artist_id"],
            "cover": "https://c.example/x.jpg",
        },
    )
    assert made.status_code == 201, made.text
    assert made.json()["data"]["cover"] == "https://c.example/x.jpg"
    changed = await admin_client.patch(
        f"/api/v1/albums/{albums['Embedded']['id']}", json={"cover": "https://c.example/y.jpg"}
    )
    assert changed.status_code == 200, changed.text

    albums = await albums_by_name(admin_client)
    assert albums["Hand-made"]["cover"] == "https://c.example/x.jpg"
    assert albums["Embedded"]["cover"] == "https://c.example/y.jpg"
    data = await graphql(admin_client, "{ albums(first: 10) { edges { node { name cover } } } }")
    covers = {edge["node"]["name"]: edge["node"]["cover"] for edge in data["albums"]["edges"]}
    assert covers["Hand-made"] == "https://c.example/x.jpg"
    assert covers["Embedded"] == "https://c.example/y.jpg"

    cleared = await admin_client.patch(
        f"/api/v1/albums/{albums['Embedded']['id']}", json={"cover": None}
    )
    assert urlsplit(cleared.json()["data"]["cover"]).path.endswith("/cover")


async def test_a_cover_found_by_a_later_scan_reaches_clients_syncing_albums(
    music: Path, app: Starlette, admin_client: httpx.AsyncClient, stranger: httpx.AsyncClient
) -> None:
    await scanned_library(music, app)
    synced = await admin_client.get("/api/v1/sync/status")
    since = synced.json()["data"]["albums"]["last_updated"]
    stamped = (await Album.get(name="Bare")).updated_at
    (music / "A/Bare/folder.jpg").write_bytes(JPEG)

    await Scans(music).clean()

    assert (await Album.get(name="Bare")).updated_at > stamped

    changed = await listed(admin_client, "albums", updated_since=since)
    bare = next(album for album in changed if album["name"] == "Bare")
    assert (await stranger.get(bare["cover"])).content == JPEG
