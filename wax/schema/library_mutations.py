"""Changing the library (admins) and your playlists; expected failures come back as data."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry

from wax import errors
from wax.models import User
from wax.resolvers.library import albums, artists, playlists, songs
from wax.schema.context import Info
from wax.schema.errors import (
    Conflict,
    Deleted,
    DeleteResult,
    Forbidden,
    InvalidInput,
    NotFound,
    error_result,
)
from wax.schema.library import Album, Artist, Playlist, Song

T = TypeVar("T")
UNSET: Any = strawberry.UNSET

ArtistResult = Annotated[
    Artist | NotFound | InvalidInput | Forbidden | Conflict, strawberry.union("ArtistResult")
]
AlbumResult = Annotated[
    Album | NotFound | InvalidInput | Forbidden | Conflict, strawberry.union("AlbumResult")
]
SongResult = Annotated[
    Song | NotFound | InvalidInput | Forbidden | Conflict, strawberry.union("SongResult")
]
PlaylistResult = Annotated[
    Playlist | NotFound | InvalidInput | Forbidden | Conflict, strawberry.union("PlaylistResult")
]
Failure = NotFound | InvalidInput | Forbidden | Conflict


@strawberry.input
class ArtistInput:
    name: str
    image: str | None = None


@strawberry.input(description="Only the fields given change.")
class ArtistPatch:
    name: str | None = UNSET
    image: str | None = UNSET


@strawberry.input
class AlbumInput:
    name: str
    artist_id: uuid.UUID
    cover: str | None = None
    year: int | None = None


@strawberry.input(description="Only the fields given change.")
class AlbumPatch:
    name: str | None = UNSET
    artist_id: uuid.UUID | None = UNSET
    cover: str | None = UNSET
    year: int | None = UNSET


@strawberry.input
class SongInput:
    title: str
    album_id: uuid.UUID
    artist_id: uuid.UUID | None = strawberry.field(
        default=None, description="The album's artist when not given."
    )
    length: float | None = None
    track: int | None = None
    disc: int | None = None
    year: int | None = None
    genre: str | None = None


@strawberry.input(description="Only the fields given change.")
class SongPatch:
    title: str | None = UNSET
    album_id: uuid.UUID | None = UNSET
    artist_id: uuid.UUID | None = UNSET
    length: float | None = UNSET
    track: int | None = UNSET
    disc: int | None = UNSET
    year: int | None = UNSET
    genre: str | None = UNSET


@strawberry.input
class PlaylistInput:
    name: str
    description: str | None = None


@strawberry.input(description="Only the fields given change.")
class PlaylistPatch:
    name: str | None = UNSET
    description: str | None = UNSET


def given(data: object) -> dict[str, object]:
    """An input's fields as the resolvers take them, leaving out those not given."""
    values = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}  # type: ignore[arg-type]
    return {name: value for name, value in values.items() if value is not UNSET}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def failure(exc: errors.WaxError) -> Failure:
    result = error_result(exc)
    assert isinstance(result, NotFound | InvalidInput | Forbidden | Conflict)
    if isinstance(result, InvalidInput) and result.field:
        result.field = _camel(result.field)
    return result


async def attempt(info: Info, call: Callable[[User], Awaitable[T]]) -> T | Failure:
    """The call's result, or the expected failure as a GraphQL error type."""
    user = info.context.require_viewer()
    try:
        return await call(user)
    except (errors.NotFound, errors.InvalidInput, errors.Forbidden, errors.Conflict) as exc:
        return failure(exc)


async def deletion(
    info: Info, call: Callable[[User], Awaitable[None]], item_id: uuid.UUID
) -> Deleted | NotFound | Forbidden | Conflict:
    user = info.context.require_viewer()
    try:
        await call(user)
    except (errors.NotFound, errors.Forbidden, errors.Conflict) as exc:
        result = failure(exc)
        assert isinstance(result, NotFound | Forbidden | Conflict)
        return result
    return Deleted(id=item_id)


