"""A revoked token or a deleted user loses its open websockets: within 5 s of `wax tokens
revoke` (another process) they close with 4403 and their subscriptions end; nothing a socket
sends after the revocation runs. Other users' sockets stay open."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from websockets.asyncio.client import ClientConnection
from websockets.exceptions import ConnectionClosed

from tests.cli.processes import run_wax, wax_environment
from tests.conftest import Account, make_account
from tests.schema.toy import TICK_STREAMS, toy_schema
from tests.servers import LiveServer, live_server
from tests.streams import (
    LEGACY_WS,
    SUBPROTOCOLS,
    TRANSPORT_WS,
    expect_ack,
    follow_subscription,
    graphql_ws,
    receive,
    start,
)
from wax.models import Playlist, User
from wax.settings import Settings

REVOCATION_SECONDS = 5.0
TICKS = "subscription { ticks }"


def create_playlist(name: str) -> str:
    return (
        f'mutation {{ createPlaylist(input: {{name: "{name}"}}) {{ ... on Playlist {{ name }} }} }}'
    )


async def revoke_with_the_cli(settings: Settings, token: str) -> None:
    finished = await run_wax("tokens", "revoke", token, env=wax_environment(settings))
    assert finished.returncode == 0, finished.stderr


async def messages_until_closed(ws: ClientConnection, within: float) -> list[dict[str, Any]]:
    """What the server still sends before it closes the socket (fails if it does not close)."""
    messages = []
    async with asyncio.timeout(within):
        try:
            while True:
                messages.append(await receive(ws))
        except ConnectionClosed:
            return messages


async def until(condition: Callable[[], bool], within: float = REVOCATION_SECONDS) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        await asyncio.sleep(0.02)


async def subscribed_to_ticks(ws: ClientConnection, protocol: str) -> None:
    await expect_ack(ws)
    await start(ws, protocol, "1", TICKS)
    first = await receive(ws)
    assert first["payload"] == {"data": {"ticks": 0}}


@pytest.fixture
async def unwatched_server(settings: Settings) -> AsyncIterator[LiveServer]:
    """wax whose periodic token check never comes, so only the per-operation check can act."""
    quiet = dataclasses.replace(settings, socket_token_check_seconds=3600)
    async with live_server(quiet) as server:
        yield server


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_a_revoked_token_closes_its_sockets_within_five_seconds_and_ends_their_subscriptions(
    toy_server: tuple[LiveServer, Account], settings: Settings, protocol: str
) -> None:
    server, ann = toy_server
    bob = await make_account("bob", is_admin=False)
    already_running = TICK_STREAMS.running
    async with (
        graphql_ws(server.ws_url, ann.token, protocol) as ann_ws,
        graphql_ws(server.ws_url, ann.token, protocol) as ann_other_ws,
        graphql_ws(server.ws_url, bob.token, protocol) as bob_ws,
    ):
        for ws in (ann_ws, ann_other_ws, bob_ws):
            await subscribed_to_ticks(ws, protocol)
        assert TICK_STREAMS.running == already_running + 3

        await revoke_with_the_cli(settings, ann.token)
        revoked = time.monotonic()
        last_messages = await messages_until_closed(ann_ws, within=REVOCATION_SECONDS)
        assert time.monotonic() - revoked < REVOCATION_SECONDS
        await messages_until_closed(ann_other_ws, within=REVOCATION_SECONDS)

        assert (ann_ws.close_code, ann_other_ws.close_code) == (4403, 4403)
        if protocol == LEGACY_WS:
            assert last_messages[-1] == {"type": "complete", "id": "1"}
        await until(lambda: TICK_STREAMS.running == already_running + 1)
        still_ticking = await receive(bob_ws)
        assert still_ticking["id"] == "1"
        assert "ticks" in still_ticking["payload"]["data"]


async def test_deleting_a_user_closes_their_sockets_within_five_seconds(
    toy_server: tuple[LiveServer, Account],
) -> None:
    server, ann = toy_server
    bob = await make_account("bob", is_admin=False)
    protocol = TRANSPORT_WS
    async with (
        graphql_ws(server.ws_url, ann.token, protocol) as ann_ws,
        graphql_ws(server.ws_url, bob.token, protocol) as bob_ws,
    ):
        for ws in (ann_ws, bob_ws):
            await subscribed_to_ticks(ws, protocol)

        await User.filter(id=bob.user.id).delete()
        await messages_until_closed(bob_ws, within=REVOCATION_SECONDS)

        assert bob_ws.close_code == 4403
        assert (await receive(ann_ws))["id"] == "1"


async def test_a_mutation_sent_after_the_revocation_does_not_run(
    unwatched_server: LiveServer, settings: Settings
) -> None:
    # the legacy protocol runs subscriptions only; the next test covers it
    protocol = TRANSPORT_WS
    ann = await make_account("ann", is_admin=True)
    async with graphql_ws(unwatched_server.ws_url, ann.token, protocol) as ws:
        await expect_ack(ws)
        await start(ws, protocol, "before", create_playlist("before"))
        payloads, errors = await follow_subscription(ws, "before")
        assert (payloads, errors) == ([{"data": {"createPlaylist": {"name": "before"}}}], [])

        await revoke_with_the_cli(settings, ann.token)
        await start(ws, protocol, "after", create_playlist("after"))
        answers = await messages_until_closed(ws, within=REVOCATION_SECONDS)

        assert answers == []
        assert ws.close_code == 4403
    assert await Playlist.all().values_list("name", flat=True) == ["before"]


@pytest.mark.parametrize("protocol", SUBPROTOCOLS)
async def test_a_subscription_started_after_the_revocation_does_not_run(
    settings: Settings, protocol: str
) -> None:
    quiet = dataclasses.replace(settings, socket_token_check_seconds=3600)
    async with live_server(
        quiet, schema=toy_schema(fast_path=settings.graphql_fast_path)
    ) as server:
        ann = await make_account("ann", is_admin=True)
        async with graphql_ws(server.ws_url, ann.token, protocol) as ws:
            await expect_ack(ws)
            already_running = TICK_STREAMS.running
            await revoke_with_the_cli(settings, ann.token)
            await start(ws, protocol, "1", TICKS)
            answers = await messages_until_closed(ws, within=REVOCATION_SECONDS)

            assert answers == []
            assert ws.close_code == 4403
            assert TICK_STREAMS.running == already_running
