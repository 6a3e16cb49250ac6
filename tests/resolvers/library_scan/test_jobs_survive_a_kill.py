"""A process SIGKILLed mid-scan leaves its ScanRun running and its lock freed by the system:
the next process marks the run interrupted, and the next scan runs normally and finishes
the work."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from starlette.applications import Starlette

from tests.cli.processes import RUN_SECONDS, wax_environment
from tests.music import make_song
from tests.resolvers.library_scan.endless_scan import HALFWAY
from tests.scans import FINAL, FakeScan, settings
from tests.waiting import until
from wax.models import ScanRun, Song
from wax.resolvers.library_scan import ScanJobs
from wax.resolvers.library_scan.scanner import BATCH
from wax.settings import Settings

__all__ = ["settings"]

REPOSITORY = Path(__file__).parents[3]


async def lock_is_free(jobs: ScanJobs) -> bool:
    if not await jobs.lock.try_acquire():
        return False
    await jobs.lock.release()
    return True


async def test_a_scan_killed_midway_is_interrupted_and_the_next_scan_runs(
    app: Starlette, settings: Settings
) -> None:
    env = {**wax_environment(settings), "WAX_MUSIC_DIR": str(settings.music_dir)}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.resolvers.library_scan.endless_scan",
        env=env,
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert await asyncio.wait_for(child.stdout.readline(), RUN_SECONDS) == b"halfway\n"
    fake = FakeScan()
    here = ScanJobs(settings, scan=fake)
    assert (await here.start_or_attach()).is_remote  # the child's scan, followed

    child.send_signal(signal.SIGKILL)
    await child.wait()

    killed = await ScanRun.get()
    assert (killed.status, killed.scanned_files) == ("running", HALFWAY.scanned_files)
    await until(lambda: lock_is_free(here), what="the killed process's lock let go")
    await ScanJobs(settings, scan=fake).open()  # the next process starting
    killed = await ScanRun.get(id=killed.id)
    assert (killed.status, killed.scanned_files, killed.new_songs) == ("interrupted", 4, 4)
    assert killed.finished_at is not None
    assert "interrupted" in killed.errors[-1]

    fake.release()
    started = await here.start_or_attach()
    assert not started.is_remote
    assert [p async for p in started.updates()][-1] == FINAL
    assert (await ScanRun.get(id=started.run_id)).status == "succeeded"


async def test_the_scanner_killed_after_its_first_batch_leaves_the_rest_to_the_next_scan(
    app: Starlette, settings: Settings
) -> None:
    assert settings.music_dir is not None
    count = BATCH + 20
    for n in range(count):
        make_song(settings.music_dir, f"Band/Album/{n:03} Song.wav", audio=n, title=f"Song {n}")
    env = {**wax_environment(settings), "WAX_MUSIC_DIR": str(settings.music_dir)}
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.resolvers.library_scan.endless_scan",
        "real",
        env=env,
        cwd=REPOSITORY,
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert await asyncio.wait_for(child.stdout.readline(), RUN_SECONDS) == b"halfway\n"
    child.send_signal(signal.SIGKILL)
    await child.wait()
    written_before_the_kill = await Song.all().count()
    assert 0 < written_before_the_kill < count

    jobs = ScanJobs(settings)
    await until(lambda: lock_is_free(jobs), what="the killed process's lock let go")
    await jobs.open()
    started = await jobs.start_or_attach()
    final = [p async for p in started.updates()][-1]

    assert (final.new_songs, final.removed_songs, final.errors) == (
        count - written_before_the_kill,
        0,
        (),
    )
    assert await Song.all().count() == count
    statuses = [run.status for run in await ScanRun.all().order_by("started_at")]
    assert statuses == ["interrupted", "succeeded"]
