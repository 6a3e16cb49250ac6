"""The GraphQL library types (design.md §9); relations load through the request's DataLoaders."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Generator
from datetime import datetime
from functools import partial
from typing import Annotated, Any, Generic, TypeVar, cast

import strawberry

from wax import models
from wax.resolvers.library.song_listing import ListedAlbum, ListedArtist, ListedSong
from wax.schema import media
from wax.schema.big_int import BigInt
from wax.schema.context import Info
from wax.schema.limits import RELATED, limited
from wax.schema.loaders import IdLoader, Loaders
from wax.schema.pacing import pace

M = TypeVar("M")
RelatedFirst = Annotated[int | None, strawberry.argument(description=RELATED.description)]


def _id(value: uuid.UUID | str) -> uuid.UUID:
    # the UUID scalar writes str(value), and the loaders parse text keys: a listing's
    # canonical text passes through unparsed
    return cast(uuid.UUID, value)


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
    def from_model(cls, artist: models.Artist | ListedArtist) -> Artist:
        """A stored artist, or one a listing joined."""
        return cls(
            id=_id(artist.id),
            name=artist.name,
            image=artist.image,
            created_at=artist.created_at,
            updated_at=artist.updated_at,
        )

    @strawberry.field(description="By name (then id).", metadata=limited(RELATED))
    async def albums(self, info: Info, first: RelatedFirst = RELATED.default) -> list[Album]:
        loaders = info.context.loaders
        albums = await loaders.albums_of_artist(RELATED.first(first)).load(self.id)
        await pace(len(albums))
        return [Album.from_model(album, loaders) for album in albums]

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
    cover: str | None = strawberry.field(
        description="The URL a client set; else, when the scanner found the album's picture,"
        " a signed URL to wax's cover route (no token needed; it expires:"
        " WAX_MEDIA_URL_TTL); else null."
    )
    created_at: datetime
    updated_at: datetime
    artist: Artist  # a plain field, joined or Later: see Later

    @classmethod
    def from_model(cls, album: models.Album, loaders: Loaders) -> Album:
        joined = _joined(album, "artist")
        artist = Artist.from_model(joined) if joined else None
        return cls.from_row(album, artist, loaders)

    @classmethod
    def from_row(
        cls, album: models.Album | ListedAlbum, artist: Artist | None, loaders: Loaders
    ) -> Album:
        """A stored album, or one a listing joined. `artist`: the album's artist when at hand;
        else it loads if the query asks for it."""
        return cls(
            id=_id(album.id),
            name=album.name,
            year=album.year,
            cover=loaders.covers.of(album) if loaders.covers else album.cover,
            created_at=album.created_at,
            updated_at=album.updated_at,
            artist=artist or _later(loaders.artist, album.artist_id, Artist.from_model),
        )

    @strawberry.field(
        description="In disc and track order (then title, then id).", metadata=limited(RELATED)
    )
    async def songs(self, info: Info, first: RelatedFirst = RELATED.default) -> list[Song]:
        loaders = info.context.loaders
        songs = await loaders.songs_of_album(RELATED.first(first)).load(self.id)
        await pace(len(songs))
        return [Song.from_model(song, loaders) for song in songs]

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
    # read from the song's file by the scanner; null for songs made through the API
    audio_format: str | None = strawberry.field(
        description="MP3, FLAC, OGG, OPUS, M4A, WAV or AIFF."
    )
    bitrate: int | None = strawberry.field(description="kbit/s.")
    sample_rate: int | None = strawberry.field(description="Hz.")
    # a file's bytes pass Int's 2^31 - 1: a BigInt (wax.schema.big_int), a JSON integer as on REST
    size: BigInt | None = strawberry.field(description="Bytes.")
    path: str | None = strawberry.field(
        description="Relative to the music folder, parts joined by /; a scanned song has one."
    )
    created_at: datetime
    updated_at: datetime
    album: Album  # plain fields, joined or Later: see Later
    artist: Artist

    @strawberry.field(description=media.STREAM_URL)
    def stream_url(
        self,
        info: Info,
        audio_format: Annotated[
            media.AudioFormat | None, strawberry.argument(name="format")
        ] = media.AudioFormat.ORIGINAL,
        bitrate: int | None = strawberry.UNSET,
    ) -> str:
        return media.stream_url(info, self.id, self.path, audio_format, bitrate)

    @strawberry.field(description=media.DOWNLOAD_URL)
    def download_url(self, info: Info) -> str:
        return media.download_url(info, self.id, self.path)

    @classmethod
    def from_model(cls, song: models.Song, loaders: Loaders) -> Song:
        album, artist = _joined(song, "album"), _joined(song, "artist")
        return cls._with(
            song,
            album=Album.from_model(album, loaders)
            if album
            else _later(loaders.album, song.album_id, partial(Album.from_model, loaders=loaders)),
            artist=Artist.from_model(artist)
            if artist
            else _later(loaders.artist, song.artist_id, Artist.from_model),
        )

    @classmethod
    def from_listed(cls, song: ListedSong, loaders: Loaders) -> Song:
        artist = Artist.from_model(song.artist)
        # nearly always the album's artist too, which then needs no query
        album_artist = artist if song.album.artist_id == song.artist.id else None
        album = Album.from_row(song.album, album_artist, loaders)
        return cls._with(song, album=album, artist=artist)

    @classmethod
    def _with(cls, song: models.Song | ListedSong, *, album: Album, artist: Artist) -> Song:
        return cls(
            id=_id(song.id),
            title=song.title,
            length=song.length,
            track=song.track,
            disc=song.disc,
            year=song.year,
            genre=song.genre,
            audio_format=song.audio_format,
            bitrate=song.bitrate,
            sample_rate=song.sample_rate,
            size=None if song.size is None else BigInt(song.size),
            path=song.path,
            created_at=song.created_at,
            updated_at=song.updated_at,
            album=album,
            artist=artist,
        )


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

    @strawberry.field(description="In playlist order.", metadata=limited(RELATED))
    async def songs(self, info: Info, first: RelatedFirst = RELATED.default) -> list[Song]:
        loaders = info.context.loaders
        songs = await loaders.songs_of_playlist(RELATED.first(first)).load(self.id)
        await pace(len(songs))
        return [Song.from_model(song, loaders) for song in songs]

    @strawberry.field
    async def songs_count(self, info: Info) -> int:
        return (await info.context.loaders.playlist_stats.load(self.id)).songs_count

    @strawberry.field(description="Seconds.")
    async def total_length(self, info: Info) -> float:
        return (await info.context.loaders.playlist_stats.load(self.id)).total_length


R = TypeVar("R")


class Later(Generic[M, R]):
    """A related object that GraphQL awaits, loaded (batched) only if the query asks for it.

    Relations are plain fields holding the object or a Later, not resolvers: strawberry runs a
    resolver about ten times slower than a plain field, and a page of 100 songs asks for 200
    relations (bench case 1).
    """

    __slots__ = ("convert", "key", "loader")

    def __init__(
        self, loader: IdLoader[M | None], key: uuid.UUID | str, convert: Callable[[M], R]
    ) -> None:
        self.loader = loader
        self.key = key
        self.convert = convert

    def __await__(self) -> Generator[Any, None, R]:
        return self._resolve().__await__()

    async def _resolve(self) -> R:
        found = await self.loader.load(self.key)
        if found is None:  # a related row every row has; gone only when deleted mid-request
            raise LookupError("a related row was deleted while the request ran")
        return self.convert(found)


def _later(loader: IdLoader[M | None], key: uuid.UUID | str, convert: Callable[[M], R]) -> R:
    """Typed as the value it resolves to: the field's annotation is the schema's."""
    return cast(R, Later(loader, key, convert))
