"""Connections (edges, pageInfo, totalCount) over the resolvers' keyset pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError

from wax.errors import InvalidInput
from wax.resolvers.pagination import MAX_PER_PAGE, Page, PageRequest
from wax.schema.limits import CONNECTION, PAGE

T = TypeVar("T")

FIRST_DESCRIPTION = CONNECTION.description
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
    node: T
    page: strawberry.Private[Page[Any]]
    item: strawberry.Private[Any]

    @strawberry.field
    def cursor(self) -> str:
        # made only when asked for: most clients follow pageInfo.endCursor
        return self.page.cursor_of(self.item)


@strawberry.type(description="A page in (updatedAt, id) order; follow endCursor for the next.")
class Connection(Generic[T]):
    edges: list[Edge[T]] = strawberry.field(metadata=PAGE)
    page_info: PageInfo
    total_count: int


def bad_input(exc: InvalidInput) -> GraphQLError:
    return GraphQLError(exc.message, extensions={"code": "BAD_USER_INPUT", "field": exc.field})


def updated_since_out_of_range() -> GraphQLError:
    """For an updatedSince whose UTC value leaves the calendar (the resolvers' InvalidInput)."""
    return bad_input(InvalidInput("The updatedSince date is out of range.", field="updatedSince"))


def page_request(
    first: int | None, after: str | None, updated_since: datetime | None
) -> PageRequest:
    per_page = CONNECTION.default if first is None else first
    try:
        return PageRequest(updated_since=updated_since, per_page=per_page, cursor=after)
    except InvalidInput as exc:
        if exc.field == "updated_since":
            raise updated_since_out_of_range() from None
        if exc.field == "per_page":
            exc = InvalidInput(f"first must be between 1 and {MAX_PER_PAGE}.", field="first")
        raise bad_input(exc) from None


def connection(page: Page[Any], convert: Callable[[Any], T]) -> Connection[T]:
    return Connection(
        edges=[Edge(node=convert(item), page=page, item=item) for item in page.items],
        page_info=PageInfo(has_next_page=page.has_next, end_cursor=page.last_cursor),
        total_count=page.total,
    )
