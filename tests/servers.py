"""Running the app for tests: its lifespan in-process, or a real uvicorn server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import strawberry
import uvicorn
from starlette.applications import Starlette

from wax.app import create_app
from wax.settings import Settings
from wax.slow_clients import http_protocol


@asynccontextmanager
async def running_app(
    settings: Settings, *, schema: strawberry.Schema | None = None
) -> AsyncIterator[Starlette]:
    app = create_app(settings, schema=schema)
    async with app.router.lifespan_context(app):
        yield app


@dataclass
class LiveServer:
    app: Starlette
    host: str
    port: int
    uvicorn: uvicorn.Server

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.host}:{self.port}"


@asynccontextmanager
async def live_server(
    settings: Settings, *, schema: strawberry.Schema | None = None
) -> AsyncIterator[LiveServer]:
    """A real uvicorn server on a free loopback port, in this event loop."""
    app = create_app(settings, schema=schema)
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        lifespan="on",
        log_level="warning",
        http=http_protocol(settings),  # as `wax serve` does
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("uvicorn stopped before it started")
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield LiveServer(app=app, host="127.0.0.1", port=port, uvicorn=server)
    finally:
        server.should_exit = True
        await task
