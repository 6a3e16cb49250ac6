"""The library scan's admin routes: POST /api/v1/admin/library/scan and .../scan/status."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import pytest
from starlette.applications import Starlette

from tests.conftest import Account, asgi_client
from tests.music import make_song
from tests.rest_compat.openapi_check import assert_documented
from tests.scans import FINAL, HALFWAY, FakeScan, settings, steer_scans
from tests.waiting import until
from wax.models import ScanRun, Song
from wax.services import Services

__all__ = ["settings"]

SCAN = "/api/v1/admin/library/scan"
STATUS = "/api/v1/admin/library/scan/status"


@pytest.fixture
def fake(services: Services) -> FakeScan:
    return steer_scans(services)


@pytest.fixture
async def http(app: Starlette, admin: Account) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, admin) as client:
        yield client


async def scan_ended(run_id: str) -> None:
    async def ended() -> bool:
        return (await ScanRun.get(id=run_id)).status != "running"

    await until(ended, what="the scan ending")


async def test_a_scan_starts_with_202_and_its_job_id(
    http: httpx.AsyncClient, fake: FakeScan, services: Services
) -> None:
    answer = await http.post(SCAN)

    assert answer.status_code == 202
    assert_documented(answer)
    run = await ScanRun.get()
    assert answer.json() == {
        "data": {"job_id": str(run.id), "status": "started", "attached": False}
    }
    fake.release()
    await scan_ended(str(run.id))
    assert fake.calls == [(services.settings.music_dir, False)]
    assert (await ScanRun.get()).status == "succeeded"


@pytest.mark.parametrize(("body", "full"), [({"force": True}, True), ({"force": False}, False)])
async def test_force_asks_for_a_full_scan(
    http: httpx.AsyncClient, fake: FakeScan, body: dict[str, bool], full: bool
) -> None:
    answer = await http.post(SCAN, json=body)
    fake.release()

    assert answer.status_code == 202
    await scan_ended(answer.json()["data"]["job_id"])
    assert [called_full for _, called_full in fake.calls] == [full]
    assert (await ScanRun.get()).full is full


async def test_a_scan_already_running_is_attached_to_not_started_twice(
    http: httpx.AsyncClient, fake: FakeScan
) -> None:
    first = await http.post(SCAN)
    second = await http.post(SCAN, json={"force": True})  # attached, whatever its force

    assert second.status_code == 202
    assert_documented(second)
    assert second.json()["data"] == {
        "job_id": first.json()["data"]["job_id"],
        "status": "started",
        "attached": True,
    }
    assert await ScanRun.all().count() == 1
    fake.release()
    await scan_ended(first.json()["data"]["job_id"])
    assert len(fake.calls) == 1


async def test_the_status_is_idle_then_the_scan_running_then_idle(
    http: httpx.AsyncClient, fake: FakeScan
) -> None:
    idle = await http.get(STATUS)
    assert (idle.status_code, idle.json()) == (200, {"data": {"status": "idle"}})
    assert_documented(idle)

    job_id = (await http.post(SCAN)).json()["data"]["job_id"]
    await fake.halfway.wait()
    scanning = await http.get(STATUS)

    assert scanning.status_code == 200
    assert_documented(scanning)
    data = scanning.json()["data"]
    run = await ScanRun.get()
    assert data == {
        "status": "scanning",
        "progress": HALFWAY.as_json(),
        "started_at": data["started_at"],
        "job_id": job_id,
    }
    assert datetime.fromisoformat(data["started_at"]) == run.started_at.replace(microsecond=0)
    fake.release()
    await scan_ended(job_id)
    assert (await http.get(STATUS)).json() == {"data": {"status": "idle"}}
    assert (await ScanRun.get()).new_songs == FINAL.new_songs


@pytest.mark.parametrize(
    ("content", "status", "expected"),
    [
        (b"{not json", 400, {"message": "The request body is not valid JSON."}),
        (b"[true]", 400, {"message": "The request body must be a JSON object."}),
        (
            b'{"force": "yes"}',
            422,
            {
                "message": "The force field must be true or false.",
                "errors": {"force": ["The force field must be true or false."]},
            },
        ),
        (
            b'{"force": 1}',
            422,
            {
                "message": "The force field must be true or false.",
                "errors": {"force": ["The force field must be true or false."]},
            },
        ),
    ],
    ids=["not JSON", "not an object", "force a string", "force a number"],
)
async def test_a_bad_body_is_refused_and_starts_nothing(
    http: httpx.AsyncClient,
    fake: FakeScan,
    content: bytes,
    status: int,
    expected: dict[str, object],
) -> None:
    answer = await http.post(SCAN, content=content, headers={"Content-Type": "application/json"})

    assert (answer.status_code, answer.json()) == (status, expected)
    assert_documented(answer)
    assert await ScanRun.all().count() == 0
    assert fake.calls == []


@pytest.mark.parametrize(("method", "path"), [("POST", SCAN), ("GET", STATUS)])
async def test_a_member_who_is_not_an_admin_is_refused(
    app: Starlette, member: Account, fake: FakeScan, method: str, path: str
) -> None:
    async with asgi_client(app, member) as client:
        answer = await client.request(method, path)

    assert answer.status_code == 403
    assert_documented(answer)
    assert answer.json() == {
        "error": "forbidden",
        "message": "Only an admin may scan the music library.",
    }
    assert await ScanRun.all().count() == 0


async def test_without_a_token_the_routes_answer_401(app: Starlette, fake: FakeScan) -> None:
    async with asgi_client(app) as client:
        for method, path in (("POST", SCAN), ("GET", STATUS)):
            answer = await client.request(method, path)
            assert (answer.status_code, answer.json()) == (401, {"message": "Unauthenticated."})
    assert await ScanRun.all().count() == 0


@pytest.mark.parametrize("settings", [{"music_dir": None}], indirect=True)
async def test_without_a_music_folder_the_scan_answers_503_music_folder_not_configured(
    http: httpx.AsyncClient, fake: FakeScan
) -> None:
    answer = await http.post(SCAN, json={"force": True})

    assert answer.status_code == 503
    assert_documented(answer)
    assert answer.json() == {
        "error": "music_folder_not_configured",
        "message": "The library scan needs WAX_MUSIC_DIR: it is not set.",
    }
    assert await ScanRun.all().count() == 0
    assert (await http.get(STATUS)).json() == {"data": {"status": "idle"}}


async def test_a_real_folder_is_scanned_into_the_library(
    http: httpx.AsyncClient, services: Services
) -> None:
    music_dir = services.settings.music_dir
    assert music_dir is not None
    make_song(music_dir, "Band/Album/01 One.flac", audio=1, title="One", artist="Band")
    make_song(music_dir, "Band/Album/02 Two.mp3", audio=2, title="Two", artist="Band")

    job_id = (await http.post(SCAN)).json()["data"]["job_id"]
    await scan_ended(job_id)

    assert (await http.get(STATUS)).json() == {"data": {"status": "idle"}}
    songs = (await http.get("/api/v1/songs")).json()["data"]
    assert sorted(s["title"] for s in songs) == ["One", "Two"]
    assert sorted(await Song.all().values_list("path", flat=True)) == [
        "Band/Album/01 One.flac",
        "Band/Album/02 Two.mp3",
    ]
    run = await ScanRun.get(id=job_id)
    assert (run.status, run.new_songs, run.total_files, run.errors) == ("succeeded", 2, 2, [])
