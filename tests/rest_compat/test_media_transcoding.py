"""Transcoded streams: ffmpeg's output, a real MP3, AAC or Opus, and no ffmpeg left behind."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import mutagen
import pytest
from mutagen.aac import AAC
from mutagen.mp3 import MP3
from mutagen.oggopus import OggOpus

from tests.conftest import make_account
from tests.media import scanned_song, songs_after_scan, stream_url, write_long_wav
from tests.scans import music_dir, settings
from tests.servers import LiveServer
from tests.waiting import until

__all__ = ["music_dir", "settings"]

KINDS = {"mp3": (MP3, "audio/mpeg"), "aac": (AAC, "audio/aac"), "opus": (OggOpus, "audio/ogg")}


@pytest.mark.parametrize("format_name", sorted(KINDS))
async def test_a_flac_song_streams_as_a_real_file_of_the_asked_format(
    member_client: httpx.AsyncClient,
    client: httpx.AsyncClient,
    music_dir: Path,
    tmp_path: Path,
    format_name: str,
) -> None:
    song = await scanned_song(music_dir, "A/B/01 Song.flac")
    kind, content_type = KINDS[format_name]

    answer = await client.get(await stream_url(member_client, song.id, format=format_name))

    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith(content_type)
    assert answer.headers["accept-ranges"] == "none"
    received = tmp_path / f"received.{format_name}"
    received.write_bytes(answer.content)
    audio = mutagen.File(received)
    assert isinstance(audio, kind)
    # from a pipe, MP3 and ADTS carry no length: mutagen estimates it from the bitrate
    assert 0 < audio.info.length < 1


async def test_the_asked_bitrate_is_the_streams_bitrate(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path, tmp_path: Path
) -> None:
    write_long_wav(music_dir / "A/B/long.wav", 5, sample_rate=44100)
    song = (await songs_after_scan(music_dir))["A/B/long.wav"]

    answer = await client.get(await stream_url(member_client, song.id, format="mp3", bitrate=96))

    received = tmp_path / "received.mp3"
    received.write_bytes(answer.content)
    assert MP3(received).info.bitrate == 96_000


async def test_a_transcoded_stream_ignores_range(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir, "A/B/01 Song.flac")
    url = await stream_url(member_client, song.id, format="mp3")

    answer = await client.get(url, headers={"Range": "bytes=0-9"})

    assert answer.status_code == 200
    assert len(answer.content) > 10
    assert "content-range" not in answer.headers


def ffmpeg_children() -> list[int]:
    """The ffmpeg processes this test process started (the live server runs in it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        parent = int(stat[stat.rindex(")") + 2 :].split()[1])
        if name == "ffmpeg" and parent == os.getpid():
            found.append(int(entry.name))
    return found


@pytest.mark.slow
async def test_ffmpeg_is_killed_when_the_client_goes_away_mid_stream(
    server: LiveServer, music_dir: Path
) -> None:
    # 10 minutes: far more than the buffers between ffmpeg and a client that stopped reading
    write_long_wav(music_dir / "A/B/long.wav", 600)
    song = (await songs_after_scan(music_dir))["A/B/long.wav"]
    account = await make_account("ann", is_admin=True)
    async with httpx.AsyncClient(base_url=server.url, headers=account.headers) as http:
        url = await stream_url(http, song.id, format="mp3", bitrate=320)
    assert ffmpeg_children() == []

    async with (
        httpx.AsyncClient() as listener,
        listener.stream("GET", url) as response,
    ):
        assert response.status_code == 200
        chunks = response.aiter_bytes()
        assert await anext(chunks)
        assert len(ffmpeg_children()) == 1  # still transcoding: the client stopped reading
    # leaving the block closed the connection halfway through

    await until(lambda: ffmpeg_children() == [], what="ffmpeg being killed and reaped")


@pytest.mark.slow
async def test_ffmpeg_is_reaped_when_a_stream_ends(server: LiveServer, music_dir: Path) -> None:
    write_long_wav(music_dir / "A/B/short.wav", 2)
    song = (await songs_after_scan(music_dir))["A/B/short.wav"]
    account = await make_account("ann", is_admin=True)
    async with httpx.AsyncClient(base_url=server.url, headers=account.headers) as http:
        url = await stream_url(http, song.id, format="opus")
        answer = await http.get(url)

    assert answer.status_code == 200
    await until(lambda: ffmpeg_children() == [], what="ffmpeg being reaped")


async def test_head_of_a_transcode_answers_its_headers_and_starts_no_ffmpeg(
    member_client: httpx.AsyncClient, client: httpx.AsyncClient, music_dir: Path
) -> None:
    song = await scanned_song(music_dir, "A/B/01 Song.flac")

    answer = await client.head(await stream_url(member_client, song.id, format="aac"))

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "audio/aac"
    assert answer.headers["accept-ranges"] == "none"
    assert answer.content == b""
    assert ffmpeg_children() == []
