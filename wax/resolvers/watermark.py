"""The safe watermark: a moment before which every change is committed and visible.

Rows are stamped by the database in the writing statement (migrations 0002, 0003), so a
change stamped t can still be in flight, uncommitted, after t. A client that stored a
watermark past t would then never see it. The watermark is therefore never later than any
stamp of a write still in flight, and with none in flight it is the database clock:

- PostgreSQL (0003): a transaction's first stamp takes a shared advisory lock keyed by the
  current second, and every stamp is clock_timestamp() taken once that lock is held. The
  reader takes R = clock_timestamp(), then, in the same statement but only once R is read
  (a subquery correlated with it), the oldest key among the other sessions' granted shared
  locks of that class in pg_locks: watermark = min(R, that).
  A write stamped before R took its lock before R, so at the later look at pg_locks it
  either still holds it (the watermark is then no later than its key, so than its stamps)
  or has ended, and a lock is released only once its commit is visible to every later
  snapshot. A writer not yet holding its lock at that look stamps after R. No margin: the
  order of the two reads closes the race. pg_locks shows every role's locks (and
  prepared transactions') to every role, unlike pg_stat_activity.
- SQLite has one writer at a time. Tortoise keeps one connection per process and holds its
  lock for a whole transaction, so while this process reads the clock no transaction of its
  own is open; BEGIN IMMEDIATE waits out writers in other processes too (for the busy
  timeout; past it the read fails with DatabaseUnavailable, never an unsafe watermark).
  The statement's 'now' is then safe: every write stamped before it has committed.

Both assume the database server's wall clock does not step backwards.
Compute the watermark BEFORE reading the data it describes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from tortoise.backends.base.client import BaseDBAsyncClient

from wax.resolvers.dates import as_utc
from wax.resolvers.sql import connection, immediate_read, is_postgres

# the lock migration 0003 makes every writing transaction hold: (class, seconds since epoch)
WRITE_LOCK_CLASS = 0x77617800
WRITE_LOCK_EPOCH = "2020-01-01 00:00:00+00"

POSTGRES_OLDEST_OPEN_WRITE = f"""
SELECT min(timestamptz '{WRITE_LOCK_EPOCH}' + objid::bigint * interval '1 second') AS oldest
  FROM pg_locks
 WHERE locktype = 'advisory' AND classid = {WRITE_LOCK_CLASS} AND objsubid = 2
   AND mode = 'ShareLock' AND granted
   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
   AND pid IS DISTINCT FROM pg_backend_pid()
"""

# one round trip, the two reads still in order: the subquery names the clock's row, so it
# runs (and reads pg_locks) only once that row exists; OFFSET 0 keeps the row a row
POSTGRES_WATERMARK = f"""
SELECT clock.now,
       ({POSTGRES_OLDEST_OPEN_WRITE.strip()} AND clock.now IS NOT NULL) AS oldest
  FROM (SELECT clock_timestamp() AS now OFFSET 0) AS clock
"""

# the same text as the stamping triggers write, so it compares with stored stamps
SQLITE_NOW = (
    "(CASE WHEN strftime('%f', 'now') LIKE '%.000'"
    " THEN strftime('%Y-%m-%d %H:%M:%S', 'now') || '+00:00'"
    " ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00' END)"
)


# a watermark read before anything else of the request (with its token), so still safe for it
_request_watermark: ContextVar[datetime | None] = ContextVar("request_watermark", default=None)


@contextmanager
def watermark_read_first(watermark: datetime | None) -> Iterator[None]:
    """Within the block, safe_watermark() answers `watermark`, read before any of its reads.

    An earlier watermark stays safe, only more cautious: keep the block as short as one
    request, or a walk's bound would stop advancing."""
    token = _request_watermark.set(watermark)
    try:
        yield
    finally:
        _request_watermark.reset(token)


async def safe_watermark() -> datetime:
    """Every change stamped before the returned moment is committed (call outside transactions)."""
    read_first = _request_watermark.get()
    if read_first is not None:
        return read_first
    client = connection()
    if is_postgres(client):
        return await _postgres_watermark(client)
    return await _sqlite_watermark(client)


def postgres_watermark(now: datetime, oldest: datetime | None) -> datetime:
    """The watermark from the two columns of POSTGRES_WATERMARK."""
    return as_utc(now) if oldest is None else min(as_utc(now), as_utc(oldest))


def sqlite_watermark(now: str) -> datetime:
    """The watermark from SQLITE_NOW, read in a transaction begun IMMEDIATE."""
    return as_utc(datetime.fromisoformat(now))


async def _postgres_watermark(client: BaseDBAsyncClient) -> datetime:
    _, rows = await client.execute_query(POSTGRES_WATERMARK)
    return postgres_watermark(rows[0]["now"], rows[0]["oldest"])


async def _sqlite_watermark(client: BaseDBAsyncClient) -> datetime:
    rows = await immediate_read(client, f"SELECT {SQLITE_NOW} AS now", [])
    return sqlite_watermark(rows[0][0])


async def database_now() -> datetime:
    """The database's clock (the transaction start on PostgreSQL)."""
    client = connection()
    query = "SELECT now() AS now" if is_postgres(client) else f"SELECT {SQLITE_NOW} AS now"
    _, rows = await client.execute_query(query)
    value = rows[0]["now"]
    return as_utc(value if isinstance(value, datetime) else datetime.fromisoformat(value))
