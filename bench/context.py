"""What every case gets: the plan, a scratch directory, the load generator, the results."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson

from bench.config import Plan
from bench.load import HttpRequest, LoadGenerator
from bench.report import Measure


class NotAvailable(Exception):
    """The feature a case measures is not on this branch yet."""


@dataclass
class Bench:
    plan: Plan
    workdir: Path
    load: LoadGenerator
    measures: list[Measure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # markdown written after the table (case 7's side-by-side table)
    sections: list[str] = field(default_factory=list)

    def add(self, *measures: Measure) -> None:
        self.measures.extend(measures)


async def call(base_url: str, request: HttpRequest) -> tuple[int, Any]:
    """One request, its status and decoded JSON (None when the body is not JSON)."""
    async with (
        aiohttp.ClientSession() as session,
        session.request(
            request.method, base_url + request.path, headers=request.headers, data=request.body
        ) as response,
    ):
        body = await response.read()
    try:
        return response.status, orjson.loads(body)
    except orjson.JSONDecodeError:
        return response.status, None


def graphql_request(token: str, query: str, variables: dict[str, Any] | None = None) -> HttpRequest:
    return HttpRequest(
        "POST",
        "/graphql",
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        orjson.dumps({"query": query, "variables": variables or {}}),
    )


MISSING_IN_SCHEMA = (
    "Cannot query field",
    "Unknown argument",
    "Unknown type",
    "not supported by the schema",
)


def is_missing_in_schema(message: str) -> bool:
    return any(sign in message for sign in MISSING_IN_SCHEMA)


def graphql_missing_field(body: Any) -> str | None:
    """The message when the schema lacks a field the query asks for (feature not merged)."""
    for error in (body or {}).get("errors") or []:
        message = str(error.get("message", ""))
        if is_missing_in_schema(message):
            return message
    return None


async def check_graphql(base_url: str, request: HttpRequest) -> Any:
    """The `data` of a GraphQL answer; NotAvailable when the schema lacks the field."""
    status, body = await call(base_url, request)
    missing = graphql_missing_field(body)
    if missing:
        raise NotAvailable(missing)
    if status != 200 or not isinstance(body, dict) or body.get("errors"):
        raise RuntimeError(f"GraphQL answered {status}: {str(body)[:300]}")
    return body["data"]


async def check_rest(base_url: str, request: HttpRequest) -> Any:
    """The JSON of a REST answer; NotAvailable when the route is not there (404 or 405)."""
    status, body = await call(base_url, request)
    if status in (404, 405):
        raise NotAvailable(f"{request.method} {request.path.split('?')[0]} answers {status}")
    if status != 200:
        raise RuntimeError(f"{request.method} {request.path} answered {status}: {str(body)[:300]}")
    return body
