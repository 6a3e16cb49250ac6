"""Websocket safety on a real server: whose pages may connect, and how much one connection may ask."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import InvalidStatus
from websockets.typing import Origin, Subprotocol

from tests.conftest import Account, make_account
from tests.schema.toy import SECRET
from tests.servers import LiveServer, live_server
from wax.schema.safety import MAX_SUBSCRIPTIONS_PER_CONNECTION
from wax.settings import Settings

ALLOWED = "https://records.example"
TRANSPORT_WS = Subprotocol("graphql-transport-ws")
LEGACY_WS = Subprotocol("graphql-ws")


@pytest.fixture
async def guarded(settings: Settings) -> AsyncIterator[tuple[LiveServer, Account]]:
    """wax started with WAX_ALLOWED_ORIGINS naming one origin."""
    origins = Settings.from_environ({"WAX_ALLOWED_ORIGINS": f"{ALLOWED}/"}).allowed_origins
    async with live_server(dataclasses.replace(settings, allowed_origins=origins)) as server:
        yield server, await make_account("ann", is_admin=True)


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await ws.recv())
    return message


async def acknowledged(ws: ClientConnection, account: Account) -> bool:
    await ws.send(
        json.dumps(
            {"type": "connection_init", "payload": {"authorization": f"Bearer {account.token}"}}
        )
    )
    return (await receive(ws))["type"] == "connection_ack"


async def test_a_page_from_a_foreign_origin_cannot_open_a_websocket(
    guarded: tuple[LiveServer, Account],
) -> None:
    server, _ = guarded
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"{server.ws_url}/graphql",
            origin=Origin("https://evil.example"),
            subprotocols=[TRANSPORT_WS],
        ):
            pass
    assert refused.value.response.status_code == 403


@pytest.mark.parametrize(
    "origin",
    [ALLOWED, None, "same"],
    ids=["an allowed origin", "no origin (not a browser)", "the server's own origin (GraphiQL)"],
)
async def test_allowed_origins_and_clients_without_one_connect(
    guarded: tuple[LiveServer, Account], origin: str | None
) -> None:
    server, account = guarded
    if origin == "same":
        origin = server.url
    async with connect(
        f"{server.ws_url}/graphql",
        origin=Origin(origin) if origin else None,
        subprotocols=[TRANSPORT_WS],
    ) as ws:
        assert ws.subprotocol == TRANSPORT_WS
        assert await acknowledged(ws, account)


async def test_without_allowed_origins_every_foreign_origin_is_refused(
    server: LiveServer,
) -> None:
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"{server.ws_url}/graphql", origin=Origin(ALLOWED), subprotocols=[TRANSPORT_WS]
        ):
            pass
    assert refused.value.response.status_code == 403


async def test_one_connection_may_hold_only_so_many_subscriptions(
    toy_server: tuple[LiveServer, Account],
) -> None:
    server, account = toy_server
    async with connect(f"{server.ws_url}/graphql", subprotocols=[TRANSPORT_WS]) as ws:
        assert await acknowledged(ws, account)
        for n in range(MAX_SUBSCRIPTIONS_PER_CONNECTION + 1):
            subscribe = {
                "id": str(n),
                "type": "subscribe",
                "payload": {"query": "subscription { ticks }"},
            }
            await ws.send(json.dumps(subscribe))
        answers: dict[str, str] = {}
        while len(answers) < MAX_SUBSCRIPTIONS_PER_CONNECTION + 1:
            message = await receive(ws)
            answers.setdefault(message["id"], message["type"])
            if message["type"] == "error":
                limit_error = message["payload"]
    refused = [id_ for id_, kind in answers.items() if kind == "error"]
    assert refused == [str(MAX_SUBSCRIPTIONS_PER_CONNECTION)]
    assert limit_error == [{"message": "Subscription limit reached"}]


@pytest.mark.parametrize("protocol", [TRANSPORT_WS, LEGACY_WS])
async def test_an_unexpected_error_in_a_subscription_is_masked(
    toy_server: tuple[LiveServer, Account], protocol: Subprotocol
) -> None:
    server, account = toy_server
    start = "subscribe" if protocol == TRANSPORT_WS else "start"
    async with connect(f"{server.ws_url}/graphql", subprotocols=[protocol]) as ws:
        assert await acknowledged(ws, account)
        query = {"query": "subscription { boomStream }"}
        await ws.send(json.dumps({"id": "1", "type": start, "payload": query}))
        frames = [await receive(ws) for _ in range(3)]
    text = json.dumps(frames)
    assert SECRET not in text
    assert "Unexpected error." in text
    assert frames[0]["payload"] == {"data": {"boomStream": 1}}
