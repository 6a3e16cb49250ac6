"""Real clients against a real uvicorn: a seek by Range over httpx, and Chromium's <audio>."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_account
from tests.media import songs_after_scan, stream_answer, write_long_wav
from tests.nodejs import NodeResult
from tests.scans import music_dir, settings
from tests.servers import LiveServer

__all__ = ["music_dir", "settings"]

RunNode = Callable[..., Awaitable[NodeResult]]
SECONDS = 6


@pytest.fixture
async def song_url(server: LiveServer, music_dir: Path) -> str:
    write_long_wav(music_dir / "Artist/Album/01 Long.wav", SECONDS, sample_rate=22050)
    song = (await songs_after_scan(music_dir))["Artist/Album/01 Long.wav"]
    account = await make_account("ann", is_admin=True)
    async with httpx.AsyncClient(base_url=server.url, headers=account.headers) as http:
        data = await stream_answer(http, song.id)
    assert data["url"].startswith(f"{server.url}/media/songs/{song.id}?")
    url: str = data["url"]
    return url


@pytest.mark.slow
async def test_a_player_seeks_with_a_range_request(song_url: str, music_dir: Path) -> None:
    content = (music_dir / "Artist/Album/01 Long.wav").read_bytes()
    middle = len(content) // 2

    async with httpx.AsyncClient() as player:
        async with player.stream("GET", song_url, headers={"Range": f"bytes={middle}-"}) as seek:
            assert seek.status_code == 206
            assert (
                seek.headers["content-range"] == f"bytes {middle}-{len(content) - 1}/{len(content)}"
            )
            received = b"".join([chunk async for chunk in seek.aiter_bytes()])
        head = await player.head(song_url)

    assert received == content[middle:]
    assert head.headers["content-length"] == str(len(content))
    assert head.headers["accept-ranges"] == "bytes"


@pytest.mark.slow
async def test_a_song_plays_in_chromiums_audio_element(
    server: LiveServer, song_url: str, run_node: RunNode, chromium: str
) -> None:
    seen = (
        await run_node(
            "audio_in_chromium.cjs",
            server,
            env={"WAX_CHROMIUM": chromium, "WAX_AUDIO_URL": song_url},
        )
    ).report()

    assert seen["pageErrors"] == []
    assert seen["canplaythrough"] is True
    assert seen["duration"] == pytest.approx(SECONDS, abs=0.1)
    assert seen["playedTo"] >= 0.5, "currentTime advanced: the browser played the song"
    assert seen["seekedTo"] == pytest.approx(SECONDS - 1, abs=0.2)
    assert seen["responses"], "the browser fetched the media URL"
    assert {response["status"] for response in seen["responses"]} <= {200, 206}
