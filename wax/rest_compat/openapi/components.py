"""Shared pieces: error bodies and responses, parameters, and every schema by name."""

from __future__ import annotations

from wax.resolvers.pagination import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from wax.rest_compat.openapi.build import (
    BLANK,
    CLIENT_TIMESTAMP,
    INTEGER,
    STRING,
    Json,
    array,
    obj,
    query,
    ref,
    response,
)
from wax.rest_compat.openapi.library_shapes import LIBRARY, PAGES
from wax.rest_compat.openapi.record_shapes import RECORDS

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
                    "database_unavailable",
                    "music_folder_not_configured",
                    "media_file_unreadable",
                    "range_not_satisfiable",
                    "method_not_allowed",
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
    "Message": obj({"message": STRING}, required=("message",)),
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
    "UnstorableText": error_response(
        "Text with a NUL character or a lone UTF-16 surrogate, which no database stores; "
        "nothing was changed.",
        "invalid_input",
        "artistName must not contain NUL characters or lone surrogates.",
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
        "Discogs is not configured (DISCOGS_TOKEN, DISCOGS_USERNAME); or, as on every route, "
        "the database is unavailable right now (`database_unavailable`, with Retry-After).",
        "discogs_not_configured",
        "DISCOGS_TOKEN is not set.",
    ),
    "MusicFolderNotConfigured": error_response(
        "WAX_MUSIC_DIR is not set, so there is nothing to scan; or, as on every route, the "
        "database is unavailable right now (`database_unavailable`, with Retry-After).",
        "music_folder_not_configured",
        "The library scan needs WAX_MUSIC_DIR: it is not set.",
    ),
    "DatabaseUnavailable": {
        **error_response(
            "The database is unavailable right now (unreachable, restarting, or locked by "
            "another process). Retry after Retry-After seconds.",
            "database_unavailable",
            "The database is unavailable right now; try again shortly.",
        ),
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": INTEGER}},
    },
    "RecordConflict": response(
        "Another record already has this discogsId.",
        ref("RecordConflict"),
    ),
    "InvalidParameter": response(
        "A parameter or field is invalid (a bad updated_since date, per_page below 1, "
        "an unknown cursor, a missing name ...); nothing was changed.",
        ref("ValidationError"),
        {"message": "Invalid date format for updated_since parameter"},
    ),
    "ReadFromTheMusicFolder": error_response(
        "The entry was read from the music folder by the library scanner, and its files' tags "
        "are the truth: the change would alter a field they decide, or delete it. Edit the "
        "files' tags (or remove the files) and rescan; nothing was changed.",
        "conflict",
        'The song\'s title comes from the tags of its file "Björk/Homogenic/01 Jóga.flac" in '
        "the music folder: edit the file's tags and rescan the music folder.",
    ),
    "SongAlreadyInPlaylist": error_response(
        "The song is in the playlist already.", "conflict", "The song is already in the playlist."
    ),
    "MethodNotAllowed": response(
        "Any path of the records routes, or of the service, asked with a method it does not "
        "take; `Allow` lists those it does.",
        ref("Error"),
        {"error": "method_not_allowed", "message": "The PUT method is not supported for ..."},
    ),
    "MethodNotAllowedV1": response(
        "Any /api/v1 path asked with a method it does not take; `Allow` lists those it does.",
        ref("Message"),
        {"message": "The PUT method is not supported for ..."},
    ),
    "BadJson": response(
        "The body is not a JSON object.",
        ref("Message"),
        {"message": "The request body is not valid JSON."},
    ),
}

SCHEMAS: dict[str, Json] = {**ERRORS, **RECORDS, **LIBRARY, **PAGES}

DATE_FORMATS = (
    "ISO 8601: `2024-01-15T00:00:00Z`, any `±HH:MM` offset, fractional seconds, "
    "or a date alone (midnight UTC)."
)
PARAMETERS: dict[str, Json] = {
    "updated_since": query(
        "updated_since",
        CLIENT_TIMESTAMP,
        "Only items updated at or after this moment (inclusive). " + DATE_FORMATS,
    ),
    "per_page": query(
        "per_page",
        {"anyOf": [{**INTEGER, "minimum": 1}, BLANK], "default": DEFAULT_PER_PAGE},
        f"Items per page; above {MAX_PER_PAGE} is capped to {MAX_PER_PAGE},"
        " as the original server did.",
    ),
    "page": query(
        "page",
        {"anyOf": [{**INTEGER, "minimum": 1, "maximum": MAX_PAGE}, BLANK], "default": 1},
        "Page number.",
    ),
    "include": query(
        "include",
        {"type": "string", "enum": ["songs", ""]},
        "`songs` adds each playlist's ordered song_ids; nothing else may be included.",
    ),
    "cursor": query(
        "cursor",
        STRING,
        "The previous page's meta.next_cursor: keyset paging that neither skips nor repeats "
        "items while they change.",
    ),
}
