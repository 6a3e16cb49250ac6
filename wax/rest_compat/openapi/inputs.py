"""Request-body schemas derived from the checks the writes run, so the two cannot drift."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from wax.resolvers.library.fields import Check, Integer, Reference, Seconds, Text
from wax.resolvers.record_fields import MAX_DISCOGS_ID_DIGITS, RecordField
from wax.rest_compat.openapi.build import STORABLE, UUID, Json, nullable, text, whole

# a Discogs release id, as a number or a string of digits
DISCOGS_ID_TEXT: Json = {
    "type": "string",
    "pattern": f"^[1-9][0-9]{{0,{MAX_DISCOGS_ID_DIGITS - 1}}}$",
}
DISCOGS_ID_NUMBER: Json = whole(1, 10**MAX_DISCOGS_ID_DIGITS - 1, nullable=False)
DISCOGS_ID: Json = {"anyOf": [DISCOGS_ID_NUMBER, DISCOGS_ID_TEXT]}


def library_field(check: Check) -> Json:
    if isinstance(check, Text):
        return text(check.max_length, required=check.required)
    if isinstance(check, Integer):
        return whole(check.minimum, check.maximum)
    if isinstance(check, Seconds):
        return {"type": ["number", "null"], "minimum": 0, "maximum": check.maximum}
    if isinstance(check, Reference):
        return UUID if check.required else nullable(UUID)
    raise TypeError(f"no schema for {check!r}")


def library_input(checks: Mapping[str, Check], *, partial: bool = False) -> Json:
    """A create/replace body (required fields required), or a patch body (any subset)."""
    required = (
        []
        if partial
        else [field for field, check in checks.items() if getattr(check, "required", False)]
    )
    schema: Json = {
        "type": "object",
        "properties": {field: library_field(check) for field, check in checks.items()},
    }
    if required:
        schema["required"] = required
    return schema


def record_field(rule: RecordField) -> Json:
    if rule.api_name == "discogsId":
        # empty means none
        return {"anyOf": [DISCOGS_ID_TEXT, {"type": "string", "maxLength": 0}, {"type": "null"}]}
    if rule.kind is bool:
        return {"type": "boolean"}
    if rule.kind is int:
        assert rule.minimum is not None
        assert rule.maximum is not None
        return whole(rule.minimum, rule.maximum)
    if rule.kind is list:
        item = {"type": "string", "maxLength": rule.max_length or 255, "pattern": STORABLE}
        return {"type": "array", "items": item}
    assert rule.max_length is not None
    return text(rule.max_length, required=not rule.nullable)


def record_input(fields: Sequence[RecordField], ignored: frozenset[str], *, partial: bool) -> Json:
    """A records body: the writable `fields`; `ignored` keys are read-only."""
    writable = [field for field in fields if field.writable]
    properties: Json = {field.records_key: record_field(field) for field in writable}
    for key in sorted(ignored):
        properties[key] = {"description": "Read-only: ignored if sent."}
    schema: Json = {"type": "object", "properties": properties, "additionalProperties": False}
    if not partial:
        schema["required"] = [field.records_key for field in writable if field.required]
    return schema
