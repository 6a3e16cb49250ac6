"""Discogs misbehaving during a sync: retried where it may be, reported clearly where not."""

from __future__ import annotations

import pytest

from tests.fakes.discogs_server import FakeDiscogs
from tests.sync_scenario import (
    ADD_PATH,
    COLLECTION_PATH,
    build_scenario,
    collection_release_ids,
    local_discogs_ids,
    sync_to_the_end,
)
from wax.models import Record, SyncRun
from wax.resolvers.discogs_sync import SyncJobs


def fail_from_the_second_page(fake: FakeDiscogs, **fault: object) -> None:
    """Faults match paths, not pages: a harmless one-off fault lets the first page through."""
    fake.inject("GET", COLLECTION_PATH, delay=0.0, times=1)
    fake.inject("GET", COLLECTION_PATH, **fault)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param({"status": 429, "retry_after": 1}, id="429 with Retry-After"),
        pytest.param({"status": 429}, id="429 without Retry-After"),
        pytest.param({"status": 503}, id="503"),
        pytest.param({"drop": True}, id="a dropped connection"),
    ],
)
async def test_a_passing_discogs_failure_on_a_collection_page_is_retried_and_the_sync_completes(
    jobs: SyncJobs, fake_discogs: FakeDiscogs, fault: dict[str, object]
) -> None:
    await build_scenario(fake_discogs)
    fail_from_the_second_page(fake_discogs, times=1, **fault)

    final = (await sync_to_the_end(jobs))[-1]

    assert (final.pulled, final.skipped, final.pushed, final.errors) == (243, 7, 5, ())
    assert fake_discogs.count("GET", COLLECTION_PATH) == 4  # 3 pages, one of them twice
    assert (await SyncRun.get()).status == "succeeded"
    assert await local_discogs_ids() == collection_release_ids(fake_discogs)


async def test_a_lasting_server_error_mid_pull_fails_the_run_clearly_and_the_next_run_recovers(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    await build_scenario(fake_discogs)
    fail_from_the_second_page(fake_discogs, status=500, times=None)

    final = (await sync_to_the_end(jobs))[-1]

    assert final.phase == "done"
    assert (final.pulled, final.skipped, final.pushed) == (97, 3, 0)
    assert len(final.errors) == 1
    assert "stopped after page 1" in final.errors[0]
    assert "server error (500)" in final.errors[0]
    assert fake_discogs.count("POST", ADD_PATH) == 0  # no push without the whole collection
    run = await SyncRun.get()
    assert (run.status, run.errors) == ("failed", list(final.errors))

    fake_discogs.clear_faults()
    again = (await sync_to_the_end(jobs))[-1]
    assert (again.pulled, again.pushed, again.errors) == (146, 5, ())
    assert await local_discogs_ids() == collection_release_ids(fake_discogs)


async def test_rate_limiting_that_outlasts_the_retries_fails_the_run_saying_so(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(10)
    fake_discogs.inject("GET", COLLECTION_PATH, status=429, retry_after=0, times=None)

    final = (await sync_to_the_end(jobs))[-1]

    assert fake_discogs.count("GET", COLLECTION_PATH) == 3  # at most 3 attempts in all
    assert final.phase == "done"
    assert "at the first page" in final.errors[0]
    assert "429" in final.errors[0]
    assert (await SyncRun.get()).status == "failed"


async def test_a_failed_push_is_listed_while_the_others_are_pushed(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    scenario = await build_scenario(fake_discogs, collection_size=20)
    refused = scenario.to_push[2]
    fake_discogs.inject(
        "POST",
        f"/users/*/collection/folders/*/releases/{refused.discogs_id}",
        status=500,
        times=None,
    )

    final = (await sync_to_the_end(jobs))[-1]

    assert final.pushed == 4
    assert len(final.errors) == 1
    assert f"release {refused.discogs_id}" in final.errors[0]
    assert "500" in final.errors[0]
    assert fake_discogs.count("POST", ADD_PATH) == 5  # a POST is never retried
    assert not (await Record.get(id=refused.id)).is_synced_with_discogs
    assert (await SyncRun.get()).status == "succeeded"

    fake_discogs.clear_faults()
    again = (await sync_to_the_end(jobs))[-1]
    assert (again.pulled, again.pushed, again.errors) == (0, 1, ())
    assert (await Record.get(id=refused.id)).is_synced_with_discogs


async def test_a_record_whose_discogs_id_is_no_release_id_is_listed_not_pushed(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    await Record.create(artist_name="A", album_title="B", discogs_id="not-a-number")

    final = (await sync_to_the_end(jobs))[-1]

    assert final.pushed == 0
    assert final.errors == (
        "Could not add release not-a-number (A - B): 'not-a-number' is not a Discogs release id.",
    )
    assert fake_discogs.count("POST", ADD_PATH) == 0
