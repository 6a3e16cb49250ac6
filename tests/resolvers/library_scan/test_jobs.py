"""One library scan at a time, in the background, recorded as ScanRun; watchers come and go."""

from __future__ import annotations

import asyncio
import logging

import pytest
from starlette.applications import Starlette

from tests.conftest import Account
from tests.scans import FINAL, HALFWAY, FakeScan, settings
from tests.waiting import until
from wax.errors import Forbidden, InvalidInput, MusicFolderNotConfigured
from wax.models import ScanRun
from wax.resolvers import library_scan
from wax.resolvers.jobs import runner
from wax.resolvers.library_scan import ScanJobs
from wax.settings import Settings

__all__ = ["settings"]


@pytest.fixture
def fake() -> FakeScan:
    return FakeScan()


@pytest.fixture
async def jobs(app: Starlette, settings: Settings, fake: FakeScan) -> ScanJobs:
    """This process's scan job, as the lifespan would make it, scanning through the fake."""
    scan_jobs = ScanJobs(settings, scan=fake)
    await scan_jobs.open()
    return scan_jobs


async def to_the_end(jobs: ScanJobs, *, full: bool = False) -> list[library_scan.ScanProgress]:
    started = await jobs.start_or_attach(full=full)
    return [p async for p in started.updates()]


async def test_a_scan_runs_in_the_background_and_records_its_counts(
    jobs: ScanJobs, fake: FakeScan, settings: Settings
) -> None:
    started = await jobs.start_or_attach()
    await fake.halfway.wait()
    assert (await ScanRun.get(id=started.run_id)).status == "running"
    fake.release()

    updates = [p async for p in started.updates()]

    assert updates[-1] == FINAL
    assert fake.calls == [(settings.music_dir, False)]
    run = await ScanRun.get(id=started.run_id)
    assert (run.status, run.full, run.finished_at is not None) == ("succeeded", False, True)
    assert (run.total_files, run.scanned_files, run.new_songs, run.updated_songs) == (3, 3, 2, 1)


async def test_callers_at_the_same_time_share_one_scan_whatever_their_full_flag(
    jobs: ScanJobs, fake: FakeScan
) -> None:
    first = await jobs.start_or_attach(full=True)
    others = await asyncio.gather(*(jobs.start_or_attach(full=n % 2 == 0) for n in range(5)))
    fake.release()

    finals = {[p async for p in s.updates()][-1] for s in (first, *others)}

    assert finals == {FINAL}
    assert not first.attached
    assert all(s.attached and s.run_id == first.run_id for s in others)
    assert len(fake.calls) == 1
    assert (await ScanRun.get()).full is True  # the scan running is the one attached to


async def test_a_watcher_that_leaves_does_not_stop_the_scan(jobs: ScanJobs, fake: FakeScan) -> None:
    started = await jobs.start_or_attach()
    updates = started.updates()
    await anext(updates)
    await updates.aclose()  # type: ignore[attr-defined]
    fake.release()

    final = (await to_the_end(jobs))[-1]

    assert final == FINAL
    assert (await ScanRun.get()).status == "succeeded"


async def test_a_scan_asked_for_after_the_last_one_ended_is_a_new_run(
    jobs: ScanJobs, fake: FakeScan
) -> None:
    fake.release()
    await to_the_end(jobs)
    await to_the_end(jobs, full=True)

    runs = await ScanRun.all().order_by("started_at")
    assert [(r.status, r.full) for r in runs] == [("succeeded", False), ("succeeded", True)]


@pytest.mark.parametrize("settings", [{"music_dir": None}], indirect=True)
async def test_without_a_music_folder_nothing_starts(jobs: ScanJobs, fake: FakeScan) -> None:
    with pytest.raises(MusicFolderNotConfigured) as refused:
        await jobs.start_or_attach()

    assert "WAX_MUSIC_DIR" in refused.value.message
    assert fake.calls == []
    assert await ScanRun.all().count() == 0
    assert await jobs.lock.try_acquire()  # let go, for a scan once configured
    await jobs.lock.release()


async def test_an_aborted_scan_is_recorded_as_aborted_with_its_errors(
    jobs: ScanJobs, fake: FakeScan
) -> None:
    fake.abort_with("The music folder /music holds no audio file; nothing was deleted.")
    fake.release()

    final = (await to_the_end(jobs))[-1]

    assert final.errors == ("The music folder /music holds no audio file; nothing was deleted.",)
    run = await ScanRun.get()
    assert (run.status, run.errors, run.new_songs) == ("aborted", list(final.errors), 1)


async def test_an_unexpected_failure_is_recorded_as_failed_and_logged(
    jobs: ScanJobs, fake: FakeScan, caplog: pytest.LogCaptureFixture
) -> None:
    fake.failure = RuntimeError("disk on fire")
    fake.release()

    with caplog.at_level(logging.ERROR, logger="wax.library.scan"):
        final = (await to_the_end(jobs))[-1]

    assert final.status == "done"
    assert final.errors == (
        "The scan failed on an unexpected error; the server log has the details.",
    )
    assert (await ScanRun.get()).status == "failed"
    assert "disk on fire" in caplog.text
    assert (await to_the_end(jobs))[-1].is_done  # the lock was let go


