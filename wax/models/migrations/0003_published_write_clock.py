"""PostgreSQL: stamp with the moment of the write, after publishing that a write is in flight.

0002 stamped with now(), the transaction start, which a reader could only bound by the start
of every open transaction, published in pg_stat_activity an instant after it is taken (and
hidden from other roles). Now a transaction's first stamp takes a shared advisory lock whose
key is the current second, and every stamp is clock_timestamp() taken after that lock is
held. The lock lives as long as the transaction (or the savepoint that took it), every role
sees it in pg_locks, and it is released only after the commit is visible: the reader's side
is wax/resolvers/watermark.py. SQLite keeps 0002's statement clock (it has one writer).
"""

from tortoise import migrations
from tortoise.migrations import operations as ops

# pg_locks shows a two-key advisory lock as (classid, objid, objsubid = 2)
WRITE_LOCK_CLASS = 0x77617800  # "wax\0"
# objid holds the whole seconds since this moment (an int4 key lasts until 2088)
WRITE_LOCK_EPOCH = "2020-01-01 00:00:00+00"
# set (transaction-local, so a rolled-back savepoint clears it with its lock) once published
PUBLISHED_SETTING = "wax.write_published"

POSTGRES = [
    f"""
    CREATE OR REPLACE FUNCTION wax_write_clock() RETURNS timestamptz LANGUAGE plpgsql AS $$
    DECLARE
        published timestamptz;
    BEGIN
        IF coalesce(current_setting('{PUBLISHED_SETTING}', true), '') = '' THEN
            published := date_trunc('second', clock_timestamp());
            PERFORM pg_advisory_xact_lock_shared(
                {WRITE_LOCK_CLASS},
                extract(epoch FROM published - timestamptz '{WRITE_LOCK_EPOCH}')::int4
            );
            PERFORM set_config('{PUBLISHED_SETTING}', published::text, true);
        END IF;
        RETURN clock_timestamp();
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION wax_stamp_row() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        stamp timestamptz := wax_write_clock();
    BEGIN
        IF TG_OP = 'INSERT' THEN
            NEW.created_at := stamp;
        ELSE
            NEW.created_at := OLD.created_at;
        END IF;
        NEW.updated_at := stamp;
        RETURN NEW;
    END $$
    """,
    """
    CREATE OR REPLACE FUNCTION wax_stamp_deletion() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.deleted_at := wax_write_clock();
        RETURN NEW;
    END $$
    """,
]

# 0002's functions, for going back
TRANSACTION_START_STAMPS = [
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
    "DROP FUNCTION IF EXISTS wax_write_clock()",
]


async def publish_write_clock(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for statement in POSTGRES:
            await client.execute_script(statement)


async def stamp_transaction_start(apps, schema_editor) -> None:
    client = schema_editor.client
    if client.capabilities.dialect == "postgres":
        for statement in TRANSACTION_START_STAMPS:
            await client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("models", "0002_database_clock_stamps")]

    initial = False

    operations = [
        ops.RunPython(publish_write_clock, stamp_transaction_start),
    ]
