"""The /api/v1 shapes: snake_case, as the original (Laravel) music server sent them."""

from __future__ import annotations

from wax.resolvers.library.fields import (
    ALBUM_FIELDS,
    ARTIST_FIELDS,
    PLAYLIST_FIELDS,
    SONG_FIELDS,
)
from wax.resolvers.library.playlists import MAX_POSITION
from wax.resolvers.record_fields import RECORD_FIELDS
from wax.rest_compat.openapi.build import (
    BOOLEAN,
    DATE_TIME,
    INT_OR_NULL,
    INTEGER,
    NUMBER,
    STRING,
    TEXT_OR_NULL,
    UUID,
    WHEN,
    Json,
    array,
    nullable,
    obj,
    ref,
    whole,
)
from wax.rest_compat.openapi.inputs import library_input
from wax.rest_compat.openapi.record_shapes import record_properties

STAMPS: Json = {"created_at": DATE_TIME, "updated_at": DATE_TIME}
# a record's fields besides its id and stamps, which resource() adds
_OWN_FIELDS = [field for field in RECORD_FIELDS if field.name not in ("id", *STAMPS)]
ORIGINAL_FIELDS = [field for field in _OWN_FIELDS if field.original]
EXTRA_FIELDS = [field for field in _OWN_FIELDS if not field.original]


def resource(fields: Json, description: str, optional: Json | None = None) -> Json:
    return obj(
        {"id": UUID, **fields, **(optional or {}), **STAMPS},
        required=("id", *fields, *STAMPS),
        description=description,
    )


# read from the song's file by the library scanner; null for songs made through the API
SCANNED_SONG_FIELDS: Json = {
    "audio_format": {
        **TEXT_OR_NULL,
        "description": "MP3, FLAC, OGG, OPUS, M4A, WAV or AIFF;"
        " null for songs made through the API.",
    },
    "bitrate": {**INT_OR_NULL, "description": "kbit/s; null for songs made through the API."},
    "sample_rate": {**INT_OR_NULL, "description": "Hz; null for songs made through the API."},
    "size": {
        **INT_OR_NULL,
        "description": "The file's size in bytes; null for songs made through the API.",
    },
    "path": {
        **TEXT_OR_NULL,
        "description": "The file's path relative to the music folder (WAX_MUSIC_DIR), parts "
        "joined by /; null for songs made through the API.",
    },
}

COVER = {
    **TEXT_OR_NULL,
    "description": "The album's cover: the URL a client set, kept as they gave it; else, when "
    "the library scanner found the album's picture (embedded in its songs, or cover.*, "
    "folder.*, front.* beside them), a signed URL to GET /media/albums/{id}/cover that needs "
    "no token and expires (WAX_MEDIA_URL_TTL; each URL works for at least half of it); else "
    "null.",
}

