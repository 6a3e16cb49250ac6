"""Songs to play in tests: real files in the music folder, scanned, and their signed URLs.

A module that plays songs imports the `settings` fixture of tests.scans (a music folder under
tmp_path) and uses these helpers with the app's client.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path
from typing import Any

import httpx

from tests.music import make_song
from tests.resolvers.library_scan.scanning import Scans
from wax.models import Song


async def scanned_songs(music_dir: Path, *relative_paths: str) -> dict[str, Song]:
    """Makes a file at each path (each its own audio), scans, and returns the songs by path."""
    for index, relative in enumerate(relative_paths):
        make_song(music_dir, relative, audio=index, title=Path(relative).stem)
    return await songs_after_scan(music_dir)


async def songs_after_scan(music_dir: Path) -> dict[str, Song]:
    """Scans the folder as it is, and returns the songs by path."""
    await Scans(music_dir).clean()
    return {song.path: song for song in await Song.all() if song.path is not None}


async def scanned_song(music_dir: Path, relative_path: str = "Artist/Album/01 Song.flac") -> Song:
    return (await scanned_songs(music_dir, relative_path))[relative_path]


async def stream_answer(
    client: httpx.AsyncClient, song_id: object, **params: Any
) -> dict[str, Any]:
    """The data of a 200 from /stream."""
    response = await client.get(f"/api/v1/songs/{song_id}/stream", params=params)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


async def stream_url(client: httpx.AsyncClient, song_id: object, **params: Any) -> str:
    url: str = (await stream_answer(client, song_id, **params))["url"]
    return url


def write_long_wav(path: Path, seconds: float, *, sample_rate: int = 8000) -> Path:
    """A WAV of a steady tone lasting `seconds` (the fixtures last 0.3 s), written in blocks."""
    path.parent.mkdir(parents=True, exist_ok=True)
    period = [round(12000 * math.sin(2 * math.pi * frame / 20)) for frame in range(20)]  # 400 Hz
    block = struct.pack(f"<{len(period)}h", *period) * (sample_rate // 20)  # one second
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        whole, rest = divmod(round(seconds * sample_rate), sample_rate)
        for _ in range(whole):
            out.writeframes(block)
        out.writeframes(block[: rest * 2])
    return path
