"""Opening, closing and migrating the database behind Tortoise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.migrations.api import migrate as apply_migrations

from wax.database_clients.sqlite import why_not_several_processes
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
    """Tortoise for the life of an app or a command; every task of the process sees it."""
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)
    try:
        yield
    finally:
        await Tortoise.close_connections()


async def migrate(database_url: str) -> None:
    """Apply every migration not yet applied to the database."""
    try:
        await apply_migrations(config=tortoise_config(database_url))
    finally:
        await Tortoise.close_connections()


async def database_answers() -> bool:
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True
