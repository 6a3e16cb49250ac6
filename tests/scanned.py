"""Library entries as the library scanner leaves them, written straight to the models (the
tests of API edits and of the song JSON need them without running a scan)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.models import Model

from wax import models

# a file's facts as the scanner stores them: a size past 2^31, a path with non-ASCII text
FILE_FACTS: dict[str, Any] = {
    "audio_format": "FLAC",
    "bitrate": 1411,
    "sample_rate": 44100,
    "size": 3_000_000_123,
    "path": 'Björk/Homogénic/01 Jóga ☃ 𝄞 "live" \\ it\'s.flac',
}


async def scanned_artist(name: str = "Björk") -> models.Artist:
    return await models.Artist.create(name=name, scanned=True)


async def scanned_album(artist: models.Artist, name: str = "Homogenic") -> models.Album:
    return await models.Album.create(name=name, artist=artist, year=1997, scanned=True)


async def scanned_song(album: models.Album, **fields: Any) -> models.Song:
    """A song read from a file, on `album` and by its artist; `fields` override the facts."""
    values: dict[str, Any] = {
        "title": "Jóga",
        "length": 305.1,
        "track": 1,
        "disc": 1,
        "year": 1997,
        "genre": "Electronic",
        "track_total": 10,
        "channels": 2,
        "file_mtime_ns": 1_700_000_000_123_456_789,
        "audio_digest": "d" * 64,
        **FILE_FACTS,
        **fields,
    }
    return await models.Song.create(album=album, artist_id=album.artist_id, **values)


@dataclass
class ScannedLibrary:
    """A scanned artist, album and song, a scanned album beside it, a hand-made artist, and a
    hand-made song on the scanned album."""

    artist: models.Artist
    album: models.Album
    song: models.Song
    other_album: models.Album
    hand_made_artist: models.Artist
    hand_made_song: models.Song


async def scanned_library() -> ScannedLibrary:
    artist = await scanned_artist()
    album = await scanned_album(artist)
    song = await scanned_song(album)
    other_album = await scanned_album(artist, name="Post")
    hand_made_artist = await models.Artist.create(name="Guest")
    hand_made_song = await models.Song.create(title="Demo", album=album, artist=artist)
    return ScannedLibrary(artist, album, song, other_album, hand_made_artist, hand_made_song)


async def library_state() -> dict[str, list[dict[str, Any]]]:
    """Every library row with every column (stamps included), and the tombstones."""
    tables: list[type[Model]] = [
        models.Artist,
        models.Album,
        models.Song,
        models.Playlist,
        models.PlaylistSong,
        models.DeletedItem,
    ]
    return {table.__name__: await table.all().order_by("id").values() for table in tables}
