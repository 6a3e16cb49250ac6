"""One run of a job per database, whichever process runs it.

Two Discogs syncs at once would add the same release to the collection twice, two scans
would race over the same files; so `wax serve --workers N` and a command beside a server
must share a lock the operating system or database frees when its holder dies, even by
SIGKILL: a PostgreSQL advisory lock held on a session, or an flock on a file beside the
SQLite database. Each job has its own lock (its own advisory key, its own file).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any, Protocol

import asyncpg  # type: ignore[import-untyped]
from tortoise import Tortoise

from wax.database_clients.faults import translated_faults


class JobLock(Protocol):
    async def try_acquire(self) -> bool: ...

    async def release(self) -> None: ...

    async def still_held(self) -> bool:
        """Whether a lock this object took is still held (a lock kept for long checks it)."""
        ...


class ProcessLock:
    """For an in-memory database: no other process can see it anyway."""

    def __init__(self) -> None:
        self._held = False

    async def try_acquire(self) -> bool:
        if self._held:
            return False
        self._held = True
        return True

    async def release(self) -> None:
        self._held = False

    async def still_held(self) -> bool:
        return self._held


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    async def try_acquire(self) -> bool:
        if self._fd is not None:
            return False
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    async def still_held(self) -> bool:
        return self._fd is not None  # an flock lasts as long as its file is open


# a bigint key shows in pg_locks split in two: classid its high half, objid its low one
HOLDS_ADVISORY_LOCK = """
SELECT EXISTS (
    SELECT 1 FROM pg_locks
    WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1
      AND ((classid::bigint << 32) | objid::bigint) = $1
)"""


class AdvisoryLock:
    """A session-level PostgreSQL advisory lock, on a pooled connection kept while held."""

    def __init__(self, key: int, connection_name: str = "default") -> None:
        self.key = key  # any constant 64-bit number, one per job
        self.connection_name = connection_name
        self._held: AbstractAsyncContextManager[Any] | None = None
        self._connection: Any = None

    async def try_acquire(self) -> bool:
        if self._held is not None:
            return False
        wrapper = Tortoise.get_connection(self.connection_name).acquire_connection()
        connection = await wrapper.__aenter__()
        try:
            with translated_faults():  # the connection is used outside the wrapper's block
                locked = await connection.fetchval("SELECT pg_try_advisory_lock($1)", self.key)
        except BaseException:
            await wrapper.__aexit__(None, None, None)
            raise
        if not locked:
            await wrapper.__aexit__(None, None, None)
            return False
        self._held = wrapper
        self._connection = connection
        return True

    async def still_held(self) -> bool:
        """False too when the connection holding it has gone (a server restart, a kill)."""
        if self._held is None:
            return False
        try:
            held = await self._connection.fetchval(HOLDS_ADVISORY_LOCK, self.key)
        except Exception:
            return False
        return bool(held)

    async def release(self) -> None:
        wrapper, self._held = self._held, None
        if wrapper is None:
            return
        try:
            await self._connection.execute("SELECT pg_advisory_unlock($1)", self.key)
        except BaseException as exc:
            # the pool does not reset connections (wax.database_clients.postgres): one that
            # may still hold the lock must not go back to it
            self._connection.terminate()
            if not isinstance(exc, Exception):
                raise
        finally:
            # the pool has taken back a connection it saw die already
            with contextlib.suppress(asyncpg.InterfaceError):
                await wrapper.__aexit__(None, None, None)


def job_lock_for(database_url: str, *, advisory_key: int, file_suffix: str) -> JobLock:
    """The job's lock on this database: advisory on PostgreSQL, `<db><file_suffix>` on SQLite."""
    if database_url.startswith("postgres"):
        return AdvisoryLock(advisory_key)
    location = database_url.partition("://")[2].partition("?")[0]
    if not location or location == ":memory:":
        return ProcessLock()
    return FileLock(Path(f"{location}{file_suffix}"))
