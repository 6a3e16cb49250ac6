"""How many rows a listing has, as a scalar subquery to put inside the listing's own statement.

A whole table's count (or a user's playlists') is the sum of the few rows triggers keep in
`row_counts` (migration 0004): an index read of about 0.2 ms, where a COUNT(*) of 100,000
songs took 13 to 17 ms (PostgreSQL, through asyncpg; the numbers are in the migration).
A count of the rows changed since a moment is a COUNT(*) over the updated_at index's range.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from tortoise.transactions import in_transaction

from wax.resolvers.dates import as_utc
from wax.resolvers.sql import Statement, connection, is_postgres

SHARED = ("songs", "albums", "artists", "records")
# counted per owner: the table and its owner column
OWNED = {"playlists": "user_id"}
KEPT = frozenset((*SHARED, *OWNED))


def _owner_value(statement: Statement, owner: uuid.UUID | str) -> str:
    # PostgreSQL's owner is a uuid, SQLite's the text Tortoise writes
    return statement.param(uuid.UUID(str(owner)) if statement.postgres else str(owner))


def _kept(table: str, whose: str) -> str:
    return (
        '(SELECT CAST(COALESCE(SUM("n"), 0) AS BIGINT) FROM "row_counts"'
        f" WHERE \"name\" = '{table}' AND {whose})"
    )


def kept_count_sql(table: str) -> str:
    """A scalar subquery without parameters (so it fits anywhere, raw): the kept count of the
    whole of `table`, a table in KEPT (an owned table: every owner's rows)."""
    if table not in KEPT:
        raise ValueError(f"no count is kept of {table}")
    return _kept(table, '"owner" IS NULL' if table in SHARED else "TRUE")


def count_sql(
    statement: Statement,
    table: str,
    updated_since: datetime | None,
    *,
    owner: uuid.UUID | str | None = None,
) -> str:
    """A scalar subquery: the rows of `table` stamped at or after `updated_since` (all: None),
    only `owner`'s when given (a table in OWNED; without one, every owner's)."""
    if owner is not None and table not in OWNED:
        raise ValueError(f"{table} rows have no owner")
    if updated_since is None and table in KEPT:
        if owner is None:
            return kept_count_sql(table)
        return _kept(table, f'"owner" = {_owner_value(statement, owner)}')
    conditions = []
    if updated_since is not None:
        conditions.append(f'"updated_at" >= {statement.param(as_utc(updated_since))}')
    if owner is not None:
        conditions.append(f'"{OWNED[table]}" = {_owner_value(statement, owner)}')
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f'(SELECT COUNT(*) FROM "{table}"{where})'


async def count_rows(
    table: str,
    updated_since: datetime | None = None,
    *,
    owner: uuid.UUID | str | None = None,
) -> int:
    client = connection()
    statement = Statement(is_postgres(client))
    query = f"SELECT {count_sql(statement, table, updated_since, owner=owner)}"
    _, rows = await client.execute_query(query, statement.values)
    return int(rows[0][0])


def recount_sql(postgres: bool) -> list[str]:
    """Statements that count every kept table afresh, for after a load with triggers off."""
    if postgres:
        return ["SELECT wax_recount_rows()"]
    return [
        "DELETE FROM row_counts",
        *(
            f"INSERT INTO row_counts (name, owner, n) SELECT '{table}', NULL, count(*) FROM {table}"
            for table in SHARED
        ),
        *(
            f"INSERT INTO row_counts (name, owner, n) SELECT '{table}', {column}, count(*)"
            f" FROM {table} GROUP BY {column}"
            for table, column in OWNED.items()
        ),
    ]


async def recount() -> None:
    """Count every kept table afresh, in one transaction."""
    async with in_transaction() as client:
        for statement in recount_sql(is_postgres(client)):
            await client.execute_script(statement)
