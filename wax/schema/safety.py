"""What keeps one GraphQL request from hurting wax or telling too much.

Limits on a document's depth, aliases and tokens, and on its cost (wax/schema/cost.py);
unexpected errors masked for clients and logged for operators; no "Did you mean ...?" hints
that would spell out the schema when introspection is off.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.types import ExecutionContext

from wax.schema.cost import QueryCostLimiter
from wax.schema.errors import mark_faults, should_mask

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000
# bytes in one POST /graphql body
MAX_BODY_BYTES = 1_000_000
MAX_SUBSCRIPTIONS_PER_CONNECTION = 20
# parsed and validated documents kept for reuse: clients send the same few queries again
DOCUMENT_CACHE_SIZE = 256

# built once, not per request: the validation cache knows a document by its rules too
LIMIT_RULES: list[type[ASTValidationRule]] = [
    depth_rule(MAX_DEPTH, None),
    aliases_rule(MAX_ALIASES),
]

logger = logging.getLogger("wax.graphql")


def safety_extensions(*, introspection: bool) -> list[Callable[[], SchemaExtension]]:
    # factories, so each request gets fresh extension instances
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(ParserCache, maxsize=DOCUMENT_CACHE_SIZE),
        partial(AddValidationRules, LIMIT_RULES),
        partial(MaskErrors, should_mask_error=should_mask),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    # after the others, so it sees every rule they added
    extensions.append(partial(ValidationCache, maxsize=DOCUMENT_CACHE_SIZE))
    # last: it weighs only documents that passed validation
    extensions.append(QueryCostLimiter)
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
            mark_faults(error)
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
