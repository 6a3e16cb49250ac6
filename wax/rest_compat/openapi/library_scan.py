"""The library scan's admin routes under /api/v1 (issue 14), and their shapes."""

from __future__ import annotations

from wax.rest_compat.openapi.build import (
    BOOLEAN,
    DATE_TIME,
    INTEGER,
    STRING,
    UUID,
    Json,
    array,
    body,
    obj,
    operation,
    ref,
    response,
)
from wax.rest_compat.openapi.components import error_response

ADMIN = "Admin"

PROGRESS_FIELDS = (
    "status",
    "total_files",
    "scanned_files",
    "new_songs",
    "updated_songs",
    "removed_songs",
    "errors",
)

SCHEMAS: dict[str, Json] = {
    "ScanProgress": obj(
        {
            "status": {"type": "string", "enum": ["scanning", "done"]},
            "total_files": INTEGER,
            "scanned_files": INTEGER,
            "new_songs": INTEGER,
            "updated_songs": INTEGER,
            "removed_songs": INTEGER,
            "errors": {
                **array(STRING),
                "description": "Files that could not be read (path and reason), and the like.",
            },
        },
        required=PROGRESS_FIELDS,
    ),
    "ScanStarted": obj(
        {
            "data": obj(
                {
                    "job_id": {**UUID, "description": "The scan's run (GraphQL libraryScans)."},
                    "status": {"type": "string", "const": "started"},
                    "attached": {
                        **BOOLEAN,
                        "description": "A scan was running already: this is that one, "
                        "whatever its force.",
                    },
                },
                required=("job_id", "status", "attached"),
            )
        },
        required=("data",),
    ),
    "ScanStatus": obj(
        {
            "data": {
                "oneOf": [
                    obj(
                        {"status": {"type": "string", "const": "idle"}},
                        required=("status",),
                        description="No scan is running.",
                    ),
                    obj(
                        {
                            "status": {"type": "string", "const": "scanning"},
                            "progress": ref("ScanProgress"),
                            "started_at": DATE_TIME,
                            "job_id": UUID,
                        },
                        required=("status", "progress", "started_at", "job_id"),
                        description="A scan is running (in this process or another).",
                    ),
                ]
            }
        },
        required=("data",),
    ),
}

FORBIDDEN = error_response(
    "Only an admin may scan the music library.",
    "forbidden",
    "Only an admin may scan the music library.",
)
PATHS: dict[str, Json] = {
    "/api/v1/admin/library/scan": {
        "post": operation(
            "startLibraryScan",
            "Scan the music folder, or attach to the scan running",
            tag=ADMIN,
            description="The scan runs in the background: follow it with "
            "GET /api/v1/admin/library/scan/status. A scan already running (here, in another "
            "worker, or from `wax library scan`) is attached to, not started twice.",
            request_body=body(
                obj(
                    {
                        "force": {
                            **BOOLEAN,
                            "description": "Re-read every file, not only new and changed "
                            "ones (default false).",
                        }
                    }
                ),
                "Optional.",
                required=False,
            ),
            responses={
                "202": response(
                    "Started, or attached to the scan running.",
                    ref("ScanStarted"),
                    {"data": {"job_id": "3f1c…", "status": "started", "attached": False}},
                ),
                "400": ref("BadJson", "responses"),
                "403": FORBIDDEN,
                "409": error_response(
                    "Another wax process is starting a scan at this moment; ask again.",
                    "conflict",
                    "Another wax process is starting a library scan; ask again in a moment.",
                ),
                "422": response(
                    "`force` is not a boolean.",
                    ref("ValidationError"),
                    {
                        "message": "The force field must be true or false.",
                        "errors": {"force": ["The force field must be true or false."]},
                    },
                ),
                "503": ref("MusicFolderNotConfigured", "responses"),
            },
        )
    },
    "/api/v1/admin/library/scan/status": {
        "get": operation(
            "libraryScanStatus",
            "Is a scan running, and how far has it got?",
            tag=ADMIN,
            responses={
                "200": response("Idle, or the scan running.", ref("ScanStatus")),
                "403": FORBIDDEN,
            },
        )
    },
}
