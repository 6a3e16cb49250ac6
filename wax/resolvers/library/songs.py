"""Songs: each on an album and by an artist; only an admin changes them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from wax.errors import NotFound
from wax.models import Album, Artist, Playlist, PlaylistSong, Song, User
from wax.resolvers.library.fields import SONG_FIELDS, clean, not_found
from wax.resolvers.library.json_listing import BoundJsonSource, JsonItem, JsonSource
from wax.resolvers.library.removal import remove_songs
from wax.resolvers.library.scanned import refuse_song_deletion, refuse_song_tag_changes
from wax.resolvers.library.song_listing import ListedSong, SongSource, listed_song
from wax.resolvers.library.writes import locked, require_admin, touch, write
from wax.resolvers.pagination import Page, PageRequest, paginate


async def get_song(song_id: uuid.UUID) -> Song:
    song = await Song.get_or_none(id=song_id).select_related("album", "artist")
    if song is None:
        raise NotFound(f"No song with id {song_id}.")
    return song


async def get_listed_song(song_id: uuid.UUID) -> ListedSong:
    """get_song's song as the listing reads it: one statement, no ORM objects."""
    song = await listed_song(song_id)
    if song is None:
        raise NotFound(f"No song with id {song_id}.")
    return song


async def list_songs(request: PageRequest) -> Page[ListedSong]:
    return await paginate(SongSource(), "songs", request)


async def list_songs_as_json(
    source: JsonSource | BoundJsonSource, request: PageRequest
) -> Page[JsonItem]:
    """list_songs, each song the JSON object of `source`'s fields, built by the database."""
    return await paginate(source, "songs", request)


async def _resolve_references(values: dict[str, Any], current: Song | None) -> None:
    """Check album_id and artist_id exist; an artist_id given as null means the album's."""
    if "album_id" in values and not await Album.exists(id=values["album_id"]):
        raise not_found("album", "album_id")
    if "artist_id" not in values:
        return
    if values["artist_id"] is None:
        album_id = values.get("album_id") or (current.album_id if current else None)
        album = await Album.get_or_none(id=album_id)
        if album is None:
            raise not_found("album", "album_id")
        values["artist_id"] = uuid.UUID(str(album.artist_id))
    elif not await Artist.exists(id=values["artist_id"]):
        raise not_found("artist", "artist_id")


async def create_song(user: User, data: Mapping[str, object]) -> Song:
    require_admin(user)
    values = clean(data, SONG_FIELDS, partial=False)

    async def work() -> uuid.UUID:
        await _resolve_references(values, None)
        song = await Song.create(**values)
        await touch(Album, [values["album_id"]])
        await touch(Artist, [values["artist_id"]])
        return song.id

    return await get_song(await write(work))


async def update_song(
    user: User, song_id: uuid.UUID, data: Mapping[str, object], *, partial: bool
) -> Song:
    require_admin(user)

    async def work() -> None:
        song = await locked(Song, song_id, "song")
        values = clean(data, SONG_FIELDS, partial=partial)  # after the 404 check
        await _resolve_references(values, song)
        refuse_song_tag_changes(song, values)  # after the bad input checks
        old_album, old_artist = uuid.UUID(str(song.album_id)), uuid.UUID(str(song.artist_id))
        new_album = values.get("album_id", old_album)
        new_artist = values.get("artist_id", old_artist)
        length_changed = "length" in values and values["length"] != song.length
        if new_album != old_album or length_changed:
            await touch(Album, {old_album, new_album})  # song_count, total_length
        if new_artist != old_artist:
            await touch(Artist, [old_artist, new_artist])  # song_count
        if length_changed:
            playlists = await PlaylistSong.filter(song_id=song_id).values_list(
                "playlist_id", flat=True
            )
            await touch(Playlist, playlists)  # total_length
        song.update_from_dict(values)
        await song.save()

    await write(work)
    return await get_song(song_id)


async def delete_song(user: User, song_id: uuid.UUID) -> None:
    require_admin(user)

    async def work() -> None:
        song = await locked(Song, song_id, "song")
        refuse_song_deletion(song)
        await remove_songs([song])

    await write(work)
