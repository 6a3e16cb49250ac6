"""The library scan job under test: a scan the test steers, and settings with a music folder.

A module that scans imports the `settings` fixture below (a music folder under tmp_path;
parametrise it indirectly with {"music_dir": None} for a wax without WAX_MUSIC_DIR) and the
`fake_scan` one where it tests the job rather than the scanner.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from wax.resolvers.library_scan.progress import DONE, ScanProgress
from wax.resolvers.library_scan.scanner import Report, ScanOutcome
from wax.services import Services
from wax.settings import Settings

# what the fake reports before it waits to be released
FIRST = ScanProgress(total_files=3)
HALFWAY = replace(FIRST, scanned_files=1, new_songs=1)
# and how it ends, unless told to abort or fail
FINAL = replace(FIRST, status=DONE, scanned_files=3, new_songs=2, updated_songs=1)


class FakeScan:
    """A scan that reports FIRST and HALFWAY, waits for `release`, then ends as set up
    (reporting its final progress, status done, as the scanner does)."""

    def __init__(self) -> None:
        self.calls: list[tuple[Path, bool]] = []
        self.halfway = asyncio.Event()
        self.released = asyncio.Event()
        self.aborted = False
        self.failure: Exception | None = None

    def abort_with(self, message: str) -> None:
        self.aborted = True
        self.abort_message = message

    def release(self) -> None:
        self.released.set()

    async def __call__(self, music_dir: Path, *, full: bool, report: Report) -> ScanOutcome:
        self.calls.append((music_dir, full))
        await report(FIRST)
        await report(HALFWAY)
        self.halfway.set()
        await self.released.wait()
        if self.failure is not None:
            raise self.failure
        # as the scanner does, the last report is the final progress, status done
        if self.aborted:
            stopped = replace(HALFWAY, status=DONE).with_error(self.abort_message)
            await report(stopped)
            return ScanOutcome(stopped, aborted=True)
        await report(FINAL)
        return ScanOutcome(FINAL)


@pytest.fixture
def settings(request: pytest.FixtureRequest, settings: Settings, tmp_path: Path) -> Settings:
    music_dir = tmp_path / "music"
    music_dir.mkdir()
    changes = {"music_dir": music_dir, **getattr(request, "param", {})}
    return replace(settings, **changes)


@pytest.fixture
def music_dir(settings: Settings) -> Path:
    """The music folder of the `settings` above."""
    assert settings.music_dir is not None
    return settings.music_dir


def steer_scans(services: Services) -> FakeScan:
    """The running app's scans go through a FakeScan from now on."""
    fake = FakeScan()
    services.library_scan.scan = fake
    return fake
