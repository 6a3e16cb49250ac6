from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index

from wax.models.base import TimestampedModel


class Artist(TimestampedModel):
    name = fields.CharField(max_length=512, db_index=True)
    image = fields.CharField(max_length=2048, null=True)

    albums: fields.ReverseRelation[Album]
    songs: fields.ReverseRelation[Song]

    class Meta:
        table = "artists"
        indexes = (Index(fields=("updated_at", "id"), name="artists_updated_at_id"),)


class Album(TimestampedModel):
    name = fields.CharField(max_length=512)
    artist: fields.ForeignKeyRelation[Artist] = fields.ForeignKeyField(
        "models.Artist", related_name="albums", on_delete=fields.CASCADE
    )
    artist_id: str
    cover = fields.CharField(max_length=2048, null=True)
    year = fields.IntField(null=True)

    songs: fields.ReverseRelation[Song]

    class Meta:
        table = "albums"
        indexes = (
            Index(fields=("updated_at", "id"), name="albums_updated_at_id"),
            Index(fields=("artist_id",), name="albums_artist"),
        )


class Song(TimestampedModel):
    title = fields.CharField(max_length=512)
    album: fields.ForeignKeyRelation[Album] = fields.ForeignKeyField(
        "models.Album", related_name="songs", on_delete=fields.CASCADE
    )
    album_id: str
    artist: fields.ForeignKeyRelation[Artist] = fields.ForeignKeyField(
        "models.Artist", related_name="songs", on_delete=fields.CASCADE
    )
    artist_id: str
    length = fields.FloatField(null=True)
    track = fields.IntField(null=True)
    disc = fields.IntField(null=True)
    year = fields.IntField(null=True)
    genre = fields.CharField(max_length=255, null=True)

    class Meta:
        table = "songs"
        indexes = (
            Index(fields=("updated_at", "id"), name="songs_updated_at_id"),
            Index(fields=("album_id",), name="songs_album"),
            Index(fields=("artist_id",), name="songs_artist"),
        )


class Playlist(TimestampedModel):
    # A user's own ordered list of songs; nobody else sees it.

    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="playlists", on_delete=fields.CASCADE
    )
    user_id: str
    name = fields.CharField(max_length=512)
    description = fields.TextField(null=True)

    entries: fields.ReverseRelation[PlaylistSong]

    class Meta:
        table = "playlists"
        indexes = (Index(fields=("user_id", "updated_at", "id"), name="playlists_user_updated"),)


class PlaylistSong(TimestampedModel):
    playlist: fields.ForeignKeyRelation[Playlist] = fields.ForeignKeyField(
        "models.Playlist", related_name="entries", on_delete=fields.CASCADE
    )
    playlist_id: str
    song: fields.ForeignKeyRelation[Song] = fields.ForeignKeyField(
        "models.Song", related_name="playlist_entries", on_delete=fields.CASCADE
    )
    song_id: str
    position = fields.IntField()

    class Meta:
        table = "playlist_songs"
        unique_together = (("playlist", "song"),)
        indexes = (
            Index(fields=("playlist_id", "position"), name="playlist_songs_order"),
            Index(fields=("song_id",), name="playlist_songs_song"),
        )


from wax.models.users import User  # noqa: E402
