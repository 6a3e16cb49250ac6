"""Subscription clients no one here wrote follow discogsSync to its end, on both protocols:
graphql-ws and subscriptions-transport-ws from npm, and the Python gql client."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from gql import Client, gql
from gql.transport.websockets import WebsocketsTransport

from tests.conftest import Account, make_account
from tests.fakes.discogs_server import FakeDiscogs
from tests.nodejs import NodeResult
from tests.servers import LiveServer
from tests.streams import DISCOGS_SYNC_SUBSCRIPTION, SUBPROTOCOLS
from tests.sync_scenario import COLLECTION_PATH, Scenario, build_scenario
from wax.settings import Settings

RunNode = Callable[..., Awaitable[NodeResult]]


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.fixture
async def admin(server: LiveServer) -> Account:
    return await make_account("ann", is_admin=True)


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
@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_the_npm_reference_client_of_each_protocol_follows_discogs_sync(
    server: LiveServer, admin: Account, scenario: Scenario, run_node: RunNode, protocol: str
) -> None:
    result = await run_node(
        "discogs_sync_subscription.cjs", server, admin.token, env={"WAX_PROTOCOL": protocol}
    )
    report = result.report()

    assert report["protocol"] == protocol
    assert report["errors"] == []
    assert_followed_to_the_end(report["updates"], scenario)


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
