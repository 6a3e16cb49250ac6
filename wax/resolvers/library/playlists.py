"""Playlists: each belongs to one user, and to everyone else it does not exist."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime

from tortoise.expressions import F
from tortoise.functions import Max

from wax.errors import Conflict, InvalidInput, NotFound
from wax.models import Playlist, PlaylistSong, Song, User
from wax.resolvers.dates import client_moment
from wax.resolvers.library.fields import PLAYLIST_FIELDS, Integer, Reference, clean, not_found
from wax.resolvers.library.writes import touch, write
from wax.resolvers.pagination import changed_since
from wax.resolvers.tombstones import record_deletions

MAX_POSITION = 1_000_000


def _missing(playlist_id: uuid.UUID) -> NotFound:
    return NotFound(f"No playlist with id {playlist_id}.")


async def get_playlist(user: User, playlist_id: uuid.UUID) -> Playlist:
    playlist = await Playlist.get_or_none(id=playlist_id, user_id=user.id)
    if playlist is None:
        raise _missing(playlist_id)
    return playlist


async def list_playlists(
    user: User, updated_since: datetime | None = None, *, limit: int | None = None
) -> list[Playlist]:
    """The user's own playlists in (updated_at, id) order; the first `limit` when given."""
    if updated_since is not None:
        updated_since = client_moment(updated_since, "updated_since")
    query = changed_since(Playlist.filter(user_id=user.id), updated_since).order_by(
        "updated_at", "id"
    )
    return list(await (query if limit is None else query.limit(limit)))


async def _locked_own(user: User, playlist_id: uuid.UUID) -> Playlist:
    playlist = await Playlist.filter(id=playlist_id, user_id=user.id).select_for_update().first()
    if playlist is None:
        raise _missing(playlist_id)
    return playlist


async def create_playlist(user: User, data: Mapping[str, object]) -> Playlist:
    values = clean(data, PLAYLIST_FIELDS, partial=False)

    async def work() -> uuid.UUID:
        playlist = await Playlist.create(user_id=user.id, **values)
        return playlist.id

    return await get_playlist(user, await write(work))


async def update_playlist(
    user: User, playlist_id: uuid.UUID, data: Mapping[str, object], *, partial: bool
) -> Playlist:
    async def work() -> None:
        playlist = await _locked_own(user, playlist_id)
        values = clean(data, PLAYLIST_FIELDS, partial=partial)  # after the 404 check
        playlist.update_from_dict(values)
        await playlist.save()

    await write(work)
    return await get_playlist(user, playlist_id)


async def delete_playlist(user: User, playlist_id: uuid.UUID) -> None:
    async def work() -> None:
        playlist = await _locked_own(user, playlist_id)
        await record_deletions("playlists", [playlist.id], owner_id=user.id)
        await playlist.delete()

    await write(work)


async def add_song_to_playlist(
    user: User, playlist_id: uuid.UUID, song_id: object, position: object = None
) -> Playlist:
    """Put a song in the playlist, at the end or at `position` (0 is the first place)."""
    checked_song = song_reference(song_id)
    at = Integer(0, MAX_POSITION)("position", position)

    async def work() -> None:
        await _locked_own(user, playlist_id)
        if not await Song.exists(id=checked_song):
            raise not_found("song", "song_id")
        if await PlaylistSong.exists(playlist_id=playlist_id, song_id=checked_song):
            raise Conflict("The song is already in the playlist.")
        end = await _end_position(playlist_id)
        place = end if at is None or at >= end else at
        if place < end:  # make room
            await PlaylistSong.filter(playlist_id=playlist_id, position__gte=place).update(
                position=F("position") + 1
            )
        await PlaylistSong.create(playlist_id=playlist_id, song_id=checked_song, position=place)
        await touch(Playlist, [playlist_id])

    await write(work)
    return await get_playlist(user, playlist_id)


async def _end_position(playlist_id: uuid.UUID) -> int:
    rows = (
        await PlaylistSong.filter(playlist_id=playlist_id)
        .annotate(last=Max("position"))
        .values("last")
    )
    last = rows[0]["last"] if rows else None
    return 0 if last is None else int(last) + 1


async def remove_song_from_playlist(
    user: User, playlist_id: uuid.UUID, song_id: uuid.UUID
) -> Playlist:
    async def work() -> None:
        await _locked_own(user, playlist_id)
        removed = await PlaylistSong.filter(playlist_id=playlist_id, song_id=song_id).delete()
        if not removed:
            raise NotFound(f"Song {song_id} is not in the playlist.")
        await touch(Playlist, [playlist_id])

    await write(work)
    return await get_playlist(user, playlist_id)


def song_reference(value: object) -> uuid.UUID:
    checked = Reference(required=True)("song_id", value)
    if checked is None:
        raise InvalidInput("The song id field is required.", field="song_id")
    return checked
