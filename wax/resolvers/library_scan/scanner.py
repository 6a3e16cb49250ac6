"""The scan itself (being written; see the library-scan brief)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from wax.resolvers.library_scan.progress import ScanProgress

Report = Callable[[ScanProgress], Awaitable[None]]


@dataclass(frozen=True)
class ScanOutcome:
    progress: ScanProgress  # the final counts and errors, status done
    # the folder was missing, unreadable or empty while the library held scanned songs:
    # nothing was deleted, and progress.errors says why, naming the folder
    aborted: bool = False


async def scan_music_folder(music_dir: Path, *, full: bool, report: Report) -> ScanOutcome:
    """Bring the library in step with the files under `music_dir`."""
    raise NotImplementedError
