"""A scan's progress, as every face shows it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from wax.resolvers.jobs.errors import with_error

ScanStatus = Literal["scanning", "done"]
SCANNING: ScanStatus = "scanning"
DONE: ScanStatus = "done"


@dataclass(frozen=True)
class ScanProgress:
    status: ScanStatus = SCANNING
    total_files: int = 0
    scanned_files: int = 0
    new_songs: int = 0
    updated_songs: int = 0
    removed_songs: int = 0
    errors: tuple[str, ...] = ()
    # errors beyond MAX_LISTED_ERRORS, summarised in one last entry
    unlisted_errors: int = field(default=0, compare=False)

    @property
    def is_done(self) -> bool:
        return self.status == DONE

    def with_error(self, message: str) -> ScanProgress:
        errors, unlisted = with_error(self.errors, self.unlisted_errors, message)
        return replace(self, errors=errors, unlisted_errors=unlisted)

    def as_json(self) -> dict[str, Any]:
        """The REST shape (snake_case, as the original server's admin routes)."""
        return {
            "status": self.status,
            "total_files": self.total_files,
            "scanned_files": self.scanned_files,
            "new_songs": self.new_songs,
            "updated_songs": self.updated_songs,
            "removed_songs": self.removed_songs,
            "errors": list(self.errors),
        }
