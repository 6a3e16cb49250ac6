"""The library scan in GraphQL: startLibraryScan, libraryScans, and the libraryScan
subscription on both websocket protocols."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.conftest import Account, make_account
from tests.music import make_song
from tests.scans import FINAL, FakeScan, settings, steer_scans
from tests.servers import LiveServer
from tests.streams import SUBPROTOCOLS, expect_ack, follow_subscription, graphql_ws, receive
from tests.waiting import until
from wax.models import ScanRun

__all__ = ["settings"]

SUBSCRIPTION = """
subscription($full: Boolean) { libraryScan(full: $full) {
  scanId status totalFiles scannedFiles newSongs updatedSongs removedSongs errors } }
"""
START = """
mutation($full: Boolean) { startLibraryScan(full: $full) {
  id status full totalFiles scannedFiles newSongs updatedSongs removedSongs errors
  startedAt finishedAt } }
"""
SCANS = """
query($first: Int) { libraryScans(first: $first) {
  id status full totalFiles scannedFiles newSongs updatedSongs removedSongs errors
  startedAt finishedAt } }
"""


@pytest.fixture
async def admin(server: LiveServer) -> Account:
    return await make_account("ann", is_admin=True)


@pytest.fixture
async def member(server: LiveServer, admin: Account) -> Account:
    return await make_account("bob", is_admin=False)


@pytest.fixture
def fake(server: LiveServer) -> FakeScan:
    return steer_scans(server.app.state.services)


@pytest.fixture
async def http(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        yield client


async def graphql(
    http: httpx.AsyncClient, account: Account, query: str, **variables: object
) -> dict[str, Any]:
    body = {"query": query, "variables": variables}
    answer = await http.post("/graphql", json=body, headers=account.headers)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def subscribe(
    server: LiveServer,
    account: Account,
    protocol: str,
    full: bool = False,
    *,
    following: asyncio.Event | None = None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every payload of libraryScan to its end; `following` is set at the first one."""
    async with graphql_ws(server.ws_url, account.token, protocol) as ws:
        await expect_ack(ws)
        kind = "subscribe" if protocol == "graphql-transport-ws" else "start"
        payload = {"query": SUBSCRIPTION, "variables": {"full": full}}
        await ws.send(json.dumps({"id": "1", "type": kind, "payload": payload}))
        if following is None:
            return await follow_subscription(ws)
        first = await receive(ws)
        while first.get("id") != "1":  # a keep-alive
            first = await receive(ws)
        following.set()
        payloads, errors = await follow_subscription(ws)
        return [first["payload"], *payloads], errors


