"""The GraphQL face: Strawberry types over wax.resolvers, and the schema.

Each feature module contributes Query / Mutation / Subscription classes,
merged here into one schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.tools import merge_types

from wax.schema import discogs_sync, library_api, library_scan, record_operations, viewer
from wax.schema.big_int import BIG_INT, BigInt
from wax.schema.dates import DATE_TIME
from wax.schema.execution import WaxExecutionContext
from wax.schema.front_door import LearnCompiledDocuments
from wax.schema.safety import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS, WaxSchema, safety_extensions

__all__ = ["MAX_ALIASES", "MAX_DEPTH", "MAX_TOKENS", "build_schema", "schema"]

query_types: tuple[type, ...] = (
    viewer.ViewerQuery,
    record_operations.RecordQuery,
    library_api.Query,
    discogs_sync.DiscogsSyncQuery,
    library_scan.LibraryScanQuery,
)
mutation_types: tuple[type, ...] = (
    record_operations.RecordMutation,
    library_api.Mutation,
    discogs_sync.DiscogsSyncMutation,
    library_scan.LibraryScanMutation,
)
subscription_types: tuple[type, ...] = (
    discogs_sync.DiscogsSyncSubscription,
    library_scan.LibraryScanSubscription,
)


def build_schema(
    *,
    introspection: bool = True,
    queries: Sequence[type] = query_types,
    mutations: Sequence[type] = mutation_types,
    subscriptions: Sequence[type] = subscription_types,
    fast_path: bool = True,
) -> strawberry.Schema:
    """wax's schema; `fast_path=False` executes every field by graphql-core's own path."""
    return WaxSchema(
        query=merge_types("Query", tuple(queries)),
        mutation=merge_types("Mutation", tuple(mutations)) if mutations else None,
        subscription=merge_types("Subscription", tuple(subscriptions)) if subscriptions else None,
        extensions=[
            *safety_extensions(introspection=introspection),
            *([LearnCompiledDocuments] if fast_path else []),
        ],
        config=StrawberryConfig(
            disable_field_suggestions=True, scalar_map={datetime: DATE_TIME, BigInt: BIG_INT}
        ),
        execution_context_class=(
            WaxExecutionContext if fast_path else StrawberryGraphQLCoreExecutionContext
        ),
    )


schema = build_schema()
