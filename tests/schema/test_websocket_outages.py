"""Websockets while the database is away: a connection wax cannot authenticate is closed with
1013 (try again later), not 4403 (which says the token is bad), and an operation on an open
socket gets DATABASE_UNAVAILABLE, not "Unexpected error."; both protocols.

Queries are not served over websockets, so the operation is the discogsSync subscription, whose
start asks the database first."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from websockets.exceptions import ConnectionClosed

from tests.conftest import make_account
from tests.fakes.tcp_proxy import TcpProxy
from tests.outages import outage_for, proxy_for, settings_for
from tests.servers import LiveServer
from tests.streams import LEGACY_WS, TRANSPORT_WS, expect_ack, graphql_ws, receive, start
from wax.settings import Settings

SYNC = "subscription { discogsSync { phase } }"
PROTOCOLS = [TRANSPORT_WS, LEGACY_WS]


@pytest.fixture
async def proxy(database_url: str) -> AsyncIterator[TcpProxy | None]:
    async with proxy_for(database_url) as running:
        yield running


@pytest.fixture
def settings(database_url: str, proxy: TcpProxy | None, graphql_fast_path: bool) -> Settings:
    return settings_for(database_url, proxy, graphql_fast_path=graphql_fast_path)


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_a_socket_wax_cannot_authenticate_now_is_told_to_try_again_later(
    server: LiveServer, settings: Settings, proxy: TcpProxy | None, protocol: str
) -> None:
    fresh = await make_account("ann", is_admin=True)  # never used: its check writes too
    outage = outage_for(settings, proxy)
    await outage.start()
    try:
        async with graphql_ws(server.ws_url, fresh.token, protocol) as ws:
            if protocol == LEGACY_WS:
                message = await receive(ws)
                assert message["type"] == "connection_error"
                assert message["payload"]["extensions"]["code"] == "DATABASE_UNAVAILABLE"
            with pytest.raises(ConnectionClosed) as closed:
                await receive(ws)
    finally:
        await outage.end()
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (1013, "Database unavailable")

    async with graphql_ws(server.ws_url, fresh.token, protocol) as ws:
        await expect_ack(ws)  # and once the database is back, it lets the socket in


@pytest.mark.parametrize("protocol", PROTOCOLS)
async def test_an_operation_on_an_open_socket_answers_database_unavailable(
    server: LiveServer, settings: Settings, proxy: TcpProxy | None, protocol: str
) -> None:
    admin = await make_account("ann", is_admin=True)
    outage = outage_for(settings, proxy)
    async with graphql_ws(server.ws_url, admin.token, protocol) as ws:
        await expect_ack(ws)
        await outage.start()
        try:
            await start(ws, protocol, "1", SYNC)
            message = await receive(ws)
        finally:
            await outage.end()
        assert message["type"] in ("next", "data"), message
        [error] = message["payload"]["errors"]
        assert error["extensions"]["code"] == "DATABASE_UNAVAILABLE"
        assert error["message"] != "Unexpected error."
