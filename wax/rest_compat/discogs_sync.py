"""POST /api/records/sync: the Discogs sync as Server-Sent Events (spec/discogs-endpoints.md)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from wax.auth import scope_user
from wax.resolvers import discogs_sync
from wax.resolvers.discogs_sync import SyncProgress
from wax.services import services_of

# a comment line on a quiet stream, so proxies and clients know it is alive
HEARTBEAT_SECONDS = 15.0
HEARTBEAT = ": keep-alive\n\n"
SSE_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


async def sync(request: Request) -> Response:
    services = services_of(request)
    # Forbidden (and anything else refused) is answered as JSON before any event
    handle = await discogs_sync.start_or_attach(services.discogs_sync, scope_user(request.scope))
    return StreamingResponse(
        server_sent_events(handle.updates(), heartbeat_seconds=HEARTBEAT_SECONDS),
        media_type="text/event-stream",
        headers=SSE_HEADERS,
    )


def event(progress: SyncProgress) -> str:
    return f"data: {orjson.dumps(progress.as_json()).decode()}\n\n"


async def server_sent_events(
    updates: AsyncIterator[SyncProgress], *, heartbeat_seconds: float
) -> AsyncIterator[str]:
    """Each update as an event, a heartbeat whenever none came for a while; ends after `done`."""
    pending: asyncio.Future[SyncProgress] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(anext(updates))
            finished, _ = await asyncio.wait({pending}, timeout=heartbeat_seconds)
            if not finished:
                yield HEARTBEAT
                continue
            arrived, pending = pending, None
            try:
                progress = arrived.result()
            except StopAsyncIteration:
                return
            yield event(progress)
            if progress.is_done:
                return
    finally:
        if pending is not None:
            pending.cancel()


routes = [Route("/records/sync", sync, methods=["POST"])]
