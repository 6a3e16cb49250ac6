"""create_app(settings): the Starlette application, whose lifespan owns every resource."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route, WebSocketRoute

from wax import errors, rest_compat
from wax.auth import RequireToken
from wax.database import database_answers
from wax.responses import JSONResponse
from wax.rest_compat.errors import handle_wax_error
from wax.schema import build_schema
from wax.schema.view import WaxGraphQL
from wax.services import open_services
from wax.settings import Settings

logger = logging.getLogger("wax")


async def healthz(request: Request) -> Response:
    if await database_answers():
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "database unavailable"}, status_code=503)


def create_app(settings: Settings) -> Starlette:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_services(settings) as services:
            app.state.services = services
            yield

    graphql = WaxGraphQL(
        build_schema(introspection=settings.graphql_introspection),
        allowed_origins=settings.allowed_origins,
        max_subscriptions_per_connection=20,
    )
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/graphql", graphql, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql),
        Mount("/api", routes=rest_compat.routes, middleware=[Middleware(RequireToken)]),
    ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={errors.WaxError: handle_wax_error},
    )
    app.state.settings = settings
    return app


def app_from_environment() -> Starlette:
    """The factory `wax serve` hands to uvicorn (each worker builds its own app)."""
    return create_app(Settings.from_environ())
