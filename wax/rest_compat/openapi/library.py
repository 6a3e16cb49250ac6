"""The library and sync routes under /api/v1 (spec/library-sync-api.md, design.md §3-4)."""

from __future__ import annotations

from wax.rest_compat.openapi.build import Json, body, operation, path, query, ref, response
from wax.rest_compat.openapi.components import DATE_FORMATS, one

LIBRARY = "Library"
PLAYLISTS = "Playlists"
SYNC = "Sync"
BAD_REQUEST = ref("BadRequest", "responses")
FORBIDDEN = ref("Forbidden", "responses")
NOT_FOUND = ref("NotFound", "responses")
INVALID_DATE = ref("InvalidDate", "responses")
LIST_PARAMETERS = [
    ref(name, "parameters") for name in ("updated_since", "per_page", "page", "cursor")
]


def entity(plural: str, singular: str, schema: str, *, tag: str = LIBRARY) -> dict[str, Json]:
    """GET (paged) + POST on /api/v1/<plural>, PUT/PATCH/DELETE on /api/v1/<plural>/{id}."""
    name = singular.capitalize()
    who = "an admin" if tag == LIBRARY else "its owner"
    # others' playlists are simply not found; library writes are refused to non-admins
    refused = {"403": FORBIDDEN} if tag == LIBRARY else {}
    write = {"400": BAD_REQUEST, **refused, "404": NOT_FOUND}
    changes = {**write, "200": response(f"The changed {singular}.", one(schema))}
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
                    "400": BAD_REQUEST,
                    "422": INVALID_DATE,
                },
            ),
            "post": operation(
                f"create{name}",
                f"Create {'an' if singular[0] in 'aeiou' else 'a'} {singular} ({who})",
                tag=tag,
                request_body=body(ref(f"{schema}Input")),
                responses={
                    "201": response(f"The new {singular}.", one(schema)),
                    "400": BAD_REQUEST,
                    **refused,
                },
            ),
        },
        f"/api/v1/{plural}/{{id}}": {
            "parameters": [path("id", f"The {singular}'s id.")],
            "put": operation(
                f"replace{name}",
                f"Change a {singular} ({who})",
                tag=tag,
                request_body=body(ref(f"{schema}Input")),
                responses=changes,
            ),
            "patch": operation(
                f"update{name}",
                f"Change some fields of a {singular} ({who})",
                tag=tag,
                request_body=body({**ref(f"{schema}Input"), "description": "Any subset."}),
                responses=changes,
            ),
            "delete": operation(
                f"delete{name}",
                f"Delete a {singular} ({who})",
                tag=tag,
                description="Leaves a tombstone for sync clients (GET /api/v1/deleted)"
                + (", and deletes what belongs to it." if plural in ("artists", "albums") else "."),
                responses={"204": response("Deleted."), **refused, "404": NOT_FOUND},
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
        parameters=[ref("updated_since", "parameters")],
        responses={
            "200": response(
                "The playlists.",
                {
                    "type": "object",
                    "properties": {"data": {"type": "array", "items": ref("Playlist")}},
                    "required": ["data"],
                },
            ),
            "422": INVALID_DATE,
        },
    )
    membership = {
        "200": response("The playlist.", one("Playlist")),
        "400": BAD_REQUEST,
        "404": NOT_FOUND,
    }
    paths["/api/v1/playlists/{id}/songs"] = {
        "parameters": [path("id", "The playlist's id.")],
        "post": operation(
            "addSongToPlaylist",
            "Add a song at the end of a playlist",
            tag=PLAYLISTS,
            request_body=body(ref("PlaylistSong")),
            responses=membership,
        ),
    }
    paths["/api/v1/playlists/{id}/songs/{song_id}"] = {
        "parameters": [path("id", "The playlist's id."), path("song_id", "The song's id.")],
        "delete": operation(
            "removeSongFromPlaylist",
            "Take a song out of a playlist",
            tag=PLAYLISTS,
            responses=membership,
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
                "400": BAD_REQUEST,
                "422": INVALID_DATE,
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
                    {"type": "string"},
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