async def test_a_scan_running_at_shutdown_is_recorded_as_interrupted(
    jobs: ScanJobs, fake: FakeScan
) -> None:
    started = await jobs.start_or_attach()
    updates = started.updates()
    await fake.halfway.wait()

    await jobs.close()

    run = await ScanRun.get(id=started.run_id)
    assert run.status == "interrupted"
    final = [p async for p in updates][-1]
    assert final.is_done
    assert (final.scanned_files, final.new_songs) == (HALFWAY.scanned_files, HALFWAY.new_songs)
    assert "interrupted" in final.errors[-1]


async def test_runs_left_running_by_a_dead_process_are_marked_interrupted_at_start_up(
    settings: Settings, jobs: ScanJobs, fake: FakeScan
) -> None:
    orphan = await ScanRun.create(status="running", total_files=10, scanned_files=4)

    await ScanJobs(settings, scan=fake).open()

    orphan = await ScanRun.get(id=orphan.id)
    assert (orphan.status, orphan.scanned_files) == ("interrupted", 4)
    assert orphan.finished_at is not None
    assert "interrupted" in orphan.errors[-1]


async def test_a_run_left_running_is_marked_interrupted_when_the_next_scan_starts(
    jobs: ScanJobs, fake: FakeScan
) -> None:
    orphan = await ScanRun.create(status="running")
    fake.release()

    final = (await to_the_end(jobs))[-1]

    assert final == FINAL
    assert (await ScanRun.get(id=orphan.id)).status == "interrupted"
    assert await ScanRun.filter(status="succeeded").count() == 1


async def test_a_scan_in_another_process_is_followed_not_repeated(
    settings: Settings, jobs: ScanJobs, fake: FakeScan, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "REMOTE_POLL_SECONDS", 0.05)
    running_here = await jobs.start_or_attach()
    await fake.halfway.wait()
    # another process: its own ScanJobs, its own hold on the lock, the same database
    elsewhere = FakeScan()
    other = ScanJobs(settings, scan=elsewhere)

    followed = await other.start_or_attach()
    assert (followed.is_remote, followed.attached, followed.run_id) == (
        True,
        True,
        running_here.run_id,
    )
    assert (await other.running()) is not None
    fake.release()
    seen = [p async for p in followed.updates()]

    assert seen[-1] == FINAL
    assert elsewhere.calls == []
    assert await ScanRun.all().count() == 1
    assert await other.running() is None


async def test_the_scan_lock_is_not_the_sync_lock(app: Starlette, jobs: ScanJobs) -> None:
    sync_lock = app.state.services.discogs_sync.lock
    assert await sync_lock.try_acquire()
    try:
        assert await jobs.lock.try_acquire()
        await jobs.lock.release()
    finally:
        await sync_lock.release()


async def test_only_admins_may_scan_or_list_scans(
    jobs: ScanJobs, fake: FakeScan, member: Account
) -> None:
    with pytest.raises(Forbidden, match="Only an admin may scan the music library"):
        await library_scan.start_or_attach(jobs, member.user, False)
    with pytest.raises(Forbidden):
        await library_scan.recent_scan_runs(member.user)
    with pytest.raises(Forbidden):
        await library_scan.current_scan(jobs, member.user)
    assert fake.calls == []


async def test_recent_scan_runs_lists_the_newest_first_within_bounds(
    jobs: ScanJobs, fake: FakeScan, admin: Account
) -> None:
    fake.release()
    for _ in range(3):
        await to_the_end(jobs)
    runs = await ScanRun.all().order_by("-started_at")

    listed = await library_scan.recent_scan_runs(admin.user, 2)

    assert [r.id for r in listed] == [r.id for r in runs[:2]]
    for first in (0, 101):
        with pytest.raises(InvalidInput):
            await library_scan.recent_scan_runs(admin.user, first)


async def test_the_status_follows_a_scan_and_forgets_a_dead_one(
    jobs: ScanJobs, fake: FakeScan, admin: Account
) -> None:
    assert await library_scan.current_scan(jobs, admin.user) is None
    started = await jobs.start_or_attach()
    await fake.halfway.wait()

    running = await library_scan.current_scan(jobs, admin.user)
    assert running is not None
    assert (running.run.id, running.progress) == (started.run_id, HALFWAY)
    fake.release()
    [p async for p in started.updates()]
    assert await library_scan.current_scan(jobs, admin.user) is None

    orphan = await ScanRun.create(status="running")  # its process died: nobody holds the lock
    assert await library_scan.current_scan(jobs, admin.user) is None
    await until(
        lambda: ScanRun.filter(id=orphan.id, status="interrupted").exists(),
        what="the orphan marked interrupted",
    )
