"""What `open_database` checks before wax uses a database, each failure one line with its fix.

The database must be reachable and carry every migration wax ships. The
messages name the database with its password redacted.
"""

from __future__ import annotations

import contextlib
import socket
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.migrations.executor import MigrationExecutor

from wax.database_clients.faults import faults_unlogged
from wax.errors import DatabaseNotReady
from wax.settings import redact

MIGRATE_HINT = 'run "wax migrate"'

E = TypeVar("E", bound=BaseException)

# PostgreSQL's SQLSTATE codes, which the driver's errors carry as `sqlstate`
INVALID_CATALOG_NAME = "3D000"
LOGIN_REFUSED = ("28000", "28P01")


def sqlite_path(database_url: str) -> str | None:
    """The file a sqlite:// URL names (None for PostgreSQL and in-memory databases)."""
    if not database_url.startswith("sqlite://"):
        return None
    path = database_url[len("sqlite://") :].split("?", 1)[0]
    return None if path in {"", ":memory:"} else path


def check_sqlite_file(database_url: str) -> None:
    """Open a SQLite file the plain way first: a missing folder, a folder or a file that is not
    a database fail here with their reason (aiosqlite's own failure leaves a thread behind that
    prints a traceback when the event loop has closed)."""
    path = sqlite_path(database_url)
    if path is None:
        return
    folder = Path(path).parent
    if not folder.is_dir():
        raise DatabaseNotReady(
            f"cannot open the SQLite database {path}: the folder {folder} does not exist"
            " (create it, or point DATABASE_URL elsewhere)"
        )
    try:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            connection.execute("PRAGMA schema_version")
    except sqlite3.Error as exc:
        raise DatabaseNotReady(cannot_open(exc, database_url)) from exc


async def check_answers(connection: BaseDBAsyncClient, database_url: str) -> None:
    try:
        with faults_unlogged():
            await connection.execute_query("SELECT 1")
    except Exception as exc:
        raise DatabaseNotReady(cannot_open(exc, database_url)) from exc


async def check_migrated(
    connection: BaseDBAsyncClient, apps_config: dict[str, dict[str, Any]], database_url: str
) -> None:
    executor = MigrationExecutor(connection, apps_config)
    steps = await executor.plan()
    pending = [step.migration.name for step in steps if not step.backward]
    if not pending:
        return
    where = f"the database {redact(database_url)}"
    if len(pending) == len(executor.loader.disk_migrations):
        raise DatabaseNotReady(f"{where} is not migrated yet: {MIGRATE_HINT}")
    count = f"{len(pending)} migration{'s' if len(pending) > 1 else ''}"
    raise DatabaseNotReady(f"{where} has {count} pending ({', '.join(pending)}): {MIGRATE_HINT}")


def cannot_open(exc: BaseException, database_url: str) -> str:
    """Why the database did not answer, and what to change."""
    url = redact(database_url)
    path = sqlite_path(database_url)
    if path is not None:
        reason = _one_line(_root(exc, sqlite3.Error) or exc)
        return f"cannot open the SQLite database {path} ({reason}): fix DATABASE_URL ({url})"
    parts = urlsplit(database_url)
    server = f"{parts.hostname or 'localhost'}:{parts.port or 5432}"
    name = parts.path.strip("/")
    if _with_sqlstate(exc, INVALID_CATALOG_NAME):
        return (
            f'the PostgreSQL database "{name}" does not exist on {server}:'
            f" create it (createdb {name}), or fix DATABASE_URL ({url})"
        )
    refused_login = _with_sqlstate(exc, *LOGIN_REFUSED)
    if refused_login is not None:
        return (
            f"PostgreSQL on {server} refused the login ({_one_line(refused_login)}):"
            f" fix the user or password in DATABASE_URL ({url})"
        )
    if _root(exc, socket.gaierror):
        return f"cannot find the PostgreSQL host {parts.hostname}: fix DATABASE_URL ({url})"
    unreachable = _root(exc, OSError)
    if unreachable is not None:
        return (
            f"cannot reach PostgreSQL on {server} ({_network_reason(unreachable)}):"
            f" start it, or fix DATABASE_URL ({url})"
        )
    return f"cannot open the database ({_one_line(exc)}): check DATABASE_URL ({url})"


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, what it wraps (Tortoise passes the driver's error as its argument), and
    what caused it."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        pending.extend(cause for cause in (current.__cause__, current.__context__) if cause)


def _root(exc: BaseException, kind: type[E]) -> E | None:
    return next((cause for cause in _causes(exc) if isinstance(cause, kind)), None)


def _with_sqlstate(exc: BaseException, *codes: str) -> BaseException | None:
    return next(
        (cause for cause in _causes(exc) if getattr(cause, "sqlstate", None) in codes), None
    )


def _network_reason(exc: OSError) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "timed out"
    return exc.strerror or _one_line(exc)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text or type(exc).__name__
