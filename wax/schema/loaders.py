"""Per-request DataLoaders: each relation is fetched once per batch, never once per row."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from strawberry.dataloader import DataLoader

from wax import models
from wax.resolvers.library import children, details
from wax.resolvers.library.cover_links import CoverLinks

K = uuid.UUID
V = TypeVar("V")
ChildrenFetch = Callable[[Iterable[K], int], Awaitable[Mapping[K, list[V]]]]


def _batch(
    fetch: Callable[[Iterable[K]], Awaitable[Mapping[K, V]]], missing: Callable[[], V]
) -> Callable[[list[K]], Awaitable[Sequence[V]]]:
    async def load(keys: list[K]) -> Sequence[V]:
        found = await fetch(keys)
        return [found.get(key, missing()) for key in keys]

    return load


def _none() -> None:
    return None


class IdLoader(DataLoader[K, V]):
    """Keyed by UUID; a listing's ids come as text (see song_listing) and are parsed here."""

    def load(self, key: K | str) -> Awaitable[V]:
        return super().load(key if isinstance(key, uuid.UUID) else uuid.UUID(key))


@dataclass
class Loaders:
    artist: IdLoader[models.Artist | None] = field(
        default_factory=lambda: IdLoader(_batch(details.artists_by_id, _none))
    )
    album: IdLoader[models.Album | None] = field(
        default_factory=lambda: IdLoader(_batch(details.albums_by_id, _none))
    )
    album_stats: IdLoader[details.AlbumStats] = field(
        default_factory=lambda: IdLoader(_batch(details.album_stats, details.AlbumStats))
    )
    artist_stats: IdLoader[details.ArtistStats] = field(
        default_factory=lambda: IdLoader(_batch(details.artist_stats, details.ArtistStats))
    )
    playlist_stats: IdLoader[details.PlaylistStats] = field(
        default_factory=lambda: IdLoader(_batch(details.playlist_stats, details.PlaylistStats))
    )
    # the request's signed cover URLs (wax.resolvers.library.cover_links); None: found covers
    # read null (a context made without a request)
    covers: CoverLinks | None = None
    # the lists of children, one loader per fetch and `first` (aliases may ask for several)
    _children: dict[tuple[ChildrenFetch[Any], int], IdLoader[Any]] = field(default_factory=dict)

    def albums_of_artist(self, first: int) -> IdLoader[list[models.Album]]:
        return self._first_children(children.albums_of_artists, first)

    def songs_of_album(self, first: int) -> IdLoader[list[models.Song]]:
        return self._first_children(children.songs_of_albums, first)

    def songs_of_playlist(self, first: int) -> IdLoader[list[models.Song]]:
        return self._first_children(children.songs_of_playlists, first)

    def _first_children(self, fetch: ChildrenFetch[V], first: int) -> IdLoader[list[V]]:
        key = (fetch, first)
        loader = self._children.get(key)
        if loader is None:

            async def fetch_first(ids: Iterable[K]) -> Mapping[K, list[V]]:
                return await fetch(ids, first)

            loader = self._children[key] = IdLoader(_batch(fetch_first, list))
        return cast(IdLoader[list[V]], loader)

    def prime_albums(self, albums: Iterable[models.Album]) -> None:
        """Albums fetched with their artist."""
        for album in albums:
            self.album.prime(album.id, album)
            self.artist.prime(album.artist.id, album.artist)
