"""Per-request DataLoaders: each relation is fetched once per batch, never once per row."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from strawberry.dataloader import DataLoader

from wax import models
from wax.resolvers.library import details

K = uuid.UUID
V = TypeVar("V")


def _batch(
    fetch: Callable[[Iterable[K]], Awaitable[Mapping[K, V]]], missing: Callable[[], V]
) -> Callable[[list[K]], Awaitable[Sequence[V]]]:
    async def load(keys: list[K]) -> Sequence[V]:
        found = await fetch(keys)
        return [found.get(key, missing()) for key in keys]

    return load


def _none() -> None:
    return None


@dataclass
class Loaders:
    artist: DataLoader[K, models.Artist | None] = field(
        default_factory=lambda: DataLoader(_batch(details.artists_by_id, _none))
    )
    album: DataLoader[K, models.Album | None] = field(
        default_factory=lambda: DataLoader(_batch(details.albums_by_id, _none))
    )
    albums_of_artist: DataLoader[K, list[models.Album]] = field(
        default_factory=lambda: DataLoader(_batch(details.albums_of_artists, list))
    )
    songs_of_album: DataLoader[K, list[models.Song]] = field(
        default_factory=lambda: DataLoader(_batch(details.songs_of_albums, list))
    )
    songs_of_playlist: DataLoader[K, list[models.Song]] = field(
        default_factory=lambda: DataLoader(_batch(details.songs_of_playlists, list))
    )
    album_stats: DataLoader[K, details.AlbumStats] = field(
        default_factory=lambda: DataLoader(_batch(details.album_stats, details.AlbumStats))
    )
    artist_stats: DataLoader[K, details.ArtistStats] = field(
        default_factory=lambda: DataLoader(_batch(details.artist_stats, details.ArtistStats))
    )
    playlist_stats: DataLoader[K, details.PlaylistStats] = field(
        default_factory=lambda: DataLoader(_batch(details.playlist_stats, details.PlaylistStats))
    )

    def prime_songs(self, songs: Iterable[models.Song]) -> None:
        """Songs fetched with album, album__artist and artist need no further query."""
        for song in songs:
            self.album.prime(song.album.id, song.album)
            self.artist.prime(song.artist.id, song.artist)
            self.artist.prime(song.album.artist.id, song.album.artist)

    def prime_albums(self, albums: Iterable[models.Album]) -> None:
        """Albums fetched with their artist."""
        for album in albums:
            self.album.prime(album.id, album)
            self.artist.prime(album.artist.id, album.artist)
