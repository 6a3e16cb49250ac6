"""Artists: instance-wide; only an admin changes them."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from wax.errors import NotFound
from wax.models import Album, Artist, Song, User
from wax.resolvers.library import details
from wax.resolvers.library.fields import ARTIST_FIELDS, clean
from wax.resolvers.library.removal import remove_artist
from wax.resolvers.library.scanned import refuse_artist_deletion, refuse_artist_tag_changes
from wax.resolvers.library.writes import locked, require_admin, touch_where, write
from wax.resolvers.pagination import Page, PageRequest, QuerySetSource, paginate


async def get_artist(artist_id: uuid.UUID) -> Artist:
    artist = await Artist.get_or_none(id=artist_id)
    if artist is None:
        raise NotFound(f"No artist with id {artist_id}.")
    return artist


async def list_artists(request: PageRequest) -> Page[Artist]:
    listed = Artist.all().annotate(**details.ARTIST_STAT_COLUMNS)
    return await paginate(QuerySetSource(listed, table="artists"), "artists", request)


async def create_artist(user: User, data: Mapping[str, object]) -> Artist:
    require_admin(user)
    values = clean(data, ARTIST_FIELDS, partial=False)

    async def work() -> uuid.UUID:
        artist = await Artist.create(**values)
        return artist.id

    return await get_artist(await write(work))


async def update_artist(
    user: User, artist_id: uuid.UUID, data: Mapping[str, object], *, partial: bool
) -> Artist:
    require_admin(user)

    async def work() -> None:
        artist = await locked(Artist, artist_id, "artist")
        values = clean(data, ARTIST_FIELDS, partial=partial)  # after the 404 check
        await refuse_artist_tag_changes(artist, values)
        if "name" in values and values["name"] != artist.name:
            # albums and songs show the artist's name
            await touch_where(Album, artist_id=artist_id)
            await touch_where(Song, artist_id=artist_id)
        artist.update_from_dict(values)
        await artist.save()

    await write(work)
    return await get_artist(artist_id)


async def delete_artist(user: User, artist_id: uuid.UUID) -> None:
    require_admin(user)

    async def work() -> None:
        artist = await locked(Artist, artist_id, "artist")
        await refuse_artist_deletion(artist)
        await remove_artist(artist)

    await write(work)
