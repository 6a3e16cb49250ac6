"""Data a library resource shows besides its own columns, looked up for many at once."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import RawSQL
from tortoise.functions import Count, Sum

from wax.models import Album, Artist, PlaylistSong, Song


@dataclass(frozen=True)
class AlbumStats:
    song_count: int = 0
    total_length: float = 0.0


@dataclass(frozen=True)
class ArtistStats:
    album_count: int = 0
    song_count: int = 0


@dataclass(frozen=True)
class PlaylistStats:
    songs_count: int = 0
    total_length: float = 0.0


# the same figures as columns of a listing's own statement, correlated with the listed row
# (the listing's table keeps its name as its alias), so a page needs no second round trip
ALBUM_STAT_COLUMNS = {
    "wax_song_count": RawSQL('(SELECT COUNT(*) FROM "songs" s WHERE s."album_id" = "albums"."id")'),
    "wax_total_length": RawSQL(
        '(SELECT SUM(s."length") FROM "songs" s WHERE s."album_id" = "albums"."id")'
    ),
}
ARTIST_STAT_COLUMNS = {
    "wax_album_count": RawSQL(
        '(SELECT COUNT(*) FROM "albums" a WHERE a."artist_id" = "artists"."id")'
    ),
    "wax_song_count": RawSQL(
        '(SELECT COUNT(*) FROM "songs" s WHERE s."artist_id" = "artists"."id")'
    ),
}


def listed_album_stats(albums: Sequence[Album]) -> dict[uuid.UUID, AlbumStats]:
    """The stats of albums listed with ALBUM_STAT_COLUMNS."""
    listed: Sequence[Any] = albums
    return {
        album.id: AlbumStats(int(album.wax_song_count), _length(album.wax_total_length))
        for album in listed
    }


def listed_artist_stats(artists: Sequence[Artist]) -> dict[uuid.UUID, ArtistStats]:
    """The stats of artists listed with ARTIST_STAT_COLUMNS."""
    listed: Sequence[Any] = artists
    return {
        artist.id: ArtistStats(int(artist.wax_album_count), int(artist.wax_song_count))
        for artist in listed
    }


def _ids(ids: Iterable[uuid.UUID | str]) -> list[uuid.UUID]:
    return sorted({uuid.UUID(str(item_id)) for item_id in ids})


def _length(total: object) -> float:
    return round(float(total), 3) if isinstance(total, int | float) else 0.0


async def artists_by_id(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Artist]:
    wanted = _ids(ids)
    return {a.id: a for a in await Artist.filter(id__in=wanted)} if wanted else {}


async def albums_by_id(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Album]:
    wanted = _ids(ids)
    return {a.id: a for a in await Album.filter(id__in=wanted)} if wanted else {}


async def song_ids_of_playlists(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[uuid.UUID]]:
    grouped: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    wanted = _ids(ids)
    if wanted:
        rows = (
            await PlaylistSong.filter(playlist_id__in=wanted)
            .order_by("position", "id")
            .values_list("playlist_id", "song_id")
        )
        for playlist_id, song_id in rows:
            grouped[uuid.UUID(str(playlist_id))].append(uuid.UUID(str(song_id)))
    return grouped


async def album_stats(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, AlbumStats]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    rows = (
        await Song.filter(album_id__in=wanted)
        .annotate(songs=Count("id"), length=Sum("length"))
        .group_by("album_id")
        .values("album_id", "songs", "length")
    )
    stats = {
        uuid.UUID(str(row["album_id"])): AlbumStats(row["songs"], _length(row["length"]))
        for row in rows
    }
    return {album_id: stats.get(album_id, AlbumStats()) for album_id in wanted}


async def artist_stats(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, ArtistStats]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    albums = await _counts(Album, wanted)
    songs = await _counts(Song, wanted)
    return {
        artist_id: ArtistStats(albums.get(artist_id, 0), songs.get(artist_id, 0))
        for artist_id in wanted
    }


async def _counts(
    model: type[Album] | type[Song], artist_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, int]:
    rows = (
        await model.filter(artist_id__in=artist_ids)
        .annotate(n=Count("id"))
        .group_by("artist_id")
        .values("artist_id", "n")
    )
    return {uuid.UUID(str(row["artist_id"])): row["n"] for row in rows}


async def playlist_stats(ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, PlaylistStats]:
    wanted = _ids(ids)
    if not wanted:
        return {}
    rows = (
        await PlaylistSong.filter(playlist_id__in=wanted)
        .annotate(songs=Count("id"), length=Sum("song__length"))
        .group_by("playlist_id")
        .values("playlist_id", "songs", "length")
    )
    stats = {
        uuid.UUID(str(row["playlist_id"])): PlaylistStats(row["songs"], _length(row["length"]))
        for row in rows
    }
    return {playlist_id: stats.get(playlist_id, PlaylistStats()) for playlist_id in wanted}