@strawberry.type
class LibraryMutation:
    @strawberry.mutation(description="Admins only.")
    async def create_artist(self, info: Info, input: ArtistInput) -> ArtistResult:
        return await attempt(info, lambda u: _artist(artists.create_artist(u, given(input))))

    @strawberry.mutation(
        description="Admins only. Renaming re-sends its albums and songs."
        " An artist read from the music folder keeps its files' name (Conflict); its image"
        " stays editable."
    )
    async def update_artist(self, info: Info, id: uuid.UUID, input: ArtistPatch) -> ArtistResult:
        return await attempt(
            info, lambda u: _artist(artists.update_artist(u, id, given(input), partial=True))
        )

    @strawberry.mutation(
        description="Admins only. Deletes its albums and songs too; Conflict when it or any of"
        " them was read from the music folder."
    )
    async def delete_artist(self, info: Info, id: uuid.UUID) -> DeleteResult:
        return await deletion(info, lambda u: artists.delete_artist(u, id), id)

    @strawberry.mutation(description="Admins only.")
    async def create_album(self, info: Info, input: AlbumInput) -> AlbumResult:
        return await attempt(info, lambda u: _album(info, albums.create_album(u, given(input))))

    @strawberry.mutation(
        description="Admins only. An album read from the music folder keeps its files' name,"
        " artist and year (Conflict); its cover stays editable."
    )
    async def update_album(self, info: Info, id: uuid.UUID, input: AlbumPatch) -> AlbumResult:
        return await attempt(
            info, lambda u: _album(info, albums.update_album(u, id, given(input), partial=True))
        )

    @strawberry.mutation(
        description="Admins only. Deletes its songs too; Conflict when it or any of them was"
        " read from the music folder."
    )
    async def delete_album(self, info: Info, id: uuid.UUID) -> DeleteResult:
        return await deletion(info, lambda u: albums.delete_album(u, id), id)

    @strawberry.mutation(description="Admins only.")
    async def create_song(self, info: Info, input: SongInput) -> SongResult:
        return await attempt(info, lambda u: _song(info, songs.create_song(u, given(input))))

    @strawberry.mutation(
        description="Admins only. A song with a path was read from the music folder: its"
        " fields are its file's tags (Conflict)."
    )
    async def update_song(self, info: Info, id: uuid.UUID, input: SongPatch) -> SongResult:
        return await attempt(
            info, lambda u: _song(info, songs.update_song(u, id, given(input), partial=True))
        )

    @strawberry.mutation(
        description="Admins only. Takes it out of every playlist. A song with a path"
        " (read from the music folder) is not deleted: remove its file and rescan (Conflict)."
    )
    async def delete_song(self, info: Info, id: uuid.UUID) -> DeleteResult:
        return await deletion(info, lambda u: songs.delete_song(u, id), id)

    @strawberry.mutation
    async def create_playlist(self, info: Info, input: PlaylistInput) -> PlaylistResult:
        return await attempt(info, lambda u: _playlist(playlists.create_playlist(u, given(input))))

    @strawberry.mutation
    async def update_playlist(
        self, info: Info, id: uuid.UUID, input: PlaylistPatch
    ) -> PlaylistResult:
        return await attempt(
            info,
            lambda u: _playlist(playlists.update_playlist(u, id, given(input), partial=True)),
        )

    @strawberry.mutation
    async def delete_playlist(self, info: Info, id: uuid.UUID) -> DeleteResult:
        return await deletion(info, lambda u: playlists.delete_playlist(u, id), id)

    @strawberry.mutation(description="At the end, or at `position` (0 is the first place).")
    async def add_song_to_playlist(
        self,
        info: Info,
        playlist_id: uuid.UUID,
        song_id: uuid.UUID,
        position: int | None = None,
    ) -> PlaylistResult:
        return await attempt(
            info,
            lambda u: _playlist(playlists.add_song_to_playlist(u, playlist_id, song_id, position)),
        )

    @strawberry.mutation
    async def remove_song_from_playlist(
        self, info: Info, playlist_id: uuid.UUID, song_id: uuid.UUID
    ) -> PlaylistResult:
        return await attempt(
            info,
            lambda u: _playlist(playlists.remove_song_from_playlist(u, playlist_id, song_id)),
        )


async def _artist(pending: Awaitable[Any]) -> Artist:
    return Artist.from_model(await pending)


async def _album(info: Info, pending: Awaitable[Any]) -> Album:
    return Album.from_model(await pending, info.context.loaders)


async def _song(info: Info, pending: Awaitable[Any]) -> Song:
    return Song.from_model(await pending, info.context.loaders)


async def _playlist(pending: Awaitable[Any]) -> Playlist:
    return Playlist.from_model(await pending)
