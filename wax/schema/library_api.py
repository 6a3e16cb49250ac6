"""The library and sync feature's GraphQL entry points, merged for wax.schema."""

from __future__ import annotations

from strawberry.tools import merge_types

from wax.schema.library_mutations import LibraryMutation
from wax.schema.library_queries import LibraryQuery
from wax.schema.sync import SyncQuery

Query = merge_types("LibraryAndSyncQuery", (LibraryQuery, SyncQuery))
Mutation = LibraryMutation
