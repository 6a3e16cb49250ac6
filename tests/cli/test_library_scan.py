"""`wax library scan [--full]`: the scan from a terminal, a live bar on a TTY, plain lines
otherwise; it follows a scan a server is running rather than starting a second one."""

from __future__ import annotations

import asyncio
import os
import pty
import shutil
import subprocess
import sys
import threading

import pytest
from starlette.applications import Starlette

from tests.cli.processes import RUN_SECONDS, Finished, run_wax, wax_environment
from tests.music import make_song, retag
from tests.scans import FINAL, FakeScan, settings, steer_scans
from tests.waiting import until
from wax.models import ScanRun, Song
from wax.services import Services
from wax.settings import Settings

__all__ = ["settings"]

FOLLOWING = "Another wax process is running a scan; following it."


def scan_environment(settings: Settings) -> dict[str, str]:
    env = wax_environment(settings)
    if settings.music_dir is None:
        env.pop("WAX_MUSIC_DIR", None)
    else:
        env["WAX_MUSIC_DIR"] = str(settings.music_dir)
    return env


async def follow_with_the_cli(settings: Settings, fake: FakeScan, *args: str) -> Finished:
    """`wax library scan` beside this process's scan; the fake ends once the CLI shows it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        "library",
        "scan",
        *args,
        env=scan_environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    # that it follows, then the progress it found (the fake waits halfway until released)
    seen = [await asyncio.wait_for(process.stdout.readline(), RUN_SECONDS) for _ in range(2)]
    fake.release()
    stdout, stderr = await asyncio.wait_for(process.communicate(), RUN_SECONDS)
    return Finished(process.returncode or 0, b"".join([*seen, stdout]).decode(), stderr.decode())


@pytest.fixture
def fake(services: Services) -> FakeScan:
    return steer_scans(services)


@pytest.mark.parametrize("settings", [{"music_dir": None}], indirect=True)
async def test_without_a_music_folder_it_fails_saying_so(
    app: Starlette, settings: Settings
) -> None:
    done = await run_wax("library", "scan", env=scan_environment(settings))

    assert done.returncode == 1
    assert done.stderr.strip() == "wax: The library scan needs WAX_MUSIC_DIR: it is not set."
    assert await ScanRun.all().count() == 0


async def test_while_a_server_scans_it_follows_that_scan_to_its_summary(
    services: Services, settings: Settings, fake: FakeScan
) -> None:
    running = await services.library_scan.start_or_attach(full=True)
    await fake.halfway.wait()

    done = await follow_with_the_cli(settings, fake)

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == FOLLOWING
    assert lines[1] == "1/3 files  new 1  updated 0  removed 0  errors 0"
    assert "\r" not in done.stdout
    assert lines[-1] == (
        f"Scan succeeded: {FINAL.new_songs} new, {FINAL.updated_songs} updated, 0 removed,"
        " 0 errors (3 of 3 files scanned)."
    )
    assert len(fake.calls) == 1  # the server's, not a second one
    assert [(r.id, r.status) for r in await ScanRun.all()] == [(running.run_id, "succeeded")]


async def test_an_aborted_scan_exits_1_with_its_error(
    services: Services, settings: Settings, fake: FakeScan
) -> None:
    reason = f"The music folder {settings.music_dir} holds no audio file; nothing was deleted."
    fake.abort_with(reason)
    await services.library_scan.start_or_attach()
    await fake.halfway.wait()

    done = await follow_with_the_cli(settings, fake, "--full")

    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].startswith("Scan aborted: 1 new, 0 updated, 0 removed")
    assert done.stderr.splitlines() == ["wax: the library scan aborted:", f"  - {reason}"]
    assert (await ScanRun.get()).status == "aborted"


async def test_on_a_terminal_it_draws_a_bar_in_place(
    services: Services, settings: Settings, fake: FakeScan
) -> None:
    await services.library_scan.start_or_attach()
    await fake.halfway.wait()
    controller, terminal = pty.openpty()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        "library",
        "scan",
        env=scan_environment(settings),
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    chunks: list[bytes] = []
    reader = threading.Thread(target=read_until_closed, args=(controller, chunks))
    reader.start()
    await until(lambda: b"1/3 files" in b"".join(chunks), what="the bar halfway", within=60)
    fake.release()
    await asyncio.wait_for(process.wait(), timeout=60)
    await asyncio.to_thread(reader.join)
    output = b"".join(chunks).decode(errors="replace")

    assert process.returncode == 0, output
    assert "\r\x1b[2K[########################] 3/3 files" in output
    assert "Scan succeeded: 2 new, 1 updated, 0 removed, 0 errors" in output


def read_until_closed(fd: int, chunks: list[bytes]) -> None:
    try:
        while chunk := os.read(fd, 4096):
            chunks.append(chunk)
    except OSError:
        pass  # the terminal closed with the process
    finally:
        os.close(fd)


async def test_it_scans_a_real_folder_printing_progress_lines_and_a_summary(
    app: Starlette, settings: Settings
) -> None:
    assert settings.music_dir is not None
    for n, (name, title) in enumerate((("01.mp3", "One"), ("02.flac", "Two"), ("03.ogg", "Three"))):
        make_song(settings.music_dir, f"Band/Album/{name}", audio=n, title=title)

    done = await run_wax("library", "scan", env=scan_environment(settings))

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "\r" not in done.stdout
    assert lines[-2] == "3/3 files  new 3  updated 0  removed 0  errors 0"
    assert lines[-1] == (
        "Scan succeeded: 3 new, 0 updated, 0 removed, 0 errors (3 of 3 files scanned)."
    )
    assert sorted(await Song.all().values_list("title", flat=True)) == ["One", "Three", "Two"]
    assert (await ScanRun.get()).full is False


async def test_full_rereads_a_file_whose_tags_changed_under_its_old_mtime(
    app: Starlette, settings: Settings
) -> None:
    assert settings.music_dir is not None
    song = make_song(settings.music_dir, "Band/Album/01 One.flac", title="One")
    assert (await run_wax("library", "scan", env=scan_environment(settings))).returncode == 0
    retag(song, keep_mtime=True, title="Won")

    quick = await run_wax("library", "scan", env=scan_environment(settings))
    full = await run_wax("library", "scan", "--full", env=scan_environment(settings))

    assert quick.stdout.splitlines()[-1].startswith("Scan succeeded: 0 new, 0 updated")
    assert full.stdout.splitlines()[-1].startswith("Scan succeeded: 0 new, 1 updated")
    assert await Song.all().values_list("title", flat=True) == ["Won"]
    assert [r.full for r in await ScanRun.all().order_by("started_at")] == [False, False, True]


async def test_an_emptied_folder_aborts_the_scan_with_exit_1_naming_the_folder(
    app: Starlette, settings: Settings
) -> None:
    assert settings.music_dir is not None
    make_song(settings.music_dir, "Band/Album/01 One.flac", title="One")
    assert (await run_wax("library", "scan", env=scan_environment(settings))).returncode == 0
    shutil.rmtree(settings.music_dir / "Band")  # as an unmounted disk looks

    done = await run_wax("library", "scan", env=scan_environment(settings))

    assert done.returncode == 1
    assert done.stdout.splitlines()[-1].startswith("Scan aborted: 0 new, 0 updated, 0 removed")
    assert done.stderr.splitlines()[0] == "wax: the library scan aborted:"
    assert str(settings.music_dir) in done.stderr
    assert await Song.all().count() == 1
