"""A wax process scanning forever (`python -m tests.resolvers.library_scan.endless_scan`):
its scan reports once, prints `halfway`, then waits to be killed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from wax import database
from wax.resolvers.library_scan.jobs import ScanJobs
from wax.resolvers.library_scan.progress import ScanProgress
from wax.resolvers.library_scan.scanner import Report, ScanOutcome
from wax.settings import Settings

HALFWAY = ScanProgress(total_files=10, scanned_files=4, new_songs=4)


async def endless(music_dir: Path, *, full: bool, report: Report) -> ScanOutcome:
    await report(HALFWAY)
    print("halfway", flush=True)
    await asyncio.Event().wait()
    raise AssertionError("never")


async def main() -> None:
    settings = Settings.from_environ()
    async with database.open_database(settings.database_url):
        jobs = ScanJobs(settings, scan=endless)
        await jobs.open()
        await jobs.start_or_attach()
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
