"""Deleting library rows with everything that belongs to them, a tombstone for each.

Call inside the deleting transaction, with the rows already locked.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from wax.models import Album, Artist, Playlist, PlaylistSong, Song
from wax.resolvers.library.writes import touch
from wax.resolvers.tombstones import record_deletions


def _uuid(value: object) -> uuid.UUID:
    return uuid.UUID(str(value))


async def remove_songs(songs: Sequence[Song]) -> None:
    """Delete songs; their albums, artists and playlists show counts that move."""
    if not songs:
        return
    song_ids = [song.id for song in songs]
    playlist_ids = await PlaylistSong.filter(song_id__in=song_ids).values_list(
        "playlist_id", flat=True
    )
    await touch(Playlist, (_uuid(p) for p in playlist_ids))
    await PlaylistSong.filter(song_id__in=song_ids).delete()
    await touch(Album, (_uuid(song.album_id) for song in songs))
    await touch(Artist, (_uuid(song.artist_id) for song in songs))
    await record_deletions("songs", song_ids)
    await Song.filter(id__in=song_ids).delete()


async def remove_albums(albums: Sequence[Album]) -> None:
    """Delete albums and their songs; their artists' album counts move."""
    if not albums:
        return
    album_ids = [album.id for album in albums]
    songs = await Song.filter(album_id__in=album_ids).order_by("id").select_for_update()
    await remove_songs(songs)
    await touch(Artist, (_uuid(album.artist_id) for album in albums))
    await record_deletions("albums", album_ids)
    await Album.filter(id__in=album_ids).delete()


async def remove_artist(artist: Artist) -> None:
    """Delete an artist, its albums, and every song by it or on its albums."""
    albums = await Album.filter(artist_id=artist.id).order_by("id").select_for_update()
    by_artist = await Song.filter(artist_id=artist.id).order_by("id").select_for_update()
    await remove_songs(by_artist)
    await remove_albums(albums)
    await record_deletions("artists", [artist.id])
    await Artist.filter(id=artist.id).delete()
