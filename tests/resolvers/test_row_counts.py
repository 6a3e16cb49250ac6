"""The kept row counts (migration 0004) agree with COUNT(*) whatever the writes did."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from tortoise import Tortoise
from tortoise.transactions import in_transaction

from tests.kept_counts import disagreeing, kept_and_counted
from tests.waiting import the_database_clock_passes
from wax.models import Album, Artist, Playlist, Record, Song, User
from wax.resolvers import row_counts
from wax.resolvers.row_counts import count_rows
from wax.resolvers.sql import connection
from wax.resolvers.watermark import database_now


def on_postgres() -> bool:
    return Tortoise.get_connection("default").capabilities.dialect == "postgres"


def agree(both: dict[str, tuple[int, int]]) -> bool:
    return not disagreeing(both)


async def a_library(artists: int = 2, albums: int = 2, songs: int = 3) -> list[Artist]:
    made = []
    for a in range(artists):
        artist = await Artist.create(name=f"artist {a}")
        made.append(artist)
        for b in range(albums):
            album = await Album.create(name=f"album {a}.{b}", artist=artist)
            for s in range(songs):
                await Song.create(title=f"song {a}.{b}.{s}", album=album, artist=artist)
    return made


async def test_counts_follow_inserts(app: object) -> None:
    await a_library()
    await Record.create(artist_name="Miles", album_title="Kind of Blue")

    both = await kept_and_counted()
    assert both["songs"] == (12, 12)
    assert both["albums"] == (4, 4)
    assert both["artists"] == (2, 2)
    assert both["records"] == (1, 1)


async def test_counts_follow_deletes_and_the_cascades_they_set_off(app: object) -> None:
    first, second = await a_library()
    album = await Album.filter(artist=first).first()
    assert album is not None

    await album.delete()  # and its 3 songs
    assert await kept_and_counted() == {
        "songs": (9, 9),
        "albums": (3, 3),
        "artists": (2, 2),
        "records": (0, 0),
    }
    await Artist.filter(id=second.id).delete()  # one statement; the database cascades
    assert await kept_and_counted() == {
        "songs": (3, 3),
        "albums": (1, 1),
        "artists": (1, 1),
        "records": (0, 0),
    }
    await Song.all().delete()
    assert (await kept_and_counted())["songs"] == (0, 0)


async def test_a_statement_writing_many_rows_counts_them_all(app: object) -> None:
    await a_library(artists=1, albums=1, songs=0)
    album = await Album.get(name="album 0.0")
    await Song.bulk_create(
        [Song(title=f"bulk {n}", album=album, artist_id=album.artist_id) for n in range(40)]
    )
    assert (await kept_and_counted())["songs"] == (40, 40)
    await Song.filter(title__startswith="bulk 1").delete()  # bulk 1, bulk 10..19
    assert (await kept_and_counted())["songs"] == (29, 29)


async def test_playlists_are_counted_per_owner_and_follow_a_move_and_the_owners_deletion(
    app: object,
) -> None:
    ann = await User.create(name="ann")
    bob = await User.create(name="bob")
    for n in range(3):
        await Playlist.create(name=f"ann's {n}", user=ann)
    moved = await Playlist.create(name="bob's", user=bob)
    assert (
        await count_rows("playlists", owner=ann.id),
        await count_rows("playlists", owner=bob.id),
    ) == (3, 1)

    await Playlist.filter(id=moved.id).update(user_id=ann.id)
    assert (
        await count_rows("playlists", owner=ann.id),
        await count_rows("playlists", owner=bob.id),
    ) == (4, 0)
    assert await count_rows("playlists") == 4  # every owner's

    await ann.delete()  # and her playlists
    assert await count_rows("playlists", owner=ann.id) == 0
    assert agree(await kept_and_counted())


async def test_a_count_since_a_moment_counts_only_the_rows_stamped_from_then(
    app: object,
) -> None:
    await a_library(artists=1, albums=1, songs=2)
    await the_database_clock_passes()
    since: datetime = await database_now()
    await the_database_clock_passes(since)
    album = await Album.get(name="album 0.0")
    await Song.create(title="later", album=album, artist_id=album.artist_id)

    assert await count_rows("songs", since) == 1
    assert await count_rows("songs") == 3


async def test_a_rolled_back_write_leaves_the_counts_as_they_were(app: object) -> None:
    await a_library(artists=1, albums=1, songs=2)
    album = await Album.get(name="album 0.0")

    async def undone() -> None:
        async with in_transaction():
            await Song.create(title="undone", album=album, artist_id=album.artist_id)
            raise RuntimeError("roll back")

    with pytest.raises(RuntimeError):
        await undone()
    assert (await kept_and_counted())["songs"] == (2, 2)


async def test_recounting_restores_counts_lost_to_a_load_with_triggers_off(app: object) -> None:
    await a_library()
    await Playlist.create(name="mine", user=await User.create(name="ann"))
    await connection().execute_script("DELETE FROM row_counts")  # as if loaded untracked
    assert await count_rows("songs") == 0

    await row_counts.recount()

    both = await kept_and_counted()
    assert both["songs"] == (12, 12)
    assert both["playlists of ann"] == (1, 1)


async def test_emptying_a_table_at_once_clears_its_count_and_its_cascades(app: object) -> None:
    await a_library()
    # PostgreSQL's TRUNCATE fires no row trigger; SQLite has none, and empties by DELETE
    emptying = "TRUNCATE albums CASCADE" if on_postgres() else "DELETE FROM albums"
    await connection().execute_script(emptying)  # songs go with them
    assert await kept_and_counted() == {
        "songs": (0, 0),
        "albums": (0, 0),
        "artists": (2, 2),
        "records": (0, 0),
    }
    await a_library(artists=1, albums=1, songs=1)
    assert agree(await kept_and_counted())


async def test_an_owner_is_only_for_a_table_counted_per_owner(app: object) -> None:
    with pytest.raises(ValueError, match="no owner"):
        await count_rows("songs", owner=uuid.uuid4())
