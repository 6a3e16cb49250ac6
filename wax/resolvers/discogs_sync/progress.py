"""A sync's progress, and its fan-out to any number of watchers.

The broadcast keeps only the latest state and a version number: a watcher
compares versions and waits on one shared event, so a thousand watchers cost
a thousand wake-ups per update and no queue can grow behind a slow one (a slow
watcher skips to the latest state; the final `done` state is never skipped).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Phase = Literal["pull", "push", "done"]
PULL: Phase = "pull"
PUSH: Phase = "push"
DONE: Phase = "done"

# beyond this many, errors are counted rather than listed (every watcher gets the list)
MAX_LISTED_ERRORS = 100


@dataclass(frozen=True)
class SyncProgress:
    phase: Phase = PULL
    pulled: int = 0
    pushed: int = 0
    skipped: int = 0
    errors: tuple[str, ...] = ()
    total_discogs_items: int = 0
    # errors beyond MAX_LISTED_ERRORS, summarised in one last entry
    unlisted_errors: int = field(default=0, compare=False)

    @property
    def is_done(self) -> bool:
        return self.phase == DONE

    def with_error(self, message: str) -> SyncProgress:
        if len(self.errors) < MAX_LISTED_ERRORS:
            return replace(self, errors=(*self.errors, message))
        unlisted = self.unlisted_errors + 1
        summary = f"... and {unlisted} more error{'s' if unlisted > 1 else ''}"
        listed = self.errors[:MAX_LISTED_ERRORS]
        return replace(self, errors=(*listed, summary), unlisted_errors=unlisted)

    def as_json(self) -> dict[str, Any]:
        """The documented SSE shape."""
        return {
            "phase": self.phase,
            "pulled": self.pulled,
            "pushed": self.pushed,
            "skipped": self.skipped,
            "errors": list(self.errors),
            "totalDiscogsItems": self.total_discogs_items,
        }


class ProgressBroadcast:
    """The latest progress of one sync, for every watcher at once."""

    def __init__(self, initial: SyncProgress | None = None) -> None:
        self._state = initial or SyncProgress()
        self._version = 0
        self._changed = asyncio.Event()

    @property
    def state(self) -> SyncProgress:
        return self._state

    def publish(self, state: SyncProgress) -> None:
        if self._state.is_done:
            raise RuntimeError("a finished sync cannot change")
        if state == self._state:
            return  # nothing new to tell: a watcher would see the same event twice
        self._state = state
        self._version += 1
        # wake everyone waiting on this event; later waiters get a fresh one
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    async def updates(self) -> AsyncIterator[SyncProgress]:
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
