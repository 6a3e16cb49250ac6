"""`wax serve --workers 2` with WAX_LIBRARY_WATCH=true: one of the two processes watches, so
a change to the music folder makes one scan, not one per worker."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
from tortoise import Tortoise

from tests import databases
from tests.cli.processes import wax_environment, wax_serve
from tests.conftest import make_account
from tests.music import make_song
from tests.resolvers.library_scan.scanning import deleted, listed
from tests.waiting import holds_throughout, until
from wax import database
from wax.models import ScanRun
from wax.resolvers.library_scan.watch import ADVISORY_LOCK_KEY, FOLDER_RETRY_SECONDS
from wax.settings import Settings

QUIET = 0.5
# long enough for a second watcher to find the folder and scan it after its quiet period
SECOND_WATCHER_WOULD_HAVE_SCANNED = FOLDER_RETRY_SECONDS + QUIET + 2.0


async def scans_done() -> list[str]:
    """The status of every scan, once none is running (else [] so a count cannot match)."""
    statuses = [run.status for run in await ScanRun.all()]
    return [] if "running" in statuses else statuses


async def a_watch_holds_the_lock(settings: Settings) -> bool:
    """Looked up, never tried: a lock the test took would send the worker standing by, and
    a worker taking over scans."""
    if databases.using_postgres():
        rows = await Tortoise.get_connection("default").execute_query_dict(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
            " AND ((classid::bigint << 32) | objid::bigint) = $1",
            [ADVISORY_LOCK_KEY],
        )
        return bool(rows)
    return flock_held(Path(settings.database_url.removeprefix("sqlite://") + ".watch-lock"))


def flock_held(path: Path) -> bool:
    if not path.exists():
        return False
    inode = str(path.stat().st_ino)
    # Linux lists each flock as "1: FLOCK ADVISORY WRITE <pid> <major>:<minor>:<inode> ..."
    return any(
        "FLOCK" in line and line.split()[5].split(":")[-1] == inode
        for line in Path("/proc/locks").read_text().splitlines()
    )


async def test_two_workers_make_one_scan_per_change_of_the_watched_folder(
    settings: Settings, tmp_path: Path
) -> None:
    music_dir = tmp_path / "music"
    env = {
        **wax_environment(settings),
        "WAX_MUSIC_DIR": str(music_dir),
        "WAX_LIBRARY_WATCH": "true",
        "WAX_LIBRARY_WATCH_QUIET_SECONDS": str(QUIET),
    }
    staging = tmp_path / "incoming"
    for number in (1, 2, 3):
        make_song(staging, f"Album/{number:02d}.wav", audio=number, title=f"Song {number}")

    async with database.open_database(settings.database_url):
        admin = await make_account("ann", is_admin=True)
        # the folder is missing at start: the watcher looks for it every few seconds, and
        # scans it when it is there (a change no worker can have watched for before it starts)
        async with (
            wax_serve(env, "--workers", "2") as server,
            httpx.AsyncClient(base_url=server.url, headers=admin.headers) as http,
        ):
            await until(
                lambda: a_watch_holds_the_lock(settings), what="a worker watching", within=30
            )
            shutil.move(staging, music_dir)

            async def three_songs_and_one_scan() -> bool:
                return len(await listed(http, "songs")) == 3 and await scans_done() == ["succeeded"]

            await until(three_songs_and_one_scan, what="the folder scanned", within=15)

            async def one_scan() -> bool:
                return len(await ScanRun.all()) == 1

            await holds_throughout(
                one_scan, what="one scan", seconds=SECOND_WATCHER_WOULD_HAVE_SCANNED
            )

            (music_dir / "Album" / "03.wav").unlink()

            async def tombstoned_after_two_scans() -> bool:
                gone = (await deleted(http)).get("songs", [])
                return len(gone) == 1 and await scans_done() == ["succeeded"] * 2

            await until(tombstoned_after_two_scans, what="the song tombstoned", within=15)

            async def two_scans() -> bool:
                return len(await ScanRun.all()) == 2

            await holds_throughout(two_scans, what="two scans", seconds=QUIET + 2.0)
