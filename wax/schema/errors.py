"""GraphQL error types: expected failures are data, in result unions."""

from __future__ import annotations

import logging
import uuid
from typing import TYPE_CHECKING, Annotated

import strawberry
from graphql import GraphQLError

from wax import errors

if TYPE_CHECKING:
    from wax.schema.records import Record

logger = logging.getLogger("wax.graphql")


@strawberry.interface(description="Something expected went wrong; the message says what.")
class Error:
    message: str


@strawberry.type
class NotFound(Error):
    pass


@strawberry.type
class InvalidInput(Error):
    field: str | None = None


@strawberry.type
class DiscogsUnavailable(Error):
    pass


@strawberry.type
class Forbidden(Error):
    pass


# errors shown to clients as they are; anything else is masked
VISIBLE_ERRORS: tuple[type[Exception], ...] = (errors.Unauthorized, errors.Forbidden)


def should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    return not isinstance(original, VISIBLE_ERRORS)


@strawberry.type(description="Would duplicate something that exists; `existing` is it.")
class Conflict(Error):
    existing: Annotated[Record, strawberry.lazy("wax.schema.records")] | None = None


@strawberry.type(description="The thing is gone; its id is remembered for sync clients.")
class Deleted:
    id: uuid.UUID


DeleteResult = Annotated[Deleted | NotFound | Forbidden, strawberry.union("DeleteResult")]


def error_result(exc: errors.WaxError) -> Error:
    """The GraphQL error type for an expected domain error (anything else propagates)."""
    match exc:
        case errors.NotFound():
            return NotFound(message=exc.message)
        case errors.InvalidInput():
            return InvalidInput(message=exc.message, field=exc.field)
        case errors.Forbidden():
            return Forbidden(message=exc.message)
        case errors.UpstreamError():
            return DiscogsUnavailable(message=exc.message)
        case errors.Conflict():
            return Conflict(message=exc.message)
    raise exc
