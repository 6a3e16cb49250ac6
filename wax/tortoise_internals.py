"""Every Tortoise ORM internal wax relies on, read here and nowhere else.

Each was checked against the version in CHECKED_AGAINST (pinned in pyproject.toml);
tests/test_internals.py fails when the installed version differs. Before moving the pin, check
each item below against the new version, then update CHECKED_AGAINST.

Tortoise ORM 1.1.9:
- `Model._meta.fields_map`: a model's fields by name (`model_field`), each converting a raw
  column value with `to_python_value`.
- `Model._init_from_db(**columns)`: a model instance from a fetched row, as Tortoise makes one
  (`model_from_row`).
- `BaseDBAsyncClient._in_transaction()`: where a client makes a transaction's context;
  TransactionHook has a subclass make it in `transaction_context()` instead.
- A client's `_lock` (SQLite: the one connection's; asyncpg: a transaction's connection's),
  AsyncpgDBClient's `_pool_init_lock`, SqliteTransactionContext's `_trxlock` (the process's
  one-transaction-at-a-time lock), a transaction wrapper's `_connection` (the driver's
  connection) and asyncpg's TransactionWrapper `_parent._pool`.
- aiosqlite 0.22's `Connection._execute` and `Connection._conn` (`in_driver_thread`).
- The `__aenter__` of TransactionContextPooled and of SqliteTransactionContext, which
  wax.database_clients repeats with the release of what a failed BEGIN took.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from tortoise.backends.base.client import TransactionContext
from tortoise.fields import Field
from tortoise.models import Model

CHECKED_AGAINST = {"tortoise-orm": "1.1.9"}

M = TypeVar("M", bound=Model)
T = TypeVar("T")


def model_field(model: type[Model], name: str) -> Field[Any]:
    return model._meta.fields_map[name]


def model_from_row(model: type[M], **columns: Any) -> M:
    """The instance Tortoise would make of a fetched row holding `columns`."""
    return model._init_from_db(**columns)


class TransactionHook:
    """Mixin for a Tortoise client: its transactions' context comes from
    `transaction_context()`."""

    def transaction_context(self) -> TransactionContext:
        raise NotImplementedError

    def _in_transaction(self) -> TransactionContext:
        return self.transaction_context()


def client_lock(client: Any) -> asyncio.Lock:
    lock: asyncio.Lock = client._lock
    return lock


def pool_init_lock(client: Any) -> asyncio.Lock:
    lock: asyncio.Lock = client._pool_init_lock
    return lock


def transaction_lock(context: Any) -> asyncio.Lock:
    lock: asyncio.Lock = context._trxlock
    return lock


def driver_connection(client: Any) -> Any:
    return client._connection


def set_driver_connection(client: Any, connection: Any) -> None:
    client._connection = connection


def parent_pool(transaction: Any) -> Any:
    """The asyncpg pool of the client a transaction wrapper was made from."""
    return transaction._parent._pool


def in_driver_thread(connection: Any, work: Callable[[sqlite3.Connection], T]) -> Awaitable[T]:
    """Run `work` with aiosqlite's sqlite3 connection on its thread: several statements, one hop.

    (aiosqlite 0.22: `Connection._execute(fn, *args)` and `Connection._conn`.)"""
    result: Awaitable[T] = connection._execute(work, connection._conn)
    return result
