"""A Record as JSON on both REST families, shaped by its declaration (record_fields.py)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from wax import models
from wax.resolvers.record_fields import RECORD_FIELDS, RecordField, RestFamily
from wax.rest_compat.serialize import timestamp

# what the records routes show: the original app's fields
RECORDS_ROUTE_FIELDS = tuple(field for field in RECORD_FIELDS if field.original)


def json_value(field: RecordField, value: Any) -> Any:
    if field.kind is uuid.UUID:
        return str(value)
    if field.kind is datetime:
        return timestamp(value)
    if field.kind is list:
        return list(value or [])
    return value


def record_body(
    record: models.Record, fields: Sequence[RecordField], family: RestFamily
) -> dict[str, Any]:
    return {
        field.key_on(family): json_value(field, getattr(record, field.name)) for field in fields
    }
