from __future__ import annotations

import uuid

from tortoise import fields
from tortoise.models import Model

from wax.models.sync_runs import STATUS_FAILED, STATUS_INTERRUPTED, STATUS_RUNNING, STATUS_SUCCEEDED

# the folder was missing, unreadable or empty: the scan stopped before deleting anything
STATUS_ABORTED = "aborted"

__all__ = [
    "STATUS_ABORTED",
    "STATUS_FAILED",
    "STATUS_INTERRUPTED",
    "STATUS_RUNNING",
    "STATUS_SUCCEEDED",
    "ScanRun",
]


class ScanRun(Model):
    # One run of the music-folder scanner, with its final (or latest) progress.

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    status = fields.CharField(max_length=16, default=STATUS_RUNNING)
    full = fields.BooleanField(default=False)
    total_files = fields.IntField(default=0)
    scanned_files = fields.IntField(default=0)
    new_songs = fields.IntField(default=0)
    updated_songs = fields.IntField(default=0)
    removed_songs = fields.IntField(default=0)
    errors: fields.Field[list[str]] = fields.JSONField(default=list)
    started_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "scan_runs"
