"""Slow clients are cut off (raw sockets against a real server with short limits): headers
or a body trickled past the limits get a 408 and a closed connection; a slow but steady
request within them, websockets and idle keep-alive connections are left alone."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import logging
import pickle
import time
from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import Account, make_account
from tests.servers import LiveServer, live_server
from tests.streams import TRANSPORT_WS, expect_ack, graphql_ws, receive
from wax.settings import Settings
from wax.slow_clients import http_protocol

HEADER_SECONDS = 1.0
BODY_IDLE_SECONDS = 2.0
REQUEST_SECONDS = 4.0
# how late a cut-off may come on a loaded machine
MARGIN = 3.0
TIMEOUT_BODY = {"error": "request_timeout", "message": "The request did not arrive in time."}
VIEWER_BODY = b'{"query": "{ viewer { name } }"}'


@pytest.fixture
async def strict(settings: Settings) -> AsyncIterator[tuple[LiveServer, Account]]:
    limits = dataclasses.replace(
        settings,
        header_timeout_seconds=HEADER_SECONDS,
        body_idle_timeout_seconds=BODY_IDLE_SECONDS,
        request_timeout_seconds=REQUEST_SECONDS,
    )
    async with live_server(limits) as server:
        yield server, await make_account("ann", is_admin=True)


@dataclasses.dataclass
class Answer:
    status: int | None  # None: closed without a response
    body: bytes
    seconds: float  # from the first byte sent to the server closing the connection


async def send_slowly(
    server: LiveServer, chunks: list[bytes], *, every: float, then_wait: float = 30.0
) -> Answer:
    """Send the chunks `every` seconds apart, then read until the server closes."""
    reader, writer = await asyncio.open_connection(server.host, server.port)
    started = time.monotonic()

    async def trickle() -> None:
        with contextlib.suppress(ConnectionError):
            for n, chunk in enumerate(chunks):
                if n:
                    await asyncio.sleep(every)
                writer.write(chunk)
                await writer.drain()

    sender = asyncio.create_task(trickle())
    received = bytearray()
    try:
        async with asyncio.timeout(then_wait):
            # a byte sent after the server closed draws a reset: keep what came before it
            with contextlib.suppress(ConnectionError):
                while chunk := await reader.read(65536):
                    received += chunk
    finally:
        sender.cancel()
        writer.close()
    seconds = time.monotonic() - started
    if not received:
        return Answer(None, b"", seconds)
    head, _, body = received.partition(b"\r\n\r\n")
    return Answer(int(head.split(b" ")[1]), bytes(body), seconds)


def request_head(method: str, path: str, token: str | None = None, length: int = 0) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: wax.test", "Connection: close"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    if length:
        lines += ["Content-Type: application/json", f"Content-Length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def test_a_client_trickling_its_headers_gets_408_within_the_header_limit(
    strict: tuple[LiveServer, Account],
) -> None:
    server, _ = strict
    head = request_head("GET", "/healthz")
    answer = await send_slowly(server, [head[i : i + 1] for i in range(len(head))], every=0.2)

    assert answer.status == 408
    assert json.loads(answer.body) == TIMEOUT_BODY
    assert HEADER_SECONDS - 0.1 <= answer.seconds < HEADER_SECONDS + MARGIN


async def test_a_client_trickling_its_body_gets_408_within_the_request_limit(
    strict: tuple[LiveServer, Account],
) -> None:
    server, ann = strict
    body = b" " * 100 + VIEWER_BODY  # about 13 s at this pace, never pausing a whole second
    head = request_head("POST", "/graphql", ann.token, len(body))
    answer = await send_slowly(
        server, [head, *(body[i : i + 1] for i in range(len(body)))], every=0.1
    )

    assert answer.status == 408
    assert json.loads(answer.body) == TIMEOUT_BODY
    assert REQUEST_SECONDS - 0.1 <= answer.seconds < REQUEST_SECONDS + MARGIN


async def test_a_client_that_stops_sending_its_body_gets_408_after_the_pause_limit(
    strict: tuple[LiveServer, Account],
) -> None:
    server, ann = strict
    head = request_head("POST", "/graphql", ann.token, 20)
    answer = await send_slowly(server, [head + b"{"], every=0)

    assert answer.status == 408
    assert json.loads(answer.body) == TIMEOUT_BODY
    assert BODY_IDLE_SECONDS - 0.1 <= answer.seconds < BODY_IDLE_SECONDS + MARGIN


class Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


async def test_a_client_cut_off_mid_body_leaves_no_error_in_the_log(
    strict: tuple[LiveServer, Account],
) -> None:
    server, ann = strict
    collected = Collected()
    uvicorn_log = logging.getLogger("uvicorn.error")
    uvicorn_log.addHandler(collected)
    try:
        head = request_head("POST", "/graphql", ann.token, 20)
        answer = await send_slowly(server, [head + b"{"], every=0)
        deadline = time.monotonic() + MARGIN
        while server.uvicorn.server_state.tasks:  # the request's task, ended by the cut-off
            assert time.monotonic() < deadline, "the cut-off request is still running"
            await asyncio.sleep(0.01)
    finally:
        uvicorn_log.removeHandler(collected)
    assert answer.status == 408
    assert [record.getMessage() for record in collected.records] == []


async def test_a_connection_that_never_sends_a_byte_is_closed_after_the_header_limit(
    strict: tuple[LiveServer, Account],
) -> None:
    server, _ = strict
    answer = await send_slowly(server, [], every=0)

    assert answer.status is None
    assert HEADER_SECONDS - 0.1 <= answer.seconds < HEADER_SECONDS + MARGIN


async def test_a_slow_but_steady_upload_within_the_limits_is_answered(
    strict: tuple[LiveServer, Account],
) -> None:
    server, ann = strict
    head = request_head("POST", "/graphql", ann.token, len(VIEWER_BODY))
    # half a second between pieces, two seconds in all: under each limit
    pieces = [head[:20], head[20:], VIEWER_BODY[:10], VIEWER_BODY[10:20], VIEWER_BODY[20:]]
    answer = await send_slowly(server, pieces, every=0.5)

    assert answer.status == 200
    assert answer.seconds >= 2.0
    assert json.loads(answer.body) == {"data": {"viewer": {"name": "ann"}}}


async def test_a_keep_alive_connection_may_idle_between_requests_past_the_header_limit(
    strict: tuple[LiveServer, Account],
) -> None:
    server, _ = strict
    async with httpx.AsyncClient(base_url=server.url) as client:
        first = await client.get("/healthz")
        await asyncio.sleep(HEADER_SECONDS + 0.5)  # the idle time is what is tried here
        second = await client.get("/healthz")
    assert (first.status_code, second.status_code) == (200, 200)
    assert first.extensions["network_stream"] is second.extensions["network_stream"]


async def test_a_websocket_outlives_the_request_limits(
    strict: tuple[LiveServer, Account],
) -> None:
    server, ann = strict
    async with graphql_ws(server.ws_url, ann.token, TRANSPORT_WS) as ws:
        await expect_ack(ws)
        await asyncio.sleep(REQUEST_SECONDS + 0.5)  # the time open is what is tried here
        await ws.send(json.dumps({"type": "ping"}))
        assert await receive(ws) == {"type": "pong"}


def test_the_default_limits_cut_a_slow_client_off_within_thirty_seconds() -> None:
    defaults = Settings.from_environ({})
    assert defaults == Settings()
    assert defaults.header_timeout_seconds <= 30
    assert defaults.request_timeout_seconds <= 30
    assert defaults.body_idle_timeout_seconds <= defaults.request_timeout_seconds


def test_the_protocol_keeps_its_limits_through_the_pickling_each_worker_needs() -> None:
    # `wax serve --workers N` pickles uvicorn's config, `http=` included, for each worker
    limits = dataclasses.replace(Settings(), header_timeout_seconds=HEADER_SECONDS)
    protocol = pickle.loads(pickle.dumps(http_protocol(limits)))
    assert protocol.keywords["limits"].header_seconds == HEADER_SECONDS
