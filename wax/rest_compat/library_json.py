"""Library resources as the original music server wrote them (snake_case)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from wax import models
from wax.resolvers.library import details
from wax.resolvers.library.cover_links import CoverLinks
from wax.resolvers.library.details import AlbumStats, ArtistStats, PlaylistStats
from wax.resolvers.library.page_plans import (
    COVER,
    ID,
    STAMP,
    TABLES,
    Column,
    NodeField,
    RelatedColumn,
)
from wax.resolvers.library.song_listing import ListedAlbum, ListedArtist, ListedSong
from wax.resolvers.record_fields import RECORD_FIELDS
from wax.rest_compat.record_json import record_body
from wax.rest_compat.serialize import timestamp


def _stamps(
    item: models.Artist | models.Album | models.Song | models.Playlist | ListedSong,
) -> dict[str, Any]:
    return {"created_at": timestamp(item.created_at), "updated_at": timestamp(item.updated_at)}


def artist_json(artist: models.Artist, stats: ArtistStats) -> dict[str, Any]:
    return {
        "id": str(artist.id),
        "name": artist.name,
        "image": artist.image,
        "album_count": stats.album_count,
        "song_count": stats.song_count,
        **_stamps(artist),
    }


def album_json(
    album: models.Album, artist: models.Artist, stats: AlbumStats, covers: CoverLinks
) -> dict[str, Any]:
    return {
        "id": str(album.id),
        "name": album.name,
        "artist_id": str(artist.id),
        "artist_name": artist.name,
        "cover": covers.of(album),
        "year": album.year,
        "song_count": stats.song_count,
        "total_length": stats.total_length,
        **_stamps(album),
    }


# a song as the REST face writes it, declared once: the database builds it for a listing
# (wax.resolvers.library.json_listing), song_json below for one song
SONG_FIELDS: tuple[NodeField, ...] = (
    Column("id", "id"),
    Column("title", "title"),
    RelatedColumn("artist_id", "artist", "id"),
    RelatedColumn("artist_name", "artist", "name"),
    RelatedColumn("album_id", "album", "id"),
    RelatedColumn("album_name", "album", "name"),
    RelatedColumn("album_cover", "album", "cover"),
    Column("length", "length"),
    Column("track", "track"),
    Column("disc", "disc"),
    Column("year", "year"),
    Column("genre", "genre"),
    Column("audio_format", "audio_format"),
    Column("bitrate", "bitrate"),
    Column("sample_rate", "sample_rate"),
    Column("size", "size"),
    Column("path", "path"),
    Column("created_at", "created_at", seconds=True),
    Column("updated_at", "updated_at", seconds=True),
)
_SONG_RELATIONS = TABLES["songs"].relations


def song_json(
    song: models.Song | ListedSong,
    album: models.Album | ListedAlbum,
    artist: models.Artist | ListedArtist,
    covers: CoverLinks,
) -> dict[str, Any]:
    rows: dict[str | None, Any] = {None: song, "album": album, "artist": artist}
    body: dict[str, Any] = {}
    for field in SONG_FIELDS:
        relation = field.relation if isinstance(field, RelatedColumn) else None
        if isinstance(field, Column | RelatedColumn):
            table = TABLES[_SONG_RELATIONS[relation][0]] if relation else TABLES["songs"]
            kind = table.columns[field.column]
            row = rows[relation]
            body[field.key] = (
                covers.of(row) if kind == COVER else _shown(getattr(row, field.column), kind)
            )
    return body


def _shown(value: Any, kind: str) -> Any:
    if value is None:
        return None
    if kind == ID:
        return str(value)
    if kind == STAMP:
        return timestamp(value)
    return value


def playlist_json(
    playlist: models.Playlist, stats: PlaylistStats, song_ids: Sequence[uuid.UUID] | None
) -> dict[str, Any]:
    body = {
        "id": str(playlist.id),
        "name": playlist.name,
        "description": playlist.description,
        "user_id": str(playlist.user_id),
        "songs_count": stats.songs_count,
        "total_length": stats.total_length,
        **_stamps(playlist),
    }
    if song_ids is not None:
        body["song_ids"] = [str(song_id) for song_id in song_ids]
    return body


def record_json(record: models.Record) -> dict[str, Any]:
    return record_body(record, RECORD_FIELDS, "v1")


async def artists_json(artists: Sequence[models.Artist]) -> list[dict[str, Any]]:
    stats = await details.artist_stats(artist.id for artist in artists)
    return [artist_json(artist, stats[artist.id]) for artist in artists]


async def listed_artists_json(artists: Sequence[models.Artist]) -> list[dict[str, Any]]:
    """Artists as their listing gives them (with their stats)."""
    stats = details.listed_artist_stats(artists)
    return [artist_json(artist, stats[artist.id]) for artist in artists]


async def listed_albums_json(
    albums: Sequence[models.Album], covers: CoverLinks
) -> list[dict[str, Any]]:
    """Albums as their listing gives them (with their artist and stats)."""
    stats = details.listed_album_stats(albums)
    return [album_json(album, album.artist, stats[album.id], covers) for album in albums]


async def albums_json(albums: Sequence[models.Album], covers: CoverLinks) -> list[dict[str, Any]]:
    """Albums fetched with their artist (select_related)."""
    stats = await details.album_stats(album.id for album in albums)
    return [album_json(album, album.artist, stats[album.id], covers) for album in albums]


def songs_json(
    songs: Sequence[models.Song | ListedSong], covers: CoverLinks
) -> list[dict[str, Any]]:
    """Songs listed, or fetched with their album and artist (select_related)."""
    return [song_json(song, song.album, song.artist, covers) for song in songs]


async def playlists_json(
    playlists: Sequence[models.Playlist], *, with_songs: bool
) -> list[dict[str, Any]]:
    ids = [playlist.id for playlist in playlists]
    stats = await details.playlist_stats(ids)
    song_ids = await details.song_ids_of_playlists(ids) if with_songs else {}
    return [
        playlist_json(p, stats[p.id], song_ids.get(p.id, []) if with_songs else None)
        for p in playlists
    ]
