"""Kept row counts stay exact while several connections (PostgreSQL) or several processes
(SQLite) insert and delete at once, roll back, and write tables in opposite orders."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import sys
import uuid

import asyncpg
from tortoise import Tortoise

from tests.kept_counts import disagreeing, kept_and_counted
from wax.models import Album, Artist, Song, User
from wax.resolvers.sql import connection
from wax.settings import Settings, normalise_database_url

WRITERS = 6
TRANSACTIONS = 40
FOLD_EVERY = 32  # migration 0004


def on_postgres() -> bool:
    return Tortoise.get_connection("default").capabilities.dialect == "postgres"


async def one_snapshot_agrees(reader: asyncpg.Connection) -> bool:
    """The kept count and COUNT(*) read in one statement (one snapshot) are equal."""
    row = await reader.fetchrow(
        "SELECT (SELECT COALESCE(SUM(n), 0) FROM row_counts WHERE name = 'songs'"
        " AND owner IS NULL) AS kept, (SELECT COUNT(*) FROM songs) AS real"
    )
    assert row is not None
    return bool(row["kept"] == row["real"])


async def postgres_writer(url: str, seed: int, album: Album, owner: User) -> None:
    chooser = random.Random(seed)
    mine: list[uuid.UUID] = []
    writer = await asyncpg.connect(url)
    try:
        for _ in range(TRANSACTIONS):
            action = chooser.choice(("insert", "insert", "delete", "rollback", "both orders"))
            transaction = writer.transaction()
            await transaction.start()
            if action in ("insert", "rollback"):
                added = [uuid.uuid4() for _ in range(chooser.randint(1, 3))]
                await writer.executemany(
                    "INSERT INTO songs (id, title, album_id, artist_id, created_at, updated_at)"
                    " VALUES ($1, 'song', $2, $3, now(), now())",
                    [(song, album.id, album.artist_id) for song in added],  # type: ignore[attr-defined]
                )
                if action == "insert":
                    mine.extend(added)
            elif action == "delete" and mine:
                await writer.execute("DELETE FROM songs WHERE id = $1", mine.pop())
            else:  # a playlist then a song, or a song then a playlist: no deadlock
                playlist = uuid.uuid4()
                statements = [
                    (
                        "INSERT INTO playlists (id, user_id, name, created_at, updated_at)"
                        " VALUES ($1, $2, 'p', now(), now())",
                        (playlist, owner.id),
                    ),
                    ("DELETE FROM songs WHERE id = $1", (mine.pop() if mine else uuid.uuid4(),)),
                ]
                for sql, values in statements if seed % 2 else reversed(statements):
                    await writer.execute(sql, *values)
            if action == "rollback":
                await transaction.rollback()
            else:
                await transaction.commit()
    finally:
        await writer.close()


async def test_counts_stay_exact_while_writers_insert_and_delete_at_once(
    app: object, settings: Settings
) -> None:
    """PostgreSQL: connections writing at once; SQLite (one writer at a time): processes."""
    if on_postgres():
        await _connections_write_at_once(settings)
    else:
        await _two_processes_write_one_sqlite_file(settings)


async def _connections_write_at_once(settings: Settings) -> None:
    artist = await Artist.create(name="artist")
    album = await Album.create(name="album", artist=artist)
    owner = await User.create(name="ann")
    url = normalise_database_url(settings.database_url)
    reader = await asyncpg.connect(url)
    try:
        writers = asyncio.gather(
            *(postgres_writer(url, seed, album, owner) for seed in range(WRITERS))
        )
        snapshots = 0
        while not writers.done():
            assert await one_snapshot_agrees(reader)
            snapshots += 1
        await writers
        assert await one_snapshot_agrees(reader)
    finally:
        await reader.close()

    both = await kept_and_counted()
    assert disagreeing(both) == {}
    assert both["songs"][1] > 0
    assert both["playlists of ann"][1] > 0
    print(f"{snapshots} snapshots read while writing; {both}")


async def test_deltas_are_folded_so_a_count_reads_few_rows(app: object) -> None:
    artist = await Artist.create(name="artist")
    album = await Album.create(name="album", artist=artist)
    for n in range(3 * FOLD_EVERY):
        await Song.create(title=f"s{n}", album=album, artist=artist)

    _, rows = await connection().execute_query(
        "SELECT COUNT(*) FROM row_counts WHERE name = 'songs'"
    )
    assert int(rows[0][0]) <= FOLD_EVERY
    assert disagreeing(await kept_and_counted()) == {}


SQLITE_WRITER = """
import random, sqlite3, sys, uuid
path, seed, album, artist, transactions = sys.argv[1:6]
chooser = random.Random(int(seed))
db = sqlite3.connect(path, timeout=60, isolation_level=None)
mine = []
for _ in range(int(transactions)):
    action = chooser.choice(("insert", "insert", "delete", "rollback"))
    db.execute("BEGIN IMMEDIATE")
    if action in ("insert", "rollback"):
        added = [str(uuid.uuid4()) for _ in range(chooser.randint(1, 3))]
        db.executemany(
            "INSERT INTO songs (id, title, album_id, artist_id, created_at, updated_at)"
            " VALUES (?, 'song', ?, ?, '2020-01-01 00:00:00+00:00', '2020-01-01 00:00:00+00:00')",
            [(song, album, artist) for song in added],
        )
        if action == "insert":
            mine.extend(added)
    elif mine:
        db.execute("DELETE FROM songs WHERE id = ?", (mine.pop(),))
    db.execute("ROLLBACK" if action == "rollback" else "COMMIT")
"""


async def _two_processes_write_one_sqlite_file(settings: Settings) -> None:
    artist = await Artist.create(name="artist")
    album = await Album.create(name="album", artist=artist)
    path = settings.database_url[len("sqlite://") :].split("?")[0]
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            SQLITE_WRITER,
            path,
            str(seed),
            str(album.id),
            str(artist.id),
            str(TRANSACTIONS * 3),
        )
        for seed in range(2)
    ]
    assert [await process.wait() for process in processes] == [0, 0]

    with sqlite3.connect(path) as check:
        assert check.execute("SELECT COUNT(*) FROM songs").fetchone()[0] > 0
    assert disagreeing(await kept_and_counted()) == {}
