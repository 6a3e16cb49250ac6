"""How big and how long: the full run and the quick one differ only in these numbers."""

from __future__ import annotations

from dataclasses import dataclass

SEED = 20240115
ENGINES = ("sqlite", "postgres")
POSTGRES_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True)
class LibrarySize:
    songs: int
    playlists: int = 0
    songs_per_playlist: int = 20
    records: int = 0
    tombstones: int = 0

    # the library's shape: ten songs an album, five albums an artist
    @property
    def albums(self) -> int:
        return max(1, self.songs // 10)

    @property
    def artists(self) -> int:
        return max(1, self.songs // 50)


@dataclass(frozen=True)
class Plan:
    name: str
    library: LibrarySize
    # case 2: the same query on a small and a large library
    small: LibrarySize
    large: LibrarySize
    # load per measurement: seconds of warm-up, then seconds measured, and how many rounds
    warmup_s: float
    duration_s: float
    rounds: int
    connections: int
    latency_duration_s: float
    # case 7, wax beside PostGraphile: wrk's load, seconds of warm-up and measured, rounds
    side_connections: int
    side_warmup_s: float
    side_duration_s: float
    side_rounds: int
    # case 4 and 5
    collection_items: int
    push_items: int
    watchers: int
    # case 5: how long the watched sync lasts (it must outlast the subscribing)
    watched_sync_s: float
    # case 8: the generated music folder, and the edits made before the last rescan
    scanned_files: int = 10_000
    scan_changes: int = 100
    # case 9: streaming a 50 MB file, seconds of warm-up and measured a round, rounds
    stream_warmup_s: float = 2
    stream_duration_s: float = 6
    stream_rounds: int = 3


FULL = Plan(
    name="full",
    library=LibrarySize(songs=100_000, playlists=50, records=5_000, tombstones=1_000),
    small=LibrarySize(songs=10_000, tombstones=1_000),
    large=LibrarySize(songs=1_000_000, tombstones=100_000),
    warmup_s=2,
    duration_s=8,
    rounds=2,
    connections=32,
    latency_duration_s=3,
    side_connections=16,
    side_warmup_s=5,
    side_duration_s=20,
    side_rounds=3,
    collection_items=10_000,
    push_items=500,
    watchers=1_000,
    watched_sync_s=4.0,
)

QUICK = Plan(
    name="quick",
    # case 1 at the library size: with fewer songs the baseline's COUNT(*) shrinks, and
    # the ratio measures wax's fixed cost per request rather than the listing's
    library=LibrarySize(songs=100_000, playlists=10, records=250, tombstones=100),
    small=LibrarySize(songs=1_000, tombstones=50),
    large=LibrarySize(songs=20_000, tombstones=5_000),
    warmup_s=0.5,
    duration_s=2,
    rounds=1,
    connections=32,
    latency_duration_s=1,
    side_connections=16,
    side_warmup_s=1,
    side_duration_s=2,
    side_rounds=3,
    collection_items=1_000,
    push_items=50,
    watchers=200,
    watched_sync_s=1.5,
    scanned_files=2_000,
    scan_changes=100,
    stream_warmup_s=1,
    stream_duration_s=2,
)

# the targets the issue sets, printed beside each figure
GRAPHQL_SHARE_TARGET = 0.70
REST_SHARE_TARGET = 0.90
MEMORY_MB_TARGET = 120.0
LATENCY_RATIO_TARGET = 1.5
SEARCH_ROUND_TRIPS_TARGET = 3.0
PULL_PEAK_MB_TARGET = 150.0
FANOUT_S_TARGET = 1.0
DISCOGS_LATENCY_S = 0.05
PAGE_SIZE_DISCOGS = 100
SCAN_UNCHANGED_S_TARGET = 1.0
SCAN_PEAK_MB_TARGET = 150.0
STREAM_SHARE_TARGET = 0.5
STREAM_PEAK_MB_TARGET = 200.0
