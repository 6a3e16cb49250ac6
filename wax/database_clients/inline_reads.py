"""SQLite reads run on the event loop itself, for the statements every request sends.

Tortoise reaches SQLite through aiosqlite's thread: each statement is a hop there and back,
about 50 µs of CPU against 1 µs for the same `SELECT 1` called inline (measured on this
project's machine), and a page request makes two. The raw baseline of `make bench` calls
sqlite3 inline; so does this, for the hot reads only (the token, the watermark, a page).

A second connection to the same file, in WAL mode: it reads what is committed, and never
waits: its busy timeout is 0, so when the read would have to wait (a BEGIN IMMEDIATE while
another connection, of this process or another, is writing) it gives up at once and the caller
takes the thread's path, which waits as long as the busy timeout allows. An in-memory
database lives on the one connection, so it has no inline reads.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from wax.database_clients.faults import raise_if_unavailable

# SQLITE_BUSY and SQLITE_LOCKED: the read would have to wait
WOULD_WAIT = {5, 6}


class InlineReader:
    def __init__(self, file_path: str) -> None:
        self.file_path = file_path
        self._connection: sqlite3.Connection | None = None
        self._trace: Callable[[str], object] | None = None

    @property
    def possible(self) -> bool:
        path = self.file_path
        return not (path == ":memory:" or path.startswith(":memory:") or "mode=memory" in path)

    def read(self, query: str, values: list[Any], *, immediate: bool = False) -> list[Any] | None:
        """The rows of `query`, or None when reading them now would mean waiting.

        `immediate`: read in a transaction begun IMMEDIATE, so only once no one is writing."""
        if not self.possible:
            return None
        try:
            connection = self._open()
            if immediate:
                connection.execute("BEGIN IMMEDIATE")
                try:
                    return connection.execute(query, values).fetchall()
                finally:
                    connection.execute("COMMIT")
            return connection.execute(query, values).fetchall()
        except sqlite3.Error as exc:
            if (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in WOULD_WAIT:
                return None
            self.close()  # opened anew on the next read, once the database is back
            raise_if_unavailable(exc)
            raise

    def trace(self, callback: Callable[[str], object] | None) -> None:
        """Have `callback` see every statement read here (tests and the bench count them)."""
        self._trace = callback
        if self._connection is not None:
            self._connection.set_trace_callback(callback)

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.close()

    def _open(self) -> sqlite3.Connection:
        if self._connection is None:
            # mode=rw: a file gone missing is an error, never a new empty database
            location = f"file:{quote(os.path.abspath(self.file_path))}?mode=rw"
            connection = sqlite3.connect(
                location, uri=True, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA busy_timeout = 0")
            connection.set_trace_callback(self._trace)
            self._connection = connection
        return self._connection
