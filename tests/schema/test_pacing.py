"""Children are built in turns: the loop serves others between turns, a turn resumes together."""

from __future__ import annotations

import asyncio
import itertools

from wax.schema.pacing import ROWS_PER_TURN, pace


async def test_a_parent_goes_on_at_once_while_the_turn_has_room() -> None:
    await asyncio.sleep(0)  # a fresh turn
    task = asyncio.ensure_future(pace(ROWS_PER_TURN // 2))
    await asyncio.sleep(0)
    assert task.done()


async def test_parents_beyond_a_turn_wait_and_others_are_served_in_between() -> None:
    await asyncio.sleep(0)
    loop = asyncio.get_running_loop()
    log: list[str] = []
    per_parent = ROWS_PER_TURN // 2

    async def parent(n: int) -> None:
        await pace(per_parent)
        log.append(f"parent {n}")

    def other(n: int) -> None:
        log.append(f"other {n}")
        if n < 10:
            loop.call_soon(other, n + 1)  # a request's steps, one per loop iteration

    loop.call_soon(other, 0)
    await asyncio.gather(*(parent(n) for n in range(6)))
    parents = [i for i, entry in enumerate(log) if entry.startswith("parent")]
    assert len(parents) == 6
    # two parents a turn, resuming together; the other request gets a step between turns
    turns = [parents[i : i + 2] for i in range(0, len(parents), 2)]
    assert all(second == first + 1 for first, second in turns)
    for (_, end), (start, _) in itertools.pairwise(turns):
        assert any(entry.startswith("other") for entry in log[end + 1 : start])


async def test_a_cancelled_parent_leaves_the_line() -> None:
    await asyncio.sleep(0)
    first = asyncio.ensure_future(pace(ROWS_PER_TURN))
    waiting = asyncio.ensure_future(pace(ROWS_PER_TURN))
    after = asyncio.ensure_future(pace(ROWS_PER_TURN))
    await asyncio.sleep(0)
    waiting.cancel()
    await asyncio.wait_for(asyncio.gather(first, after), timeout=5)
    assert waiting.cancelled()
