"""Stamp created_at / updated_at / deleted_at with the database clock, in the writing statement.

Incremental sync needs every stamp taken while the write holds the database (so a reader's
watermark can never pass a change committed late): Tortoise stamps in Python before it
acquires a connection, so triggers overwrite its values. PostgreSQL: now() (the transaction
start). SQLite: 'now' of the statement, written exactly as Tortoise writes datetimes
(isoformat(" "), the fraction omitted when zero) so text order stays time order.
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

STAMPED_TABLES = ("artists", "albums", "songs", "playlists", "playlist_songs", "records")

POSTGRES = [
    """
    CREATE OR REPLACE FUNCTION wax_stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.created_at := now();
        ELSE
            NEW.created_at := OLD.created_at;
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION wax_stamp_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.deleted_at := now();
        RETURN NEW;
    END $$
    """,
    *(
        f"CREATE TRIGGER {table}_stamp BEFORE INSERT OR UPDATE ON {table}"
        " FOR EACH ROW EXECUTE FUNCTION wax_stamp_row()"
        for table in STAMPED_TABLES
    ),
    "CREATE TRIGGER deleted_items_stamp BEFORE INSERT ON deleted_items"
    " FOR EACH ROW EXECUTE FUNCTION wax_stamp_deletion()",
]

SQLITE_NOW = (
    "(CASE WHEN strftime('%f', 'now') LIKE '%.000'"
    " THEN strftime('%Y-%m-%d %H:%M:%S', 'now') || '+00:00'"
    " ELSE strftime('%Y-%m-%d %H:%M:%f', 'now') || '000+00:00' END)"
)

SQLITE = [
    *(
        f"CREATE TRIGGER {table}_stamp_insert AFTER INSERT ON {table} FOR EACH ROW"
        f" BEGIN UPDATE {table} SET created_at = {SQLITE_NOW}, updated_at = {SQLITE_NOW}"
        " WHERE id = NEW.id; END"
        for table in STAMPED_TABLES
    ),
    *(
        f"CREATE TRIGGER {table}_stamp_update AFTER UPDATE ON {table} FOR EACH ROW"
        f" WHEN NEW.updated_at IS NOT {SQLITE_NOW}"
        f" BEGIN UPDATE {table} SET updated_at = {SQLITE_NOW}, created_at = OLD.created_at"
        " WHERE id = NEW.id; END"
        for table in STAMPED_TABLES
    ),
    "CREATE TRIGGER deleted_items_stamp AFTER INSERT ON deleted_items FOR EACH ROW"
    f" BEGIN UPDATE deleted_items SET deleted_at = {SQLITE_NOW} WHERE id = NEW.id; END",
]


async def install_triggers(apps, schema_editor) -> None:
    client = schema_editor.client
    statements = POSTGRES if client.capabilities.dialect == "postgres" else SQLITE
    for statement in statements:
        await client.execute_script(statement)


async def remove_triggers(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for table in STAMPED_TABLES:
            await client.execute_script(f"DROP TRIGGER IF EXISTS {table}_stamp ON {table}")
        await client.execute_script("DROP TRIGGER IF EXISTS deleted_items_stamp ON deleted_items")
        await client.execute_script("DROP FUNCTION IF EXISTS wax_stamp_row()")
        await client.execute_script("DROP FUNCTION IF EXISTS wax_stamp_deletion()")
        return
    for table in STAMPED_TABLES:
        await client.execute_script(f"DROP TRIGGER IF EXISTS {table}_stamp_insert")
        await client.execute_script(f"DROP TRIGGER IF EXISTS {table}_stamp_update")
    await client.execute_script("DROP TRIGGER IF EXISTS deleted_items_stamp")


class Migration(migrations.Migration):
    dependencies = [("models", "0001_initial")]

    initial = False

    operations = [
        ops.RunPython(install_triggers, remove_triggers),
    ]
