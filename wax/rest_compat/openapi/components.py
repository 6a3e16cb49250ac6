"""The shapes the REST routes send and accept (design.md §3 and the two specs)."""

from __future__ import annotations

from wax.rest_compat.openapi.build import (
    BOOLEAN,
    DATE_TIME,
    INTEGER,
    NUMBER,
    STRING,
    UUID,
    Json,
    array,
    nullable,
    obj,
    query,
    ref,
    response,
)

TEXT_OR_NULL = nullable(STRING)
INT_OR_NULL = nullable(INTEGER)
WHEN = nullable(DATE_TIME)

# --- errors ---------------------------------------------------------------------------------

ERRORS: dict[str, Json] = {
    "Unauthenticated": obj(
        {"message": {"type": "string", "const": "Unauthenticated."}},
        required=("message",),
        description="A missing, malformed, unknown or revoked bearer token.",
    ),
    "Error": obj(
        {
            "error": {
                "type": "string",
                "description": "A stable code for programs.",
                "examples": [
                    "invalid_input",
                    "forbidden",
                    "not_found",
                    "conflict",
                    "discogs_unavailable",
                    "discogs_not_configured",
                ],
            },
            "message": {"type": "string", "description": "What went wrong, for people."},
        },
        required=("error", "message"),
    ),
    "RecordConflict": {
        "allOf": [
            ref("Error"),
            obj({"record": ref("Record")}, description="`record` is the one that already exists."),
        ]
    },
    "ValidationError": obj(
        {
            "message": STRING,
            "errors": {
                "type": "object",
                "additionalProperties": array(STRING),
                "description": "Messages by parameter name.",
            },
        },
        required=("message",),
        description="A bad parameter, as Laravel answers it (422).",
    ),
}


def error_response(description: str, code: str, message: str) -> Json:
    return response(description, ref("Error"), {"error": code, "message": message})


RESPONSES: dict[str, Json] = {
    "Unauthenticated": response(
        "No valid bearer token.", ref("Unauthenticated"), {"message": "Unauthenticated."}
    ),
    "BadRequest": error_response(
        "Bad input; nothing was changed.", "invalid_input", "releaseId is required."
    ),
    "Forbidden": error_response(
        "The token's user may not do this (library writes and Discogs need an admin).",
        "forbidden",
        "Only an admin may do this.",
    ),
    "NotFound": error_response(
        "No such thing (or not yours to see).", "not_found", "No record has that id."
    ),
    "DiscogsUnavailable": error_response(
        "Discogs failed or answered nonsense.", "discogs_unavailable", "Discogs did not answer."
    ),
    "DiscogsNotConfigured": error_response(
        "Discogs is not configured (DISCOGS_TOKEN, DISCOGS_USERNAME).",
        "discogs_not_configured",
        "DISCOGS_TOKEN is not set.",
    ),
    "RecordConflict": response(
        "Another record already has this discogsId.",
        ref("RecordConflict"),
    ),
    "InvalidDate": response(
        "A date parameter is missing or not a date.",
        ref("ValidationError"),
        {"message": "Invalid date format for updated_since parameter"},
    ),
}

# --- records (camelCase, as the original app) -----------------------------------------------

RECORD_FIELDS: Json = {
    "artistName": STRING,
    "albumTitle": STRING,
    "yearReleased": INT_OR_NULL,
    "labelName": TEXT_OR_NULL,
    "catalogNumber": TEXT_OR_NULL,
    "discogsId": TEXT_OR_NULL,
    "discogsUri": TEXT_OR_NULL,
    "isSyncedWithDiscogs": BOOLEAN,
    "thumbnailUrl": TEXT_OR_NULL,
    "coverImageUrl": TEXT_OR_NULL,
    "genres": array(STRING),
    "styles": array(STRING),
    "upcCode": TEXT_OR_NULL,
    "recordSize": {**TEXT_OR_NULL, "examples": ['7"', '10"', '12"']},
    "vinylColor": TEXT_OR_NULL,
    "isShapedVinyl": BOOLEAN,
}
DATA_SOURCE: Json = {"type": "string", "enum": ["discogs", "manual"]}

