"""Opening, closing and migrating the database behind Tortoise."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.executor import MigrationExecutor

from wax import database_checks
from wax.database_clients.sqlite import WaxSqliteClient, why_not_several_processes
from wax.settings import DEFAULT_DATABASE_URL, SettingsError

MODEL_MODULES = ["wax.models"]
MIGRATIONS_MODULE = "wax.models.migrations"


# wax's own clients: drivers' faults become DatabaseUnavailable; SQLite serves several processes
ENGINES = {
    "tortoise.backends.sqlite": "wax.database_clients.sqlite",
    "tortoise.backends.asyncpg": "wax.database_clients.postgres",
}


def connection_config(database_url: str) -> dict[str, Any]:
    config = expand_db_url(database_url)
    config["engine"] = ENGINES.get(config["engine"], config["engine"])
    return config


def tortoise_config(database_url: str) -> dict[str, Any]:
    return {
        "connections": {"default": connection_config(database_url)},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": MIGRATIONS_MODULE,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


# for the `tortoise` developer CLI: tortoise -c wax.database.TORTOISE_ORM makemigrations
TORTOISE_ORM = tortoise_config(DEFAULT_DATABASE_URL)


def check_workers(database_url: str, workers: int) -> None:
    """SettingsError, in one line, when `workers` processes cannot share the database."""
    config = connection_config(database_url)
    if workers < 2 or config["engine"] != ENGINES["tortoise.backends.sqlite"]:
        return
    credentials = dict(config["credentials"])
    problem = why_not_several_processes(str(credentials.pop("file_path", "")), credentials)
    if problem:
        raise SettingsError(
            f"DATABASE_URL cannot serve --workers {workers}: {problem};"
            " use a plain SQLite file, PostgreSQL, or --workers 1"
        )


# for the `tortoise` developer CLI: tortoise -c wax.database.TORTOISE_ORM makemigrations
TORTOISE_ORM = tortoise_config(DEFAULT_DATABASE_URL)


@asynccontextmanager
async def open_database(database_url: str) -> AsyncIterator[None]:
    """Tortoise for the life of an app or a command; every task of the process sees it.

    Raises DatabaseNotReady, before anything else runs, if the database does not
    answer or lacks a migration.
    """
    config = tortoise_config(database_url)
    database_checks.check_sqlite_file(database_url)
    await Tortoise.init(config=config, _enable_global_fallback=True)
    try:
        connection = Tortoise.get_connection("default")
        await database_checks.check_answers(connection, database_url)
        await database_checks.check_migrated(connection, config["apps"], database_url)
        yield
    finally:
        await Tortoise.close_connections()


async def check_database(database_url: str) -> None:
    """Raise DatabaseNotReady unless the database answers and is fully migrated."""
    async with open_database(database_url):
        pass


async def migrate(
    database_url: str, *, on_applied: Callable[[str], object] | None = None
) -> list[str]:
    """Apply every migration not yet applied to the database; the names applied, in order."""
    config = tortoise_config(database_url)
    applied: list[str] = []

    def progress(event: str, app_label: str, name: str) -> None:
        if event == "apply_done":
            applied.append(name)
            if on_applied is not None:
                on_applied(name)

    database_checks.check_sqlite_file(database_url)
    await Tortoise.init(config=config, init_connections=False)
    try:
        connection = Tortoise.get_connection("default")
        await database_checks.check_answers(connection, database_url)
        await MigrationExecutor(connection, config["apps"]).migrate(progress=progress)
    finally:
        await Tortoise.close_connections()
    return applied


async def database_answers() -> bool:
    client = Tortoise.get_connection("default")
    try:
        # on SQLite, not behind the statements queued for the driver's thread
        if isinstance(client, WaxSqliteClient) and client.inline.read("SELECT 1", []):
            return True
        await client.execute_query("SELECT 1")
    except Exception:
        return False
    return True
