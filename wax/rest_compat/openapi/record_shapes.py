"""The records routes' shapes: camelCase, as the original app sent them."""

from __future__ import annotations

from wax.rest_compat.openapi.build import (
    BOOLEAN,
    DATE_TIME,
    INT_OR_NULL,
    INTEGER,
    STRING,
    TEXT_OR_NULL,
    UUID,
    Json,
    array,
    obj,
    ref,
)
from wax.rest_compat.openapi.inputs import record_input
from wax.rest_compat.records import READ_ONLY_KEYS, RECORD_KEYS

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
    "RecordInput": {
        **record_input(RECORD_KEYS, READ_ONLY_KEYS, partial=False),
        "description": (
            "A new record (dataSource becomes manual). recordId, dataSource, createdAt and "
            "updatedAt are ignored if sent; any other unknown key is a 400."
        ),
    },
    "RecordChanges": {
        **record_input(RECORD_KEYS, READ_ONLY_KEYS, partial=True),
        "description": (
            "The fields to change; the others keep their values. Read-only keys are ignored."
        ),
    },
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
