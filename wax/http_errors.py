"""Routing refusals (404, 405, 400) as JSON, in the shape of the face that was asked.

Starlette answers them as plain text; wax's clients parse JSON whatever the status:
- /api/v1/... (the Laravel music server): `{"message": ...}`, but 404 as below
- the other /api routes and the service routes: `{"error": code, "message": ...}`
- /graphql: a GraphQL error, `{"errors": [{"message", "extensions": {"code"}}]}`
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from wax.responses import JSONResponse

CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}


def error_code(status: int) -> str:
    return CODES.get(status) or HTTPStatus(status).phrase.lower().replace(" ", "_")


def message_for(status: int, method: str, path: str, allow: str | None) -> str:
    if status == 404:
        return f"No route {path}."
    if status == 405:
        return f"The {method} method is not supported for {path}. Supported methods: {allow}."
    return HTTPStatus(status).phrase + "."


def refusal_body(status: int, path: str, message: str) -> dict[str, object]:
    # /api/v1 answers a missing thing as its routes do (`error` too), the rest as Laravel
    if status != 404 and (path == "/api/v1" or path.startswith("/api/v1/")):
        return {"message": message}
    if path == "/graphql":
        code = error_code(status).upper()
        return {"errors": [{"message": message, "extensions": {"code": code}}]}
    return {"error": error_code(status), "message": message}


def refusal(
    status: int,
    method: str,
    path: str,
    *,
    message: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    allow = (headers or {}).get("Allow")
    text = message or message_for(status, method, path, allow)
    return JSONResponse(refusal_body(status, path, text), status_code=status, headers=headers)


async def handle_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in (204, 304):
        return Response(status_code=exc.status_code, headers=exc.headers)
    # starlette's own detail is the bare phrase; ours names the route and method
    detail = exc.detail if exc.detail != HTTPStatus(exc.status_code).phrase else None
    return refusal(
        exc.status_code,
        request.method,
        request.url.path,
        message=detail,
        headers=exc.headers,
    )
