"""The fan-out of a sync's progress to its watchers."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace

from wax.resolvers.discogs_sync.progress import (
    DONE,
    PUSH,
    ProgressBroadcast,
    SyncProgress,
)
from wax.resolvers.jobs.errors import MAX_LISTED_ERRORS


async def next_update(updates: object) -> SyncProgress:
    return await asyncio.wait_for(anext(updates), timeout=5)  # type: ignore[call-overload]


async def test_a_watcher_gets_the_current_state_at_once_then_each_update() -> None:
    broadcast = ProgressBroadcast()
    broadcast.publish(SyncProgress(pulled=100, total_discogs_items=250))
    updates = broadcast.updates()

    assert (await next_update(updates)).pulled == 100
    broadcast.publish(SyncProgress(pulled=200, total_discogs_items=250))
    assert (await next_update(updates)).pulled == 200
    broadcast.publish(SyncProgress(phase=DONE, pulled=250, total_discogs_items=250))
    assert (await next_update(updates)).phase == DONE
    assert [p async for p in updates] == []


async def test_a_slow_watcher_skips_to_the_latest_state_and_still_sees_done() -> None:
    broadcast = ProgressBroadcast()
    updates = broadcast.updates()
    assert (await next_update(updates)).pulled == 0
    for pulled in range(1, 1000):
        broadcast.publish(SyncProgress(pulled=pulled))
    broadcast.publish(SyncProgress(phase=DONE, pulled=1000))

    assert [p.pulled async for p in updates] == [1000]


async def test_a_thousand_watchers_all_follow_a_sync_to_its_end() -> None:
    broadcast = ProgressBroadcast()

    watchers_of: Counter[int] = Counter()  # how many watchers have seen each `pulled`
    everyone_saw = {pulled: asyncio.Event() for pulled in (0, 100, 200)}

    async def watch() -> list[int]:
        seen: list[int] = []
        async for progress in broadcast.updates():
            seen.append(progress.pulled)
            watchers_of[progress.pulled] += 1
            if watchers_of[progress.pulled] == 1000 and progress.pulled in everyone_saw:
                everyone_saw[progress.pulled].set()
        return seen

    watchers = [asyncio.create_task(watch()) for _ in range(1000)]
    await asyncio.wait_for(everyone_saw[0].wait(), timeout=30)
    for pulled in (100, 200):
        broadcast.publish(SyncProgress(pulled=pulled))
        await asyncio.wait_for(everyone_saw[pulled].wait(), timeout=30)
    broadcast.publish(replace(broadcast.state, phase=PUSH))
    broadcast.publish(SyncProgress(phase=DONE, pulled=250))

    seen = await asyncio.wait_for(asyncio.gather(*watchers), timeout=30)
    assert all(pulled[-1] == 250 for pulled in seen)
    assert all(pulled[:3] == [0, 100, 200] for pulled in seen)


async def test_a_watcher_arriving_after_the_end_gets_the_final_state_only() -> None:
    broadcast = ProgressBroadcast()
    broadcast.publish(SyncProgress(phase=DONE, pushed=3))

    assert [p.pushed async for p in broadcast.updates()] == [3]


async def test_errors_beyond_the_listed_ones_are_counted_in_one_last_line() -> None:
    progress = SyncProgress()
    for n in range(MAX_LISTED_ERRORS + 5):
        progress = progress.with_error(f"error {n}")

    assert len(progress.errors) == MAX_LISTED_ERRORS + 1
    assert progress.errors[MAX_LISTED_ERRORS - 1] == f"error {MAX_LISTED_ERRORS - 1}"
    assert progress.errors[-1] == "... and 5 more errors"


def test_progress_is_written_in_the_documented_shape() -> None:
    progress = SyncProgress(phase=PUSH, pulled=1, pushed=2, skipped=3, total_discogs_items=9)

    assert progress.with_error("x").as_json() == {
        "phase": "push",
        "pulled": 1,
        "pushed": 2,
        "skipped": 3,
        "errors": ["x"],
        "totalDiscogsItems": 9,
    }
