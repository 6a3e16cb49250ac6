"""A job's progress, fanned out to any number of watchers.

The broadcast keeps only the latest state and a version number: a watcher
compares versions and waits on one shared event, so a thousand watchers cost
a thousand wake-ups per update and no queue can grow behind a slow one (a slow
watcher skips to the latest state; the final `done` state is never skipped).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Generic, Protocol, TypeVar


class Progress(Protocol):
    """What a job's progress must tell: whether it is the last one."""

    @property
    def is_done(self) -> bool: ...


P = TypeVar("P", bound=Progress)


class ProgressBroadcast(Generic[P]):
    """The latest progress of one run, for every watcher at once."""

    def __init__(self, initial: P) -> None:
        self._state = initial
        self._version = 0
        self._changed = asyncio.Event()

    @property
    def state(self) -> P:
        return self._state

    def publish(self, state: P) -> None:
        if self._state.is_done:
            raise RuntimeError("a finished run cannot change")
        if state == self._state:
            return  # nothing new to tell: a watcher would see the same event twice
        self._state = state
        self._version += 1
        # wake everyone waiting on this event; later waiters get a fresh one
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def updates(self) -> AsyncIterator[P]:
        """The current state at once, then each newer one, ending after `done`."""
        seen = -1
        while True:
            if self._version == seen:
                await self._changed.wait()
                continue
            seen, state = self._version, self._state
            yield state
            if state.is_done:
                return
