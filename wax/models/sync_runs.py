from __future__ import annotations

import uuid

from tortoise import fields
from tortoise.models import Model

STATUS_RUNNING = "running"
STATUS_SUCCEEDED = "succeeded"
STATUS_FAILED = "failed"
STATUS_INTERRUPTED = "interrupted"


class SyncRun(Model):
    # One run of the two-way Discogs sync, with its final (or latest) progress.

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    status = fields.CharField(max_length=16, default=STATUS_RUNNING)
    phase = fields.CharField(max_length=8, default="pull")
    pulled = fields.IntField(default=0)
    pushed = fields.IntField(default=0)
    skipped = fields.IntField(default=0)
    total_discogs_items = fields.IntField(default=0)
    errors: fields.Field[list[str]] = fields.JSONField(default=list)
    started_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "sync_runs"
