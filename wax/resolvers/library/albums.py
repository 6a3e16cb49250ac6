"""Albums: each belongs to an artist; only an admin changes them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from wax.errors import NotFound
from wax.models import Album, Artist, Song, User
from wax.resolvers.library import details
from wax.resolvers.library.fields import ALBUM_FIELDS, clean, not_found
from wax.resolvers.library.removal import remove_albums
from wax.resolvers.library.scanned import refuse_album_deletion, refuse_album_tag_changes
from wax.resolvers.library.writes import locked, require_admin, touch, touch_where, write
from wax.resolvers.pagination import Page, PageRequest, QuerySetSource, paginate

# what songs show of their album
SHOWN_IN_SONGS = ("name", "cover")


async def get_album(album_id: uuid.UUID) -> Album:
    album = await Album.get_or_none(id=album_id).select_related("artist")
    if album is None:
        raise NotFound(f"No album with id {album_id}.")
    return album


async def list_albums(request: PageRequest) -> Page[Album]:
    listed = Album.all().select_related("artist").annotate(**details.ALBUM_STAT_COLUMNS)
    return await paginate(QuerySetSource(listed, table="albums"), "albums", request)


async def _existing_artist(artist_id: uuid.UUID) -> None:
    if not await Artist.exists(id=artist_id):
        raise not_found("artist", "artist_id")


async def create_album(user: User, data: Mapping[str, object]) -> Album:
    require_admin(user)
    values = clean(data, ALBUM_FIELDS, partial=False)

    async def work() -> uuid.UUID:
        await _existing_artist(values["artist_id"])
        album = await Album.create(**values)
        await touch(Artist, [values["artist_id"]])
        return album.id

    return await get_album(await write(work))


async def update_album(
    user: User, album_id: uuid.UUID, data: Mapping[str, object], *, partial: bool
) -> Album:
    require_admin(user)

    async def work() -> None:
        album = await locked(Album, album_id, "album")
        values = clean(data, ALBUM_FIELDS, partial=partial)  # after the 404 check
        old_artist = uuid.UUID(str(album.artist_id))
        new_artist = values.get("artist_id", old_artist)
        if new_artist != old_artist:
            await _existing_artist(new_artist)
        await refuse_album_tag_changes(album, values)  # after the bad input checks
        if new_artist != old_artist:
            await touch(Artist, [old_artist, new_artist])  # album counts
        if any(f in values and values[f] != getattr(album, f) for f in SHOWN_IN_SONGS):
            await touch_where(Song, album_id=album_id)
        album.update_from_dict(values)
        await album.save()

    await write(work)
    return await get_album(album_id)


async def delete_album(user: User, album_id: uuid.UUID) -> None:
    require_admin(user)

    async def work() -> None:
        album = await locked(Album, album_id, "album")
        await refuse_album_deletion(album)
        await remove_albums([album])

    await write(work)
