"""The GraphQL face: Strawberry types over wax.resolvers, and the schema.

Each feature module contributes Query / Mutation / Subscription classes,
merged here into one schema.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import strawberry
from strawberry.extensions import (
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from wax.schema import record_operations, viewer
from wax.schema.errors import should_mask

MAX_DEPTH = 10
MAX_ALIASES = 30
MAX_TOKENS = 2000

query_types: tuple[type, ...] = (viewer.ViewerQuery, record_operations.RecordQuery)
mutation_types: tuple[type, ...] = (record_operations.RecordMutation,)
subscription_types: tuple[type, ...] = ()


def build_schema(*, introspection: bool = True) -> strawberry.Schema:
    # factories, so each request gets fresh extension instances
    extensions: list[Callable[[], SchemaExtension]] = [
        partial(QueryDepthLimiter, max_depth=MAX_DEPTH),
        partial(MaxAliasesLimiter, max_alias_count=MAX_ALIASES),
        partial(MaxTokensLimiter, max_token_count=MAX_TOKENS),
        partial(MaskErrors, should_mask_error=should_mask),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return strawberry.Schema(
        query=merge_types("Query", query_types),
        mutation=merge_types("Mutation", mutation_types) if mutation_types else None,
        subscription=(
            merge_types("Subscription", subscription_types) if subscription_types else None
        ),
        extensions=extensions,
        config=StrawberryConfig(disable_field_suggestions=True),
    )


schema = build_schema()
