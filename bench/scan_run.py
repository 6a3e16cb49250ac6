"""python -m bench.scan_run DATABASE_URL MUSIC_DIR [--full] [--floor listing|reading]

One scan (or one floor: the folder listed, or every file read, without a database) in a
process of its own, so its peak memory is its own; prints one JSON line of what it measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import sys
import time
from pathlib import Path

import orjson

from wax.database import open_database
from wax.music_files import UnreadableFile, read_music_file
from wax.resolvers.library_scan.folder import list_music_folder
from wax.resolvers.library_scan.progress import ScanProgress
from wax.resolvers.library_scan.scanner import scan_music_folder


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def floor(kind: str, music_dir: Path) -> dict[str, object]:
    started = time.perf_counter()
    listing = list_music_folder(music_dir)
    if kind == "reading":
        for path in listing.files:
            with contextlib.suppress(UnreadableFile):
                read_music_file(music_dir / path)
    return {"seconds": time.perf_counter() - started, "files": len(listing.files)}


async def scan(url: str, music_dir: Path, full: bool) -> dict[str, object]:
    reports = 0

    async def report(progress: ScanProgress) -> None:
        nonlocal reports
        reports += 1

    async with open_database(url):
        started = time.perf_counter()
        outcome = await scan_music_folder(music_dir, full=full, report=report)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "reports": reports, **outcome.progress.as_json()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("database_url")
    parser.add_argument("music_dir", type=Path)
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--floor", choices=("listing", "reading"))
    args = parser.parse_args()
    if args.floor:
        result = floor(args.floor, args.music_dir)
    else:
        result = asyncio.run(scan(args.database_url, args.music_dir, args.full))
    result["peak_rss_mb"] = round(peak_rss_mb(), 1)
    sys.stdout.write(orjson.dumps(result).decode() + "\n")


if __name__ == "__main__":
    main()
