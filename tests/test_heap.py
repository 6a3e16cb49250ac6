"""While wax runs, the collector's full passes leave the start-up heap alone."""

from __future__ import annotations

import gc

from tests.servers import running_app
from wax.settings import Settings


async def test_the_heap_is_frozen_while_the_app_runs_and_thawed_after(settings: Settings) -> None:
    assert gc.get_freeze_count() == 0
    async with running_app(settings):
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
