"""The GraphQL library types (design.md §9); relations load through the request's DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, TypeVar, cast

import strawberry

from wax import models
from wax.resolvers.library.song_listing import ListedAlbum, ListedArtist, ListedSong
from wax.schema.context import Info

M = TypeVar("M")


def _uuid(value: object) -> uuid.UUID:
    return uuid.UUID(str(value))


def _listed_id(text: str) -> uuid.UUID:
    # the UUID scalar writes str(value), and the loaders parse text keys: a listing's
    # canonical text passes through unparsed
    return cast(uuid.UUID, text)


def _joined(model: object, relation: str) -> Any:
    """The related row the listing's query already joined (select_related), or None."""
    return vars(model).get(f"_{relation}")


@strawberry.type(description="A performer; instance-wide.")
class Artist:
    id: uuid.UUID
    name: str
    image: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, artist: models.Artist) -> Artist:
        return cls(
            id=artist.id,
            name=artist.name,
            image=artist.image,
            created_at=artist.created_at,
            updated_at=artist.updated_at,
        )

    @classmethod
    def from_listed(cls, artist: ListedArtist) -> Artist:
        return cls(
            id=_listed_id(artist.id),
            name=artist.name,
            image=artist.image,
            created_at=artist.created_at,
            updated_at=artist.updated_at,
        )

    @strawberry.field
    async def albums(self, info: Info) -> list[Album]:
        return [
            Album.from_model(a) for a in await info.context.loaders.albums_of_artist.load(self.id)
        ]

    @strawberry.field
    async def album_count(self, info: Info) -> int:
        return (await info.context.loaders.artist_stats.load(self.id)).album_count

    @strawberry.field
    async def song_count(self, info: Info) -> int:
        return (await info.context.loaders.artist_stats.load(self.id)).song_count


@strawberry.type(description="An album by one artist.")
class Album:
    id: uuid.UUID
    name: str
    year: int | None
    cover: str | None
    created_at: datetime
    updated_at: datetime
    artist_id: strawberry.Private[uuid.UUID]
    joined_artist: strawberry.Private[Artist | None] = None

    @classmethod
    def from_model(cls, album: models.Album) -> Album:
        return cls(
            id=album.id,
            name=album.name,
            year=album.year,
            cover=album.cover,
            created_at=album.created_at,
            updated_at=album.updated_at,
            artist_id=_uuid(album.artist_id),
            joined_artist=_convert(Artist.from_model, _joined(album, "artist")),
        )

    @classmethod
    def from_listed(cls, album: ListedAlbum, artist: Artist | None) -> Album:
        """`artist`: the album's artist when the listing has it at hand."""
        return cls(
            id=_listed_id(album.id),
            name=album.name,
            year=album.year,
            cover=album.cover,
            created_at=album.created_at,
            updated_at=album.updated_at,
            artist_id=_listed_id(album.artist_id),
            joined_artist=artist,
        )

    @strawberry.field
    def artist(self, info: Info) -> Artist:
        if self.joined_artist is not None:
            return self.joined_artist
        return _later(Artist.from_model, info.context.loaders.artist.load(self.artist_id))

    @strawberry.field(description="In disc and track order.")
    async def songs(self, info: Info) -> list[Song]:
        return [Song.from_model(s) for s in await info.context.loaders.songs_of_album.load(self.id)]

    @strawberry.field
    async def song_count(self, info: Info) -> int:
        return (await info.context.loaders.album_stats.load(self.id)).song_count

    @strawberry.field(description="Seconds.")
    async def total_length(self, info: Info) -> float:
        return (await info.context.loaders.album_stats.load(self.id)).total_length


@strawberry.type(description="A song on an album.")
class Song:
    id: uuid.UUID
    title: str
    length: float | None
    track: int | None
    disc: int | None
    year: int | None
    genre: str | None
    created_at: datetime
    updated_at: datetime
    album_id: strawberry.Private[uuid.UUID]
    artist_id: strawberry.Private[uuid.UUID]
    joined_album: strawberry.Private[Album | None] = None
    joined_artist: strawberry.Private[Artist | None] = None

    @classmethod
    def from_model(cls, song: models.Song) -> Song:
        return cls(
            id=song.id,
            title=song.title,
            length=song.length,
            track=song.track,
            disc=song.disc,
            year=song.year,
            genre=song.genre,
            created_at=song.created_at,
            updated_at=song.updated_at,
            album_id=_uuid(song.album_id),
            artist_id=_uuid(song.artist_id),
            joined_album=_convert(Album.from_model, _joined(song, "album")),
            joined_artist=_convert(Artist.from_model, _joined(song, "artist")),
        )

    @classmethod
    def from_listed(cls, song: ListedSong) -> Song:
        artist = Artist.from_listed(song.artist)
        # nearly always the album's artist too, which then needs no query
        album_artist = artist if song.album.artist_id == song.artist.id else None
        return cls(
            id=_listed_id(song.id),
            title=song.title,
            length=song.length,
            track=song.track,
            disc=song.disc,
            year=song.year,
            genre=song.genre,
            created_at=song.created_at,
            updated_at=song.updated_at,
            album_id=_listed_id(song.album.id),
            artist_id=_listed_id(song.artist.id),
            joined_album=Album.from_listed(song.album, album_artist),
            joined_artist=artist,
        )

    # Plain (not async) resolvers: with the row joined, nothing to await, so GraphQL makes no
    # task per song; otherwise they hand GraphQL the DataLoader's awaitable.
    @strawberry.field
    def album(self, info: Info) -> Album:
        if self.joined_album is not None:
            return self.joined_album
        return _later(Album.from_model, info.context.loaders.album.load(self.album_id))

    @strawberry.field
    def artist(self, info: Info) -> Artist:
        if self.joined_artist is not None:
            return self.joined_artist
        return _later(Artist.from_model, info.context.loaders.artist.load(self.artist_id))


@strawberry.type(description="One of your playlists; nobody else sees it.")
class Playlist:
    id: uuid.UUID
    name: str
    description: str | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_model(cls, playlist: models.Playlist) -> Playlist:
        return cls(
            id=playlist.id,
            name=playlist.name,
            description=playlist.description,
            created_at=playlist.created_at,
            updated_at=playlist.updated_at,
        )

    @strawberry.field(description="In playlist order.")
    async def songs(self, info: Info) -> list[Song]:
        return [
            Song.from_model(s) for s in await info.context.loaders.songs_of_playlist.load(self.id)
        ]

    @strawberry.field
    async def songs_count(self, info: Info) -> int:
        return (await info.context.loaders.playlist_stats.load(self.id)).songs_count

    @strawberry.field(description="Seconds.")
    async def total_length(self, info: Info) -> float:
        return (await info.context.loaders.playlist_stats.load(self.id)).total_length


R = TypeVar("R")


def _convert(convert: Callable[[M], R], row: M | None) -> R | None:
    return None if row is None else convert(row)


def _later(convert: Callable[[M], R], pending: Awaitable[M | None]) -> R:
    """The loaded row, converted, as an awaitable that GraphQL awaits. Typed as the value:
    strawberry reads the plain resolver's annotation for the schema."""

    async def converted() -> R:
        return convert(await _required(pending))

    return cast(R, converted())


async def _required(pending: Awaitable[M | None]) -> M:
    """A related row every row has; gone only when deleted mid-request."""
    found = await pending
    if found is None:
        raise LookupError("a related row was deleted while the request ran")
    return found
