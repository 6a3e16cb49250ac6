"""The server forgets old tombstones daily, in a task its lifespan owns."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

from starlette.applications import Starlette

from tests.servers import running_app
from tests.waiting import until
from wax.models import DeletedItem
from wax.pruning import daily_pruning
from wax.resolvers.tombstones import record_deletions
from wax.resolvers.watermark import database_now
from wax.settings import Settings


async def age(ids: list[uuid.UUID], days: int) -> None:
    now = await database_now()
    await DeletedItem.filter(entity_id__in=ids).update(deleted_at=now - timedelta(days=days))


async def test_the_running_app_runs_a_pruning_task_and_cancels_it_on_shutdown(
    settings: Settings,
) -> None:
    async with running_app(settings) as app:
        task = app.state.services.pruner
        assert isinstance(task, asyncio.Task)
        assert not task.done()
    assert task.cancelled()


async def test_the_pruning_task_prunes_on_its_schedule(app: Starlette) -> None:
    old, recent = [uuid.uuid4(), uuid.uuid4()], [uuid.uuid4()]
    await record_deletions("albums", old + recent)
    await age(old, days=31)

    async def pruned() -> bool:
        return await DeletedItem.all().count() == 1

    async with daily_pruning(30, first=0, interval=0.05):
        await until(pruned, what="the scheduled pruning")
    assert [t.entity_id for t in await DeletedItem.all()] == recent
