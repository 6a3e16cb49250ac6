"""Reading the sync's streams as clients do: Server-Sent Events and GraphQL over websockets."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import websockets
from httpx_sse import EventSource, aconnect_sse
from websockets.asyncio.client import ClientConnection

TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"
SUBPROTOCOLS = (TRANSPORT_WS, LEGACY_WS)
SSE_SYNC = "/api/records/sync"

DISCOGS_SYNC_SUBSCRIPTION = """
subscription { discogsSync { phase pulled pushed skipped errors totalDiscogsItems } }
"""


async def sse_events(source: EventSource, *, stop_after: int | None = None) -> list[dict[str, Any]]:
    """The JSON of each event as httpx-sse reads it, to the end or `stop_after` events."""
    events: list[dict[str, Any]] = []
    async for sse in source.aiter_sse():
        assert sse.event == "message", sse  # the sync sends unnamed events only
        events.append(json.loads(sse.data))
        if stop_after is not None and len(events) >= stop_after:
            break
    return events


async def sse_sync(
    http: httpx.AsyncClient, headers: dict[str, str], *, stop_after: int | None = None
) -> list[dict[str, Any]]:
    """POST /api/records/sync and read its events with httpx-sse."""
    async with aconnect_sse(http, "POST", SSE_SYNC, headers=dict(headers)) as source:
        assert source.response.status_code == 200
        return await sse_events(source, stop_after=stop_after)


def as_sse_shape(progress: dict[str, Any]) -> dict[str, Any]:
    """A GraphQL SyncProgress in the SSE shape, to compare the two."""
    return {**progress, "phase": progress["phase"].lower()}


@asynccontextmanager
async def graphql_ws(
    ws_url: str, token: str | None, protocol: str
) -> AsyncIterator[ClientConnection]:
    """A websocket to /graphql speaking `protocol`, initialised with the token (if any)."""
    async with websockets.connect(f"{ws_url}/graphql", subprotocols=[protocol]) as ws:  # type: ignore[list-item]
        assert ws.subprotocol == protocol
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        yield ws


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await ws.recv())
    return message


async def expect_ack(ws: ClientConnection) -> None:
    message = await receive(ws)
    while message["type"] == "ka":
        message = await receive(ws)
    assert message["type"] == "connection_ack", message


async def start(ws: ClientConnection, protocol: str, operation_id: str, query: str) -> None:
    kind = "subscribe" if protocol == TRANSPORT_WS else "start"
    payload = {"query": query}
    await ws.send(json.dumps({"id": operation_id, "type": kind, "payload": payload}))


async def follow_subscription(
    ws: ClientConnection, operation_id: str = "1"
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Every payload of one operation until it completes: (data payloads, error messages)."""
    data: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    while True:
        message = await receive(ws)
        if message.get("id") != operation_id:
            continue
        if message["type"] in ("next", "data"):
            data.append(message["payload"])
        elif message["type"] == "error":
            errors.append(message)
            return data, errors
        elif message["type"] == "complete":
            return data, errors


async def sync_over_ws(ws_url: str, token: str, protocol: str) -> list[dict[str, Any]]:
    """Follow discogsSync to its end; each SyncProgress, as the server sent it."""
    async with graphql_ws(ws_url, token, protocol) as ws:
        await expect_ack(ws)
        await start(ws, protocol, "1", DISCOGS_SYNC_SUBSCRIPTION)
        payloads, errors = await follow_subscription(ws)
    assert errors == [], errors
    assert all("errors" not in p for p in payloads), payloads
    return [p["data"]["discogsSync"] for p in payloads]
