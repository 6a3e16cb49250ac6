"""`wax serve --workers 2` under fifty writers at once, on both faces, with sync clients
reading meanwhile: every request answered without a server error, every acknowledged write
in the database afterwards, and counted. On SQLite the two processes share one file."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.cli.conftest import run_wax
from tests.cli.mixed_writers import database_state, mixed_load
from tests.cli.processes import wax_environment, wax_serve
from tests.conftest import make_account
from tests.kept_counts import disagreeing, kept_and_counted
from wax import database
from wax.settings import Settings

WRITERS = 50
READERS = 4
SECONDS = 30


@pytest.mark.slow
async def test_two_workers_take_fifty_writers_without_a_server_error_or_a_lost_write(
    settings: Settings,
) -> None:
    async with database.open_database(settings.database_url):
        admin = await make_account("ann", is_admin=True)
        member = await make_account("bob", is_admin=False)

    async with (
        wax_serve(wax_environment(settings), "--workers", "2") as server,
        httpx.AsyncClient(base_url=server.url, headers=admin.headers, timeout=60) as as_admin,
        httpx.AsyncClient(base_url=server.url, headers=member.headers, timeout=60) as as_member,
    ):
        load = await mixed_load(
            as_admin, as_member, writers=WRITERS, readers=READERS, seconds=SECONDS
        )

    print(f"writes acknowledged: {load.acknowledged}; syncs: {load.syncs}; {load.tally.statuses}")
    assert load.tally.server_errors == 0, load.tally.failures
    assert load.tally.failures == []  # each writer's rows are its own: nothing may be refused
    assert load.tally.transport_errors == 0
    assert load.acknowledged >= WRITERS * 5, "the writers should have written throughout"
    assert load.syncs >= READERS, "the sync clients should have synced while the writers wrote"
    async with database.open_database(settings.database_url):
        assert await database_state() == load.expected
        assert disagreeing(await kept_and_counted()) == {}  # the kept row counts stayed exact


@pytest.mark.parametrize(
    ("database_url", "reason"),
    [
        ("sqlite://:memory:", "each worker would have its own"),
        ("sqlite://wax.sqlite3?locking_mode=EXCLUSIVE", "only one process"),
    ],
)
def test_several_workers_on_a_sqlite_database_they_cannot_share_refuse_to_start_in_one_line(
    database_url: str, reason: str, tmp_path: Path
) -> None:
    finished = run_wax("serve", "--workers", "2", env={"DATABASE_URL": database_url}, cwd=tmp_path)

    assert finished.returncode == 2
    [line] = finished.stderr.splitlines()
    assert line.startswith("wax: DATABASE_URL cannot serve --workers 2: ")
    assert reason in line
    assert "--workers 1" in line
    assert finished.stdout == ""
