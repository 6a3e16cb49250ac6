"""Seeded library data, bulk-loaded straight into a migrated wax database.

One generator feeds both engines (SQLite by executemany in one transaction per table,
PostgreSQL by COPY), so both hold the same rows. Times are relative to an anchor just
before the run, so tombstones stay inside the retention window wax prunes by.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg  # type: ignore[import-untyped]

from bench.config import SEED, LibrarySize
from wax.resolvers.row_counts import recount_sql

Row = tuple[Any, ...]
DAY_US = 86_400 * 1_000_000
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
COPY_BATCH = 20_000

COLUMNS: dict[str, tuple[str, ...]] = {
    "artists": ("id", "created_at", "updated_at", "name", "image"),
    "albums": ("id", "created_at", "updated_at", "name", "artist_id", "cover", "year"),
    "songs": (
        "id",
        "created_at",
        "updated_at",
        "title",
        "album_id",
        "artist_id",
        "length",
        "track",
        "disc",
        "year",
        "genre",
    ),
    "playlists": ("id", "created_at", "updated_at", "user_id", "name", "description"),
    "playlist_songs": ("id", "created_at", "updated_at", "playlist_id", "song_id", "position"),
    "records": (
        "id",
        "created_at",
        "updated_at",
        "artist_name",
        "album_title",
        "year_released",
        "label_name",
        "catalog_number",
        "discogs_id",
        "discogs_uri",
        "is_synced_with_discogs",
        "thumbnail_url",
        "cover_image_url",
        "genres",
        "styles",
        "upc_code",
        "record_size",
        "vinyl_color",
        "is_shaped_vinyl",
        "speed_rpm",
        "disc_count",
        "is_picture_disc",
        "weight_grams",
        "data_source",
    ),
    "deleted_items": ("entity_type", "entity_id", "owner_id", "deleted_at"),
}
GENRES = ("Rock", "Electronic", "Jazz", "Hip Hop", "Classical", "Folk", "Pop", "Soul", "Reggae")
WORDS = (
    *("blue", "night", "river", "echo", "static", "velvet", "paper", "gold", "silent"),
    *("northern", "fire", "glass", "dream", "orbit", "hollow", "summer", "atlas", "drift"),
    *("ember", "signal", "wild", "ocean", "neon", "winter"),
)
SIZES = ('7"', '10"', '12"')
COLOURS = (None, None, None, "Red Translucent", "White Marble", "Clear", "Black")


def anchor_now() -> datetime:
    """A moment just before now, whole seconds: every generated time lies before it."""
    return datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=1)


class Generator:
    def __init__(self, size: LibrarySize, anchor: datetime, user_id: str, seed: int = SEED):
        self.size = size
        self.rng = random.Random(seed)
        self.anchor_us = int(anchor.timestamp() * 1_000_000)
        self.user_id = user_id
        self.artist_ids: list[str] = []
        self.album_ids: list[str] = []
        self.album_artists: list[str] = []
        self.album_us: list[int] = []
        self.artist_us: list[int] = []
        self.song_ids: list[str] = []

    def uuid(self) -> str:
        # a version-4 UUID from the seeded stream (uuid.UUID() is three times slower)
        h = f"{self.rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def stamp(self, us: int) -> str:
        # exactly as Tortoise writes a datetime to SQLite; PostgreSQL parses it too
        # (isoformat(" "): the fraction omitted when zero, as Tortoise and wax's triggers do)
        return (EPOCH + timedelta(microseconds=us)).isoformat(" ")

    def before_anchor(self, days: float, not_before_us: int = 0) -> int:
        earliest = max(self.anchor_us - int(days * DAY_US), not_before_us)
        return self.rng.randint(earliest, self.anchor_us - 1)

    def title(self, words: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(words)).title()

    def tables(self) -> Iterator[tuple[str, Iterable[Row]]]:
        """Each table with its rows, parents before children."""
        yield "artists", self.artists()
        yield "albums", self.albums()
        yield "songs", self.songs()
        if self.size.playlists:
            yield "playlists", self.playlists()
            yield "playlist_songs", self.playlist_songs()
        if self.size.records:
            yield "records", self.records()
        if self.size.tombstones:
            yield "deleted_items", self.tombstones()

    def artists(self) -> Iterator[Row]:
        for index in range(self.size.artists):
            artist_id = self.uuid()
            updated = self.before_anchor(730)
            self.artist_ids.append(artist_id)
            self.artist_us.append(updated)
            image = f"https://img.example/artists/{index}.jpg" if index % 3 else None
            name = f"{self.title(2)} {index}"
            yield (artist_id, self.stamp(updated), self.stamp(updated), name, image)

    def albums(self) -> Iterator[Row]:
        for index in range(self.size.albums):
            artist = index % len(self.artist_ids)
            album_id = self.uuid()
            # an album shows its artist's name, so it changed no earlier than the artist
            updated = self.before_anchor(730, self.artist_us[artist])
            self.album_ids.append(album_id)
            self.album_artists.append(self.artist_ids[artist])
            self.album_us.append(updated)
            year = 1960 + self.rng.randrange(65)
            cover = f"https://img.example/albums/{index}.jpg"
            yield (
                album_id,
                self.stamp(updated - DAY_US),
                self.stamp(updated),
                self.title(3),
                self.artist_ids[artist],
                cover,
                year,
            )

    def songs(self) -> Iterator[Row]:
        albums = len(self.album_ids)
        keep_ids = self.size.playlists > 0
        # a pool of titles, and few calls to the generator per row: a million rows add up
        titles = [self.title(1 + n % 4) for n in range(4096)]
        random_float = self.rng.random
        for index in range(self.size.songs):
            album = index % albums
            song_id = self.uuid()
            album_us = self.album_us[album]
            updated = album_us + int(random_float() * (self.anchor_us - album_us))
            if keep_ids:
                self.song_ids.append(song_id)
            pick = self.rng.getrandbits(32)
            yield (
                song_id,
                self.stamp(updated - DAY_US),
                self.stamp(updated),
                titles[pick & 4095],
                self.album_ids[album],
                self.album_artists[album],
                90 + (pick >> 12) % 510_000 / 1000,
                index // albums + 1,
                1,
                1960 + (pick >> 22) % 65,
                GENRES[(pick >> 16) % len(GENRES)],
            )

    def playlists(self) -> Iterator[Row]:
        self.playlist_ids = [self.uuid() for _ in range(self.size.playlists)]
        for index, playlist_id in enumerate(self.playlist_ids):
            stamp = self.stamp(self.before_anchor(90))
            description = f"Playlist number {index}" if index % 2 else None
            yield (playlist_id, stamp, stamp, self.user_id, self.title(2), description)

    def playlist_songs(self) -> Iterator[Row]:
        for playlist_id in self.playlist_ids:
            count = min(self.size.songs_per_playlist, len(self.song_ids))
            songs = self.rng.sample(self.song_ids, count)
            for position, song_id in enumerate(songs):
                stamp = self.stamp(self.before_anchor(90))
                yield (self.uuid(), stamp, stamp, playlist_id, song_id, position)

    def records(self) -> Iterator[Row]:
        for index in range(self.size.records):
            from_discogs = index % 2 == 0
            updated = self.before_anchor(365)
            size = self.rng.choice(SIZES)
            yield (
                self.uuid(),
                self.stamp(updated - DAY_US),
                self.stamp(updated),
                f"{self.title(2)} {index}",
                self.title(3),
                1960 + self.rng.randrange(65),
                f"{self.title(1)} Records",
                f"CAT-{index:06d}",
                str(1_000_000 + index) if from_discogs else None,
                f"https://www.discogs.com/release/{1_000_000 + index}" if from_discogs else None,
                int(from_discogs),
                None,
                None,
                json.dumps([self.rng.choice(GENRES)]),
                json.dumps([]),
                None,
                size,
                self.rng.choice(COLOURS),
                0,
                "45" if size == '7"' else "33 ⅓",
                1,
                0,
                None,
                "discogs" if from_discogs else "manual",
            )

    def records_to_push(self, discogs_ids: Iterable[int]) -> Iterator[Row]:
        """Local records from Discogs releases not in the collection yet: a sync pushes them."""
        for discogs_id in discogs_ids:
            stamp = self.stamp(self.before_anchor(30))
            yield (
                self.uuid(),
                stamp,
                stamp,
                f"Push Artist {discogs_id}",
                self.title(2),
                2001,
                None,
                None,
                str(discogs_id),
                f"https://www.discogs.com/release/{discogs_id}",
                0,
                None,
                None,
                json.dumps([]),
                json.dumps([]),
                None,
                '12"',
                None,
                0,
                None,
                1,
                0,
                None,
                "discogs",
            )

    def tombstones(self) -> Iterator[Row]:
        kinds = ("songs",) * 14 + ("albums",) * 3 + ("artists", "records", "playlists")
        for _ in range(self.size.tombstones):
            kind = self.rng.choice(kinds)
            owner = self.user_id if kind == "playlists" else None
            # inside the 30-day retention, so the server's prune leaves them alone
            yield (kind, self.uuid(), owner, self.stamp(self.before_anchor(20)))


def _insert_sql(table: str, placeholder: str = "?") -> str:
    columns = COLUMNS[table]
    names = ", ".join(f'"{column}"' for column in columns)
    return f'INSERT INTO "{table}" ({names}) VALUES ({", ".join([placeholder] * len(columns))})'


Tables = Iterable[tuple[str, Iterable[Row]]]


def load_sqlite(path: str, tables: Tables) -> dict[str, int]:
    connection = sqlite3.connect(path, isolation_level=None)
    counts: dict[str, int] = {}
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=OFF")
        # B-tree pages of a million random keys stay in memory while they fill
        connection.execute("PRAGMA cache_size=-262144")
        # no triggers while loading: wax's stamp the clock, the seeded times must stay;
        # the secondary indexes are built once at the end, faster than row by row
        dropped = connection.execute(
            "SELECT type, name, sql FROM sqlite_master"
            " WHERE type IN ('trigger', 'index') AND sql IS NOT NULL"
        ).fetchall()
        connection.execute("BEGIN")
        for kind, name, _ in dropped:
            connection.execute(f'DROP {kind.upper()} "{name}"')
        for table, rows in tables:
            cursor = connection.executemany(_insert_sql(table), rows)
            counts[table] = cursor.rowcount
        for _, _, sql in dropped:
            connection.execute(sql)
        for sql in recount_sql(postgres=False):  # the row counts its triggers did not keep
            connection.execute(sql)
        connection.execute("COMMIT")
        connection.execute("ANALYZE")
    finally:
        connection.close()
    return counts


def _copy_text(value: Any) -> str:
    # generated text never holds tabs, newlines or backslashes, so nothing needs escaping
    return "\\N" if value is None else str(value)


async def _copy_chunks(rows: Iterable[Row], counter: list[int]) -> AsyncIterator[bytes]:
    buffer = io.StringIO()
    pending = 0
    for row in rows:
        buffer.write("\t".join(map(_copy_text, row)))
        buffer.write("\n")
        pending += 1
        if pending == COPY_BATCH:
            counter[0] += pending
            yield buffer.getvalue().encode()
            buffer = io.StringIO()
            pending = 0
    counter[0] += pending
    if pending:
        yield buffer.getvalue().encode()


SECONDARY_INDEXES = """
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'public' AND NOT EXISTS (
    SELECT 1 FROM pg_constraint c
    WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
"""


async def load_postgres(url: str, tables: Tables) -> dict[str, int]:
    connection = await asyncpg.connect(url)
    counts: dict[str, int] = {}
    try:
        # no triggers while loading: not the per-row foreign-key checks (the generator keeps
        # every reference right), nor wax's clock stamps (the seeded times must stay)
        await connection.execute("SET session_replication_role = replica")
        await connection.execute("SET maintenance_work_mem = '256MB'")
        # the secondary indexes are built once at the end, faster than row by row
        indexes = await connection.fetch(SECONDARY_INDEXES)
        for index in indexes:
            await connection.execute(f'DROP INDEX "{index["indexname"]}"')
        for table, rows in tables:
            counter = [0]
            await connection.copy_to_table(
                table, source=_copy_chunks(rows, counter), columns=list(COLUMNS[table])
            )
            counts[table] = counter[0]
        for index in indexes:
            await connection.execute(index["indexdef"])
        for sql in recount_sql(postgres=True):  # the row counts its triggers did not keep
            await connection.execute(sql)
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return counts
