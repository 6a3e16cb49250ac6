"""Subscription clients no one here wrote follow discogsSync to its end, on both protocols:
from npm graphql-ws (graphql-transport-ws) and subscriptions-transport-ws (the legacy
graphql-ws protocol, which the graphql-ws package does not speak), and the Python gql client
on each protocol."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from tests import live_discogs
from tests.conftest import Account
from tests.fakes.discogs_server import FakeDiscogs
from tests.nodejs import NodeResult
from tests.servers import LiveServer
from tests.streams import DISCOGS_SYNC_SUBSCRIPTION, LEGACY_WS, SUBPROTOCOLS
from tests.sync_scenario import COLLECTION_PATH, Scenario, build_scenario
from wax.models import SyncRun

# a live server talking to the fake Discogs, and accounts made once it is up
admin = live_discogs.admin
settings = live_discogs.settings

RunNode = Callable[..., Awaitable[NodeResult]]


@pytest.fixture
async def scenario(server: LiveServer, fake_discogs: FakeDiscogs) -> Scenario:
    scenario = await build_scenario(fake_discogs, collection_size=120)
    fake_discogs.set_latency(0.1, path=COLLECTION_PATH)  # so there is progress to follow
    return scenario


def assert_followed_to_the_end(updates: list[dict[str, Any]], scenario: Scenario) -> None:
    assert updates[0]["phase"] == "PULL"
    assert [u["phase"] for u in updates].count("DONE") == 1
    assert updates[-1] == {
        "phase": "DONE",
        "pulled": scenario.expected_pulled,
        "pushed": scenario.expected_pushed,
        "skipped": scenario.expected_skipped,
        "errors": [],
        "totalDiscogsItems": scenario.collection_size,
    }


@pytest.mark.slow
async def test_the_graphql_ws_client_from_npm_follows_discogs_sync(
    server: LiveServer, admin: Account, scenario: Scenario, run_node: RunNode
) -> None:
    env = {"WAX_QUERY": DISCOGS_SYNC_SUBSCRIPTION}
    result = await run_node("graphql_ws_subscribe.cjs", server, admin.token, env=env)
    report = result.report()

    assert (report["completed"], report["errors"]) == (True, [])
    assert_followed_to_the_end([event["discogsSync"] for event in report["events"]], scenario)


@pytest.mark.slow
async def test_the_legacy_subscriptions_transport_ws_client_from_npm_follows_discogs_sync(
    server: LiveServer, admin: Account, scenario: Scenario, run_node: RunNode
) -> None:
    env = {"WAX_QUERY": DISCOGS_SYNC_SUBSCRIPTION}
    result = await run_node("legacy_ws_subscribe.cjs", server, admin.token, env=env)
    report = result.report()

    assert report["protocol"] == LEGACY_WS
    assert (report["completed"], report["errors"]) == (True, [])
    assert_followed_to_the_end([event["discogsSync"] for event in report["events"]], scenario)


@pytest.mark.slow
async def test_the_legacy_client_from_npm_with_a_bad_token_is_refused(
    server: LiveServer, scenario: Scenario, run_node: RunNode
) -> None:
    env = {"WAX_QUERY": DISCOGS_SYNC_SUBSCRIPTION, "WAX_TOKEN": "wax_not_a_token"}
    report = (await run_node("legacy_ws_subscribe.cjs", server, env=env)).report()

    assert report["events"] == []
    assert report["errors"] == [{"message": "Unauthenticated."}]
    assert await SyncRun.all().count() == 0


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_the_python_gql_client_follows_discogs_sync(
    server: LiveServer, admin: Account, scenario: Scenario, protocol: str
) -> None:
    transport = WebsocketsTransport(
        url=f"{server.ws_url}/graphql",
        init_payload={"authorization": f"Bearer {admin.token}"},
        subprotocols=[protocol],
    )
    updates: list[dict[str, Any]] = []
    async with Client(transport=transport) as session:
        async for result in session.subscribe(gql(DISCOGS_SYNC_SUBSCRIPTION)):
            updates.append(result["discogsSync"])

    assert transport.subprotocol == protocol
    assert_followed_to_the_end(updates, scenario)
