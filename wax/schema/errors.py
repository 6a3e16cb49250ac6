"""GraphQL error types: expected failures are data, in result unions."""

from __future__ import annotations

import logging

import strawberry
from graphql import GraphQLError

from wax import errors

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
