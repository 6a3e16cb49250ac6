"""The safe watermark, and the database-clock stamps it relies on (design.md §4, late commits)."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from tests.library import Replica, RestSyncClient, seed
from tests.waiting import the_database_clock_passes
from wax.models import Artist, Record, Song
from wax.resolvers.sql import connection
from wax.resolvers.watermark import (
    POSTGRES_WATERMARK,
    WRITE_LOCK_CLASS,
    WRITE_LOCK_EPOCH,
    database_now,
    safe_watermark,
)
from wax.settings import Settings


def on_postgres() -> bool:
    return Tortoise.get_connection("default").capabilities.dialect == "postgres"


def tell_when_the_connection_is_asked_for(
    monkeypatch: pytest.MonkeyPatch, asked: asyncio.Event
) -> None:
    """Sets `asked` once anyone asks for the process's connection (outside an open
    transaction): on SQLite, from then on they wait for the transaction that holds it."""
    client = connection()
    acquire = client.acquire_connection

    def acquire_and_tell() -> object:
        asked.set()
        return acquire()

    monkeypatch.setattr(client, "acquire_connection", acquire_and_tell)


@asynccontextmanager
async def statement_begun(sql_start: str) -> AsyncIterator[asyncio.Event]:
    """Set once the process's SQLite connection begins a statement starting `sql_start`
    (before it waits for any lock): sqlite3's trace callback, through aiosqlite."""
    loop = asyncio.get_running_loop()
    begun = asyncio.Event()

    def trace(statement: str) -> None:  # on aiosqlite's thread
        if statement.startswith(sql_start):
            loop.call_soon_threadsafe(begun.set)

    async with connection().acquire_connection() as raw:
        await raw.set_trace_callback(trace)
    try:
        yield begun
    finally:
        async with connection().acquire_connection() as raw:
            await raw.set_trace_callback(None)


async def test_an_ordinary_save_is_stamped_by_the_database(app) -> None:
    record = await Record.create(artist_name="Can", album_title="Tago Mago")
    stored = await Record.get(id=record.id)
    # the saved instance shows what the database stored
    assert (record.created_at, record.updated_at) == (stored.created_at, stored.updated_at)
    # Tortoise stamps created_at and updated_at separately in Python; the database once
    assert stored.created_at == stored.updated_at
    await the_database_clock_passes(stored.updated_at)  # so the new stamp is later
    await Record.filter(id=record.id).update(updated_at=datetime(2000, 1, 1, tzinfo=UTC))
    restamped = await Record.get(id=record.id)
    assert restamped.updated_at > stored.updated_at
    assert restamped.created_at == stored.created_at
    record.label_name = "United Artists"
    await the_database_clock_passes(restamped.updated_at)
    await record.save()
    assert record.updated_at == (await Record.get(id=record.id)).updated_at > restamped.updated_at


