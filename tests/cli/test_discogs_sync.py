"""`wax discogs sync`: the sync from a terminal, a live bar on a TTY, plain lines otherwise."""

from __future__ import annotations

import asyncio
import os
import pty
import subprocess
import sys

import pytest
from starlette.applications import Starlette

from tests.cli.processes import RUN_SECONDS, run_wax, wax_environment
from tests.fakes.discogs_server import FakeDiscogs
from tests.servers import LiveServer
from tests.sync_scenario import (
    COLLECTION_PATH,
    build_scenario,
    collection_release_ids,
    local_discogs_ids,
)
from wax.models import SyncRun
from wax.resolvers.discogs_sync import SyncJobs
from wax.settings import Settings


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


async def test_it_syncs_printing_plain_progress_lines_and_a_summary(
    app: Starlette, settings: Settings, fake_discogs: FakeDiscogs
) -> None:
    scenario = await build_scenario(fake_discogs)

    done = await run_wax("discogs", "sync", env=wax_environment(settings))

    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("pull")
    assert any(line.startswith("push") for line in lines)
    assert "\r" not in done.stdout
    assert lines[-1] == (
        f"Sync succeeded: pulled {scenario.expected_pulled}, pushed {scenario.expected_pushed},"
        f" skipped {scenario.expected_skipped} (250 items in the Discogs collection)."
    )
    assert await local_discogs_ids() == collection_release_ids(fake_discogs)
    assert (await SyncRun.get()).status == "succeeded"


async def test_on_a_terminal_it_draws_a_bar_in_place(
    app: Starlette, settings: Settings, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(150)
    controller, terminal = pty.openpty()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        "discogs",
        "sync",
        env=wax_environment(settings),
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    output = await asyncio.to_thread(read_until_closed, controller)
    await asyncio.wait_for(process.wait(), timeout=60)

    assert process.returncode == 0, output
    assert "\r\x1b[2K[" in output
    assert "########################] done" in output
    assert "150/150 items" in output
    assert "Sync succeeded: pulled 150" in output


def read_until_closed(fd: int) -> str:
    chunks = []
    try:
        while chunk := os.read(fd, 4096):
            chunks.append(chunk)
    except OSError:
        pass  # the terminal closed with the process
    finally:
        os.close(fd)
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.parametrize(
    ("discogs_settings", "named"),
    [({"discogs_token": None}, "DISCOGS_TOKEN"), ({"discogs_username": None}, "DISCOGS_USERNAME")],
    indirect=["discogs_settings"],
)
async def test_without_discogs_settings_it_fails_naming_what_is_missing(
    app: Starlette, settings: Settings, fake_discogs: FakeDiscogs, named: str
) -> None:
    done = await run_wax("discogs", "sync", env=wax_environment(settings))

    assert done.returncode == 1
    assert f"{named} is not set" in done.stderr
    assert fake_discogs.count() == 0


async def test_with_discogs_down_it_fails_saying_so(
    app: Starlette, settings: Settings, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.inject("GET", COLLECTION_PATH, status=503, times=None)

    done = await run_wax("discogs", "sync", env=wax_environment(settings))

    assert done.returncode == 1
    assert "Sync failed" in done.stdout
    assert "The pull from Discogs stopped at the first page" in done.stderr
    assert "503" in done.stderr


async def test_it_lists_the_records_it_could_not_push_and_still_succeeds(
    app: Starlette, settings: Settings, fake_discogs: FakeDiscogs
) -> None:
    scenario = await build_scenario(fake_discogs, collection_size=10)
    refused = scenario.to_push[0].discogs_id
    fake_discogs.inject("POST", f"/users/*/collection/folders/*/releases/{refused}", status=500)

    done = await run_wax("discogs", "sync", env=wax_environment(settings))

    assert done.returncode == 0
    assert "pushed 4" in done.stdout.splitlines()[-3]
    assert done.stdout.splitlines()[-2] == "Errors:"
    assert f"Could not add release {refused}" in done.stdout.splitlines()[-1]


async def test_while_a_server_syncs_it_follows_that_sync_instead_of_starting_another(
    server: LiveServer, settings: Settings, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(250)
    collection_answers = fake_discogs.hold("GET", COLLECTION_PATH)  # until the CLI follows
    jobs: SyncJobs = server.app.state.services.discogs_sync
    running = await jobs.start_or_attach()

    command = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        "discogs",
        "sync",
        env=wax_environment(settings),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert command.stdout is not None
    first_line = await asyncio.wait_for(command.stdout.readline(), RUN_SECONDS)
    collection_answers.set()
    rest, errors = await asyncio.wait_for(command.communicate(), RUN_SECONDS)
    output = first_line.decode() + rest.decode()

    assert command.returncode == 0, errors.decode()
    assert first_line.decode() == "Another wax process is running a sync; following it.\n"
    assert "Sync succeeded: pulled 250" in output
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert [r.id for r in await SyncRun.all()] == [running.run_id]
