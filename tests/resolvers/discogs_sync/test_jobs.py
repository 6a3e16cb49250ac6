"""One sync at a time, in the background, recorded; watchers come and go freely."""

from __future__ import annotations

import asyncio

import pytest
from starlette.applications import Starlette

from tests.fakes.discogs_server import FakeDiscogs
from tests.sync_scenario import COLLECTION_PATH, local_record, sync_to_the_end
from tests.waiting import until
from wax.models import Record, SyncRun
from wax.resolvers.discogs_sync import SyncJobs
from wax.resolvers.discogs_sync import jobs as jobs_module
from wax.services import discogs_client
from wax.settings import Settings


async def wait_for_phase(jobs: SyncJobs, phase: str) -> None:
    handle = await jobs.start_or_attach()
    async for progress in handle.updates():
        if progress.phase == phase:
            return


async def test_callers_at_the_same_time_share_one_sync(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.1, path=COLLECTION_PATH)

    results = await asyncio.gather(*(sync_to_the_end(jobs) for _ in range(5)))

    finals = {updates[-1] for updates in results}
    assert len(finals) == 1
    assert next(iter(finals)).pulled == 250
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert await SyncRun.all().count() == 1


async def test_a_thousand_watchers_follow_one_sync_to_the_same_end(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.2, path=COLLECTION_PATH)

    results = await asyncio.gather(*(sync_to_the_end(jobs) for _ in range(1000)))

    assert {updates[-1] for updates in results} == {results[0][-1]}
    assert results[0][-1].pulled == 250
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3


async def test_a_watcher_that_leaves_does_not_stop_the_sync(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.2, path=COLLECTION_PATH)
    handle = await jobs.start_or_attach()
    updates = handle.updates()
    assert (await anext(updates)).phase == "pull"
    await updates.aclose()  # type: ignore[attr-defined]

    final = (await sync_to_the_end(jobs))[-1]

    assert final.pulled == 250
    assert await Record.all().count() == 250


async def test_a_sync_asked_for_after_the_last_one_ended_is_a_new_run(
    jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(3)

    first = await jobs.start_or_attach()
    [p async for p in first.updates()]
    second = await jobs.start_or_attach()
    [p async for p in second.updates()]

    assert first.run_id != second.run_id
    assert await SyncRun.filter(status="succeeded").count() == 2


@pytest.mark.parametrize(
    ("discogs_settings", "missing"),
    [
        ({"discogs_username": None}, "DISCOGS_USERNAME is not set"),
        ({"discogs_token": None}, "DISCOGS_TOKEN is not set"),
        (
            {"discogs_username": None, "discogs_token": None},
            "DISCOGS_USERNAME and DISCOGS_TOKEN are not set",
        ),
    ],
    indirect=["discogs_settings"],
)
async def test_missing_discogs_settings_end_the_sync_at_once_naming_them(
    jobs: SyncJobs, fake_discogs: FakeDiscogs, missing: str
) -> None:
    updates = await sync_to_the_end(jobs)

    assert len(updates) == 1
    assert updates[0].phase == "done"
    assert len(updates[0].errors) == 1
    assert missing in updates[0].errors[0]
    assert fake_discogs.count() == 0
    run = await SyncRun.get()
    assert (run.status, run.errors) == ("failed", list(updates[0].errors))


async def test_runs_left_running_by_a_dead_process_are_marked_interrupted_at_start_up(
    settings: Settings, jobs: SyncJobs
) -> None:
    orphan = await SyncRun.create(status="running", pulled=100, total_discogs_items=250)
    restarted = SyncJobs(settings, jobs.discogs)

    await restarted.open()

    orphan = await SyncRun.get(id=orphan.id)
    assert orphan.status == "interrupted"
    assert orphan.finished_at is not None
    assert orphan.pulled == 100
    assert "interrupted" in orphan.errors[-1]


async def test_a_process_starting_beside_a_running_sync_leaves_that_run_alone(
    settings: Settings, jobs: SyncJobs, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.2, path=COLLECTION_PATH)
    running = await jobs.start_or_attach()
    # a second worker of `wax serve --workers 2` starting up
    await SyncJobs(settings, jobs.discogs).open()

    assert (await SyncRun.get(id=running.run_id)).status == "running"
    final = [p async for p in running.updates()][-1]
    assert (final.pulled, final.errors) == (250, ())
    assert (await SyncRun.get(id=running.run_id)).status == "succeeded"


@pytest.mark.parametrize("moment", ["as it starts", "mid-pull"])
async def test_a_sync_running_at_shutdown_is_recorded_as_interrupted(
    jobs: SyncJobs, fake_discogs: FakeDiscogs, moment: str
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.3, path=COLLECTION_PATH)
    handle = await jobs.start_or_attach()
    updates = handle.updates()
    await anext(updates)
    if moment == "mid-pull":
        await until(lambda: fake_discogs.arrived(path=COLLECTION_PATH) > 0, what="a page asked")
        assert fake_discogs.count() == 0  # the first page is on its way

    await jobs.close()

    run = await SyncRun.get(id=handle.run_id)
    assert run.status == "interrupted"
    final = [p async for p in updates][-1]
    assert final.phase == "done"
    assert "interrupted" in final.errors[-1]


async def test_a_sync_in_another_process_is_followed_not_repeated(
    settings: Settings,
    app: Starlette,
    jobs: SyncJobs,
    fake_discogs: FakeDiscogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jobs_module, "REMOTE_POLL_SECONDS", 0.05)
    fake_discogs.generate_collection(250)
    await local_record(str(fake_discogs.generate_releases(1)[0]["id"]))
    fake_discogs.set_latency(0.2, path=COLLECTION_PATH)
    # another process: its own SyncJobs and Discogs client on the same database
    other = SyncJobs(settings, discogs_client(settings, app.state.services.http))
    running_here = await jobs.start_or_attach()
    await anext(running_here.updates())

    followed = await other.start_or_attach()
    seen = [p async for p in followed.updates()]
    here = [p async for p in running_here.updates()][-1]

    assert followed.run_id == running_here.run_id
    assert seen[-1] == here
    assert (here.pulled, here.pushed) == (250, 1)
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert await SyncRun.all().count() == 1


async def test_a_sync_whose_process_died_is_reported_interrupted_to_its_followers(
    settings: Settings, jobs: SyncJobs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jobs_module, "REMOTE_POLL_SECONDS", 0.05)
    dead = await SyncRun.create(status="running", pulled=7)
    # the lock is free, yet a follower saw the run before its process died
    follower = jobs_module.RemoteSync(dead.id, jobs.lock)

    updates = [p async for p in follower.updates()]

    assert updates[-1].phase == "done"
    assert updates[-1].pulled == 7
    assert (await SyncRun.get(id=dead.id)).status == "interrupted"
