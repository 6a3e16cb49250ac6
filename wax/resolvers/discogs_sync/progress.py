"""A sync's progress, and its fan-out to any number of watchers (wax.resolvers.jobs)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from wax.resolvers.jobs import broadcast
from wax.resolvers.jobs.errors import with_error

Phase = Literal["pull", "push", "done"]
PULL: Phase = "pull"
PUSH: Phase = "push"
DONE: Phase = "done"


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
        errors, unlisted = with_error(self.errors, self.unlisted_errors, message)
        return replace(self, errors=errors, unlisted_errors=unlisted)

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


class ProgressBroadcast(broadcast.ProgressBroadcast[SyncProgress]):
    """The latest progress of one sync, for every watcher at once."""

    def __init__(self, initial: SyncProgress | None = None) -> None:
        super().__init__(initial or SyncProgress())