async def test_a_write_committed_late_is_not_missed(
    admin_client, member_client, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeded = await seed(admin_client, songs=1)
    song_id = seeded.songs[0]["id"]
    sync = RestSyncClient(member_client)
    replica = Replica()
    await sync.sync(replica)
    in_flight, commit = asyncio.Event(), asyncio.Event()

    async def slow_writer() -> None:
        async with in_transaction():
            await Song.filter(id=song_id).update(title="Committed late")
            in_flight.set()
            await commit.wait()

    writer = asyncio.create_task(slow_writer())
    await in_flight.wait()
    if on_postgres():  # the sync runs beside the open write, which commits after it
        await sync.sync(replica)
        commit.set()
    else:  # one writer at a time: the sync waits for the connection, then the write commits
        asked = asyncio.Event()
        tell_when_the_connection_is_asked_for(monkeypatch, asked)
        syncing = asyncio.create_task(sync.sync(replica))
        await asyncio.wait_for(asked.wait(), timeout=10)
        commit.set()
        await syncing
    await writer
    await sync.sync(replica)
    assert replica.items["songs"][song_id]["title"] == "Committed late"


async def test_a_save_that_waited_for_another_writer_is_stamped_when_it_writes(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tortoise computes its stamp in Python before it gets the connection; the database's wins."""
    if on_postgres():
        # connections do not wait for each other; a write is stamped by the database when it
        # writes, never with the value Tortoise computed beforehand
        before = await database_now()
        record = await Record.create(artist_name="Can", album_title="Ege Bamyasi")
        stored = await Record.get(id=record.id)
        assert (record.created_at, record.updated_at) == (stored.created_at, stored.updated_at)
        assert before <= stored.updated_at == stored.created_at <= await database_now()
        return
    holding, asked = asyncio.Event(), asyncio.Event()
    released: list[datetime] = []

    async def hold_the_connection() -> None:
        async with in_transaction():
            await Artist.create(name="Holder")
            holding.set()
            await asyncio.wait_for(asked.wait(), timeout=10)  # the save has its stamp and waits
            released.append(datetime.now(UTC))

    holder = asyncio.create_task(hold_the_connection())
    await holding.wait()
    tell_when_the_connection_is_asked_for(monkeypatch, asked)
    record = await Record.create(artist_name="Can", album_title="Ege Bamyasi")
    await holder
    stored = await Record.get(id=record.id)
    # Tortoise computed its own stamp before it waited; the one stored (and shown) is later
    assert stored.updated_at >= released[0] - timedelta(milliseconds=1)  # SQLite ticks in ms
    assert record.updated_at == stored.updated_at


# --- the race a fixed margin used to cover, forced: each step awaited in order ---


def sqlite_path(settings: Settings) -> str:
    return settings.database_url.removeprefix("sqlite://")


async def test_with_no_write_in_flight_the_watermark_is_the_database_clock(app) -> None:
    await Artist.create(name="Finished")
    before = await database_now()
    watermark = await safe_watermark()
    assert before <= watermark <= await database_now()
    assert (await Artist.get(name="Finished")).updated_at < watermark


async def test_a_writer_that_stamped_before_the_reader_and_commits_after_it_is_not_missed(
    settings: Settings, app
) -> None:
    artist = await Artist.create(name="Before")
    if on_postgres():
        writer = await asyncpg.connect(settings.database_url)
        try:
            async with writer.transaction():
                stamped = await writer.fetchval(
                    "UPDATE artists SET name = 'During' WHERE id = $1 RETURNING updated_at",
                    artist.id,
                )
                watermark = await safe_watermark()
                assert (await Artist.get(id=artist.id)).name == "Before"  # not committed yet
        finally:
            await writer.close()
        # committed after the reader looked, and stamped at or after its watermark: a sync
        # going on from that watermark fetches it
        assert watermark <= stamped
        assert await Artist.filter(updated_at__gte=watermark, name="During").exists()
        assert await safe_watermark() > stamped
        return
    # SQLite: another connection holds the write lock, and the reader waits it out
    writer = sqlite3.connect(sqlite_path(settings), isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE artists SET name = 'During' WHERE id = ?", (str(artist.id),))
        async with statement_begun("BEGIN IMMEDIATE") as begun:
            reader = asyncio.ensure_future(safe_watermark())
            await asyncio.wait_for(begun.wait(), timeout=10)
            assert not reader.done(), "the reader took its watermark while a write was open"
            committed = datetime.now(UTC)
            writer.execute("COMMIT")
            watermark = await reader
    finally:
        writer.close()
    stored = await Artist.get(id=artist.id)
    assert stored.name == "During"
    assert stored.updated_at < watermark
    # the reader began while the write was open and took its clock only once it committed
    assert watermark >= committed - timedelta(milliseconds=1)  # SQLite ticks in ms


async def test_a_writer_that_began_before_the_reader_and_writes_after_it_stamps_later(
    settings: Settings, app
) -> None:
    artist = await Artist.create(name="Before")
    if on_postgres():
        writer = await asyncpg.connect(settings.database_url)
        try:
            async with writer.transaction():
                started = await writer.fetchval("SELECT now()")
                assert await writer.fetchval("SELECT name FROM artists") == "Before"
                watermark = await safe_watermark()
                assert watermark > started  # a transaction that has only read holds none back
                stamped = await writer.fetchval(
                    "UPDATE artists SET name = 'After' WHERE id = $1 RETURNING updated_at",
                    artist.id,
                )
        finally:
            await writer.close()
    else:
        writer = sqlite3.connect(sqlite_path(settings), isolation_level=None)
        try:
            writer.execute("BEGIN")
            assert writer.execute("SELECT name FROM artists").fetchone() == ("Before",)
            watermark = await safe_watermark()
            writer.execute("UPDATE artists SET name = 'After' WHERE id = ?", (str(artist.id),))
            writer.execute("COMMIT")
        finally:
            writer.close()
        stamped = (await Artist.get(id=artist.id)).updated_at
    assert stamped >= watermark
    assert await Artist.filter(updated_at__gte=watermark, name="After").exists()


CURRENT_KEY = (
    f"SELECT extract(epoch FROM clock_timestamp() - timestamptz '{WRITE_LOCK_EPOCH}')::int"
)


@asynccontextmanager
async def publication_held_up(url: str) -> AsyncIterator[None]:
    """Holds every key a writer could publish in the next minute exclusively, so a writer
    waits between taking its time and publishing it (migration 0003)."""
    blocker = await asyncpg.connect(url)
    try:
        second = await blocker.fetchval(CURRENT_KEY)
        await blocker.execute(
            "SELECT pg_advisory_lock($1, key) FROM unnest($2::int[]) AS key",
            WRITE_LOCK_CLASS,
            list(range(second - 1, second + 60)),
        )
        yield
    finally:
        await blocker.close()  # and with it the locks


async def wait_until_waiting_for_a_lock(observer: asyncpg.Connection, pid: int) -> None:
    deadline = asyncio.get_running_loop().time() + 10
    query = "SELECT count(*) FROM pg_locks WHERE pid = $1 AND NOT granted"
    while not await observer.fetchval(query, pid):
        assert asyncio.get_running_loop().time() < deadline, "the writer never waited"
        await asyncio.sleep(0.01)


async def test_a_writer_that_has_not_published_its_write_when_the_reader_looks_stamps_later(
    settings: Settings, app
) -> None:
    artist = await Artist.create(name="Before")
    if not on_postgres():
        # SQLite: publishing is taking the write lock; a writer that has not taken it yet
        # when the reader looks writes after the reader's transaction, so stamps later
        watermark = await safe_watermark()
        writer = sqlite3.connect(sqlite_path(settings), isolation_level=None)
        try:
            writer.execute("UPDATE artists SET name = 'After' WHERE id = ?", (str(artist.id),))
        finally:
            writer.close()
        assert (await Artist.get(id=artist.id)).updated_at >= watermark
        return
    writer = await asyncpg.connect(settings.database_url)
    observer = await asyncpg.connect(settings.database_url)
    try:
        async with publication_held_up(settings.database_url):
            update = asyncio.ensure_future(
                writer.fetchval(
                    "UPDATE artists SET name = 'After' WHERE id = $1 RETURNING updated_at",
                    artist.id,
                )
            )
            await wait_until_waiting_for_a_lock(observer, writer.get_server_pid())
            before = await database_now()
            watermark = await safe_watermark()
            # the writer has taken its time but not published it: the reader does not see it
            assert watermark >= before
        stamped = await update
    finally:
        await writer.close()
        await observer.close()
    assert stamped > watermark
    assert await Artist.filter(updated_at__gte=watermark, name="After").exists()


async def test_a_rolled_back_savepoint_takes_its_publication_with_it(
    settings: Settings, app
) -> None:
    artist = await Artist.create(name="Before")
    if not on_postgres():
        # SQLite: the outer transaction keeps the write lock; what it commits is covered
        async with in_transaction() as outer:
            try:
                async with in_transaction():
                    await Artist.filter(id=artist.id).using_db(outer).update(name="Undone")
                    raise LookupError
            except LookupError:
                pass
            await Artist.filter(id=artist.id).using_db(outer).update(name="After")
        stored = await Artist.get(id=artist.id)
        assert stored.name == "After"
        assert stored.updated_at < await safe_watermark()
        return
    writer = await asyncpg.connect(settings.database_url)
    try:
        async with writer.transaction():
            try:
                async with writer.transaction():  # a savepoint
                    await writer.execute(
                        "UPDATE artists SET name = 'Undone' WHERE id = $1", artist.id
                    )
                    raise LookupError
            except LookupError:
                pass
            before = await database_now()
            assert await safe_watermark() >= before  # nothing of the savepoint remains
            stamped = await writer.fetchval(
                "UPDATE artists SET name = 'After' WHERE id = $1 RETURNING updated_at", artist.id
            )
            watermark = await safe_watermark()
            assert watermark <= stamped  # the later write published itself again
    finally:
        await writer.close()
    assert await Artist.filter(updated_at__gte=watermark, name="After").exists()


async def test_writes_of_another_role_hold_back_a_reader_without_privileges(
    settings: Settings, app
) -> None:
    artist = await Artist.create(name="Before")
    if not on_postgres():
        # SQLite has no roles; a write from another connection is covered all the same
        writer = sqlite3.connect(sqlite_path(settings), isolation_level=None)
        try:
            writer.execute("UPDATE artists SET name = 'Other' WHERE id = ?", (str(artist.id),))
        finally:
            writer.close()
        assert (await Artist.get(id=artist.id)).updated_at <= await safe_watermark()
        return
    suffix = uuid.uuid4().hex[:8]
    writer_role, reader_role = f"wax_test_writer_{suffix}", f"wax_test_reader_{suffix}"
    admin = await asyncpg.connect(settings.database_url)
    writer = await asyncpg.connect(settings.database_url)
    reader = await asyncpg.connect(settings.database_url)
    try:
        for role in (writer_role, reader_role):
            await admin.execute(f"CREATE ROLE {role}")
        await admin.execute(f"GRANT SELECT, UPDATE ON artists TO {writer_role}")
        await writer.execute(f"SET ROLE {writer_role}")
        await reader.execute(f"SET ROLE {reader_role}")  # no pg_read_all_stats
        async with writer.transaction():
            stamped = await writer.fetchval(
                "UPDATE artists SET name = 'Other' WHERE id = $1 RETURNING updated_at", artist.id
            )
            # pg_stat_activity hides another role's transaction start from this reader ...
            hidden = await reader.fetchval(
                "SELECT xact_start FROM pg_stat_activity WHERE pid = $1", writer.get_server_pid()
            )
            assert hidden is None
            # ... pg_locks does not
            now, oldest = await reader.fetchrow(POSTGRES_WATERMARK)
            assert oldest is not None
            assert min(now, oldest) <= stamped
    finally:
        for connection in (writer, reader):
            await connection.close()
        await admin.execute(f"REVOKE ALL ON artists FROM {writer_role}")
        for role in (writer_role, reader_role):
            await admin.execute(f"DROP ROLE IF EXISTS {role}")
        await admin.close()
