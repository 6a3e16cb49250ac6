"""Tombstones: a delete leaves one, in the same transaction, so sync clients can forget."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from wax.models import DeletedItem
from wax.models.tombstones import ENTITY_TYPES


async def record_deletions(
    entity_type: str,
    entity_ids: Iterable[uuid.UUID],
    *,
    owner_id: uuid.UUID | None = None,
    using: BaseDBAsyncClient | None = None,
) -> None:
    """Write one tombstone per id; call it inside the transaction that deletes them."""
    if entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}")
    now = datetime.now(UTC)
    items = [
        DeletedItem(entity_type=entity_type, entity_id=entity_id, owner_id=owner_id, deleted_at=now)
        for entity_id in entity_ids
    ]
    if items:
        await DeletedItem.bulk_create(items, ignore_conflicts=True, using_db=using)
