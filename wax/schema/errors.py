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
VISIBLE_ERRORS: tuple[type[Exception], ...] = (
    errors.Unauthorized,
    errors.Forbidden,
    errors.DatabaseUnavailable,
)
DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"


def should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return False
    return not isinstance(original, VISIBLE_ERRORS)


def mark_faults(error: GraphQLError) -> None:
    """A fault the client should retry carries its code (the message alone is for people)."""
    if isinstance(error.original_error, errors.DatabaseUnavailable):
        error.extensions = {**(error.extensions or {}), "code": DATABASE_UNAVAILABLE}


def database_unavailable(exc: errors.DatabaseUnavailable) -> dict[str, object]:
    """The body of a GraphQL request the database could not serve before execution."""
    return {"errors": [{"message": exc.message, "extensions": {"code": DATABASE_UNAVAILABLE}}]}


@strawberry.type(
    description="Would duplicate something that exists (`existing` is it), or would change"
    " what the music folder's files decide (the message says which file to edit)."
)
class Conflict(Error):
    existing: Annotated[Record, strawberry.lazy("wax.schema.records")] | None = None


@strawberry.type(description="The thing is gone; its id is remembered for sync clients.")
class Deleted:
    id: uuid.UUID


DeleteResult = Annotated[
    Deleted | NotFound | Forbidden | Conflict, strawberry.union("DeleteResult")
]


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
