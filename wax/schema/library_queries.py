"""Reading the library and records in sync order: connections with updatedSince / first / after."""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Annotated, Any

import strawberry

from wax.errors import InvalidInput
from wax.resolvers import sync
from wax.resolvers.library import albums, artists, playlists, songs
from wax.resolvers.pagination import Page, PageRequest
from wax.schema.compiled import compiled
from wax.schema.context import Info
from wax.schema.library import Album, Artist, Playlist, Song
from wax.schema.limits import CONNECTION, PLAYLISTS, limited
from wax.schema.pagination import (
    AFTER_DESCRIPTION,
    FIRST_DESCRIPTION,
    UPDATED_SINCE_DESCRIPTION,
    Connection,
    bad_input,
    connection,
    page_request,
    updated_since_out_of_range,
)
from wax.schema.records import Record

First = Annotated[int | None, strawberry.argument(description=FIRST_DESCRIPTION)]
After = Annotated[str | None, strawberry.argument(description=AFTER_DESCRIPTION)]
PlaylistsFirst = Annotated[int | None, strawberry.argument(description=PLAYLISTS.description)]
UpdatedSince = Annotated[
    datetime | None, strawberry.argument(description=UPDATED_SINCE_DESCRIPTION)
]


async def _page(fetch: Any, request: PageRequest) -> Page[Any]:
    try:
        page: Page[Any] = await fetch(request)
    except InvalidInput as exc:  # a cursor that is not one of ours
        raise bad_input(exc) from None
    return page


@strawberry.type
class LibraryQuery:
    @strawberry.field(
        description="Artists in (updatedAt, id) order.",
        metadata={**limited(CONNECTION), **compiled("artists")},
    )
    async def artists(
        self,
        info: Info,
        first: First = CONNECTION.default,
        after: After = None,
        updated_since: UpdatedSince = None,
    ) -> Connection[Artist]:
        info.context.require_viewer()
        page = await _page(artists.list_artists, page_request(first, after, updated_since))
        info.context.loaders.artist.prime_many({artist.id: artist for artist in page.items})
        return connection(page, Artist.from_model)

    @strawberry.field(
        description="Albums in (updatedAt, id) order.",
        metadata={**limited(CONNECTION), **compiled("albums")},
    )
    async def albums(
        self,
        info: Info,
        first: First = CONNECTION.default,
        after: After = None,
        updated_since: UpdatedSince = None,
    ) -> Connection[Album]:
        info.context.require_viewer()
        page = await _page(albums.list_albums, page_request(first, after, updated_since))
        info.context.loaders.prime_albums(page.items)
        return connection(page, partial(Album.from_model, loaders=info.context.loaders))

    @strawberry.field(
        description="Songs in (updatedAt, id) order.",
        metadata={**limited(CONNECTION), **compiled("songs")},
    )
    async def songs(
        self,
        info: Info,
        first: First = CONNECTION.default,
        after: After = None,
        updated_since: UpdatedSince = None,
    ) -> Connection[Song]:
        info.context.require_viewer()
        page = await _page(songs.list_songs, page_request(first, after, updated_since))
        return connection(page, partial(Song.from_listed, loaders=info.context.loaders))

    @strawberry.field(description="Records in (updatedAt, id) order.", metadata=limited(CONNECTION))
    async def records(
        self,
        info: Info,
        first: First = CONNECTION.default,
        after: After = None,
        updated_since: UpdatedSince = None,
    ) -> Connection[Record]:
        info.context.require_viewer()
        page = await _page(sync.list_records, page_request(first, after, updated_since))
        return connection(page, Record.from_model)

    @strawberry.field(
        description="Your playlists in (updatedAt, id) order.", metadata=limited(PLAYLISTS)
    )
    async def playlists(
        self,
        info: Info,
        updated_since: UpdatedSince = None,
        first: PlaylistsFirst = PLAYLISTS.default,
    ) -> list[Playlist]:
        user = info.context.require_viewer()
        count = PLAYLISTS.first(first)
        try:
            found = await playlists.list_playlists(user, updated_since, limit=count)
        except InvalidInput:
            raise updated_since_out_of_range() from None
        return [Playlist.from_model(playlist) for playlist in found]
