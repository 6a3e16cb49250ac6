"""What every library write shares: who may write, one transaction, moving embedders.

PostgreSQL runs writers side by side, so a write first locks the rows whose shown data it
changes (FOR UPDATE, which also waits out anyone adding a child to them) and then moves
the updated_at of every resource that shows that data, in the same transaction.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from typing import TypeVar

from asyncpg.exceptions import TransactionRollbackError  # type: ignore[import-untyped]
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from wax.errors import Conflict, Forbidden, NotFound
from wax.models import User
from wax.models.base import TimestampedModel

T = TypeVar("T")
M = TypeVar("M", bound=TimestampedModel)

ATTEMPTS = 5


def require_admin(user: User) -> None:
    if not user.is_admin:
        raise Forbidden("Only an admin can change the library.")


async def write(work: Callable[[], Awaitable[T]]) -> T:
    """Run `work` in one transaction; run it again when it collided with a concurrent write.

    A rerun checks its input afresh, so a collision with a delete becomes a clear error.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            async with in_transaction():
                return await work()
        except (IntegrityError, TransactionRollbackError):
            if attempt == ATTEMPTS:
                raise Conflict("The change collided with another one; try again.") from None
            await asyncio.sleep(random.uniform(0, 0.01 * attempt))
    raise AssertionError("unreachable")


async def locked(model: type[M], item_id: uuid.UUID, kind: str) -> M:
    """The row, locked until the transaction ends; NotFound when there is none."""
    item = await model.filter(id=item_id).select_for_update().first()
    if item is None:
        raise NotFound(f"No {kind} with id {item_id}.")
    return item


async def touch(model: type[TimestampedModel], ids: Iterable[object]) -> None:
    """Move updated_at (the database stamps it) because data these rows show has changed."""
    unique = sorted({uuid.UUID(str(item_id)) for item_id in ids})
    if unique:
        await model.filter(id__in=unique).update(updated_at=datetime.now(UTC))
