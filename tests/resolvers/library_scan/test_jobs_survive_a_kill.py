"""A process SIGKILLed mid-scan leaves its ScanRun running and its lock freed by the system:
the next process marks the run interrupted, and the next scan runs normally."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path

from starlette.applications import Starlette

from tests.cli.processes import RUN_SECONDS, wax_environment
from tests.resolvers.library_scan.endless_scan import HALFWAY
from tests.scans import FINAL, FakeScan, settings
from tests.waiting import until
from wax.models import ScanRun
from wax.resolvers.library_scan import ScanJobs
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
