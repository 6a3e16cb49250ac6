"""Start-up mistakes stop every `wax` command with one line on stderr naming the problem and
its fix, and a non-zero exit status, never a traceback."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise import Tortoise
from tortoise.migrations.api import migrate as apply_migrations

from tests import databases
from tests.cli.conftest import run_wax
from tests.cli.processes import free_port
from wax import database
from wax.models import migrations
from wax.settings import normalise_database_url

MIGRATIONS = sorted(
    name for _, name, is_package in pkgutil.iter_modules(migrations.__path__) if not is_package
)


def serve() -> tuple[str, ...]:
    return ("serve", "--port", str(free_port()))


# each path by which a command opens the database: serve (one worker, or several),
# the plain commands, prune's module and the Discogs sync's services
OPENING_COMMANDS = [
    pytest.param(serve, id="serve"),
    pytest.param(lambda: (*serve(), "--workers", "2"), id="serve-2-workers"),
    pytest.param(lambda: ("users", "create", "ann"), id="users-create"),
    pytest.param(lambda: ("tokens", "list", "ann"), id="tokens-list"),
    pytest.param(lambda: ("prune",), id="prune"),
    pytest.param(lambda: ("discogs", "sync"), id="discogs-sync"),
]
CONNECTING_COMMANDS = [*OPENING_COMMANDS, pytest.param(lambda: ("migrate",), id="migrate")]


def one_line_refusal(done: subprocess.CompletedProcess[str]) -> str:
    """The refusal's one line; fails unless wax stopped with exactly one line on stderr."""
    assert done.returncode != 0, done.stdout
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("wax: ")
    return done.stderr


async def migrate_all_but_the_last(url: str) -> None:
    target = f"models.{MIGRATIONS[-2]}"
    try:
        await apply_migrations(config=database.tortoise_config(url), target=target)
    finally:
        await Tortoise.close_connections()


@pytest.fixture(params=["missing", "refused"])
def unopenable_database(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """A database wax cannot open, and what the refusal must say. On PostgreSQL: a database the
    server lacks, or a role it refuses; on SQLite: a folder, or a file that is not a database."""
    if databases.using_postgres():
        assert databases.TEST_DATABASE_URL is not None
        server = urlsplit(normalise_database_url(databases.TEST_DATABASE_URL))
        name = f"wax_missing_{uuid.uuid4().hex[:12]}"
        if request.param == "missing":
            url = urlunsplit(server._replace(path=f"/{name}"))
            return url, f'the PostgreSQL database "{name}" does not exist'
        login = f"{name}:s3cret@{server.hostname}:{server.port or 5432}"
        url = urlunsplit(server._replace(netloc=login))
        return url, f'refused the login (role "{name}" does not exist)'
    if request.param == "missing":
        return f"sqlite://{tmp_path}", f"cannot open the SQLite database {tmp_path}"
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("not a database\n")
    return f"sqlite://{not_a_database}", "(file is not a database)"


@pytest.mark.parametrize("command", OPENING_COMMANDS)
def test_an_unmigrated_database_is_refused_saying_run_wax_migrate(
    empty_database_url: str, command: Callable[[], tuple[str, ...]]
) -> None:
    refused = run_wax(*command(), env={"DATABASE_URL": empty_database_url})

    line = one_line_refusal(refused)
    assert 'run "wax migrate"' in line
    assert "not migrated" in line


async def test_a_database_missing_a_migration_is_refused_naming_it(
    empty_database_url: str,
) -> None:
    await migrate_all_but_the_last(empty_database_url)

    for args in (serve(), ("users", "list")):
        line = one_line_refusal(run_wax(*args, env={"DATABASE_URL": empty_database_url}))
        assert f"1 migration pending ({MIGRATIONS[-1]})" in line
        assert 'run "wax migrate"' in line


@pytest.mark.parametrize("command", CONNECTING_COMMANDS)
def test_an_unreachable_postgresql_server_is_named_without_the_password(
    command: Callable[[], tuple[str, ...]],
) -> None:
    port = free_port()  # nothing listens there
    url = f"postgres://wax:s3cret@127.0.0.1:{port}/wax"

    line = one_line_refusal(run_wax(*command(), env={"DATABASE_URL": url}))

    assert f"cannot reach PostgreSQL on 127.0.0.1:{port} (connection refused)" in line
    assert "DATABASE_URL" in line
    assert "s3cret" not in line


@pytest.mark.parametrize("command", CONNECTING_COMMANDS)
def test_a_sqlite_file_in_a_missing_folder_is_refused_naming_the_folder(
    tmp_path: Path, command: Callable[[], tuple[str, ...]]
) -> None:
    folder = tmp_path / "no" / "such"
    url = f"sqlite://{folder / 'wax.sqlite3'}"

    line = one_line_refusal(run_wax(*command(), env={"DATABASE_URL": url}))

    assert f"the folder {folder} does not exist" in line
    assert "DATABASE_URL" in line
    assert not folder.exists()


@pytest.mark.parametrize("command", CONNECTING_COMMANDS)
def test_a_database_that_cannot_be_opened_is_named_with_the_fix(
    unopenable_database: tuple[str, str], command: Callable[[], tuple[str, ...]]
) -> None:
    url, reason = unopenable_database

    line = one_line_refusal(run_wax(*command(), env={"DATABASE_URL": url}))

    assert reason in line
    assert "fix" in line
    assert "DATABASE_URL" in line
    assert "s3cret" not in line


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (("--port", "99999"), "--port must be between 1 and 65535 (got 99999)"),
        (("--port", "0"), "--port must be between 1 and 65535 (got 0)"),
        (("--workers", "0"), "--workers must be at least 1 (got 0)"),
    ],
)
def test_serve_refuses_a_port_out_of_range_and_fewer_than_one_worker(
    database_url: str, options: tuple[str, ...], named: str
) -> None:
    refused = run_wax("serve", *options, env={"DATABASE_URL": database_url})

    assert one_line_refusal(refused) == f"wax: {named}\n"
    assert refused.returncode == 2


