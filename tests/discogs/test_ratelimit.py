from __future__ import annotations

import asyncio

import pytest

from tests.discogs.fakes import FakeTime
from wax.discogs.ratelimit import RateLimiter


def limiter(time: FakeTime, per_minute: int, *, margin: float = 0.0) -> RateLimiter:
    return RateLimiter(per_minute, margin=margin, clock=time.clock, sleep=time.sleep)


def most_in_any_window(times: list[float], window: float) -> int:
    ordered = sorted(times)
    return max(sum(1 for other in ordered if start <= other < start + window) for start in ordered)


async def test_requests_within_the_limit_go_at_once() -> None:
    time = FakeTime()
    limit = limiter(time, 5)

    for _ in range(5):
        await limit.acquire()

    assert time.sleeps == []
    assert limit.available == 0


async def test_the_next_request_waits_until_the_oldest_leaves_the_window() -> None:
    time = FakeTime()
    limit = limiter(time, 2)
    await limit.acquire()
    time.now += 10
    await limit.acquire()

    await limit.acquire()

    assert time.now == pytest.approx(1060.0)


async def test_concurrent_acquirers_never_exceed_the_limit_in_any_window() -> None:
    time = FakeTime()
    limit = limiter(time, 7)
    granted: list[float] = []

    async def one_request() -> None:
        await limit.acquire()
        granted.append(time.now)

    await asyncio.gather(*(one_request() for _ in range(40)))

    assert len(granted) == 40
    assert most_in_any_window(granted, 60.0) == 7
    # and it does not dawdle: 40 requests at 7 a minute fit in five windows
    assert max(granted) - min(granted) == pytest.approx(5 * 60.0)


async def test_the_margin_keeps_a_request_counted_a_little_longer() -> None:
    time = FakeTime()
    limit = limiter(time, 1, margin=1.0)
    await limit.acquire()

    await limit.acquire()

    assert time.now == pytest.approx(1061.0)


async def test_observing_zero_remaining_makes_callers_wait() -> None:
    time = FakeTime()
    limit = limiter(time, 60)
    await limit.acquire()

    limit.observe(0)
    await limit.acquire()

    assert limit.available == 59  # the window turned over: the made-up ones are gone too
    assert time.now >= 1060.0


async def test_observing_fewer_remaining_than_wax_thinks_is_believed() -> None:
    time = FakeTime()
    limit = limiter(time, 60)
    await limit.acquire()

    limit.observe(10)

    assert limit.available == 10


async def test_observing_more_remaining_than_wax_thinks_changes_nothing() -> None:
    time = FakeTime()
    limit = limiter(time, 10)
    for _ in range(4):
        await limit.acquire()

    limit.observe(9)  # an answer that left Discogs before our later requests arrived
    limit.observe(None)

    assert limit.available == 6


async def test_waiting_callers_go_in_arrival_order() -> None:
    time = FakeTime()
    limit = limiter(time, 1)
    order: list[int] = []

    async def caller(number: int) -> None:
        await limit.acquire()
        order.append(number)

    await asyncio.gather(*(caller(n) for n in range(5)))

    assert order == [0, 1, 2, 3, 4]


async def test_a_real_clock_spaces_requests_by_the_window() -> None:
    limit = RateLimiter(2, window=0.2, margin=0.0)
    loop = asyncio.get_running_loop()
    started = loop.time()

    await asyncio.gather(*(limit.acquire() for _ in range(5)))

    # five requests at two per window need two further windows
    assert loop.time() - started >= 0.35


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RateLimiter(0)