def progress_of(payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert all("errors" not in p for p in payloads), payloads
    return [p["data"]["libraryScan"] for p in payloads]


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_the_subscription_starts_a_scan_and_follows_it_to_done(
    server: LiveServer, admin: Account, fake: FakeScan, protocol: str
) -> None:
    following = asyncio.create_task(subscribe(server, admin, protocol, full=True))
    await fake.halfway.wait()
    fake.release()
    payloads, errors = await following

    assert errors == []
    updates = progress_of(payloads)
    run = await ScanRun.get()
    assert {u["scanId"] for u in updates} == {str(run.id)}
    assert updates[0]["status"] == "SCANNING"
    assert [u["status"] for u in updates].count("DONE") == 1
    assert updates[-1] == {
        "scanId": str(run.id),
        "status": "DONE",
        "totalFiles": FINAL.total_files,
        "scannedFiles": FINAL.scanned_files,
        "newSongs": FINAL.new_songs,
        "updatedSongs": FINAL.updated_songs,
        "removedSongs": 0,
        "errors": [],
    }
    assert (run.status, run.full) == ("succeeded", True)


async def test_subscribers_and_the_mutation_share_the_scan_running(
    server: LiveServer, http: httpx.AsyncClient, admin: Account, fake: FakeScan
) -> None:
    started = (await graphql(http, admin, START))["data"]["startLibraryScan"]
    assert (started["status"], started["full"], started["finishedAt"]) == ("running", False, None)
    await fake.halfway.wait()

    following = [asyncio.Event() for _ in SUBPROTOCOLS]
    followers = [
        asyncio.create_task(subscribe(server, admin, protocol, full=True, following=event))
        for protocol, event in zip(SUBPROTOCOLS, following, strict=True)
    ]
    await asyncio.gather(*(event.wait() for event in following))
    again = (await graphql(http, admin, START, full=True))["data"]["startLibraryScan"]
    assert again["id"] == started["id"]  # attached, whatever its full
    fake.release()
    results = await asyncio.gather(*followers)

    for payloads, errors in results:
        assert errors == []
        assert progress_of(payloads)[-1]["scanId"] == started["id"]
        assert progress_of(payloads)[-1]["status"] == "DONE"
    assert len(fake.calls) == 1
    assert await ScanRun.all().count() == 1


async def test_library_scans_lists_the_newest_first_and_only_as_many_as_asked(
    http: httpx.AsyncClient, admin: Account, fake: FakeScan
) -> None:
    fake.release()
    ids = []
    for full in (False, True, False):
        ids.append((await graphql(http, admin, START, full=full))["data"]["startLibraryScan"]["id"])
        await until_ended(ids[-1])

    listed = (await graphql(http, admin, SCANS, first=2))["data"]["libraryScans"]

    assert [scan["id"] for scan in listed] == ids[::-1][:2]
    newest = listed[0]
    assert newest["status"] == "succeeded"
    assert (newest["newSongs"], newest["updatedSongs"], newest["full"]) == (2, 1, False)
    assert listed[1]["full"] is True
    assert newest["finishedAt"] is not None
    everything = (await graphql(http, admin, SCANS))["data"]["libraryScans"]
    assert len(everything) == 3
    refused = await graphql(http, admin, SCANS, first=1000)
    assert refused["errors"][0]["message"] == "first must be between 1 and 100."
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def until_ended(run_id: str) -> None:
    async def ended() -> bool:
        return (await ScanRun.get(id=run_id)).status != "running"

    await until(ended, what="the scan ending")


@pytest.mark.parametrize("query", [START, SCANS], ids=["startLibraryScan", "libraryScans"])
async def test_only_admins_may_start_or_list_scans(
    http: httpx.AsyncClient, member: Account, fake: FakeScan, query: str
) -> None:
    answer = await graphql(http, member, query)

    assert answer["data"] is None
    assert answer["errors"][0]["message"] == "Only an admin may scan the music library."
    assert answer["errors"][0]["extensions"] == {"code": "FORBIDDEN"}
    assert await ScanRun.all().count() == 0


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_a_member_who_subscribes_gets_an_error_and_no_scan(
    server: LiveServer, member: Account, fake: FakeScan, protocol: str
) -> None:
    payloads, errors = await subscribe(server, member, protocol)

    messages = json.dumps([payloads, errors])
    assert "Only an admin may scan the music library." in messages
    assert "FORBIDDEN" in messages
    assert fake.calls == []
    assert await ScanRun.all().count() == 0


@pytest.mark.parametrize("settings", [{"music_dir": None}], indirect=True)
async def test_without_a_music_folder_the_mutation_says_so(
    http: httpx.AsyncClient, admin: Account, fake: FakeScan
) -> None:
    answer = await graphql(http, admin, START)

    assert answer["errors"][0]["message"] == "The library scan needs WAX_MUSIC_DIR: it is not set."
    assert answer["errors"][0]["extensions"] == {"code": "MUSIC_FOLDER_NOT_CONFIGURED"}
    assert await ScanRun.all().count() == 0


@pytest.mark.parametrize("settings", [{"music_dir": None}], indirect=True)
@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_without_a_music_folder_the_subscription_says_so(
    server: LiveServer, admin: Account, fake: FakeScan, protocol: str
) -> None:
    payloads, errors = await subscribe(server, admin, protocol)

    messages = json.dumps([payloads, errors])
    assert "The library scan needs WAX_MUSIC_DIR: it is not set." in messages
    assert "MUSIC_FOLDER_NOT_CONFIGURED" in messages
    assert fake.calls == []
    assert await ScanRun.all().count() == 0


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_the_subscription_scans_a_real_folder_to_done(
    server: LiveServer, admin: Account, protocol: str
) -> None:
    music_dir = server.app.state.services.settings.music_dir
    for n in range(3):
        make_song(music_dir, f"Band/Album/{n:02} Song.ogg", audio=n, title=f"Song {n}")

    payloads, errors = await subscribe(server, admin, protocol)

    assert errors == []
    updates = progress_of(payloads)
    assert updates[-1]["status"] == "DONE"
    assert (updates[-1]["newSongs"], updates[-1]["totalFiles"]) == (3, 3)
    assert [u["status"] for u in updates].count("DONE") == 1
    run = await ScanRun.get()
    assert (run.status, str(run.id)) == ("succeeded", updates[-1]["scanId"])
