"""The records routes (spec/discogs-endpoints.md and design.md §3), camelCase JSON."""

from __future__ import annotations

from wax.resolvers.discogs_records import MAX_SEARCH_TERM
from wax.resolvers.records import FIELD_RULES
from wax.rest_compat.openapi.build import (
    STORABLE,
    UUID,
    Json,
    array,
    body,
    obj,
    operation,
    path,
    query,
    ref,
    response,
)
from wax.rest_compat.openapi.components import error_response
from wax.rest_compat.openapi.inputs import DISCOGS_ID, DISCOGS_ID_NUMBER

TAG = "Records"
# blank means not given
SEARCH_TERM: Json = {"type": "string", "maxLength": MAX_SEARCH_TERM, "pattern": STORABLE}
ID = path("id", "The record's id (recordId).")
BAD_REQUEST = ref("BadRequest", "responses")
FORBIDDEN = ref("Forbidden", "responses")
NOT_FOUND = ref("NotFound", "responses")
CONFLICT = ref("RecordConflict", "responses")
NOT_AN_ID = error_response(
    "The id is not a record id (a UUID).", "invalid_input", "id must be a record id (a UUID)."
)
DISCOGS_DOWN = ref("DiscogsUnavailable", "responses")
DISCOGS_UNSET = ref("DiscogsNotConfigured", "responses")
UNSTORABLE = ref("UnstorableText", "responses")

SSE_EXAMPLE = (
    'data: {"phase":"pull","pulled":3,"pushed":0,"skipped":1,"errors":[],"totalDiscogsItems":12}'
    "\n\n"
    'data: {"phase":"done","pulled":11,"pushed":2,"skipped":1,"errors":[],"totalDiscogsItems":12}'
    "\n\n"
)

