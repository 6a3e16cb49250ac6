from __future__ import annotations

from tortoise import fields
from tortoise.indexes import Index

from wax.models.base import TimestampedModel


class Artist(TimestampedModel):
    name = fields.CharField(max_length=512, db_index=True)
    image = fields.CharField(max_length=2048, null=True)
    musicbrainz_id = fields.CharField(max_length=64, null=True)
    # made by the library scanner, which deletes it once it has no songs left
    scanned = fields.BooleanField(default=False, db_default=False)

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
    musicbrainz_id = fields.CharField(max_length=64, null=True)
    # made by the library scanner, which deletes it once it has no songs left
    scanned = fields.BooleanField(default=False, db_default=False)
    # where the scanner found the album's picture, relative to WAX_MUSIC_DIR: an image file
    # beside its songs, or a song whose file embeds one; "" when it looked and found none,
    # null before it looked (wax.resolvers.library_scan.covers)
    cover_path = fields.CharField(max_length=4096, null=True)

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
    # the rest is read from the song's file by the scanner; null for songs made through the API
    track_total = fields.IntField(null=True)
    disc_total = fields.IntField(null=True)
    audio_format = fields.CharField(max_length=8, null=True)
    bitrate = fields.IntField(null=True)  # kbit/s
    sample_rate = fields.IntField(null=True)  # Hz
    channels = fields.IntField(null=True)
    size = fields.BigIntField(null=True)  # bytes
    # relative to WAX_MUSIC_DIR, with / between parts; a song with a path is a scanned song
    path = fields.CharField(max_length=4096, null=True, unique=True)
    file_mtime_ns = fields.BigIntField(null=True)
    # a digest of the audio stream, not the tags: a moved or retagged file keeps it
    audio_digest = fields.CharField(max_length=64, null=True)
    musicbrainz_recording_id = fields.CharField(max_length=64, null=True)
    musicbrainz_track_id = fields.CharField(max_length=64, null=True)
    compilation = fields.BooleanField(default=False, db_default=False)

    class Meta:
        table = "songs"
        indexes = (
            Index(fields=("updated_at", "id"), name="songs_updated_at_id"),
            Index(fields=("album_id",), name="songs_album"),
            Index(fields=("artist_id",), name="songs_artist"),
            Index(fields=("audio_digest",), name="songs_audio_digest"),
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
