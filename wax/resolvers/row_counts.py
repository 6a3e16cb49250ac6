"""How many rows a listing has, as a scalar subquery to put inside the listing's own statement.

Stub: a COUNT(*) over the table (issue 13 replaces it with counts kept by triggers).
"""

from __future__ import annotations

from datetime import datetime

from wax.resolvers.dates import as_utc
from wax.resolvers.sql import Statement, connection, is_postgres


def count_sql(statement: Statement, table: str, updated_since: datetime | None) -> str:
    """A scalar subquery: the rows of `table` stamped at or after `updated_since` (all: None)."""
    where = ""
    if updated_since is not None:
        where = f' WHERE "updated_at" >= {statement.param(as_utc(updated_since))}'
    return f'(SELECT COUNT(*) FROM "{table}"{where})'


async def count_rows(table: str, updated_since: datetime | None = None) -> int:
    client = connection()
    statement = Statement(is_postgres(client))
    query = f"SELECT {count_sql(statement, table, updated_since)}"
    _, rows = await client.execute_query(query, statement.values)
    return int(rows[0][0])
