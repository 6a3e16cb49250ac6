"""asyncpg with the faults translated, and no pooled connection lost to a BEGIN that failed.

asyncpg's pool replaces a connection the server closed (a restart, pg_terminate_backend) the
next time it is acquired, so wax recovers by itself once the database answers again.

A released connection is not reset: asyncpg's default reset sends `pg_advisory_unlock_all();
CLOSE ALL; UNLISTEN *; RESET ALL` on every release, a round trip per statement that wax's
sessions never need. wax leaves no session state on a pooled connection: its settings are
transaction-local, it opens no cursors, it listens on connections of its own, and the one
session-level advisory lock (the Discogs sync's) is unlocked before its connection goes back,
or the connection is closed. asyncpg still rolls back a transaction left open.
"""

from __future__ import annotations

from typing import Any

import asyncpg  # type: ignore[import-untyped]
from tortoise.backends.asyncpg.client import AsyncpgDBClient, TransactionWrapper
from tortoise.backends.base.client import (
    ConnectionWrapper,
    PoolConnectionWrapper,
    TransactionContext,
    TransactionContextPooled,
)
from tortoise.connection import get_connections

from wax.database_clients.faults import TranslatesFaults
from wax.tortoise_internals import (
    TransactionHook,
    client_lock,
    driver_connection,
    parent_pool,
    pool_init_lock,
    set_driver_connection,
)

# seconds to wait for a new connection: an unreachable host answers 503 soon, not after 60 s
CONNECT_TIMEOUT_SECONDS = 5.0


class PooledConnection(TranslatesFaults, PoolConnectionWrapper[Any]):
    pass


class Connection(TranslatesFaults, ConnectionWrapper[Any]):
    pass


class WaxAsyncpgClient(TransactionHook, AsyncpgDBClient):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**{"timeout": CONNECT_TIMEOUT_SECONDS, **kwargs})

    async def create_pool(self, **kwargs: Any) -> Any:
        return await asyncpg.create_pool(None, reset=_keep_session, **kwargs)

    def acquire_connection(self) -> ConnectionWrapper[Any] | PoolConnectionWrapper[Any]:
        return PooledConnection(self, pool_init_lock(self))

    def transaction_context(self) -> TransactionContext:
        return Transaction(Transactional(self), pool_init_lock(self))


async def _keep_session(connection: Any) -> None:
    """The pool's reset, after asyncpg's own rollback of an open transaction: nothing more."""


class Transactional(TransactionWrapper):
    def acquire_connection(self) -> ConnectionWrapper[Any]:
        return Connection(client_lock(self), self)


class ReleasingTransactionContext(TransactionContextPooled):
    async def __aenter__(self) -> Any:
        # Tortoise's would keep the pooled connection for good when BEGIN fails
        await self.ensure_connection()
        pool = parent_pool(self.client)
        set_driver_connection(self.client, await pool.acquire())
        try:
            await self.client.begin()
        except BaseException:
            await pool.release(driver_connection(self.client))
            raise
        self.token = get_connections().set(self.connection_name, self.client)
        return self.client


class Transaction(TranslatesFaults, ReleasingTransactionContext):
    pass


client_class = WaxAsyncpgClient
