import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from tortoise import Tortoise
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from tests import databases
from wax import database, models
from wax.models import Song

EXPECTED_TABLES = {
    "records",
    "artists",
    "albums",
    "songs",
    "playlists",
    "playlist_songs",
    "deleted_items",
    "users",
    "api_tokens",
    "sync_runs",
    "scan_runs",
    "server_secrets",
}


async def table_names(app: object) -> set[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        _, rows = await connection.execute_query(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'"
        )
    else:
        _, rows = await connection.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        )
    return {row["name"] for row in rows}


async def test_migrations_create_every_table_of_the_data_model(app: object) -> None:
    assert await table_names(app) >= EXPECTED_TABLES


async def test_every_model_has_a_migrated_table(app: object) -> None:
    tables = await table_names(app)
    for name in models.__all__:
        model = getattr(models, name)
        assert model._meta.db_table in tables, name


async def test_incremental_sync_indexes_exist(app: object) -> None:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "postgres":
        _, rows = await connection.execute_query(
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'"
        )
    else:
        _, rows = await connection.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'index'"
        )
    names = {row["name"] for row in rows}
    for table in ("songs", "albums", "artists", "records"):
        assert f"{table}_updated_at_id" in names
    assert {"deleted_items_type_time", "playlists_user_updated"} <= names


async def migrated_to(url: str, name: str | None) -> None:
    """Migrate the database at `url` forward or back to `name` (None: the latest)."""
    config = database.tortoise_config(url)
    await Tortoise.init(config=config, init_connections=False)
    try:
        targets = None if name is None else [MigrationTarget(app_label="models", name=name)]
        executor = MigrationExecutor(Tortoise.get_connection("default"), config["apps"])
        await executor.migrate(targets)
    finally:
        await Tortoise.close_connections()


@asynccontextmanager
async def opened(url: str) -> AsyncIterator[None]:
    """Tortoise on the database whatever its migrations (open_database wants them all)."""
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        yield
    finally:
        await Tortoise.close_connections()


@pytest.fixture
async def unmigrated_url(tmp_path: Path) -> AsyncIterator[str]:
    if databases.using_postgres():
        url = await databases.create_postgres_database(migrated=False)
        yield url
        await databases.drop_postgres_database(url)
    else:
        yield f"sqlite://{tmp_path / 'migrating.sqlite3'}"


async def insert(table: str, **values: object) -> None:
    """One row of known test values, written into the SQL as literals."""
    stamps = {"created_at": "2026-01-01 00:00:00+00:00"}
    if table != "users":
        stamps["updated_at"] = stamps["created_at"]
    row = {**values, **stamps}
    literals = ", ".join(
        f"'{value}'" if not isinstance(value, bool) else str(value).upper()
        for value in row.values()
    )
    await Tortoise.get_connection("default").execute_script(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({literals})"
    )


async def kept_counts(url: str) -> dict[tuple[str, str | None], int]:
    async with opened(url):
        _, rows = await Tortoise.get_connection("default").execute_query(
            "SELECT name, owner, SUM(n) AS n FROM row_counts GROUP BY name, owner"
        )
    return {
        (row["name"], None if row["owner"] is None else str(row["owner"])): int(row["n"])
        for row in rows
        if row["n"]
    }


async def test_the_row_counts_migration_counts_the_rows_already_there_and_goes_back(
    unmigrated_url: str,
) -> None:
    await migrated_to(unmigrated_url, "0003_published_write_clock")
    ann, artist, album = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with opened(unmigrated_url):
        # rows as 0003's tables take them: today's models have columns added since
        await insert("users", id=ann, name="ann", is_admin=False)
        await insert("artists", id=artist, name="Miles")
        await insert("albums", id=album, name="Kind of Blue", artist_id=artist)
        for title in ("So What", "Blue in Green"):
            await insert("songs", id=uuid.uuid4(), title=title, album_id=album, artist_id=artist)
        await insert("playlists", id=uuid.uuid4(), name="mine", user_id=ann)

    await migrated_to(unmigrated_url, "0004_row_counts")
    seeded = {
        ("songs", None): 2,
        ("albums", None): 1,
        ("artists", None): 1,
        ("playlists", str(ann)): 1,
    }
    assert await kept_counts(unmigrated_url) == seeded

    await migrated_to(unmigrated_url, "0003_published_write_clock")
    async with opened(unmigrated_url):
        assert "row_counts" not in await table_names(None)
        await Song.filter(title="So What").delete()  # no trigger left to count it

    await migrated_to(unmigrated_url, "0004_row_counts")
    assert await kept_counts(unmigrated_url) == {**seeded, ("songs", None): 1}
