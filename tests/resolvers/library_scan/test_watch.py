"""WAX_LIBRARY_WATCH: what is copied into or deleted from the music folder reaches the sync
API on its own, a burst of changes makes one scan, and one watch per database watches."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from tortoise import Tortoise
from watchfiles import Change

from tests import databases
from tests.conftest import make_account
from tests.music import make_song
from tests.resolvers.library_scan.scanning import deleted, listed
from tests.scans import steer_scans
from tests.servers import LiveServer, live_server, running_app
from tests.waiting import until
from wax.models import ScanRun
from wax.resolvers.library_scan.watch import (
    ADVISORY_LOCK_KEY,
    LibraryWatch,
    counts_as_change,
    watch_lock_for,
)
from wax.services import Services
from wax.settings import Settings

QUIET = 0.3
MUSIC = Path("/srv/music")


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    """A watched music folder (not made yet: a test makes it, or leaves it missing)."""
    return replace(
        settings,
        music_dir=tmp_path / "music",
        library_watch=True,
        library_watch_quiet_seconds=QUIET,
    )


@pytest.fixture
def music_dir(settings: Settings) -> Path:
    assert settings.music_dir is not None
    settings.music_dir.mkdir()
    return settings.music_dir


@pytest.fixture
async def watched(music_dir: Path, settings: Settings) -> AsyncIterator[LiveServer]:
    async with live_server(settings) as server:
        await until(lambda: watch_of(server).watching, what="the watch starting")
        yield server


@pytest.fixture
async def http(watched: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    admin = await make_account("ann", is_admin=True)
    async with httpx.AsyncClient(base_url=watched.url, headers=admin.headers) as client:
        yield client


def watch_of(server: LiveServer) -> LibraryWatch:
    services: Services = server.app.state.services
    assert services.library_watch is not None
    return services.library_watch


def make_album(folder: Path, songs: int, *, name: str = "Album") -> Path:
    """An album of `songs` songs made outside the music folder, to be copied or moved in."""
    for number in range(1, songs + 1):
        make_song(
            folder,
            f"{name}/{number:02d}.wav",
            audio=number,
            title=f"{name} {number}",
            artist="Band",
            album=name,
            track=number,
        )
    return folder / name


async def watermark(http: httpx.AsyncClient) -> str:
    """meta.queried_at, as a syncing client keeps it for its next `updated_since`."""
    response = await http.get("/api/v1/deleted", params={"since": "1970-01-01"})
    assert response.status_code == 200, response.text
    queried_at: str = response.json()["meta"]["queried_at"]
    return queried_at


async def titles_since(http: httpx.AsyncClient, since: str) -> set[str]:
    return {song["title"] for song in await listed(http, "songs", updated_since=since)}


@pytest.mark.parametrize(
    ("change", "relative", "counts"),
    [
        (Change.added, "Band/Album/01.flac", True),
        (Change.modified, "Band/Album/01.MP3", True),
        (Change.deleted, "Band/Album/01.opus", True),
        (Change.added, "Band/Album/cover.jpg", True),
        (Change.modified, "Band/Album/folder.webp", True),
        (Change.added, "Band/Album/notes.txt", False),
        (Change.added, "Band/Album/01.flac.part", False),
        (Change.added, "Band/.Album/01.flac", False),
        (Change.added, "Band/Album/.01.flac.tmp", False),
        (Change.deleted, ".Trash/01.flac", False),
        (Change.deleted, "Band/Old Album", True),  # perhaps a folder moved away
    ],
)
def test_a_change_counts_when_it_touches_a_visible_song_picture_or_folder(
    change: Change, relative: str, counts: bool
) -> None:
    assert counts_as_change(MUSIC, change, str(MUSIC / relative)) is counts


def test_a_folder_added_counts_whatever_its_name(tmp_path: Path) -> None:
    (tmp_path / "R.E.M. - Murmur").mkdir()
    (tmp_path / "R.E.M. - Murmur.txt").write_text("not a folder")

    assert counts_as_change(tmp_path, Change.added, str(tmp_path / "R.E.M. - Murmur"))
    assert not counts_as_change(tmp_path, Change.added, str(tmp_path / "R.E.M. - Murmur.txt"))
    assert not counts_as_change(tmp_path, Change.added, "/elsewhere/01.flac")


async def test_an_album_moved_in_is_listed_and_once_deleted_tombstoned(
    http: httpx.AsyncClient, music_dir: Path, tmp_path: Path
) -> None:
    # a scan finding the folder empty stops before it deletes: the library keeps one album
    shutil.move(make_album(tmp_path / "incoming", 1, name="Kept"), music_dir / "Kept")

    async def kept_listed() -> bool:
        return await titles_since(http, "1970-01-01") == {"Kept 1"}

    await until(kept_listed, what="the album kept listed", within=10)
    since = await watermark(http)
    album = make_album(tmp_path / "incoming", 3)

    shutil.move(album, music_dir / "Album")  # one event, for the folder alone

    expected = {"Album 1", "Album 2", "Album 3"}

    async def listed_since() -> bool:  # with Kept 1 too when stamped within the same second
        return expected <= await titles_since(http, since)

    await until(listed_since, what="the album's songs listed", within=10)
    songs = await listed(http, "songs", updated_since=since)
    ids = {song["id"] for song in songs if song["title"] in expected}

    shutil.rmtree(music_dir / "Album")

    async def tombstoned() -> bool:
        return set((await deleted(http, since)).get("songs", [])) == ids

    await until(tombstoned, what="the album's songs tombstoned", within=10)
    assert [song["title"] for song in await listed(http, "songs")] == ["Kept 1"]


async def test_an_album_copied_in_file_by_file_makes_one_scan(
    http: httpx.AsyncClient, watched: LiveServer, music_dir: Path, tmp_path: Path
) -> None:
    since = await watermark(http)
    album = make_album(tmp_path / "incoming", 12)

    shutil.copytree(album, music_dir / "Album")

    async def all_listed_and_idle() -> bool:
        return len(await titles_since(http, since)) == 12 and watch_of(watched).is_idle

    await until(all_listed_and_idle, what="the twelve songs listed", within=10)
    assert [run.status for run in await ScanRun.all()] == ["succeeded"]
    assert not (await ScanRun.get()).full


async def test_changes_during_a_scan_make_exactly_one_more_scan_after_it(
    http: httpx.AsyncClient, watched: LiveServer, music_dir: Path
) -> None:
    fake = steer_scans(watched.app.state.services)
    make_song(music_dir, "A/01.wav", audio=1)
    await asyncio.wait_for(fake.halfway.wait(), 10)

    for number in range(2, 6):  # while the first scan runs
        make_song(music_dir, f"A/{number:02d}.wav", audio=number)
    await until(lambda: watch_of(watched).change_waiting, what="the changes noticed")
    fake.release()

    await until(lambda: watch_of(watched).is_idle, what="the watch settling")
    assert len(fake.calls) == 2
    assert await ScanRun.all().count() == 2


async def test_a_music_folder_missing_at_start_is_watched_once_it_is_there(
    settings: Settings, tmp_path: Path
) -> None:
    assert settings.music_dir is not None
    async with live_server(settings) as server:
        admin = await make_account("ann", is_admin=True)
        async with httpx.AsyncClient(base_url=server.url, headers=admin.headers) as http:
            assert (await http.get("/healthz")).status_code == 200
            assert not watch_of(server).watching

            shutil.move(make_album(tmp_path / "incoming", 2), settings.music_dir)

            async def listed_() -> bool:
                return len(await listed(http, "songs")) == 2

            await until(listed_, what="the songs of the folder that appeared", within=15)


async def test_one_watch_per_database_watches_and_another_takes_over_and_scans_when_it_stops(
    settings: Settings, music_dir: Path
) -> None:
    async with running_app(replace(settings, library_watch=False)) as app:
        scans = app.state.services.library_scan

        def a_watch() -> LibraryWatch:
            lock = watch_lock_for(settings.database_url)
            return LibraryWatch(
                music_dir, scans, lock, quiet_seconds=QUIET, lock_retry_seconds=0.05
            )

        first, second = a_watch(), a_watch()
        first_task = asyncio.create_task(first.run())
        await until(lambda: first.watching, what="the first watch watching")
        second_task = asyncio.create_task(second.run())
        try:
            await until(lambda: second.standing_by, what="the second watch standing by")
            assert not second.watching

            first_task.cancel()
            await asyncio.gather(first_task, return_exceptions=True)
            await until(lambda: second.watching, what="the second watch taking over")

            async def scanned_on_taking_over() -> bool:  # changes may have gone unwatched
                return [run.status for run in await ScanRun.all()] == ["succeeded"]

            await until(scanned_on_taking_over, what="a scan by the watch taking over")
        finally:
            second_task.cancel()
            await asyncio.gather(second_task, return_exceptions=True)

        lock = watch_lock_for(settings.database_url)
        assert await lock.try_acquire(), "a watch that stops lets go of its lock"
        await lock.release()


async def test_a_music_folder_that_vanishes_keeps_its_songs_and_is_watched_again_when_back(
    http: httpx.AsyncClient, watched: LiveServer, music_dir: Path, tmp_path: Path
) -> None:
    shutil.move(make_album(tmp_path / "incoming", 2), music_dir / "Album")

    async def listed_() -> bool:
        return len(await listed(http, "songs")) == 2

    await until(listed_, what="the album listed", within=10)
    before = await listed(http, "songs")
    shutil.move(music_dir, tmp_path / "unmounted")  # a drive going away

    await until(lambda: not watch_of(watched).watching, what="the watch missing the folder")
    make_album(tmp_path / "unmounted", 1, name="Later")
    shutil.move(tmp_path / "unmounted", music_dir)  # and coming back, with one album more

    async def the_later_album_listed() -> bool:
        return {song["title"] for song in await listed(http, "songs")} == {
            "Album 1",
            "Album 2",
            "Later 1",
        }

    await until(the_later_album_listed, what="the folder scanned once back", within=15)
    after = {song["title"]: song["id"] for song in await listed(http, "songs")}
    assert {song["title"]: song["id"] for song in before}.items() <= after.items()
    assert (await deleted(http)).get("songs") == []


async def lose_the_lock(watch: LibraryWatch) -> None:
    """As a PostgreSQL restart does: the session holding the lock is gone. On SQLite an
    flock lasts while its file is open, so the lock can only go by closing it."""
    if not databases.using_postgres():
        await watch.lock.release()
        return
    await Tortoise.get_connection("default").execute_query(
        "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
        " AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = $1",
        [ADVISORY_LOCK_KEY],
    )


async def test_a_watch_that_loses_its_lock_stops_watching_takes_it_again_and_scans(
    settings: Settings, music_dir: Path, tmp_path: Path
) -> None:
    async with running_app(replace(settings, library_watch=False)) as app:
        lock = watch_lock_for(settings.database_url)
        watch = LibraryWatch(
            music_dir,
            app.state.services.library_scan,
            lock,
            quiet_seconds=QUIET,
            lock_retry_seconds=0.05,
        )
        task = asyncio.create_task(watch.run())
        try:
            await until(lambda: watch.watching, what="the watch watching")

            await lose_the_lock(watch)

            await until(
                lambda: watch.times_locked == 2 and watch.watching, what="the lock taken again"
            )
            shutil.move(make_album(tmp_path / "incoming", 2), music_dir / "Album")

            async def scanned() -> bool:
                runs = await ScanRun.all()
                return [(run.status, run.new_songs) for run in runs] == [("succeeded", 2)]

            await until(scanned, what="the album scanned", within=10)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
