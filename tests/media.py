"""Songs to play in tests: real files in the music folder, scanned, and their signed URLs.

A module that plays songs imports the `settings` fixture of tests.scans (a music folder under
tmp_path) and uses these helpers with the app's client.
"""

from __future__ import annotations

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
