"""Isolated, migrated databases for tests: a SQLite file each, or a truncated PostgreSQL one."""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from wax import database
from wax.settings import normalise_database_url

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None


def using_postgres() -> bool:
    return TEST_DATABASE_URL is not None


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def create_postgres_database(*, migrated: bool = True) -> str:
    """A fresh database beside the one TEST_DATABASE_URL names, migrated unless asked not."""
    assert TEST_DATABASE_URL is not None
    base = normalise_database_url(TEST_DATABASE_URL)
    name = f"wax_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(base)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    url = with_database(base, name)
    if migrated:
        await database.migrate(url)
    return url


async def drop_postgres_database(url: str) -> None:
    assert TEST_DATABASE_URL is not None
    name = urlsplit(url).path.strip("/")
    admin = await asyncpg.connect(normalise_database_url(TEST_DATABASE_URL))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def truncate_postgres(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename <> 'tortoise_migrations'"
        )
        names = ", ".join(f'"{row["tablename"]}"' for row in tables)
        await connection.execute(f"TRUNCATE TABLE {names} RESTART IDENTITY CASCADE")
    finally:
        await connection.close()


async def create_sqlite_template(directory: Path) -> Path:
    path = directory / "template.sqlite3"
    await database.migrate(f"sqlite://{path}")
    return path


def copy_sqlite(template: Path, directory: Path) -> str:
    path = directory / "wax.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite://{path}"
