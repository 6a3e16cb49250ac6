"""The collection the Discogs sync tests share: 250 releases on Discogs, and local records
of which some are in that collection already and some are only here."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.discogs_server import FakeDiscogs
from wax.models import Record
from wax.resolvers.discogs_sync import SyncJobs, SyncProgress

COLLECTION_PATH = "/users/*/collection/folders/0/releases"
ADD_PATH = "/users/*/collection/folders/*/releases/*"
RELEASE_PATH = "/releases/*"


@dataclass
class Scenario:
    collection_size: int
    # in the collection and here already: 3 marked synced, 4 not yet
    local_synced: list[Record]
    local_unsynced: list[Record]
    # here with a discogsId, not in the collection: the push adds them
    to_push: list[Record]
    # here without a discogsId: the sync leaves them alone
    manual: list[Record]

    @property
    def expected_pulled(self) -> int:
        return self.collection_size - len(self.local_synced) - len(self.local_unsynced)

    @property
    def expected_skipped(self) -> int:
        return len(self.local_synced) + len(self.local_unsynced)

    @property
    def expected_pushed(self) -> int:
        return len(self.to_push)


async def local_record(discogs_id: str | None, *, synced: bool = False, title: str = "") -> Record:
    return await Record.create(
        artist_name="Local Artist",
        album_title=title or f"Local {discogs_id or 'manual'}",
        discogs_id=discogs_id,
        is_synced_with_discogs=synced,
        data_source="manual",
    )


async def build_scenario(fake: FakeDiscogs, collection_size: int = 250) -> Scenario:
    """Call with the app's database open (an `app` or `server` fixture)."""
    collection = fake.generate_collection(collection_size)
    elsewhere = fake.generate_releases(5)  # in Discogs' catalogue, not in the collection
    middle = collection_size // 2
    return Scenario(
        collection_size=collection_size,
        local_synced=[await local_record(str(r["id"]), synced=True) for r in collection[:3]],
        local_unsynced=[await local_record(str(r["id"])) for r in collection[middle : middle + 4]],
        to_push=[await local_record(str(r["id"])) for r in elsewhere],
        manual=[await local_record(None, title=f"Manual {n}") for n in range(2)],
    )


async def local_discogs_ids() -> list[str]:
    ids = await Record.filter(discogs_id__isnull=False).values_list("discogs_id", flat=True)
    return sorted(str(i) for i in ids)


def collection_release_ids(fake: FakeDiscogs) -> list[str]:
    return sorted({str(instance.release_id) for instance in fake.collection()})


async def sync_to_the_end(jobs: SyncJobs) -> list[SyncProgress]:
    """Start (or join) a sync in this process and collect every update to `done`."""
    handle = await jobs.start_or_attach()
    return [progress async for progress in handle.updates()]
