"""create_app(settings): the Starlette application, whose lifespan owns every resource."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import strawberry
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles

from wax import errors, rest_compat
from wax.auth import RequireToken
from wax.body_limit import LimitBody
from wax.database import database_answers
from wax.disconnects import ForgetDisconnectedClients
from wax.heap import startup_heap_frozen
from wax.http_errors import handle_http_exception
from wax.responses import JSONResponse
from wax.rest_compat import covers, media
from wax.rest_compat.errors import handle_wax_error
from wax.rest_compat.openapi import openapi_json
from wax.rest_compat.sync import reads_watermark
from wax.schema import build_schema
from wax.schema.safety import MAX_BODY_BYTES, MAX_SUBSCRIPTIONS_PER_CONNECTION
from wax.schema.view import WaxGraphQL
from wax.services import open_services
from wax.settings import Settings
from wax.startup_failure import OneLineStartupFailure

logger = logging.getLogger("wax")

STATIC_DIRECTORY = Path(__file__).parent / "static"


async def healthz(request: Request) -> Response:
    if await database_answers():
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "database unavailable"}, status_code=503)


def create_app(settings: Settings, *, schema: strawberry.Schema | None = None) -> Starlette:
    """The app; `schema` replaces wax's own (tests use it to try the limits on toy schemas)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_services(settings) as services:
            app.state.services = services
            with startup_heap_frozen():
                yield

    graphql = WaxGraphQL(
        schema
        or build_schema(
            introspection=settings.graphql_introspection, fast_path=settings.graphql_fast_path
        ),
        allowed_origins=settings.allowed_origins,
        max_subscriptions_per_connection=MAX_SUBSCRIPTIONS_PER_CONNECTION,
    )
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
        Route(
            "/graphql", LimitBody(graphql, MAX_BODY_BYTES, body_too_large), methods=["GET", "POST"]
        ),
        WebSocketRoute("/graphql", graphql),
        Mount("/static", StaticFiles(directory=STATIC_DIRECTORY), name="static"),
        # signed URLs instead of a token (wax.rest_compat.media)
        *media.media_routes,
        AnyPathMount("/api", routes=rest_compat.routes),
        *covers.routes,  # signed URLs: no token
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[
            Middleware(OneLineStartupFailure),
            Middleware(ForgetDisconnectedClients),
            # before routing, so no path under /api answers a stranger with anything but 401
            Middleware(RequireToken, under="/api", lists=reads_watermark),
        ],
        exception_handlers={
            errors.WaxError: handle_wax_error,
            HTTPException: handle_http_exception,
        },
    )
    return app


class AnyPathMount(Mount):
    """A Mount whose prefix also takes paths holding a newline (Starlette's `.*` stops there),
    so `/api/v1/songs/%0A` reaches the songs routes and their 404, like any other bad id."""

    def __init__(self, path: str, routes: list[BaseRoute]) -> None:
        super().__init__(path, routes=routes)
        self.path_regex = re.compile(self.path_regex.pattern, re.DOTALL)


def body_too_large(max_bytes: int) -> dict[str, object]:
    message = f"The request body is larger than {max_bytes} bytes."
    return {"errors": [{"message": message, "extensions": {"code": "BODY_TOO_LARGE"}}]}


def app_from_environment() -> Starlette:
    """The factory `wax serve` hands to uvicorn (each worker builds its own app)."""
    return create_app(Settings.from_environ())
