"""Bench databases: a SQLite file or a dedicated PostgreSQL database, migrated, seeded, dropped."""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg  # type: ignore[import-untyped]
import orjson

from bench import seed
from bench.config import POSTGRES_ADMIN_URL, LibrarySize

BENCH_USER = "bench"


@dataclass
class BenchDatabase:
    engine: str
    label: str
    url: str
    token: str
    user_id: str
    anchor: datetime
    size: LibrarySize
    seconds_to_seed: float

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def sqlite_path(self) -> str:
        return self.url[len("sqlite://") :]


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - STARTED:5.1f}s] {message}", file=sys.stderr, flush=True)


async def postgres_reachable() -> bool:
    try:
        connection = await asyncpg.connect(POSTGRES_ADMIN_URL, timeout=3)
    except (OSError, asyncpg.PostgresError, TimeoutError):
        return False
    await connection.close()
    return True


async def ensure_postgres() -> bool:
    """PostgreSQL at 127.0.0.1:5432, started like .ci/run does when it is installed but down."""
    if await postgres_reachable():
        return True
    if await asyncio.to_thread(_start_postgres_cluster):
        for _ in range(20):
            if await postgres_reachable():
                return True
            await asyncio.sleep(0.5)
    return False


def _start_postgres_cluster() -> bool:
    clusters = Path("/etc/postgresql")
    if not clusters.is_dir() or not shutil.which("pg_ctlcluster"):
        return False
    version = sorted(os.listdir(clusters))[0]
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
        check=False,
        capture_output=True,
    )
    return True


def _remove_sqlite_files(path: Path) -> None:
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


def _with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


async def _admin_execute(sql: str) -> None:
    connection = await asyncpg.connect(POSTGRES_ADMIN_URL)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def create_empty(engine: str, label: str, workdir: Path) -> str:
    """An empty database (not yet migrated); its Tortoise URL."""
    if engine == "sqlite":
        path = workdir / f"{label}.sqlite3"
        _remove_sqlite_files(path)
        return f"sqlite://{path}"
    name = f"wax_bench_{label}_{os.getpid()}"
    await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await _admin_execute(f'CREATE DATABASE "{name}"')
    return _with_database(POSTGRES_ADMIN_URL, name)


async def prepare(url: str) -> tuple[str, str]:
    """Migrate with wax.database.migrate and create the bench admin: (user id, token)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.prepare",
        url,
        BENCH_USER,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"preparing {url} failed: {err.decode()[-2000:]}")
    answer = orjson.loads(out.splitlines()[-1])
    return str(answer["user_id"]), str(answer["token"])


async def create_seeded(engine: str, label: str, size: LibrarySize, workdir: Path) -> BenchDatabase:
    started = time.perf_counter()
    url = await create_empty(engine, label, workdir)
    user_id, token = await prepare(url)
    anchor = seed.anchor_now()
    await load(url, seed.Generator(size, anchor, user_id).tables())
    seconds = time.perf_counter() - started
    log(f"{engine} {label}: {size.songs:,} songs, {size.tombstones:,} tombstones, {seconds:.1f} s")
    return BenchDatabase(engine, label, url, token, user_id, anchor, size, seconds)


async def load(url: str, tables: seed.Tables) -> None:
    if url.startswith("sqlite://"):
        await asyncio.to_thread(seed.load_sqlite, url[len("sqlite://") :], tables)
    else:
        await seed.load_postgres(url, tables)


async def drop(url: str) -> None:
    if url.startswith("sqlite://"):
        _remove_sqlite_files(Path(url[len("sqlite://") :]))
        return
    name = urlsplit(url).path.strip("/")
    await _admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def fetch_value(url: str, sql: str) -> object:
    """One value by the driver directly (the bench's own look at the data)."""
    if url.startswith("sqlite://"):
        return await asyncio.to_thread(_sqlite_value, url[len("sqlite://") :], sql)
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval(sql)
    finally:
        await connection.close()


def _sqlite_value(path: str, sql: str) -> object:
    connection = sqlite3.connect(path)
    try:
        row = connection.execute(sql).fetchone()
        return None if row is None else row[0]
    finally:
        connection.close()
