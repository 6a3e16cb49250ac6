"""Strawberry's ASGI view, with wax's authentication and context."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import parse_qs

import orjson
from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from wax.auth import USER_SCOPE_KEY, authenticate, header
from wax.http_errors import refusal
from wax.responses import JSONResponse
from wax.schema.context import Context
from wax.schema.negotiation import (
    GRAPHQL_RESPONSE_JSON,
    is_request_error,
    prefers_graphql_response_json,
)
from wax.services import Services

SUB_RESPONSE_KEY = "wax.graphql.sub_response"
UNAUTHENTICATED = {
    "errors": [{"message": "Unauthenticated.", "extensions": {"code": "UNAUTHENTICATED"}}]
}


class WaxGraphQL(GraphQL[Context, None]):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and not _asks_for_ide(scope):
            user = await authenticate(header(scope, b"authorization"))
            if user is None:
                refused = JSONResponse(
                    UNAUTHENTICATED, status_code=401, headers={"WWW-Authenticate": "Bearer"}
                )
                await refused(scope, receive, send)
                return
            scope[USER_SCOPE_KEY] = user
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            response: Response = await self.run(Request(scope=scope, receive=receive))
        except HTTPException as exc:
            # strawberry answers these in plain text; GraphQL clients parse JSON errors
            headers = {"Allow": "GET, POST"} if exc.status_code == 405 else None
            response = refusal(
                exc.status_code, scope["method"], "/graphql", message=exc.reason, headers=headers
            )
        await response(scope, receive, send)

    def encode_json(self, data: object) -> str:
        # text, not bytes: websocket messages must go out as text frames
        return orjson.dumps(data).decode()

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            request=request,
            response=response,
            services=services_of(request),
            viewer=request.scope.get(USER_SCOPE_KEY),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        authorization = params.get("authorization") or params.get("Authorization")
        user = await authenticate(authorization if isinstance(authorization, str) else None)
        if user is None:
            raise ConnectionRejectionError({"message": "Unauthenticated."})
        context.viewer = user
        return await super().on_ws_connect(context)

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        sub_response = await super().get_sub_response(request)
        request.scope[SUB_RESPONSE_KEY] = sub_response
        return sub_response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        sub_response = request.scope.get(SUB_RESPONSE_KEY)
        if sub_response is None or not prefers_graphql_response_json(request.headers.get("accept")):
            return processed
        sub_response.media_type = GRAPHQL_RESPONSE_JSON
        if is_request_error(result.data, result.errors) and sub_response.status_code is None:
            sub_response.status_code = 400
            processed.pop("data", None)
        return processed

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        if sub_response.media_type == GRAPHQL_RESPONSE_JSON:
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"
        return response

    async def render_graphql_ide(self, request: Request) -> Response:
        assets = request.url_for("static", path="graphiql").path
        return HTMLResponse(graphiql_page().replace("{{ASSETS}}", assets))


@cache
def graphiql_page() -> str:
    return (Path(__file__).parent / "graphiql.html").read_text(encoding="utf-8")


def _asks_for_ide(scope: Scope) -> bool:
    """A browser opening /graphql gets GraphiQL; it sends its token with each query."""
    if scope["method"] != "GET":
        return False
    if "query" in parse_qs(
        scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True
    ):
        return False
    accept = header(scope, b"accept") or ""
    return "text/html" in accept


def services_of(request: Request | WebSocket) -> Services:
    services: Services = request.app.state.services
    return services
