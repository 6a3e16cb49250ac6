"""The GraphQL Record type (design.md §9), its fields from wax/resolvers/record_fields.py."""

from __future__ import annotations

from typing import Any

import strawberry

from wax import models
from wax.resolvers.record_fields import RECORD_FIELDS
from wax.schema.declared_fields import with_fields


@strawberry.type(description="A vinyl record in the collection.")
@with_fields(RECORD_FIELDS)
class Record:
    @classmethod
    def from_model(cls, record: models.Record) -> Record:
        values: dict[str, Any] = {}
        for field in RECORD_FIELDS:
            value = getattr(record, field.name)
            values[field.name] = list(value or []) if field.kind is list else value
        return cls(**values)
