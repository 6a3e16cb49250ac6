"""What keeps one GraphQL request from hurting wax or telling too much.

Limits on a document's depth, aliases and tokens; unexpected errors masked for
clients and logged for operators; no "Did you mean ...?" hints that would spell
out the schema when introspection is off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import strawberry
from graphql import GraphQLError
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.types import ExecutionContext

from wax.schema.errors import should_mask

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000
# bytes in one POST /graphql body
MAX_BODY_BYTES = 1_000_000
MAX_SUBSCRIPTIONS_PER_CONNECTION = 20

logger = logging.getLogger("wax.graphql")


def safety_extensions(*, introspection: bool) -> list[Callable[[], SchemaExtension]]:
    # factories, so each request gets fresh extension instances
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(QueryDepthLimiter, max_depth=MAX_DEPTH),
        partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaskErrors, should_mask_error=should_mask),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return extensions


class WaxSchema(strawberry.Schema):
    """Logs what it masks (with the traceback), and gives no hints about the schema."""

    @staticmethod
    def remove_field_suggestion(error: GraphQLError) -> None:
        # strawberry strips only field hints; arguments, types and enum values have them too
        if "Did you mean" in error.message:
            error.message = error.message.split("Did you mean")[0].strip()

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            if should_mask(error):
                logger.error(
                    "Unexpected error at %s: %s",
                    ".".join(map(str, error.path or ())) or "(operation)",
                    error.message,
                    exc_info=error.original_error,
                )
            else:
                # the client's mistake, already told to the client
                logger.debug("GraphQL error: %s", error.message)
