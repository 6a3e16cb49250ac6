"""The legacy graphql-ws protocol on a real server runs queries and mutations as it runs
subscriptions, answers malformed messages with an error message, and logs no error."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection

from tests.conftest import Account, make_account
from tests.servers import LiveServer
from tests.streams import LEGACY_WS, expect_ack, follow_subscription, graphql_ws, receive
from wax.models import Artist

STATUS = "{ syncStatus { artists { count } } }"


@pytest.fixture
async def admin_ws(server: LiveServer) -> AsyncIterator[ClientConnection]:
    account: Account = await make_account("ann", is_admin=True)
    async with graphql_ws(server.ws_url, account.token, LEGACY_WS) as ws:
        await expect_ack(ws)
        yield ws


@pytest.fixture
def errors_logged(caplog: pytest.LogCaptureFixture) -> Callable[[], list[str]]:
    """What has been logged at ERROR or above so far in the test."""
    caplog.set_level(logging.ERROR)
    return lambda: [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


async def run(ws: ClientConnection, operation_id: str, payload: dict[str, Any]) -> Any:
    await ws.send(json.dumps({"id": operation_id, "type": "start", "payload": payload}))
    return await follow_subscription(ws, operation_id)


async def next_reply(ws: ClientConnection) -> dict[str, Any]:
    message = await receive(ws)
    while message["type"] == "ka":
        message = await receive(ws)
    return message


async def test_a_query_runs_and_completes(admin_ws, errors_logged) -> None:
    data, errors = await run(admin_ws, "1", {"query": STATUS})
    assert errors == []
    assert data == [{"data": {"syncStatus": {"artists": {"count": 0}}}}]
    assert errors_logged() == []


async def test_a_mutation_runs_with_its_variables(admin_ws, errors_logged) -> None:
    payload = {
        "query": "mutation($n: String!) { createArtist(input: {name: $n}) { __typename } }",
        "variables": {"n": "Can"},
    }
    data, errors = await run(admin_ws, "1", payload)
    assert (data, errors) == ([{"data": {"createArtist": {"__typename": "Artist"}}}], [])
    assert [artist.name for artist in await Artist.all()] == ["Can"]
    assert errors_logged() == []


async def test_an_invalid_query_is_an_error_message_saying_why(admin_ws, errors_logged) -> None:
    data, errors = await run(admin_ws, "1", {"query": "{ nope }"})
    assert data == []
    [error] = errors
    assert "nope" in error["payload"]["message"]
    assert errors_logged() == []


@pytest.mark.parametrize(
    ("message", "says"),
    [
        ([1], "must be a JSON object"),
        ({"type": "hello"}, "Invalid message type!"),
        ({"type": "start", "payload": {"query": STATUS}}, "needs an id"),
        ({"id": "9", "type": "start"}, "needs a payload"),
        ({"id": "9", "type": "start", "payload": {}}, "needs a query"),
        ({"id": "9", "type": "start", "payload": {"query": STATUS, "variables": 5}}, "variables"),
        ({"type": "stop"}, "needs an id"),
    ],
    ids=[
        "a list",
        "an unknown type",
        "no id",
        "no payload",
        "no query",
        "bad variables",
        "a stop without id",
    ],
)
async def test_a_malformed_message_gets_an_error_and_the_connection_goes_on(
    admin_ws, errors_logged, message: object, says: str
) -> None:
    await admin_ws.send(json.dumps(message))
    reply = await next_reply(admin_ws)
    assert reply["type"] == "error"
    assert says in reply["payload"]["message"]
    data, errors = await run(admin_ws, "1", {"query": STATUS})
    assert errors == []
    assert len(data) == 1
    assert errors_logged() == []