@pytest.mark.parametrize("command", [serve, lambda: ("users", "list")], ids=["serve", "users"])
def test_an_allowed_origin_that_is_not_an_origin_stops_start_up_naming_the_variable(
    database_url: str, command: Callable[[], tuple[str, ...]]
) -> None:
    env = {"DATABASE_URL": database_url, "WAX_ALLOWED_ORIGINS": "app.example.com"}

    line = one_line_refusal(run_wax(*command(), env=env))

    assert "WAX_ALLOWED_ORIGINS" in line
    assert "'app.example.com'" in line
    assert "scheme://host[:port]" in line


def test_migrate_names_each_migration_it_applies_then_none_pending(
    empty_database_url: str,
) -> None:
    env = {"DATABASE_URL": empty_database_url}

    first = run_wax("migrate", env=env)
    again = run_wax("migrate", env=env)

    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[:-1] == [f"Applied {name}." for name in MIGRATIONS]
    assert f"applied {len(MIGRATIONS)} migrations" in lines[-1]
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("No migrations were pending")
    assert run_wax("users", "list", env=env).returncode == 0


async def test_migrate_applies_only_the_pending_migration(empty_database_url: str) -> None:
    await migrate_all_but_the_last(empty_database_url)

    done = run_wax("migrate", env={"DATABASE_URL": empty_database_url})

    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:-1] == [f"Applied {MIGRATIONS[-1]}."]
    assert "applied 1 migration." in done.stdout


def test_wax_under_plain_uvicorn_logs_the_refusal_without_a_traceback(
    empty_database_url: str,
) -> None:
    """`wax serve` checks before starting uvicorn; this is wax under another launcher, or a
    worker started after the database changed."""
    app = ("uvicorn", "wax.app:app_from_environment", "--factory", "--port", str(free_port()))
    started = subprocess.run(
        [sys.executable, "-m", *app],
        env={**os.environ, "DATABASE_URL": empty_database_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert started.returncode != 0
    assert "Traceback" not in started.stderr
    refusals = [line for line in started.stderr.splitlines() if "wax: " in line]
    assert len(refusals) == 1, started.stderr
    assert refusals[0].endswith('is not migrated yet: run "wax migrate"')


def test_watching_the_library_without_a_music_folder_stops_start_up_naming_both(
    database_url: str,
) -> None:
    env = {"DATABASE_URL": database_url, "WAX_LIBRARY_WATCH": "true", "WAX_MUSIC_DIR": ""}

    line = one_line_refusal(run_wax(*serve(), env=env))

    assert "WAX_LIBRARY_WATCH" in line
    assert "WAX_MUSIC_DIR" in line
