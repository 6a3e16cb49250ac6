"""Song.streamUrl and Song.downloadUrl over GraphQL: the signed URLs REST gives, on both the
short and the stock execution path, never by the compiled connections."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from tests.conftest import make_account
from tests.media import scanned_song
from tests.scans import music_dir, settings
from tests.servers import LiveServer
from tests.streams import TRANSPORT_WS, expect_ack, follow_subscription, graphql_ws, start
from wax import models
from wax.schema import compiled

__all__ = ["music_dir", "settings"]

URLS = """query($format: AudioFormat, $bitrate: Int) {
  songs(first: 100) { edges { node { id
    streamUrl(format: $format, bitrate: $bitrate) downloadUrl } } } }"""


@pytest.fixture
def compiled_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The connections the compiled path answered."""
    answered: list[str] = []
    json_page = compiled.json_page

    async def watched(plan: Any, request: Any) -> str:
        answered.append(plan.table)
        return await json_page(plan, request)

    monkeypatch.setattr(compiled, "json_page", watched)
    return answered


async def graphql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_a_songs_urls_play_and_download_its_file_without_a_token(
    member_client: httpx.AsyncClient,
    client: httpx.AsyncClient,
    music_dir: Path,
    compiled_pages: list[str],
) -> None:
    song = await scanned_song(music_dir, "A/B/01 Jóga.flac")

    body = await graphql(member_client, URLS)

    assert "errors" not in body, body
    node = body["data"]["songs"]["edges"][0]["node"]
    assert node["streamUrl"].startswith(f"http://wax.test/media/songs/{song.id}?")
    played = await client.get(node["streamUrl"])
    assert played.status_code == 200
    assert played.content == (music_dir / "A/B/01 Jóga.flac").read_bytes()
    downloaded = await client.get(node["downloadUrl"])
    assert downloaded.status_code == 200
    assert "filename*=UTF-8''01%20J%C3%B3ga.flac" in downloaded.headers["content-disposition"]
    assert compiled_pages == []  # URLs are made by resolvers, never compiled


async def test_the_format_and_bitrate_asked_are_in_the_url(
    member_client: httpx.AsyncClient, music_dir: Path
) -> None:
    await scanned_song(music_dir)

    body = await graphql(member_client, URLS, format="OPUS", bitrate=96)

    url = body["data"]["songs"]["edges"][0]["node"]["streamUrl"]
    query = dict(parse_qsl(urlsplit(url).query))
    assert (query["format"], query["bitrate"]) == ("opus", "96")


@pytest.mark.parametrize(
    "variables", [{"format": "MP3", "bitrate": 999}, {"format": "ORIGINAL", "bitrate": 32}]
)
async def test_a_bitrate_wax_cannot_make_is_bad_user_input(
    member_client: httpx.AsyncClient, music_dir: Path, variables: dict[str, Any]
) -> None:
    await scanned_song(music_dir)

    body = await graphql(member_client, URLS, **variables)

    assert [error["extensions"]["code"] for error in body["errors"]] == ["BAD_USER_INPUT"]
    assert "bitrate" in body["errors"][0]["message"]


@pytest.mark.parametrize("settings", [{"ffmpeg": "/nonexistent/ffmpeg"}], indirect=True)
async def test_without_ffmpeg_a_transcode_fails_saying_ffmpeg_is_needed(
    member_client: httpx.AsyncClient, music_dir: Path
) -> None:
    await scanned_song(music_dir)

    body = await graphql(member_client, URLS, format="MP3")
    original = await graphql(member_client, URLS)

    assert [error["extensions"]["code"] for error in body["errors"]] == ["TRANSCODER_MISSING"]
    assert "needs ffmpeg" in body["errors"][0]["message"]
    assert "errors" not in original


async def test_a_song_made_through_the_api_has_no_url_and_says_not_found(
    member_client: httpx.AsyncClient, music_dir: Path
) -> None:
    artist = await models.Artist.create(name="A")
    album = await models.Album.create(name="B", artist=artist)
    await models.Song.create(title="Demo", album=album, artist=artist)

    body = await graphql(member_client, "{ songs { edges { node { title streamUrl } } } }")
    download = await graphql(member_client, "{ songs { edges { node { downloadUrl } } } }")

    for answered in (body, download):
        assert [error["extensions"]["code"] for error in answered["errors"]] == ["NOT_FOUND"]
        assert "made through the API" in answered["errors"][0]["message"]


@pytest.mark.slow
async def test_a_url_asked_over_a_websocket_is_an_http_url(
    server: LiveServer, music_dir: Path
) -> None:
    song = await scanned_song(music_dir)
    account = await make_account("ann", is_admin=True)

    async with graphql_ws(server.ws_url, account.token, TRANSPORT_WS) as ws:
        await expect_ack(ws)
        await start(ws, TRANSPORT_WS, "1", "{ songs { edges { node { streamUrl } } } }")
        data, errors = await follow_subscription(ws)

    assert errors == []
    url = data[0]["data"]["songs"]["edges"][0]["node"]["streamUrl"]
    assert url.startswith(f"{server.url}/media/songs/{song.id}?")
    async with httpx.AsyncClient() as player:
        assert (await player.get(url)).status_code == 200
