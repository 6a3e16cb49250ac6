"""SQLite for several processes on one file (`wax serve --workers N`).

- WAL (Tortoise's default): readers do not wait for the writer, nor the writer for them.
- A busy timeout: a statement waits for another process's write to finish, not fail at once.
- Every transaction begins IMMEDIATE, taking the write lock first. A deferred one that read
  before it wrote would have to upgrade its read to a write while another process wrote, and
  SQLite answers that with SQLITE_BUSY at once, past any busy timeout.

Tortoise keeps one connection per process and one transaction on it at a time, so a
process waits for its own transactions in asyncio and for the others' in SQLite.
The URL's query parameters are pragmas: `sqlite://wax.sqlite3?busy_timeout=10000`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from tortoise.backends.base.client import ConnectionWrapper, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
)
from tortoise.connection import get_connections
from tortoise.exceptions import TransactionManagementError

from wax.database_clients.faults import TranslatesFaults, translated_faults
from wax.database_clients.inline_reads import InlineReader
from wax.tortoise_internals import (
    TransactionHook,
    client_lock,
    driver_connection,
    transaction_lock,
)

BUSY_TIMEOUT_MS = 5000


class Connection(TranslatesFaults, ConnectionWrapper[Any]):
    pass


class WaxSqliteClient(TransactionHook, SqliteClient):
    def __init__(self, file_path: str, **kwargs: Any) -> None:
        # first, so the pragmas after it (journal_mode) wait for locks too
        kwargs = {"busy_timeout": BUSY_TIMEOUT_MS, **kwargs}
        super().__init__(file_path, **kwargs)
        self.inline = InlineReader(file_path)

    async def close(self) -> None:
        self.inline.close()
        await super().close()

    async def create_connection(self, with_db: bool) -> None:
        try:
            with translated_faults():
                await super().create_connection(with_db)
        except BaseException:
            await self.close()  # a half-set-up connection must not be used; the next try opens anew
            raise

    def acquire_connection(self) -> ConnectionWrapper[Any]:
        return Connection(client_lock(self), self)

    def transaction_context(self) -> TransactionContext:
        return Transaction(ImmediateTransaction(self), client_lock(self))


class ImmediateTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await driver_connection(self).commit()
            await driver_connection(self).execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise TransactionManagementError(exc) from exc

    def acquire_connection(self) -> ConnectionWrapper[Any]:
        return Connection(client_lock(self), self)


class ReleasingTransactionContext(SqliteTransactionContext):
    async def __aenter__(self) -> Any:
        # Tortoise's would keep the process's lock for good when BEGIN fails (a busy timeout)
        lock = transaction_lock(self)
        await lock.acquire()
        try:
            await self.ensure_connection()
            await self.connection.begin()
        except BaseException:
            lock.release()
            raise
        self.token = get_connections().set(self.connection_name, self.connection)
        return self.connection


class Transaction(TranslatesFaults, ReleasingTransactionContext):
    pass


client_class = WaxSqliteClient


def why_not_several_processes(file_path: str, pragmas: dict[str, Any]) -> str | None:
    """What keeps processes from sharing this database, or None when they can."""
    if file_path == ":memory:" or "mode=memory" in file_path or file_path.startswith(":memory:"):
        return "an in-memory SQLite database lives in one process; each worker would have its own"
    if str(pragmas.get("locking_mode", "")).lower() == "exclusive":
        return "locking_mode=EXCLUSIVE lets only one process open the SQLite file"
    return None