PATHS: dict[str, Json] = {
    "/api/records/search": {
        "get": operation(
            "searchDiscogs",
            "Search Discogs releases",
            tag=TAG,
            description=(
                "Exactly one method: `catalogNumber`, or `artist` + `title`, or `upc`. Up to 10 "
                "results, each enriched from its release with recordSize, vinylColor and "
                "isShapedVinyl; a result whose lookup failed comes without them."
            ),
            parameters=[
                query("catalogNumber", SEARCH_TERM, "Catalog number search."),
                query("artist", SEARCH_TERM, "Artist, with `title`."),
                query("title", SEARCH_TERM, "Release title, with `artist`."),
                query("upc", SEARCH_TERM, "Barcode search."),
            ],
            responses={
                "200": response("The results.", ref("DiscogsSearchResults")),
                "400": BAD_REQUEST,
                "422": UNSTORABLE,
                "502": DISCOGS_DOWN,
                "503": DISCOGS_UNSET,
            },
        )
    },
    "/api/records/fetch-from-discogs": {
        "post": operation(
            "fetchRecordFromDiscogs",
            "Add a record from a Discogs release",
            tag=TAG,
            description=(
                "Reads the release, saves it as a record and, when DISCOGS_USERNAME is set, adds "
                "it to the Discogs collection (best-effort, never a second copy); "
                "isSyncedWithDiscogs says whether that worked."
            ),
            request_body=body(obj({"releaseId": DISCOGS_ID_NUMBER}, required=("releaseId",))),
            responses={
                "403": FORBIDDEN,
                "201": response("Saved.", ref("RecordWithMessage")),
                "400": BAD_REQUEST,
                "404": error_response(
                    "Discogs has no release with this id.",
                    "not_found",
                    "Discogs has no release 123.",
                ),
                "409": CONFLICT,
                "502": DISCOGS_DOWN,
                "503": DISCOGS_UNSET,
            },
        )
    },
    "/api/records/update-from-discogs": {
        "post": operation(
            "updateRecordFromDiscogs",
            "Refresh a record from Discogs",
            tag=TAG,
            description=(
                "Asks Discogs afresh and overwrites the Discogs-derived fields; dataSource, "
                "isSyncedWithDiscogs and createdAt stay."
            ),
            request_body=body(
                obj(
                    {"recordId": UUID, "discogsId": DISCOGS_ID},
                    required=("recordId", "discogsId"),
                )
            ),
            responses={
                "403": FORBIDDEN,
                "200": response("Updated.", ref("RecordWithMessage")),
                "400": BAD_REQUEST,
                "404": NOT_FOUND,
                "409": CONFLICT,
                "502": DISCOGS_DOWN,
                "503": DISCOGS_UNSET,
            },
        )
    },
    "/api/records/sync": {
        "post": operation(
            "syncWithDiscogs",
            "Sync the collection with Discogs (Server-Sent Events)",
            tag=TAG,
            description=(
                "Starts a sync, or attaches to the one running: pull (Discogs → wax), then push "
                "(wax → Discogs). It never deletes and is idempotent. The response is a stream "
                "of `data: <SyncProgress JSON>` events ending with phase `done`; comment lines "
                "keep a quiet stream alive. Disconnecting does not stop the sync. Refusals "
                "(403, 503) come as JSON before any event."
            ),
            responses={
                "200": {
                    "description": "The progress, as Server-Sent Events.",
                    "content": {
                        "text/event-stream": {
                            # one event, as OpenAPI 3.2's itemSchema and schemathesis read it
                            "schema": obj(
                                {
                                    "data": {
                                        "type": "string",
                                        "contentMediaType": "application/json",
                                        "contentSchema": ref("SyncProgress"),
                                    },
                                    "event": {"type": "string", "const": "message"},
                                },
                                required=("data",),
                                description="Each event's data is a SyncProgress.",
                            ),
                            "example": SSE_EXAMPLE,
                        }
                    },
                },
                "403": FORBIDDEN,
                "503": DISCOGS_UNSET,
            },
        )
    },
    "/api/records/sync/status": {
        "get": operation(
            "discogsSyncReadiness",
            "Can a Discogs sync run?",
            tag=TAG,
            responses={"200": response("Readiness.", ref("DiscogsReadiness"))},
        )
    },
    "/api/records": {
        "get": operation(
            "listRecords",
            "List records",
            tag=TAG,
            parameters=[
                query(
                    "sortBy",
                    {"type": "string", "enum": ["artist", "title", "year", "createdAt", ""]},
                    "Sort key.",
                ),
                query(
                    "sortDir", {"type": "string", "enum": ["asc", "desc", ""]}, "Sort direction."
                ),
                query(
                    "size",
                    array(
                        {
                            "type": "string",
                            "maxLength": FIELD_RULES["record_size"].max_length,
                            "pattern": STORABLE,
                        }
                    ),
                    'Only these sizes (repeatable: size=7"&size=12").',
                ),
                query("shaped", {"type": "boolean"}, "Only shaped (true) or unshaped (false)."),
            ],
            responses={
                "200": response("The records.", ref("RecordList")),
                "400": BAD_REQUEST,
                "422": UNSTORABLE,
            },
        ),
        "post": operation(
            "createRecord",
            "Add a record by hand",
            tag=TAG,
            request_body=body(ref("RecordInput")),
            responses={
                "403": FORBIDDEN,
                "201": response("Added.", ref("RecordWithMessage")),
                "400": BAD_REQUEST,
                "409": CONFLICT,
                "422": UNSTORABLE,
            },
        ),
    },
    "/api/records/{id}": {
        "parameters": [ID],
        "get": operation(
            "getRecord",
            "One record",
            tag=TAG,
            responses={
                "200": response("The record.", ref("RecordOnly")),
                "400": NOT_AN_ID,
                "404": NOT_FOUND,
            },
        ),
        "put": operation(
            "updateRecord",
            "Change a record",
            tag=TAG,
            request_body=body(ref("RecordChanges")),
            responses={
                "403": FORBIDDEN,
                "200": response("Changed.", ref("RecordWithMessage")),
                "400": BAD_REQUEST,
                "404": NOT_FOUND,
                "409": CONFLICT,
                "422": UNSTORABLE,
            },
        ),
        "delete": operation(
            "deleteRecord",
            "Delete a record",
            tag=TAG,
            description="Its id is remembered for sync clients (GET /api/v1/deleted).",
            responses={
                "403": FORBIDDEN,
                "200": response("Deleted.", ref("RecordDeleted")),
                "400": NOT_AN_ID,
                "404": NOT_FOUND,
            },
        ),
    },
}
