"""Which driver errors mean the database is away, and the wrappers that translate them.

Only faults of the connection or the server count: a query wax got wrong stays a bug (500),
and a constraint violation stays an IntegrityError for the domain to handle.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from wax.errors import DatabaseUnavailable, WaxError

logger = logging.getLogger("wax.database")

# SQLite's primary result codes for a database that is busy, locked or out of reach
SQLITE_UNAVAILABLE = {
    5,  # SQLITE_BUSY: another connection holds the lock past the busy timeout
    6,  # SQLITE_LOCKED
    8,  # SQLITE_READONLY: the file or its folder can no longer be written
    10,  # SQLITE_IOERR
    13,  # SQLITE_FULL: the disk is full
    14,  # SQLITE_CANTOPEN
    15,  # SQLITE_PROTOCOL
}

POSTGRES_UNAVAILABLE: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,  # class 08, the connection is gone
    asyncpg.exceptions.OperatorInterventionError,  # class 57: shutdown, terminated, cancelled
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections, disk full
    asyncpg.exceptions.InternalClientError,  # the protocol broke off mid-operation
    OSError,  # refused, reset, unreachable, timed out
)


def is_unavailable(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in SQLITE_UNAVAILABLE
    if isinstance(error, asyncpg.InterfaceError):
        return "closed" in str(error) or "closing" in str(error)
    return isinstance(error, POSTGRES_UNAVAILABLE)


def unavailability(error: BaseException) -> BaseException | None:
    """The fault in `error`'s chain (Tortoise wraps drivers' errors), or None."""
    seen: set[int] = set()
    pending = [error]
    while pending:
        current = pending.pop()
        if id(current) in seen or isinstance(current, WaxError):
            continue
        seen.add(id(current))
        if is_unavailable(current):
            return current
        pending.extend(arg for arg in current.args if isinstance(arg, BaseException))
        if current.__cause__ is not None:
            pending.append(current.__cause__)
        elif current.__context__ is not None and not current.__suppress_context__:
            pending.append(current.__context__)
    return None


# off while a caller reports the fault itself (the start-up check, in its one line)
_log_faults: ContextVar[bool] = ContextVar("wax_log_database_faults", default=True)


@contextmanager
def faults_unlogged() -> Iterator[None]:
    token = _log_faults.set(False)
    try:
        yield
    finally:
        _log_faults.reset(token)


def raise_if_unavailable(error: BaseException) -> None:
    fault = unavailability(error)
    if fault is not None:
        if _log_faults.get():
            logger.warning("database unavailable: %s: %s", type(fault).__name__, fault)
        raise DatabaseUnavailable() from error


@contextmanager
def translated_faults() -> Iterator[None]:
    try:
        yield
    except Exception as error:
        raise_if_unavailable(error)
        raise


class TranslatesFaults:
    """Mixin for an async context manager (a connection, a transaction): a fault raised on
    entering, on leaving, or inside its block comes out as DatabaseUnavailable."""

    # try/except rather than translated_faults(): this runs for every statement
    async def __aenter__(self) -> Any:
        try:
            return await super().__aenter__()  # type: ignore[misc]
        except Exception as error:
            raise_if_unavailable(error)
            raise

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await super().__aexit__(exc_type, exc, tb)  # type: ignore[misc]
        except Exception as error:
            raise_if_unavailable(error)
            raise
        if isinstance(exc, Exception):
            raise_if_unavailable(exc)
