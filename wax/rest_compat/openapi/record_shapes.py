"""The records routes' shapes: camelCase, as the original app sent them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from wax.resolvers.record_fields import RecordField, RestFamily
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
from wax.rest_compat.record_json import RECORDS_ROUTE_FIELDS
from wax.rest_compat.records import READ_ONLY_KEYS

# presentation only: what a field's values look like
EXAMPLES: dict[str, list[str]] = {"recordSize": ['7"', '10"', '12"']}


def field_shape(field: RecordField) -> Json:
    """A Record field as responses carry it."""
    if field.choices:
        return {"type": "string", "enum": list(field.choices)}
    if field.kind is list:
        return array(STRING)
    shape = {
        uuid.UUID: UUID,
        datetime: DATE_TIME,
        bool: BOOLEAN,
        int: INT_OR_NULL if field.nullable else INTEGER,
        str: TEXT_OR_NULL if field.nullable else STRING,
    }[field.kind]
    return shape


def record_properties(fields: Sequence[RecordField], family: RestFamily) -> Json:
    return {field.key_on(family): field_shape(field) for field in fields}


RECORD_PROPERTIES = record_properties(RECORDS_ROUTE_FIELDS, "records")
for _key, _examples in EXAMPLES.items():
    RECORD_PROPERTIES[_key] = {**RECORD_PROPERTIES[_key], "examples": _examples}

RECORDS: dict[str, Json] = {
    "Record": obj(
        RECORD_PROPERTIES,
        required=tuple(RECORD_PROPERTIES),
        description="A vinyl record in the collection.",
    ),
    "RecordInput": {
        **record_input(RECORDS_ROUTE_FIELDS, READ_ONLY_KEYS, partial=False),
        "description": (
            "A new record (dataSource becomes manual). recordId, dataSource, createdAt and "
            "updatedAt are ignored if sent; any other unknown key is a 400."
        ),
    },
    "RecordChanges": {
        **record_input(RECORDS_ROUTE_FIELDS, READ_ONLY_KEYS, partial=True),
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
