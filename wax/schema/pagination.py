"""Connections (edges, pageInfo, totalCount) over the resolvers' keyset pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError

from wax.errors import InvalidInput
from wax.resolvers.pagination import DEFAULT_PER_PAGE, MAX_PER_PAGE, Page, PageRequest

T = TypeVar("T")

FIRST_DESCRIPTION = f"How many to return, 1 to 100 (default {DEFAULT_PER_PAGE})."
AFTER_DESCRIPTION = "The endCursor (or an edge's cursor) of the previous page."
UPDATED_SINCE_DESCRIPTION = (
    "Only what changed at or after this moment (a date alone means midnight UTC)."
)


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page in (updatedAt, id) order; follow endCursor for the next.")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    total_count: int


def bad_input(exc: InvalidInput) -> GraphQLError:
    return GraphQLError(exc.message, extensions={"code": "BAD_USER_INPUT", "field": exc.field})


def page_request(first: int, after: str | None, updated_since: datetime | None) -> PageRequest:
    try:
        return PageRequest(updated_since=updated_since, per_page=first, cursor=after)
    except InvalidInput as exc:
        if exc.field == "per_page":
            exc = InvalidInput(f"first must be between 1 and {MAX_PER_PAGE}.", field="first")
        raise bad_input(exc) from None


def connection(page: Page[Any], convert: Callable[[Any], T]) -> Connection[T]:
    edges = [Edge(cursor=page.cursor_of(item), node=convert(item)) for item in page.items]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=page.has_next, end_cursor=edges[-1].cursor if edges else None
        ),
        total_count=page.total,
    )
