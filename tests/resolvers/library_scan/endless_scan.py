"""A wax process whose scan stops halfway and waits to be killed, printing `halfway` then.

`python -m tests.resolvers.library_scan.endless_scan` scans with a fake that reports HALFWAY;
with `real`, the scanner itself runs and is held at its first report of a scanned file.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from wax import database
from wax.resolvers.library_scan import scanner
from wax.resolvers.library_scan.jobs import ScanJobs
from wax.resolvers.library_scan.progress import ScanProgress
from wax.resolvers.library_scan.scanner import Report, ScanOutcome
from wax.settings import Settings

HALFWAY = ScanProgress(total_files=10, scanned_files=4, new_songs=4)


async def halt() -> None:
    print("halfway", flush=True)
    await asyncio.Event().wait()


async def endless(music_dir: Path, *, full: bool, report: Report) -> ScanOutcome:
    await report(HALFWAY)
    await halt()
    raise AssertionError("never")


async def held_halfway(music_dir: Path, *, full: bool, report: Report) -> ScanOutcome:
    async def report_then_halt(progress: ScanProgress) -> None:
        await report(progress)
        if progress.scanned_files > 0:
            await halt()

    return await scanner.scan_music_folder(music_dir, full=full, report=report_then_halt)


async def main(real: bool) -> None:
    settings = Settings.from_environ()
    async with database.open_database(settings.database_url):
        jobs = ScanJobs(settings, scan=held_halfway if real else endless)
        await jobs.open()
        await jobs.start_or_attach()
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(real=sys.argv[1:] == ["real"]))
