from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable

from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import DoesNotExist
from tortoise.models import Model

STAMPS = ("created_at", "updated_at")


class TimestampedModel(Model):
    # A UUID-keyed row that knows when it was created and last changed (UTC). The database
    # stamps both, in the writing statement (migrations 0002, 0003): incremental sync relies on it.

    id = fields.UUIDField(primary_key=True, default=uuid.uuid4)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        abstract = True

    async def save(
        self,
        using_db: BaseDBAsyncClient | None = None,
        update_fields: Iterable[str] | None = None,
        force_create: bool = False,
        force_update: bool = False,
    ) -> None:
        await super().save(using_db, update_fields, force_create, force_update)
        # show the stamps the database wrote, not the ones Tortoise computed beforehand
        with contextlib.suppress(DoesNotExist):  # deleted by someone else in the meantime
            await self.refresh_from_db(fields=STAMPS, using_db=using_db)
