"""The safe watermark: a moment before which every change is committed and visible.

Rows are stamped by the database in the writing statement (see migration 0002), so a change
stamped t can still be in flight, uncommitted, after t. A client that stored a watermark past
t would then never see it. The watermark is therefore never later than the start of any
write still in flight:

- PostgreSQL stamps with now(), the transaction start. The watermark is the lesser of now()
  and the oldest xact_start among the other client backends of this database that are inside
  a transaction. Any transaction, not only those holding a transaction id: one that read
  first gets its id (and becomes visible as a writer) only at its first write, yet stamps
  with its start. A margin covers the instant between a backend taking its start time and
  publishing it in pg_stat_activity (a client's watermark takes it; a cursor walk's bound,
  which only keeps a walk from repeating rows, does not).
- SQLite has one writer at a time. Tortoise keeps one connection per process and holds its
  lock for a whole transaction, so while this process reads the clock no transaction of its
  own is open; BEGIN IMMEDIATE waits out writers in other processes too (for the busy
  timeout; past it the read fails with DatabaseUnavailable, never an unsafe watermark).
  The statement's 'now' is then safe: every write stamped before it has committed.

Compute the watermark BEFORE reading the data it describes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient

from wax.resolvers.dates import as_utc
from wax.resolvers.sql import connection, is_postgres

POSTGRES_PUBLICATION_MARGIN = timedelta(seconds=1)

POSTGRES_WATERMARK = """
SELECT LEAST(
    now(),
    (SELECT min(xact_start) FROM pg_stat_activity
      WHERE datname = current_database()
        AND pid <> pg_backend_pid()
        AND backend_type = 'client backend'
        AND xact_start IS NOT NULL)
) AS watermark
"""

# the same text as the stamping triggers write, so it compares with stored stamps
SQLITE_NOW = (
    "(CASE WHEN strftime('%f', 'now') LIKE '%.000'"
    " THEN strftime('%Y-%m-%d %H:%M:%S', 'now') || '+00:00'"
    " ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00' END)"
)


async def safe_watermark(*, margin: bool = True) -> datetime:
    """Every change stamped before the returned moment is committed (call outside transactions)."""
    client = connection()
    if is_postgres(client):
        _, rows = await client.execute_query(POSTGRES_WATERMARK)
        watermark = as_utc(rows[0]["watermark"])
        return watermark - POSTGRES_PUBLICATION_MARGIN if margin else watermark
    return await _sqlite_watermark(client)


async def _sqlite_watermark(client: BaseDBAsyncClient) -> datetime:
    async with client.acquire_connection() as raw:
        await raw.execute("BEGIN IMMEDIATE")
        try:
            rows = await raw.execute_fetchall(f"SELECT {SQLITE_NOW} AS now")
        finally:
            await raw.execute("COMMIT")
    return as_utc(datetime.fromisoformat(next(iter(rows))[0]))


async def database_now() -> datetime:
    """The database's clock (the transaction start on PostgreSQL)."""
    client = connection()
    query = "SELECT now() AS now" if is_postgres(client) else f"SELECT {SQLITE_NOW} AS now"
    _, rows = await client.execute_query(query)
    value = rows[0]["now"]
    return as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(value))
