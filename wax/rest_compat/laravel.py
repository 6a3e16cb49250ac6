"""The shapes the original music server (Laravel) used: validation errors and paginators."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import Response

from wax import json_body
from wax.errors import InvalidInput, NotFound
from wax.resolvers.dates import client_moment, parse_client_timestamp
from wax.resolvers.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, Page, PageRequest
from wax.responses import JSONResponse

Endpoint = Callable[[Request], Awaitable[Response]]

INVALID_UPDATED_SINCE = {"message": "Invalid date format for updated_since parameter"}
SINCE_REQUIRED = "The since field is required."
SINCE_INVALID = "The since field must be a valid date."
# a `+` sent unencoded in a query string arrives as a space: 2024-01-15T00:00:00 02:00
_LOST_PLUS = re.compile(r"(T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?) ([0-9]{2}:[0-9]{2})$")


class Rejected(Exception):
    """The request cannot be served as sent; `body` says why, as Laravel would."""

    def __init__(self, body: dict[str, Any], status: int = 422) -> None:
        super().__init__(body.get("message"))
        self.body = body
        self.status = status


def field_error(field: str, message: str) -> Rejected:
    return Rejected({"message": message, "errors": {field: [message]}})


def laravel(endpoint: Endpoint) -> Endpoint:
    """Bad input becomes a 422 with {message, errors} (or the documented body), never a 500."""

    @functools.wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Rejected as exc:
            return JSONResponse(exc.body, status_code=exc.status)
        except InvalidInput as exc:
            error = field_error(exc.field or "input", exc.message)
            return JSONResponse(error.body, status_code=error.status)

    return guarded


def _param(request: Request, name: str) -> str | None:
    raw = request.query_params.get(name)
    return raw if raw is not None and raw.strip() else None  # empty means absent, as in Laravel


def with_lost_plus_restored(text: str) -> str:
    """`text` with the `+` of its offset back, if the query string turned it into a space."""
    return _LOST_PLUS.sub(r"\1+\2", text)


def query_moment(raw: str, name: str) -> datetime:
    """A date from the query string, in UTC (wax.resolvers.dates parses it, as for GraphQL).

    ValueError unless it is spelled as the sync contract says and stays in the calendar in UTC.
    """
    moment = parse_client_timestamp(with_lost_plus_restored(raw))
    try:
        return client_moment(moment, name)
    except InvalidInput as exc:
        raise ValueError(exc.message) from None


def updated_since(request: Request) -> datetime | None:
    raw = _param(request, "updated_since")
    if raw is None:
        return None
    try:
        return query_moment(raw, "updated_since")
    except ValueError:
        raise Rejected(INVALID_UPDATED_SINCE) from None


def since(request: Request) -> datetime:
    raw = _param(request, "since")
    if raw is None:
        raise field_error("since", SINCE_REQUIRED)
    try:
        return query_moment(raw, "since")
    except ValueError:
        raise field_error("since", SINCE_INVALID) from None


def _integer(request: Request, name: str, default: int) -> int:
    raw = _param(request, name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise field_error(name, f"The {name.replace('_', ' ')} field must be an integer.") from None


def per_page(request: Request) -> int:
    """per_page as the original server took it: at least 1, and above 100 capped to 100."""
    asked = _integer(request, "per_page", DEFAULT_PER_PAGE)
    if asked < 1:
        raise field_error("per_page", "The per page field must be at least 1.")
    return min(asked, MAX_PER_PAGE)


def page_request(request: Request) -> PageRequest:
    return PageRequest(
        updated_since=updated_since(request),
        per_page=per_page(request),
        page=_integer(request, "page", 1),
        cursor=_param(request, "cursor"),
    )


def path_id(request: Request, name: str, kind: str) -> uuid.UUID:
    raw = str(request.path_params[name])
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise NotFound(f"No {kind} with id {raw}.") from None


async def json_object(request: Request) -> dict[str, Any]:
    try:
        return json_body.read_object(await request.body(), empty={})
    except json_body.MalformedBody as exc:
        raise Rejected({"message": exc.message}, status=400) from None


def paginated(request: Request, page: Page[Any], data: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Laravel's paginator body, with next_cursor for clients that page by cursor."""
    path = str(request.url.replace(query=""))
    params = {k: v for k, v in request.query_params.items() if k not in {"page", "cursor"}}
    if "per_page" in params:  # as capped
        params["per_page"] = str(page.per_page)
    if "updated_since" in params:
        params["updated_since"] = with_lost_plus_restored(params["updated_since"])

    def link(**extra: object) -> str:
        query = {**params, **{k: str(v) for k, v in extra.items()}}
        return f"{path}?{urlencode(query, quote_via=quote)}"  # `+` as %2B, space as %20

    last = page.last_page
    current = page.page
    first_item = None if current is None or not data else (current - 1) * page.per_page + 1
    next_link = None
    if current is None:
        next_link = link(cursor=page.next_cursor) if page.next_cursor else None
    elif current < last:
        next_link = link(page=current + 1)
    return {
        "data": list(data),
        "links": {
            "first": link(page=1),
            "last": link(page=last),
            "prev": link(page=min(current - 1, last)) if current and current > 1 else None,
            "next": next_link,
        },
        "meta": {
            "current_page": current,
            "from": first_item,
            "last_page": last,
            "per_page": page.per_page,
            "to": None if first_item is None else first_item + len(data) - 1,
            "total": page.total,
            "path": path,
            "next_cursor": page.next_cursor,
        },
    }
