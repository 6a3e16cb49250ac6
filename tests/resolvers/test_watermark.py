"""The safe watermark, and the database-clock stamps it relies on (design.md §4, late commits)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from tests.library import Replica, RestSyncClient, seed
from wax.models import Artist, Record, Song
from wax.resolvers.watermark import database_now, safe_watermark
from wax.settings import Settings


def on_postgres() -> bool:
    return Tortoise.get_connection("default").capabilities.dialect == "postgres"


async def test_an_ordinary_save_is_stamped_by_the_database(app) -> None:
    record = await Record.create(artist_name="Can", album_title="Tago Mago")
    stored = await Record.get(id=record.id)
    # the saved instance shows what the database stored
    assert (record.created_at, record.updated_at) == (stored.created_at, stored.updated_at)
    # Tortoise stamps created_at and updated_at separately in Python; the database once
    assert stored.created_at == stored.updated_at
    await asyncio.sleep(0.005)  # past SQLite's millisecond clock, so the new stamp is later
    await Record.filter(id=record.id).update(updated_at=datetime(2000, 1, 1, tzinfo=UTC))
    restamped = await Record.get(id=record.id)
    assert restamped.updated_at > stored.updated_at
    assert restamped.created_at == stored.created_at
    record.label_name = "United Artists"
    await asyncio.sleep(0.005)
    await record.save()
    assert record.updated_at == (await Record.get(id=record.id)).updated_at > restamped.updated_at


async def test_the_watermark_is_not_after_now(app) -> None:
    before = await database_now()
    watermark = await safe_watermark()
    after = await database_now()
    assert before - timedelta(seconds=2) <= watermark <= after


async def test_a_write_committed_late_is_not_missed(admin_client, member_client) -> None:
    seeded = await seed(admin_client, songs=1)
    song_id = seeded.songs[0]["id"]
    sync = RestSyncClient(member_client)
    replica = Replica()
    await sync.sync(replica)
    in_flight = asyncio.Event()

    async def slow_writer() -> None:
        async with in_transaction():
            await Song.filter(id=song_id).update(title="Committed late")
            in_flight.set()
            await asyncio.sleep(0.3)

    writer = asyncio.create_task(slow_writer())
    await in_flight.wait()
    # PostgreSQL: runs beside the open write. SQLite: waits for it (one writer at a time)
    await sync.sync(replica)
    await writer
    await sync.sync(replica)
    assert replica.items["songs"][song_id]["title"] == "Committed late"


async def test_the_watermark_waits_for_or_stays_behind_an_open_transaction(
    settings: Settings, app
) -> None:
    artist = await Artist.create(name="Before")
    if on_postgres():
        # a transaction that has only read so far holds no transaction id, yet will stamp
        # its writes with its start: the watermark must stay behind that start
        connection = await asyncpg.connect(settings.database_url)
        try:
            async with connection.transaction():
                started = await connection.fetchval("SELECT now()")
                await asyncio.sleep(0.05)
                assert await safe_watermark(margin=False) <= started
                await connection.execute(
                    "UPDATE artists SET name = 'During' WHERE id = $1", artist.id
                )
            assert await safe_watermark(margin=False) > started
        finally:
            await connection.close()
        return
    # SQLite: Tortoise holds its one connection for the whole transaction, so the watermark
    # is only read once the transaction has committed, after every stamp it wrote
    committing_at: list[datetime] = []

    async def writer() -> None:
        async with in_transaction():
            await Artist.filter(id=artist.id).update(name="During")
            await asyncio.sleep(0.2)
            committing_at.append(datetime.now(UTC))

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.05)
    watermark = await safe_watermark()
    await task
    stamped = (await Artist.get(id=artist.id)).updated_at
    assert stamped < watermark
    # SQLite's clock ticks in milliseconds
    assert watermark >= committing_at[0] - timedelta(milliseconds=1)


async def test_a_save_that_waited_for_another_writer_is_stamped_when_it_writes(app) -> None:
    """Tortoise computes its stamp in Python before it gets the connection; the database's wins."""
    if on_postgres():
        # connections do not wait for each other; a write is stamped with the start of its
        # own transaction (which the watermark covers, above), never with Tortoise's value
        before = await database_now()
        record = await Record.create(artist_name="Can", album_title="Ege Bamyasi")
        stored = await Record.get(id=record.id)
        assert (record.created_at, record.updated_at) == (stored.created_at, stored.updated_at)
        assert before <= stored.updated_at == stored.created_at <= await database_now()
        return
    holding = asyncio.Event()
    released: list[datetime] = []

    async def hold_the_connection() -> None:
        async with in_transaction():
            await Artist.create(name="Holder")
            holding.set()
            await asyncio.sleep(0.2)
            released.append(datetime.now(UTC))

    holder = asyncio.create_task(hold_the_connection())
    await holding.wait()
    record = await Record.create(artist_name="Can", album_title="Ege Bamyasi")
    await holder
    stored = await Record.get(id=record.id)
    # Tortoise computed its own stamp before it waited; the one stored (and shown) is later
    assert stored.updated_at >= released[0] - timedelta(milliseconds=1)  # SQLite ticks in ms
    assert record.updated_at == stored.updated_at
