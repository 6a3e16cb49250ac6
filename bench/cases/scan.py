"""Case 8: the library scanner on a generated folder of real, tagged music files.

Each scan runs in a process of its own (bench/scan_run.py) against an empty migrated
database: the first scan, a rescan with nothing changed, a rescan after `scan_changes`
edits (retags, moves, deletions, additions). Beside them, in the same run, the floors a
scan cannot beat: listing the folder (what an unchanged rescan must do) and reading every
file's tags without a database (what a first scan must do).
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path
from typing import Any

import orjson

from bench import databases
from bench.config import SCAN_PEAK_MB_TARGET, SCAN_UNCHANGED_S_TARGET, SEED
from bench.context import Bench
from bench.databases import log
from bench.music_library import change_library, make_library
from bench.report import Measure, failed

CASE = "8 scan"


async def scan_run(url: str, music: Path, *options: str) -> dict[str, Any]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.scan_run",
        url,
        str(music),
        *options,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"bench.scan_run {' '.join(options)} failed: {err.decode()[-2000:]}")
    result: dict[str, Any] = orjson.loads(out.splitlines()[-1])
    return result


async def run(bench: Bench, engine: str) -> None:
    try:
        await _run(bench, engine)
    except Exception as error:
        bench.add(failed(CASE, engine, "scan", error))


async def _run(bench: Bench, engine: str) -> None:
    files, changes = bench.plan.scanned_files, bench.plan.scan_changes
    music = bench.workdir / f"music-{engine}"
    paths = await asyncio.to_thread(make_library, music, files)
    log(f"case 8: {files:,} files generated")
    url = await databases.create_empty(engine, "scan", bench.workdir)
    try:
        await databases.prepare(url)
        listing = await scan_run(url, music, "--floor", "listing")
        reading = await scan_run(url, music, "--floor", "reading")
        first = await scan_run(url, music)
        unchanged = await scan_run(url, music)
        edits = await asyncio.to_thread(change_library, music, paths, changes, SEED)
        changed = await scan_run(url, music)
    finally:
        await databases.drop(url)
        shutil.rmtree(music, ignore_errors=True)
    log(f"case 8 {engine}: first {first['seconds']:.1f} s, unchanged {unchanged['seconds']:.2f} s")

    first_rate = files / first["seconds"]
    reading_rate = files / reading["seconds"]
    per_change = changed["seconds"] / changes
    per_file = first["seconds"] / files
    peak = max(first["peak_rss_mb"], unchanged["peak_rss_mb"], changed["peak_rss_mb"])
    counted = (changed["new_songs"], changed["updated_songs"], changed["removed_songs"])
    # the files share eight audio contents, so an added copy may take a deleted song's place
    consistent = counted[0] - counted[2] == edits["added"] - edits["deleted"]
    bench.add(
        Measure(
            CASE,
            engine,
            f"first scan of {files:,} files",
            f"{first_rate:,.0f} files/s ({first['seconds']:.1f} s); reading alone"
            f" {reading_rate:,.0f} files/s: {first_rate / reading_rate:.0%} of it",
            data={"first": first, "reading_floor": reading},
        ),
        Measure(
            CASE,
            engine,
            "rescan, nothing changed",
            f"{unchanged['seconds']:.2f} s (listing the folder alone {listing['seconds']:.2f} s)",
            f"< {SCAN_UNCHANGED_S_TARGET:g} s",
            met=unchanged["seconds"] < SCAN_UNCHANGED_S_TARGET
            and (unchanged["new_songs"], unchanged["updated_songs"]) == (0, 0),
            data={"unchanged": unchanged, "listing_floor": listing},
        ),
        Measure(
            CASE,
            engine,
            f"rescan after {changes} changes",
            f"{changed['seconds']:.2f} s: {per_change * 1000:.1f} ms a change against"
            f" {per_file * 1000:.2f} ms a file of the first scan, plus the unchanged rescan's"
            f" {unchanged['seconds']:.2f} s; new/updated/removed {counted}, edits {edits}",
            "proportional to the changes",
            met=changed["seconds"] < unchanged["seconds"] + changes * per_file * 3 and consistent,
            data={"changed": changed, "edits": edits},
        ),
        Measure(
            CASE,
            engine,
            "peak memory of a scan",
            f"{peak:.0f} MB",
            f"< {SCAN_PEAK_MB_TARGET:g} MB",
            met=peak < SCAN_PEAK_MB_TARGET,
        ),
    )
