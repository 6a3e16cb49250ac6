"""The database writes a stamp exactly as Python's isoformat() does, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from wax.resolvers.library.json_pages import (
    POSTGRES_STAMP,
    POSTGRES_STAMP_SECONDS,
    SQLITE_STAMP,
    SQLITE_STAMP_SECONDS,
)
from wax.resolvers.sql import Statement, connection, is_postgres, read_rows
from wax.rest_compat.serialize import timestamp

MOMENTS = [
    datetime(2024, 1, 15, 10, 0, 0, tzinfo=UTC),
    datetime(2024, 1, 15, 10, 0, 0, 1, tzinfo=UTC),
    datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC),
    datetime(1999, 2, 28, 0, 0, 5, 120000, tzinfo=UTC),
]


@pytest.mark.parametrize("moment", MOMENTS, ids=lambda m: m.isoformat())
async def test_a_stamp_reads_as_python_writes_it(app: object, moment: datetime) -> None:
    client = connection()
    postgres = is_postgres(client)
    statement = Statement(postgres)
    if postgres:
        given = f"{statement.param(moment)}::timestamptz"
        full, seconds = POSTGRES_STAMP.format("v"), POSTGRES_STAMP_SECONDS.format("v")
    else:  # the text the stamping triggers store
        given = statement.param(moment.isoformat(sep=" "))
        full, seconds = SQLITE_STAMP.format("v"), SQLITE_STAMP_SECONDS.format("v")
    query = f"SELECT {full}, {seconds} FROM (SELECT {given} AS v) given"
    rows = await read_rows(client, query, statement.values)
    assert tuple(rows[0]) == (moment.isoformat(), timestamp(moment))
