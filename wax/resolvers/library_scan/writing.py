"""The scanner's writes, each batch one transaction, moving updated_at as API writes do.

A new song moves its album and artist (their song counts); a song that changes album,
artist or length moves the old and new ones, and a length change its playlists (their
total length): the same rows wax.resolvers.library.songs moves for the same change.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from tortoise.expressions import Subquery

from wax.models import Album, Artist, Playlist, PlaylistSong, Song
from wax.music_files import MusicFile
from wax.resolvers.library.removal import remove_albums, remove_artist, remove_songs
from wax.resolvers.library.writes import chunks, touch, write
from wax.resolvers.library_scan.catalogue import Catalogue, Changes
from wax.resolvers.library_scan.known import KnownSong

# columns whose change a client does not see: a touched file is not an updated song
UNSEEN = {"file_mtime_ns"}


@dataclass(frozen=True, slots=True)
class FileChange:
    path: str
    file: MusicFile
    # the song the file is (at its path, or moved from another); None: a new song
    song: KnownSong | None


@dataclass(frozen=True, slots=True)
class Written:
    new: int = 0
    updated: int = 0


def song_values(change: FileChange, album_id: uuid.UUID, artist_id: uuid.UUID) -> dict[str, object]:
    file = change.file
    return {
        "title": file.title,
        "album_id": album_id,
        "artist_id": artist_id,
        "length": file.length,
        "track": file.track,
        "track_total": file.track_total,
        "disc": file.disc,
        "disc_total": file.disc_total,
        "year": file.year,
        "genre": file.genre,
        "audio_format": file.audio_format,
        "bitrate": file.bitrate,
        "sample_rate": file.sample_rate,
        "channels": file.channels,
        "size": file.size,
        "path": change.path,
        "file_mtime_ns": file.mtime_ns,
        "audio_digest": file.audio_digest,
        "musicbrainz_recording_id": file.musicbrainz_recording_id,
        "musicbrainz_track_id": file.musicbrainz_track_id,
        "compilation": file.compilation,
    }


def _current(song: Song, column: str) -> object:
    value = getattr(song, column)
    if column in ("album_id", "artist_id") and value is not None:
        return uuid.UUID(str(value))
    return value


async def write_changes(changes: Sequence[FileChange], catalogue: Catalogue) -> Written:
    """Songs made or updated from their files, in one transaction (rerun on a collision)."""

    async def work() -> Written:
        catalogue.discard()  # what a collided attempt made was rolled back
        written = await _apply(changes, catalogue)
        catalogue.commit()
        return written

    try:
        return await write(work)
    except BaseException:
        catalogue.discard()
        raise


async def _apply(changes: Sequence[FileChange], catalogue: Catalogue) -> Written:
    seen = Changes()
    length_changed: set[uuid.UUID] = set()
    known_ids = [change.song.id for change in changes if change.song is not None]
    rows = {song.id: song for song in await Song.filter(id__in=known_ids).select_for_update()}
    made: list[Song] = []
    updated = 0
    for change in changes:
        artist_id = await catalogue.artist_id(change.file.artist, change.file.musicbrainz_artist_id)
        album_id = await catalogue.album_id(change.file, seen)
        values = song_values(change, album_id, artist_id)
        row = rows.get(change.song.id) if change.song is not None else None
        if row is None:  # new, or deleted through the API since the scan began
            made.append(Song(**values))
            seen.albums.add(album_id)
            seen.artists.add(artist_id)
            continue
        differs = {
            column: value for column, value in values.items() if _current(row, column) != value
        }
        if not differs:
            continue
        old_album, old_artist = _current(row, "album_id"), _current(row, "artist_id")
        if "album_id" in differs or "length" in differs:
            seen.albums.update((old_album, album_id))  # type: ignore[arg-type]
        if "artist_id" in differs:
            seen.artists.update((old_artist, artist_id))  # type: ignore[arg-type]
        if "length" in differs:
            length_changed.add(row.id)
        await Song.filter(id=row.id).update(**differs)
        updated += bool(differs.keys() - UNSEEN)
    if made:
        await Song.bulk_create(made)
    await touch(Album, seen.albums)
    await touch(Artist, seen.artists)
    if length_changed:
        playlists = await PlaylistSong.filter(song_id__in=list(length_changed)).values_list(
            "playlist_id", flat=True
        )
        await touch(Playlist, playlists)
    return Written(new=len(made), updated=updated)


async def delete_songs(songs: Sequence[KnownSong]) -> int:
    """Songs whose files are gone: deleted with their tombstones, out of their playlists."""

    async def work() -> int:
        removed = 0
        for ids in chunks(song.id for song in songs):
            rows = await Song.filter(id__in=ids).order_by("id").select_for_update()
            await remove_songs(rows)
            removed += len(rows)
        return removed

    return await write(work)


async def delete_emptied() -> None:
    """The albums and artists the scanner made that no song is left on (or by)."""

    async def work() -> None:
        albums = (
            await Album.filter(scanned=True)
            .exclude(id__in=Subquery(Song.all().values("album_id")))
            .order_by("id")
            .select_for_update()
        )
        await remove_albums(albums)
        artists = (
            await Artist.filter(scanned=True)
            .exclude(id__in=Subquery(Song.all().values("artist_id")))
            .exclude(id__in=Subquery(Album.all().values("artist_id")))
            .order_by("id")
            .select_for_update()
        )
        for artist in artists:
            await remove_artist(artist)

    await write(work)
