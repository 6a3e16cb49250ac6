from __future__ import annotations

import uuid

from tortoise import fields
from tortoise.models import Model


class TimestampedModel(Model):
    # A UUID-keyed row that knows when it was created and last changed (UTC).

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True
