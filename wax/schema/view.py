"""Strawberry's ASGI view, with wax's authentication and context."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketState
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type
from strawberry.types import ExecutionResult
from strawberry.types.unset import UnsetType

from wax import json_body
from wax.auth import (
    USER_SCOPE_KEY,
    authenticate,
    authenticate_with_watermark,
    bearer_token,
    header,
)
from wax.errors import DatabaseUnavailable
from wax.http_errors import refusal
from wax.resolvers.users import digest_token, user_for_token
from wax.resolvers.watermark import watermark_read_first
from wax.responses import RETRY_AFTER, JSONResponse, dumps
from wax.rest_compat.covers import request_covers
from wax.schema.context import Context
from wax.schema.errors import DATABASE_UNAVAILABLE, database_unavailable
from wax.schema.front_door import front_door_of
from wax.schema.loaders import Loaders
from wax.schema.negotiation import (
    GRAPHQL_RESPONSE_JSON,
    is_request_error,
    prefers_graphql_response_json,
)
from wax.schema.socket_handlers import LegacyWSHandler, TransportWSHandler
from wax.services import services_of

SUB_RESPONSE_KEY = "wax.graphql.sub_response"
CLOSE_SCOPE_KEY = "wax.graphql.close"
UNAUTHENTICATED = {
    "errors": [{"message": "Unauthenticated.", "extensions": {"code": "UNAUTHENTICATED"}}]
}
# websocket close code 1013, "Try Again Later", for a socket the database could not let in
TRY_AGAIN_LATER = (1013, "Database unavailable")


class WebSocketAdapter(ASGIWebSocketAdapter):
    """Closes with the code wax chose for the connection, and only once."""

    async def close(self, code: int, reason: str) -> None:
        if self.ws.application_state == WebSocketState.DISCONNECTED:
            return
        code, reason = self.ws.scope.get(CLOSE_SCOPE_KEY, (code, reason))
        await self.ws.close(code=code, reason=reason)


class BadGraphQLRequest(Exception):
    """JSON that is not, or is not a GraphQL request (an object, or a list when batching)."""


class WaxGraphQL(GraphQL[Context, None]):
    websocket_adapter_class = WebSocketAdapter
    graphql_transport_ws_handler_class = TransportWSHandler
    graphql_ws_handler_class = LegacyWSHandler

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        moment: datetime | None = None
        request = Request(scope=scope, receive=receive)  # strawberry reads the body it keeps
        if not _asks_for_ide(scope):
            authorization = header(scope, b"authorization")
            try:
                if await _may_need_a_watermark(request):
                    # it comes with the token, in the same round trip
                    user, moment = await authenticate_with_watermark(authorization)
                else:
                    user = await authenticate(authorization)
            except DatabaseUnavailable as exc:
                unavailable = JSONResponse(
                    database_unavailable(exc), status_code=503, headers=RETRY_AFTER
                )
                await unavailable(scope, receive, send)
                return
            if user is None:
                refused = JSONResponse(
                    UNAUTHENTICATED, status_code=401, headers={"WWW-Authenticate": "Bearer"}
                )
                await refused(scope, receive, send)
                return
            scope[USER_SCOPE_KEY] = user
        with watermark_read_first(moment):
            await self._answer(request, send)

    async def _answer(self, request: Request, send: Send) -> None:
        scope = request.scope
        door = front_door_of(self.schema)
        compiled = await door.answer(request) if door and scope.get(USER_SCOPE_KEY) else None
        if compiled is not None:
            await compiled(scope, request.receive, send)
            return
        try:
            response: Response = await self.run(request)
        except BadGraphQLRequest as exc:
            error = {"message": str(exc), "extensions": {"code": "BAD_REQUEST"}}
            response = JSONResponse({"errors": [error]}, status_code=400)
        except HTTPException as exc:
            # strawberry answers these in plain text; GraphQL clients parse JSON errors
            headers = {"Allow": "GET, POST"} if exc.status_code == 405 else None
            response = refusal(
                exc.status_code, scope["method"], "/graphql", message=exc.reason, headers=headers
            )
        await response(scope, request.receive, send)

    async def parse_http_body(
        self, request: AsyncHTTPRequestAdapter
    ) -> GraphQLRequestData | list[GraphQLRequestData]:
        content_type, _ = parse_content_type(request.content_type or "")
        if request.method == "POST" and "application/json" in content_type:
            self._refuse_what_is_not_an_operation(await request.get_body())
        return await super().parse_http_body(request)

    def _refuse_what_is_not_an_operation(self, body: bytes) -> None:
        # the first character tells an object or a list; anything else is read to be sure
        start = body.lstrip(b" \t\r\n")[:1]
        if start == b"{":
            return
        if start != b"[":
            data = self.parse_json(body)
            if isinstance(data, dict):
                return
            if not isinstance(data, list):
                raise BadGraphQLRequest("The request body must be a JSON object.")
        if self.schema.config.batching_config is None:
            raise BadGraphQLRequest("Batching is not enabled: send one operation, a JSON object.")

    def encode_json(self, data: object) -> str:
        # text, not bytes: websocket messages must go out as text frames
        return dumps(data).decode()

    def decode_json(self, data: str | bytes) -> object:
        return json_body.loads(data)

    def parse_json(self, data: str | bytes) -> Any:
        try:
            return self.decode_json(data)
        except json.JSONDecodeError:
            raise BadGraphQLRequest("The request is not valid JSON.") from None

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        return Context(
            request=request,
            response=response,
            services=services_of(request),
            viewer=request.scope.get(USER_SCOPE_KEY),
            loaders=Loaders(covers=request_covers(request)),
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params or {}
        authorization = params.get("authorization") or params.get("Authorization")
        token = bearer_token(authorization if isinstance(authorization, str) else None)
        try:
            user = None if token is None else await user_for_token(token)
        except DatabaseUnavailable as exc:
            context.request.scope[CLOSE_SCOPE_KEY] = TRY_AGAIN_LATER
            payload: dict[str, object] = {
                "message": exc.message,
                "extensions": {"code": DATABASE_UNAVAILABLE},
            }
            raise ConnectionRejectionError(payload) from None
        if token is None or user is None:
            raise ConnectionRejectionError({"message": "Unauthenticated."})
        context.viewer = user
        context.token_digest = digest_token(token)
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


# what a document asks for when its answer is bounded by the safe watermark; a false "yes"
# costs a little, a false "no" a round trip (safe_watermark() then reads it itself)
WATERMARKED_WORDS = (b"pageInfo", b"cursor", b"after", b"deletedItems")


async def _may_need_a_watermark(request: Request) -> bool:
    if request.method == "POST":
        text = await request.body()
    else:
        text = request.scope.get("query_string", b"")
    return any(word in text for word in WATERMARKED_WORDS)


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
