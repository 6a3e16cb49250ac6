"""Tombstones: a delete leaves one, in the same transaction, so sync clients can forget.

The database stamps deleted_at (migrations 0002, 0003), like updated_at, so /deleted's watermark
covers deletions exactly as it covers changes. Tombstones older than the retention are pruned.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from wax.models import DeletedItem
from wax.models.tombstones import ENTITY_TYPES
from wax.resolvers.watermark import database_now


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
    now = datetime.now(UTC)  # replaced by the database's clock
    items = [
        DeletedItem(entity_type=entity_type, entity_id=entity_id, owner_id=owner_id, deleted_at=now)
        for entity_id in entity_ids
    ]
    if items:
        await DeletedItem.bulk_create(items, ignore_conflicts=True, using_db=using)


async def retention_cutoff(retention_days: int) -> datetime:
    """Tombstones from before this moment may be gone (by the database's clock)."""
    return cutoff_at(await database_now(), retention_days)


def cutoff_at(now: datetime, retention_days: int) -> datetime:
    """The retention cutoff when the database's clock reads `now`."""
    return now - timedelta(days=retention_days)


async def prune_tombstones(retention_days: int) -> int:
    """Forget tombstones older than the retention; how many went."""
    cutoff = await retention_cutoff(retention_days)
    return int(await DeletedItem.filter(deleted_at__lt=cutoff).delete())
