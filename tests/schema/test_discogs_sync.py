"""The Discogs sync in GraphQL: the discogsSync subscription on both websocket protocols,
startDiscogsSync and discogsSyncRuns."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import AsyncIterator

import httpx
import pytest
import websockets

from tests import live_discogs
from tests.conftest import Account
from tests.fakes.discogs_server import FakeDiscogs
from tests.servers import LiveServer
from tests.streams import (
    DISCOGS_SYNC_SUBSCRIPTION,
    LEGACY_WS,
    SUBPROTOCOLS,
    TRANSPORT_WS,
    as_sse_shape,
    expect_ack,
    follow_subscription,
    graphql_ws,
    receive,
    sse_sync,
    start,
    sync_over_ws,
)
from tests.sync_scenario import COLLECTION_PATH, build_scenario
from wax.models import SyncRun
from wax.schema.safety import MAX_SUBSCRIPTIONS_PER_CONNECTION

# a live server talking to the fake Discogs, and accounts made once it is up
admin = live_discogs.admin
member = live_discogs.member
settings = live_discogs.settings


@pytest.fixture
async def http(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        yield client


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_the_subscription_follows_a_sync_to_done_on_either_protocol(
    server: LiveServer, admin: Account, fake_discogs: FakeDiscogs, protocol: str
) -> None:
    scenario = await build_scenario(fake_discogs)

    updates = await sync_over_ws(server.ws_url, admin.token, protocol)

    assert updates[0]["phase"] == "PULL"
    assert [u["phase"] for u in updates].count("DONE") == 1
    assert updates[-1] == {
        "phase": "DONE",
        "pulled": scenario.expected_pulled,
        "pushed": scenario.expected_pushed,
        "skipped": scenario.expected_skipped,
        "errors": [],
        "totalDiscogsItems": 250,
    }


@pytest.mark.parametrize("token", ["wax_not-a-token", None], ids=["bad token", "no token"])
async def test_without_a_good_token_graphql_transport_ws_closes_before_any_subscription(
    server: LiveServer, fake_discogs: FakeDiscogs, token: str | None
) -> None:
    fake_discogs.generate_collection(5)
    async with graphql_ws(server.ws_url, token, TRANSPORT_WS) as ws:
        await start(ws, TRANSPORT_WS, "1", DISCOGS_SYNC_SUBSCRIPTION)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4403
    assert fake_discogs.count() == 0
    assert await SyncRun.all().count() == 0


@pytest.mark.parametrize("token", ["wax_not-a-token", None], ids=["bad token", "no token"])
async def test_without_a_good_token_legacy_graphql_ws_refuses_before_any_subscription(
    server: LiveServer, fake_discogs: FakeDiscogs, token: str | None
) -> None:
    fake_discogs.generate_collection(5)
    async with graphql_ws(server.ws_url, token, LEGACY_WS) as ws:
        await start(ws, LEGACY_WS, "1", DISCOGS_SYNC_SUBSCRIPTION)  # not waiting for an answer
        refusal = await receive(ws)
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await receive(ws)
    assert refusal == {"type": "connection_error", "payload": {"message": "Unauthenticated."}}
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1011
    assert fake_discogs.count() == 0
    assert await SyncRun.all().count() == 0


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_a_member_who_is_not_an_admin_gets_an_error_and_no_sync(
    server: LiveServer, member: Account, fake_discogs: FakeDiscogs, protocol: str
) -> None:
    async with graphql_ws(server.ws_url, member.token, protocol) as ws:
        await expect_ack(ws)
        await start(ws, protocol, "1", DISCOGS_SYNC_SUBSCRIPTION)
        payloads, errors = await follow_subscription(ws)

    messages = json.dumps([payloads, errors])
    assert "Only an admin may sync with Discogs." in messages
    assert fake_discogs.count() == 0
    assert await SyncRun.all().count() == 0


async def test_sse_and_websocket_watchers_started_together_share_one_sync(
    server: LiveServer, http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    await build_scenario(fake_discogs)
    fake_discogs.set_latency(0.2, path=COLLECTION_PATH)

    async def over_sse() -> dict[str, object]:
        return (await sse_sync(http, admin.headers))[-1]

    sse_final, transport_updates, legacy_updates = await asyncio.gather(
        over_sse(),
        sync_over_ws(server.ws_url, admin.token, TRANSPORT_WS),
        sync_over_ws(server.ws_url, admin.token, LEGACY_WS),
    )

    assert as_sse_shape(transport_updates[-1]) == sse_final
    assert as_sse_shape(legacy_updates[-1]) == sse_final
    assert sse_final["pulled"] == 243
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert await SyncRun.all().count() == 1


START = "mutation { startDiscogsSync { id status startedAt finishedAt progress { phase pulled } } }"
RUNS = (
    "query($first: Int) { discogsSyncRuns(first: $first) { id status finishedAt progress {"
    " phase pulled pushed skipped errors totalDiscogsItems } } }"
)


async def test_start_discogs_sync_returns_the_run_that_discogs_sync_runs_then_lists(
    http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(30)
    fake_discogs.set_latency(0.2, path=COLLECTION_PATH)

    started = (await http.post("/graphql", json={"query": START}, headers=admin.headers)).json()
    run = started["data"]["startDiscogsSync"]
    assert (run["status"], run["finishedAt"], run["progress"]["phase"]) == ("running", None, "PULL")
    again = (await http.post("/graphql", json={"query": START}, headers=admin.headers)).json()
    assert again["data"]["startDiscogsSync"]["id"] == run["id"]  # attached, not a second one

    await sse_sync(http, admin.headers)
    listed = (await http.post("/graphql", json={"query": RUNS}, headers=admin.headers)).json()

    assert listed["data"]["discogsSyncRuns"] == [
        {
            "id": run["id"],
            "status": "succeeded",
            "finishedAt": listed["data"]["discogsSyncRuns"][0]["finishedAt"],
            "progress": {
                "phase": "DONE",
                "pulled": 30,
                "pushed": 0,
                "skipped": 0,
                "errors": [],
                "totalDiscogsItems": 30,
            },
        }
    ]
    assert listed["data"]["discogsSyncRuns"][0]["finishedAt"] is not None


async def test_discogs_sync_runs_lists_the_newest_first_and_only_as_many_as_asked(
    http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    for _ in range(3):
        await sse_sync(http, admin.headers)
    runs = await SyncRun.all().order_by("-started_at")

    body = {"query": RUNS, "variables": {"first": 2}}
    listed = (await http.post("/graphql", json=body, headers=admin.headers)).json()

    assert [r["id"] for r in listed["data"]["discogsSyncRuns"]] == [str(r.id) for r in runs[:2]]
    too_many = {"query": RUNS, "variables": {"first": 1000}}
    refused = (await http.post("/graphql", json=too_many, headers=admin.headers)).json()
    assert refused["errors"][0]["message"] == "first must be between 1 and 100."


@pytest.mark.parametrize("query", [START, RUNS], ids=["startDiscogsSync", "discogsSyncRuns"])
async def test_only_admins_may_start_or_list_syncs(
    http: httpx.AsyncClient, member: Account, fake_discogs: FakeDiscogs, query: str
) -> None:
    answer = (await http.post("/graphql", json={"query": query}, headers=member.headers)).json()

    assert answer["errors"][0]["message"] == "Only an admin may sync with Discogs."
    assert fake_discogs.count() == 0
    assert await SyncRun.all().count() == 0


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_one_connection_may_follow_only_so_many_syncs_at_once(
    server: LiveServer, admin: Account, fake_discogs: FakeDiscogs, protocol: str
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.5, path=COLLECTION_PATH)  # every subscription stays open
    cap = MAX_SUBSCRIPTIONS_PER_CONNECTION
    async with graphql_ws(server.ws_url, admin.token, protocol) as ws:
        await expect_ack(ws)
        for n in range(cap + 1):
            await start(ws, protocol, str(n), DISCOGS_SYNC_SUBSCRIPTION)
        first_answers: dict[str, dict[str, object]] = {}
        while len(first_answers) < cap + 1:
            message = await receive(ws)
            if "id" in message:
                first_answers.setdefault(message["id"], message)

        refused = {i: m for i, m in first_answers.items() if m["type"] == "error"}
        assert list(refused) == [str(cap)]
        assert "Subscription limit reached" in json.dumps(refused[str(cap)]["payload"])

        # one stopped frees its place for another
        stop = "complete" if protocol == TRANSPORT_WS else "stop"
        await ws.send(json.dumps({"id": "0", "type": stop}))
        deadline = asyncio.get_running_loop().time() + 10
        for attempt in itertools.count():  # until the server has let go of the stopped one
            again = f"again-{attempt}"
            await start(ws, protocol, again, DISCOGS_SYNC_SUBSCRIPTION)
            while (message := await receive(ws)).get("id") != again:
                pass
            if message["type"] in ("next", "data"):
                break
            assert "Subscription limit reached" in json.dumps(message["payload"]), message
            assert asyncio.get_running_loop().time() < deadline, "the stopped one kept its place"
    assert fake_discogs.count("GET", COLLECTION_PATH) <= 3  # one sync for all of them


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_the_subscription_sends_each_progress_once_the_first_one_included(
    server: LiveServer, admin: Account, fake_discogs: FakeDiscogs, protocol: str
) -> None:
    await build_scenario(fake_discogs)

    updates = await sync_over_ws(server.ws_url, admin.token, protocol)

    assert updates[0]["phase"] == "PULL"
    assert [a for a, b in itertools.pairwise(updates) if a == b] == []
