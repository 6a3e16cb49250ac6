"""GET /api/v1/songs/{id}/stream and /download: signed URLs to a song, for any user."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import httpx
import pytest

from tests.media import scanned_song, scanned_songs, stream_answer, stream_url
from tests.rest_compat.openapi_check import assert_documented
from tests.scans import music_dir, settings
from wax.resolvers.media.links import song_media_path
from wax.services import Services
from wax.settings import Settings

__all__ = ["music_dir", "settings"]


async def test_a_user_gets_a_url_on_wax_that_plays_the_file_without_a_token(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir, "Artist/Album/01 Song.flac")

    answer = await member_client.get(f"/api/v1/songs/{song.id}/stream")
    assert_documented(answer)
    data = answer.json()["data"]

    assert set(data) == {"url", "audio_format", "audio_length"}
    assert data["audio_format"] == "FLAC"
    assert data["audio_length"] == pytest.approx(song.length)
    assert data["url"].startswith(f"http://wax.test/media/songs/{song.id}?")
    played = await client.get(data["url"])  # `client` sends no Authorization header
    assert played.status_code == 200
    assert played.headers["content-type"] == "audio/flac"
    assert played.content == (music_dir / "Artist/Album/01 Song.flac").read_bytes()


async def test_the_asked_format_and_bitrate_are_part_of_the_signed_url(
    member_client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir)

    data = await stream_answer(member_client, song.id, format="opus", bitrate="96")

    assert data["audio_format"] == "OPUS"
    query = dict(parse_qsl(urlsplit(data["url"]).query))
    assert query["format"] == "opus"
    assert query["bitrate"] == "96"
    assert {"expires", "signature"} <= set(query)


async def test_a_transcode_is_256_kbps_unless_asked_otherwise(
    member_client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir)

    url = await stream_url(member_client, song.id, format="mp3")

    assert dict(parse_qsl(urlsplit(url).query))["bitrate"] == "256"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "wma"}, "format"),
        ({"format": "mp3", "bitrate": "32"}, "bitrate"),
        ({"format": "mp3", "bitrate": "999"}, "bitrate"),
        ({"format": "aac", "bitrate": "loud"}, "bitrate"),
        ({"bitrate": "1000"}, "bitrate"),  # checked even where the original ignores it
    ],
)
async def test_a_format_or_bitrate_wax_cannot_make_is_a_422_naming_it(
    member_client: httpx.AsyncClient, music_dir: Path, params: dict[str, str], field: str
) -> None:
    song = await scanned_song(music_dir)

    answer = await member_client.get(f"/api/v1/songs/{song.id}/stream", params=params)

    assert answer.status_code == 422
    assert_documented(answer)
    body = answer.json()
    assert set(body) == {"message", "errors"}
    assert list(body["errors"]) == [field]
    assert body["errors"][field] == [body["message"]]


async def test_a_song_made_through_the_api_has_nothing_to_stream(
    admin_client: httpx.AsyncClient, music_dir: Path
) -> None:
    artist = (await admin_client.post("/api/v1/artists", json={"name": "A"})).json()["data"]
    album = (
        await admin_client.post("/api/v1/albums", json={"name": "B", "artist_id": artist["id"]})
    ).json()["data"]
    song = (
        await admin_client.post(
            "/api/v1/songs",
            json={"title": "C", "album_id": album["id"], "artist_id": artist["id"]},
        )
    ).json()["data"]

    for route in ("stream", "download"):
        answer = await admin_client.get(f"/api/v1/songs/{song['id']}/{route}")
        assert answer.status_code == 404
        assert_documented(answer)
        assert answer.json()["error"] == "not_found"


@pytest.mark.parametrize("song_id", ["0b7e6f8e-0000-4000-8000-000000000000", "nope", "%2E%2E"])
async def test_an_unknown_song_is_a_404_with_json(
    member_client: httpx.AsyncClient, song_id: str
) -> None:
    for route in ("stream", "download"):
        answer = await member_client.get(f"/api/v1/songs/{song_id}/{route}")
        assert answer.status_code == 404
        assert answer.json()["error"] == "not_found"


async def test_asking_for_a_url_needs_a_token(client: httpx.AsyncClient, music_dir: Path) -> None:
    song = await scanned_song(music_dir)

    for route in ("stream", "download"):
        answer = await client.get(f"/api/v1/songs/{song.id}/{route}")
        assert answer.status_code == 401
        assert answer.json() == {"message": "Unauthenticated."}


async def test_a_download_redirects_to_the_file_as_an_attachment_named_as_it_is(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    name = 'Jóga ☃ "live" 100%.flac'
    song = (await scanned_songs(music_dir, f"Björk/Homogénic/{name}"))[f"Björk/Homogénic/{name}"]

    answer = await member_client.get(f"/api/v1/songs/{song.id}/download")

    assert answer.status_code == 302
    assert_documented(answer)
    location = answer.headers["location"]
    assert location.startswith(f"http://wax.test/media/songs/{song.id}?")
    served = await client.get(location)
    assert served.status_code == 200
    assert served.content == (music_dir / song.path).read_bytes()  # type: ignore[operator]
    disposition = served.headers["content-disposition"]
    assert disposition.startswith("attachment; ")
    assert f"filename*=UTF-8''{quote(name, safe='')}" in disposition
    fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback == "Joga _ _live_ 100_.flac"  # for clients that read only filename=
    assert unquote(disposition.split("filename*=UTF-8''", 1)[1]) == name


async def test_a_played_url_is_no_attachment(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir)

    played = await client.get(await stream_url(member_client, song.id))

    assert "content-disposition" not in played.headers


@pytest.mark.parametrize("settings", [{"ffmpeg": "/nonexistent/ffmpeg"}], indirect=True)
async def test_without_ffmpeg_a_transcode_is_a_422_saying_so_and_the_original_still_plays(
    member_client: httpx.AsyncClient,
    client: httpx.AsyncClient,
    music_dir: Path,
    services: Services,
) -> None:
    song = await scanned_song(music_dir)

    answer = await member_client.get(f"/api/v1/songs/{song.id}/stream", params={"format": "mp3"})
    assert answer.status_code == 422
    assert_documented(answer)
    assert answer.json()["error"] == "invalid_input"
    assert "needs ffmpeg" in answer.json()["message"]

    signed = services.media.sign(song_media_path(song.id), {"format": "mp3", "bitrate": "128"})
    media = await client.get(signed)
    assert media.status_code == 422
    assert_documented(media)
    assert "needs ffmpeg" in media.json()["message"]

    assert (await client.get(await stream_url(member_client, song.id))).status_code == 200


async def test_an_expired_url_is_a_403_with_json(
    client: httpx.AsyncClient, music_dir: Path, services: Services, settings: Settings
) -> None:
    song = await scanned_song(music_dir)
    an_hour_and_more_ago = time.time() - settings.media_url_ttl_seconds - 1

    answer = await client.get(
        services.media.sign(song_media_path(song.id), now=an_hour_and_more_ago)
    )

    assert answer.status_code == 403
    assert_documented(answer)
    assert answer.json()["error"] == "forbidden"


async def test_a_tampered_url_is_a_403(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir)
    url = await stream_url(member_client, song.id, format="mp3", bitrate="64")

    for tampered in (
        url.replace("bitrate=64", "bitrate=320"),
        url.replace("format=mp3", "format=original"),
        url + "&download=1",
        url.split("&signature=")[0],
    ):
        answer = await client.get(tampered)
        assert answer.status_code == 403, tampered
        assert answer.json()["error"] == "forbidden"


async def test_one_songs_signature_does_not_open_another_song(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    songs = await scanned_songs(music_dir, "A/a.flac", "A/b.flac")
    first, second = songs["A/a.flac"], songs["A/b.flac"]
    url = await stream_url(member_client, first.id)

    answer = await client.get(url.replace(str(first.id), str(second.id)))

    assert answer.status_code == 403
    assert answer.json()["error"] == "forbidden"
