"""A moving-window rate limiter, one per process, shared by every Discogs caller.

Discogs counts requests over a moving minute. wax keeps the send times of its own
requests and waits before the window would overflow; the X-Discogs-Ratelimit-Remaining
header corrects the count when someone else (another process, an earlier run, another
app on the same token) has spent part of the budget.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable

# Discogs starts counting a request when it arrives, a little after wax counts it; wax
# forgets its own a little later too, so skew never makes Discogs look more used than wax
# thinks (which observe() would then have to make up for by waiting a whole window).
ARRIVAL_MARGIN = 1.0

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class RateLimiter:
    def __init__(
        self,
        requests_per_minute: int,
        window: float = 60.0,
        *,
        margin: float = ARRIVAL_MARGIN,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if requests_per_minute < 1:
            raise ValueError("requests_per_minute must be at least 1")
        if window <= 0 or margin < 0:
            raise ValueError("window must be positive and margin not negative")
        self.requests_per_minute = requests_per_minute
        self.window = window
        self._memory = window + margin
        self._clock = clock
        self._sleep = sleep
        # times at which a request was let through (or, from observe(), assumed spent)
        self._spent: deque[float] = deque()
        # waiters queue here one at a time, in arrival order
        self._turn = asyncio.Lock()

    @property
    def available(self) -> int:
        """Requests that may go right now without waiting."""
        self._forget_old(self._clock())
        return self.requests_per_minute - len(self._spent)

    async def acquire(self) -> None:
        """Wait until one more request fits in the moving window, then count it."""
        async with self._turn:
            while True:
                now = self._clock()
                self._forget_old(now)
                if len(self._spent) < self.requests_per_minute:
                    self._spent.append(now)
                    return
                await self._sleep(max(self._spent[0] + self._memory - now, 0.0))

    def observe(self, remaining: int | None) -> None:
        """Believe Discogs when it says fewer requests remain than wax thinks."""
        if remaining is None:
            return
        now = self._clock()
        self._forget_old(now)
        ours = self.requests_per_minute - len(self._spent)
        unknown = ours - max(remaining, 0)
        # requests we did not see; we do not know when they went, so count them as just now
        for _ in range(min(unknown, ours)):
            self._spent.append(now)

    def _forget_old(self, now: float) -> None:
        horizon = now - self._memory + 1e-9  # float rounding must not keep a waiter spinning
        while self._spent and self._spent[0] <= horizon:
            self._spent.popleft()
