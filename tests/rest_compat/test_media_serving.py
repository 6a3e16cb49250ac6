"""The media route serving a song's original file: Range, conditional requests, HEAD, and
only ever the file of the song the URL names, from inside the music folder."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import Message

from tests.media import scanned_song, songs_after_scan, stream_url, write_long_wav
from tests.rest_compat.openapi_check import assert_documented
from tests.scans import music_dir, settings
from wax.models import Song
from wax.resolvers.media import files
from wax.resolvers.media.links import song_media_path
from wax.rest_compat.media_file import CHUNK_BYTES
from wax.services import Services

__all__ = ["music_dir", "settings"]

SONG = "Artist/Album/01 Song.wav"


@pytest.fixture
async def song(music_dir: Path) -> Song:
    return await scanned_song(music_dir, SONG)


@pytest.fixture
async def url(member_client: httpx.AsyncClient, song: Song) -> str:
    return await stream_url(member_client, song.id)


@pytest.fixture
def content(music_dir: Path, song: Song) -> bytes:
    return (music_dir / SONG).read_bytes()


async def test_the_whole_file_comes_with_its_type_validators_and_accept_ranges(
    client: httpx.AsyncClient, url: str, content: bytes
) -> None:
    answer = await client.get(url)

    assert answer.status_code == 200
    assert answer.content == content
    assert answer.headers["content-type"] == "audio/wav"
    assert answer.headers["content-length"] == str(len(content))
    assert answer.headers["accept-ranges"] == "bytes"
    assert answer.headers["etag"].startswith('"')
    assert answer.headers["last-modified"].endswith(" GMT")


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=0-99", 0, 99), ("bytes=100-", 100, None), ("bytes=-50", -50, None)],
)
async def test_one_range_is_a_206_with_content_range(
    client: httpx.AsyncClient,
    url: str,
    content: bytes,
    header: str,
    first: int,
    last: int | None,
) -> None:
    answer = await client.get(url, headers={"Range": header})

    expected = content[first : None if last is None else last + 1]
    start = first % len(content)
    assert answer.status_code == 206
    assert answer.content == expected
    assert answer.headers["content-range"] == (
        f"bytes {start}-{start + len(expected) - 1}/{len(content)}"
    )
    assert answer.headers["content-length"] == str(len(expected))


async def test_a_range_past_the_end_is_a_416_saying_the_size(
    client: httpx.AsyncClient, url: str, content: bytes
) -> None:
    answer = await client.get(url, headers={"Range": f"bytes={len(content)}-"})

    assert answer.status_code == 416
    assert_documented(answer)
    assert answer.headers["content-range"] == f"bytes */{len(content)}"
    assert answer.json()["error"] == "range_not_satisfiable"


async def test_several_ranges_get_the_whole_file(
    client: httpx.AsyncClient, url: str, content: bytes
) -> None:
    answer = await client.get(url, headers={"Range": "bytes=0-9,20-29"})

    assert answer.status_code == 200
    assert answer.content == content


async def test_a_client_holding_this_version_gets_304(client: httpx.AsyncClient, url: str) -> None:
    first = await client.get(url)
    etag, last_modified = first.headers["etag"], first.headers["last-modified"]

    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified}):
        answer = await client.get(url, headers=headers)
        assert answer.status_code == 304, headers
        assert answer.content == b""
        assert answer.headers["etag"] == etag

    changed = await client.get(url, headers={"If-None-Match": '"something else"'})
    assert changed.status_code == 200


async def test_a_changed_file_has_a_new_etag_and_is_sent_again(
    client: httpx.AsyncClient, url: str, music_dir: Path
) -> None:
    etag = (await client.get(url)).headers["etag"]
    path = music_dir / SONG
    path.write_bytes(path.read_bytes() + b"\0" * 10)
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 5_000_000_000))

    answer = await client.get(url, headers={"If-None-Match": etag})

    assert answer.status_code == 200
    assert answer.headers["etag"] != etag


async def test_if_range_sends_the_range_only_for_the_same_version(
    client: httpx.AsyncClient, url: str, content: bytes
) -> None:
    etag = (await client.get(url)).headers["etag"]

    same = await client.get(url, headers={"Range": "bytes=0-9", "If-Range": etag})
    other = await client.get(url, headers={"Range": "bytes=0-9", "If-Range": '"old"'})

    assert same.status_code == 206
    assert same.content == content[:10]
    assert other.status_code == 200
    assert other.content == content


async def test_head_answers_the_headers_of_get_without_the_body(
    client: httpx.AsyncClient, url: str, content: bytes
) -> None:
    whole = await client.head(url)
    part = await client.head(url, headers={"Range": "bytes=10-19"})

    assert whole.status_code == 200
    assert whole.content == b""
    assert whole.headers["content-length"] == str(len(content))
    assert whole.headers["accept-ranges"] == "bytes"
    assert part.status_code == 206
    assert part.headers["content-range"] == f"bytes 10-19/{len(content)}"


async def test_a_file_gone_since_the_scan_is_a_404_with_json(
    client: httpx.AsyncClient, url: str, music_dir: Path
) -> None:
    (music_dir / SONG).unlink()

    answer = await client.get(url)

    assert answer.status_code == 404
    assert_documented(answer)
    assert answer.json()["error"] == "not_found"


async def test_a_file_wax_may_not_read_is_a_503_with_json(
    client: httpx.AsyncClient, url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    # as root (CI) chmod cannot take the right away, so the refusal comes from open()
    monkeypatch.setattr(files, "open", refused, raising=False)

    answer = await client.get(url)

    assert answer.status_code == 503
    assert_documented(answer)
    assert answer.json() == {
        "error": "media_file_unreadable",
        "message": "wax cannot read this song's file (Permission denied).",
    }


@pytest.mark.parametrize(
    "song_id",
    [
        "../../etc/passwd",
        "..%2F..%2Fetc%2Fpasswd",
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "..%252F..%252Fetc%252Fpasswd",
        "%2Fetc%2Fpasswd",
        "..",
    ],
)
async def test_a_path_in_place_of_the_song_id_gets_no_file(
    client: httpx.AsyncClient, services: Services, song: Song, song_id: str
) -> None:
    # signed by wax itself, so only the id can stop it
    signed = services.media.sign(song_media_path(song_id))

    answer = await client.get(signed)

    assert 400 <= answer.status_code < 500
    assert b"root:" not in answer.content


async def test_a_song_whose_path_leads_outside_the_music_folder_gets_no_file(
    client: httpx.AsyncClient, member_client: httpx.AsyncClient, song: Song, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"not for you")
    await Song.filter(id=song.id).update(path="../secret.wav")

    answer = await client.get(await stream_url(member_client, song.id))

    assert answer.status_code == 404
    assert b"not for you" not in answer.content


async def test_a_symlink_out_of_the_music_folder_is_not_followed(
    client: httpx.AsyncClient, url: str, music_dir: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.wav"
    secret.write_bytes(b"not for you")
    (music_dir / SONG).unlink()
    (music_dir / SONG).symlink_to(secret)

    answer = await client.get(url)

    assert answer.status_code == 404
    assert b"not for you" not in answer.content


async def test_a_symlink_inside_the_music_folder_is_served(
    client: httpx.AsyncClient, url: str, music_dir: Path, content: bytes
) -> None:
    kept = music_dir / "elsewhere.wav"
    (music_dir / SONG).rename(kept)
    (music_dir / SONG).symlink_to(kept)

    answer = await client.get(url)

    assert answer.status_code == 200
    assert answer.content == content


async def test_a_large_file_is_sent_in_chunks_as_it_is_read(
    app: Starlette, member_client: httpx.AsyncClient, music_dir: Path
) -> None:
    path = write_long_wav(music_dir / "A/B/long.wav", 60, sample_rate=22050)  # 2.6 MB
    song = (await songs_after_scan(music_dir))["A/B/long.wav"]
    url = httpx.URL(await stream_url(member_client, song.id))
    bodies: list[bytes] = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]
    never = asyncio.Event()

    async def receive() -> Message:
        if requests:
            return requests.pop()
        await never.wait()  # the client stays to the end
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body":
            bodies.append(message["body"])

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": url.path,
        "raw_path": url.raw_path.split(b"?")[0],
        "query_string": url.query,
        "root_path": "",
        "headers": [(b"host", b"wax.test")],
        "server": ("wax.test", 80),
        "client": ("127.0.0.1", 50000),
    }
    await app(scope, receive, send)

    assert b"".join(bodies) == path.read_bytes()
    assert len(bodies) > 8
    assert max(len(body) for body in bodies) <= CHUNK_BYTES
