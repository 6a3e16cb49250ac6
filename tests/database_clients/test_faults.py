"""Only a database that is away becomes DatabaseUnavailable: a wrong query stays a bug, and a
broken constraint stays the IntegrityError the domain turns into a Conflict."""

from __future__ import annotations

import sqlite3

import asyncpg
import pytest
from starlette.applications import Starlette
from tortoise.exceptions import IntegrityError, OperationalError

from wax.database_clients.faults import unavailability
from wax.errors import DatabaseUnavailable
from wax.models import User
from wax.resolvers.sql import connection


async def test_a_query_wax_got_wrong_is_not_taken_for_an_unavailable_database(
    app: Starlette,
) -> None:
    with pytest.raises(OperationalError) as raised:
        await connection().execute_query("SELECT * FROM no_such_table")
    assert not isinstance(raised.value, DatabaseUnavailable)


async def test_a_broken_constraint_stays_an_integrity_error(app: Starlette) -> None:
    await User.create(name="ann")
    with pytest.raises(IntegrityError):
        await User.create(name="ann")


def test_the_drivers_faults_are_found_inside_the_errors_tortoise_wraps_them_in() -> None:
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # type: ignore[attr-defined]
    assert unavailability(OperationalError(locked)) is locked
    terminated = asyncpg.exceptions.AdminShutdownError("terminating connection")
    assert unavailability(terminated) is terminated
    refused = ConnectionRefusedError(111, "Connect call failed")
    assert unavailability(refused) is refused
    syntax = sqlite3.OperationalError("near 'SELEC': syntax error")
    syntax.sqlite_errorcode = 1  # type: ignore[attr-defined]
    assert unavailability(OperationalError(syntax)) is None
    assert unavailability(asyncpg.exceptions.UndefinedTableError("no such table")) is None