LIBRARY: dict[str, Json] = {
    "Song": resource(
        {
            "title": STRING,
            "artist_id": UUID,
            "artist_name": STRING,
            "album_id": UUID,
            "album_name": STRING,
            "album_cover": {**COVER, "description": "The album's `cover` (see Album)."},
            "length": {**nullable(NUMBER), "description": "seconds"},
            "track": INT_OR_NULL,
            "disc": INT_OR_NULL,
            "year": INT_OR_NULL,
            "genre": TEXT_OR_NULL,
            **SCANNED_SONG_FIELDS,
        },
        "A song. updated_at also moves when its artist or album is renamed. A song with a "
        "`path` was read from the music folder by the library scanner: its file's tags are the "
        "truth, so its tag fields cannot be changed through the API (409).",
    ),
    "Album": resource(
        {
            "name": STRING,
            "artist_id": UUID,
            "artist_name": STRING,
            "cover": COVER,
            "year": INT_OR_NULL,
            "song_count": INTEGER,
            "total_length": {**NUMBER, "description": "seconds"},
        },
        "An album. updated_at also moves when what it shows changes (artist_name, counts).",
    ),
    "Artist": resource(
        {"name": STRING, "image": TEXT_OR_NULL, "album_count": INTEGER, "song_count": INTEGER},
        "An artist.",
    ),
    "Playlist": resource(
        {
            "name": STRING,
            "description": TEXT_OR_NULL,
            "user_id": UUID,
            "songs_count": INTEGER,
            "total_length": {**NUMBER, "description": "seconds"},
        },
        "One user's playlist; adding or removing a song moves its updated_at.",
        optional={"song_ids": {**array(UUID), "description": "Its songs, in order."}},
    ),
    "LibraryRecord": resource(
        record_properties(ORIGINAL_FIELDS, "v1"),
        "A vinyl record, in the sync API's snake_case.",
        optional=record_properties(EXTRA_FIELDS, "v1"),
    ),
    "ArtistInput": library_input(ARTIST_FIELDS),
    "ArtistChanges": library_input(ARTIST_FIELDS, partial=True),
    "AlbumInput": library_input(ALBUM_FIELDS),
    "AlbumChanges": library_input(ALBUM_FIELDS, partial=True),
    "SongInput": library_input(SONG_FIELDS),
    "SongChanges": library_input(SONG_FIELDS, partial=True),
    "PlaylistInput": library_input(PLAYLIST_FIELDS),
    "PlaylistChanges": library_input(PLAYLIST_FIELDS, partial=True),
    "PlaylistSong": obj(
        {"song_id": UUID, "position": whole(0, MAX_POSITION)}, required=("song_id",)
    ),
    "PageLinks": obj(
        {"first": STRING, "last": STRING, "prev": TEXT_OR_NULL, "next": TEXT_OR_NULL},
        required=("first", "last", "prev", "next"),
    ),
    "PageMeta": obj(
        {
            "current_page": INT_OR_NULL,
            "from": INT_OR_NULL,
            "last_page": INTEGER,
            "per_page": INTEGER,
            "to": INT_OR_NULL,
            "total": INTEGER,
            "path": STRING,
            "next_cursor": {
                **TEXT_OR_NULL,
                "description": "Pass as `cursor` for the next page in (updated_at, id) order.",
            },
        },
        required=("current_page", "from", "last_page", "per_page", "to", "total", "path"),
    ),
    "EntitySyncStatus": obj(
        {"count": INTEGER, "last_updated": WHEN}, required=("count", "last_updated")
    ),
    "SyncStatus": obj(
        {
            "data": obj(
                {
                    "songs": ref("EntitySyncStatus"),
                    "albums": ref("EntitySyncStatus"),
                    "artists": ref("EntitySyncStatus"),
                    "playlists": ref("EntitySyncStatus"),
                    "records": ref("EntitySyncStatus"),
                    "library_updated_at": WHEN,
                },
                required=("songs", "albums", "artists", "playlists", "library_updated_at"),
            )
        },
        required=("data",),
    ),
    "DeletedItems": obj(
        {
            "data": obj(
                {
                    "songs": array(UUID),
                    "albums": array(UUID),
                    "artists": array(UUID),
                    "playlists": {**array(UUID), "description": "Only the user's own."},
                    "records": array(UUID),
                },
                required=("songs", "albums", "artists", "playlists"),
            ),
            "meta": obj(
                {
                    "since": DATE_TIME,
                    "queried_at": {
                        **DATE_TIME,
                        "description": "A safe watermark: use it as the next `since`.",
                    },
                    "full_resync_required": {
                        **BOOLEAN,
                        "description": "`since` is older than the tombstones kept: download all.",
                    },
                    "retention_cutoff": WHEN,
                },
                required=("since", "queried_at"),
            ),
        },
        required=("data", "meta"),
    ),
    "Me": obj(
        {"id": UUID, "name": STRING, "is_admin": BOOLEAN}, required=("id", "name", "is_admin")
    ),
}


def page_of(item: str) -> Json:
    return obj(
        {"data": array(ref(item)), "links": ref("PageLinks"), "meta": ref("PageMeta")},
        required=("data", "links", "meta"),
        description=f"One page of {item.lower()}s, in Laravel's paginator shape.",
    )


def one(item: str) -> Json:
    return obj({"data": ref(item)}, required=("data",))


PAGES: dict[str, Json] = {
    f"{item}Page": page_of(item) for item in ("Song", "Album", "Artist", "LibraryRecord")
}