RECORDS: dict[str, Json] = {
    "Record": obj(
        {
            "recordId": UUID,
            **RECORD_FIELDS,
            "dataSource": DATA_SOURCE,
            "createdAt": DATE_TIME,
            "updatedAt": DATE_TIME,
        },
        required=("recordId", *RECORD_FIELDS, "dataSource", "createdAt", "updatedAt"),
        description="A vinyl record in the collection.",
    ),
    "RecordInput": obj(
        RECORD_FIELDS,
        required=("artistName", "albumTitle"),
        description=(
            "A new record (dataSource becomes manual). recordId, dataSource, createdAt and "
            "updatedAt are ignored if sent; any other unknown key is a 400."
        ),
    ),
    "RecordChanges": obj(
        RECORD_FIELDS,
        description=(
            "The fields to change; the others keep their values. Read-only keys are ignored."
        ),
    ),
    "RecordWithMessage": obj(
        {"record": ref("Record"), "message": STRING}, required=("record", "message")
    ),
    "RecordOnly": obj({"record": ref("Record")}, required=("record",)),
    "RecordList": obj(
        {"records": array(ref("Record")), "count": INTEGER}, required=("records", "count")
    ),
    "RecordDeleted": obj({"message": STRING, "recordId": UUID}, required=("message", "recordId")),
    "DiscogsSearchResult": {
        **obj(
            {
                "id": INTEGER,
                "title": STRING,
                "year": STRING,
                "country": STRING,
                "catno": STRING,
                "barcode": array(STRING),
                "label": array(STRING),
                "format": array(STRING),
                "genre": array(STRING),
                "style": array(STRING),
                "thumb": STRING,
                "cover_image": STRING,
                "uri": STRING,
                "resource_url": STRING,
                "recordSize": TEXT_OR_NULL,
                "vinylColor": TEXT_OR_NULL,
                "isShapedVinyl": BOOLEAN,
            },
            required=("id", "title"),
            description=(
                "A Discogs search result as Discogs sent it, plus recordSize, vinylColor and "
                "isShapedVinyl when looking up its release worked (absent when it failed)."
            ),
        ),
        "additionalProperties": True,
    },
    "DiscogsSearchResults": obj(
        {"results": array(ref("DiscogsSearchResult")), "count": INTEGER},
        required=("results", "count"),
    ),
    "DiscogsReadiness": obj(
        {"ready": BOOLEAN, "missing": array(STRING)},
        required=("ready", "missing"),
        description="Whether a Discogs sync can run, and which settings are missing if not.",
    ),
    "SyncProgress": obj(
        {
            "phase": {"type": "string", "enum": ["pull", "push", "done"]},
            "pulled": INTEGER,
            "pushed": INTEGER,
            "skipped": INTEGER,
            "errors": array(STRING),
            "totalDiscogsItems": INTEGER,
        },
        required=("phase", "pulled", "pushed", "skipped", "errors", "totalDiscogsItems"),
        description="One Server-Sent Event of POST /api/records/sync; the last has phase done.",
    ),
}

# --- library and sync (snake_case, Laravel shapes) ------------------------------------------

STAMPS: Json = {"created_at": DATE_TIME, "updated_at": DATE_TIME}


def resource(fields: Json, description: str, optional: Json | None = None) -> Json:
    return obj(
        {"id": UUID, **fields, **(optional or {}), **STAMPS},
        required=("id", *fields, *STAMPS),
        description=description,
    )


LIBRARY: dict[str, Json] = {
    "Song": resource(
        {
            "title": STRING,
            "artist_id": UUID,
            "artist_name": STRING,
            "album_id": UUID,
            "album_name": STRING,
            "album_cover": TEXT_OR_NULL,
            "length": {**nullable(NUMBER), "description": "seconds"},
            "track": INT_OR_NULL,
            "disc": INT_OR_NULL,
            "year": INT_OR_NULL,
            "genre": TEXT_OR_NULL,
        },
        "A song. updated_at also moves when its artist or album is renamed.",
    ),
    "Album": resource(
        {
            "name": STRING,
            "artist_id": UUID,
            "artist_name": STRING,
            "cover": TEXT_OR_NULL,
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
        {
            "artist_name": STRING,
            "album_title": STRING,
            "year_released": INT_OR_NULL,
            "label_name": TEXT_OR_NULL,
            "catalog_number": TEXT_OR_NULL,
            "discogs_id": TEXT_OR_NULL,
            "discogs_uri": TEXT_OR_NULL,
            "is_synced_with_discogs": BOOLEAN,
            "thumbnail_url": TEXT_OR_NULL,
            "cover_image_url": TEXT_OR_NULL,
            "genres": array(STRING),
            "styles": array(STRING),
            "upc_code": TEXT_OR_NULL,
            "record_size": TEXT_OR_NULL,
            "vinyl_color": TEXT_OR_NULL,
            "is_shaped_vinyl": BOOLEAN,
            "data_source": DATA_SOURCE,
        },
        "A vinyl record, in the sync API's snake_case.",
    ),
    "ArtistInput": obj({"name": STRING, "image": TEXT_OR_NULL}, required=("name",)),
    "AlbumInput": obj(
        {"name": STRING, "artist_id": UUID, "cover": TEXT_OR_NULL, "year": INT_OR_NULL},
        required=("name", "artist_id"),
    ),
    "SongInput": obj(
        {
            "title": STRING,
            "album_id": UUID,
            "artist_id": UUID,
            "length": nullable(NUMBER),
            "track": INT_OR_NULL,
            "disc": INT_OR_NULL,
            "year": INT_OR_NULL,
            "genre": TEXT_OR_NULL,
        },
        required=("title", "album_id"),
    ),
    "PlaylistInput": obj({"name": STRING, "description": TEXT_OR_NULL}, required=("name",)),
    "PlaylistSong": obj({"song_id": UUID}, required=("song_id",)),
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

SCHEMAS: dict[str, Json] = {**ERRORS, **RECORDS, **LIBRARY, **PAGES}

DATE_FORMATS = (
    "ISO 8601: `2024-01-15T00:00:00Z`, any `±HH:MM` offset, fractional seconds, "
    "or a date alone (midnight UTC)."
)
PARAMETERS: dict[str, Json] = {
    "updated_since": query(
        "updated_since",
        STRING,
        "Only items updated at or after this moment (inclusive). " + DATE_FORMATS,
    ),
    "per_page": query(
        "per_page", {**INTEGER, "minimum": 1, "maximum": 100, "default": 50}, "Items per page."
    ),
    "page": query("page", {**INTEGER, "minimum": 1, "default": 1}, "Page number."),
    "cursor": query(
        "cursor",
        STRING,
        "The previous page's meta.next_cursor: keyset paging that neither skips nor repeats "
        "items while they change.",
    ),
}
