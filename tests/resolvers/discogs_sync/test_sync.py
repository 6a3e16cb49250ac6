from __future__ import annotations

from tests.fakes.discogs_server import FakeDiscogs
from tests.sync_scenario import (
    ADD_PATH,
    COLLECTION_PATH,
    RELEASE_PATH,
    build_scenario,
    collection_release_ids,
    local_discogs_ids,
    sync_to_the_end,
)
from wax.models import Record, SyncRun
from wax.resolvers.discogs_sync import SyncJobs


async def test_a_sync_pulls_new_releases_pushes_local_ones_and_skips_the_rest(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    scenario = await build_scenario(fake_discogs)

    updates = await sync_to_the_end(jobs)

    final = updates[-1]
    assert final.phase == "done"
    assert (final.pulled, final.skipped, final.pushed) == (243, 7, 5)
    assert final.pulled == scenario.expected_pulled
    assert final.errors == ()
    assert final.total_discogs_items == 250
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert fake_discogs.count("GET", RELEASE_PATH) == 0
    assert fake_discogs.count("POST", ADD_PATH) == 5
    assert await local_discogs_ids() == collection_release_ids(fake_discogs)
    assert await Record.filter(is_synced_with_discogs=False, discogs_id__isnull=False).count() == 0


async def test_a_second_sync_changes_nothing(jobs: SyncJobs, fake_discogs: FakeDiscogs) -> None:
    await build_scenario(fake_discogs)
    await sync_to_the_end(jobs)
    before = {r.id: r.updated_at for r in await Record.all()}
    fake_discogs.reset_requests()

    final = (await sync_to_the_end(jobs))[-1]

    assert (final.pulled, final.pushed, final.skipped) == (0, 0, 255)
    assert fake_discogs.count("POST", ADD_PATH) == 0
    assert {r.id: r.updated_at for r in await Record.all()} == before


async def test_records_absent_from_discogs_are_never_deleted(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    scenario = await build_scenario(fake_discogs, collection_size=20)

    await sync_to_the_end(jobs)

    manual_ids = {r.id for r in scenario.manual}
    assert {r.id for r in await Record.filter(id__in=manual_ids)} == manual_ids
    assert await Record.all().count() == 20 + 5 + 2


async def test_every_run_is_recorded_with_its_counts(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    await build_scenario(fake_discogs, collection_size=20)

    await sync_to_the_end(jobs)

    run = await SyncRun.get()
    assert run.status == "succeeded"
    assert (run.pulled, run.pushed, run.skipped, run.total_discogs_items) == (13, 5, 7, 20)
    assert run.finished_at is not None
    assert run.finished_at >= run.started_at
