"""The library and sync routes under /api/v1 (spec/library-sync-api.md, design.md §3-4)."""

from __future__ import annotations

from wax.resolvers.library.scanned import ALBUM_TAGS, ARTIST_TAGS, SONG_TAGS
from wax.rest_compat.openapi.build import Json, body, operation, path, query, ref, response
from wax.rest_compat.openapi.components import DATE_FORMATS
from wax.rest_compat.openapi.library_shapes import one

LIBRARY = "Library"
PLAYLISTS = "Playlists"
SYNC = "Sync"
BAD_JSON = ref("BadJson", "responses")
FORBIDDEN = ref("Forbidden", "responses")
NOT_FOUND = ref("NotFound", "responses")
INVALID = ref("InvalidParameter", "responses")
LIST_PARAMETERS = [
    ref(name, "parameters") for name in ("updated_since", "per_page", "page", "cursor")
]
INCLUDE = ref("include", "parameters")
FROM_THE_FILES = ref("ReadFromTheMusicFolder", "responses")


def _fields(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# what of a scanned entry its files decide (wax.resolvers.library.scanned)
SCANNED_RULE = {
    "songs": (
        " A song with a `path` was read from the music folder: its "
        f"{_fields(SONG_TAGS)} are its file's tags, so changing any answers 409"
        " (sending a field's current value is fine)."
    ),
    "albums": (
        f" An album read from the music folder keeps its files' {_fields(ALBUM_TAGS)}:"
        " changing one answers 409; the cover stays editable."
    ),
    "artists": (
        f" An artist read from the music folder keeps its files' {_fields(ARTIST_TAGS)}:"
        " changing it answers 409; the image stays editable."
    ),
}
SCANNED_DELETE = {
    "songs": " A song with a `path` (read from the music folder) answers 409: remove its file.",
    "albums": " An album read from the music folder, or holding such songs, answers 409.",
    "artists": " An artist read from the music folder, or with such albums or songs, answers 409.",
}


def entity(plural: str, singular: str, schema: str, *, tag: str = LIBRARY) -> dict[str, Json]:
    """GET (paged) + POST on /api/v1/<plural>, GET/PUT/PATCH/DELETE on /api/v1/<plural>/{id}."""
    name = singular.capitalize()
    who = "an admin" if tag == LIBRARY else "its owner"
    # others' playlists are simply not found; library writes are refused to non-admins
    refused = {"403": FORBIDDEN} if tag == LIBRARY else {}
    scanned = {"409": FROM_THE_FILES} if tag == LIBRARY else {}
    write = {"400": BAD_JSON, **refused, "404": NOT_FOUND, **scanned, "422": INVALID}
    rule, delete_rule = SCANNED_RULE.get(plural, ""), SCANNED_DELETE.get(plural, "")
    changes = {**write, "200": response(f"The changed {singular}.", one(schema))}
    extra = [INCLUDE] if tag == PLAYLISTS else []
    return {
        f"/api/v1/{plural}": {
            "get": operation(
                f"list{name}s",
                f"List {plural}",
                tag=tag,
                description=(
                    "Paginated in (updated_at, id) order when `updated_since` is given. Page by "
                    "`page`, or by `cursor` (meta.next_cursor) to walk a changing list safely."
                ),
                parameters=LIST_PARAMETERS,
                responses={
                    "200": response(f"One page of {plural}.", ref(f"{schema}Page")),
                    "422": INVALID,
                },
            ),
            "post": operation(
                f"create{name}",
                f"Create {'an' if singular[0] in 'aeiou' else 'a'} {singular} ({who})",
                tag=tag,
                request_body=body(ref(f"{schema}Input")),
                responses={
                    "201": response(f"The new {singular}.", one(schema)),
                    "400": BAD_JSON,
                    **refused,
                    "422": INVALID,
                },
            ),
        },
        f"/api/v1/{plural}/{{id}}": {
            "parameters": [path("id", f"The {singular}'s id.")],
            "get": operation(
                f"get{name}",
                f"One {singular}",
                tag=tag,
                parameters=extra,
                responses={
                    "200": response(f"The {singular}.", one(schema)),
                    "404": NOT_FOUND,
                    **({"422": INVALID} if extra else {}),
                },
            ),
            "put": operation(
                f"replace{name}",
                f"Replace a {singular} ({who})",
                tag=tag,
                description="Every field is set: optional ones left out become null." + rule,
                request_body=body(ref(f"{schema}Input")),
                responses=changes,
            ),
            "patch": operation(
                f"update{name}",
                f"Change some fields of a {singular} ({who})",
                tag=tag,
                description=rule.strip(),
                request_body=body(
                    ref(f"{schema}Changes"),
                    "Any subset of the fields; no body changes nothing.",
                    required=False,
                ),
                responses=changes,
            ),
            "delete": operation(
                f"delete{name}",
                f"Delete a {singular} ({who})",
                tag=tag,
                description="Leaves a tombstone for sync clients (GET /api/v1/deleted)"
                + (", and deletes what belongs to it." if plural in ("artists", "albums") else ".")
                + delete_rule,
                responses={"204": response("Deleted."), **refused, "404": NOT_FOUND, **scanned},
            ),
        },
    }


def playlists() -> dict[str, Json]:
    paths = entity("playlists", "playlist", "Playlist", tag=PLAYLISTS)
    paths["/api/v1/playlists"]["get"] = operation(
        "listPlaylists",
        "Your playlists",
        tag=PLAYLISTS,
        description="The token's user's own playlists, not paginated.",
        parameters=[ref("updated_since", "parameters"), INCLUDE],
        responses={
            "200": response(
                "The playlists.",
                {
                    "type": "object",
                    "properties": {"data": {"type": "array", "items": ref("Playlist")}},
                    "required": ["data"],
                },
            ),
            "422": INVALID,
        },
    )
    membership = {"404": NOT_FOUND, "422": INVALID}
    paths["/api/v1/playlists/{id}/songs"] = {
        "parameters": [path("id", "The playlist's id.")],
        "post": operation(
            "addSongToPlaylist",
            "Add a song to a playlist",
            tag=PLAYLISTS,
            description="At `position` (0-based) when given, else at the end.",
            request_body=body(ref("PlaylistSong")),
            responses={
                **membership,
                "201": response("The playlist, with its song_ids.", one("Playlist")),
                "400": BAD_JSON,
                "409": ref("SongAlreadyInPlaylist", "responses"),
            },
        ),
    }
    paths["/api/v1/playlists/{id}/songs/{song_id}"] = {
        "parameters": [path("id", "The playlist's id."), path("song_id", "The song's id.")],
        "delete": operation(
            "removeSongFromPlaylist",
            "Take a song out of a playlist",
            tag=PLAYLISTS,
            responses={
                **membership,
                "200": response("The playlist, with its song_ids.", one("Playlist")),
            },
        ),
    }
    return paths


SINCE_422 = response(
    "`since` is missing or not a date.",
    ref("ValidationError"),
    {
        "message": "The since field is required.",
        "errors": {"since": ["The since field is required."]},
    },
)

PATHS: dict[str, Json] = {
    **entity("songs", "song", "Song"),
    **entity("albums", "album", "Album"),
    **entity("artists", "artist", "Artist"),
    **playlists(),
    "/api/v1/records": {
        "get": operation(
            "listRecordsForSync",
            "List records (sync API)",
            tag=SYNC,
            parameters=LIST_PARAMETERS,
            responses={
                "200": response("One page of records.", ref("LibraryRecordPage")),
                "422": INVALID,
            },
        )
    },
    "/api/v1/sync/status": {
        "get": operation(
            "syncStatus",
            "Counts and last changes, to decide whether to sync",
            tag=SYNC,
            responses={"200": response("The status.", ref("SyncStatus"))},
        )
    },
    "/api/v1/deleted": {
        "get": operation(
            "deletedItems",
            "Ids deleted since a moment",
            tag=SYNC,
            description="Use meta.queried_at as the next `since`.",
            parameters=[
                query(
                    "since",
                    {"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]},
                    "Deleted after this moment. " + DATE_FORMATS,
                    required=True,
                )
            ],
            responses={"200": response("The ids.", ref("DeletedItems")), "422": SINCE_422},
        )
    },
    "/api/v1/me": {
        "get": operation(
            "me",
            "Who the token belongs to",
            tag="Account",
            responses={"200": response("The user.", ref("Me"))},
        )
    },
}
