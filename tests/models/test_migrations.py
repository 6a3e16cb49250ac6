from tortoise import Tortoise

from wax import models

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
