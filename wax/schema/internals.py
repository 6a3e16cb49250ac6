"""Every graphql-core and Strawberry internal wax relies on, read here and nowhere else.

Each was checked against the versions in CHECKED_AGAINST (pinned in pyproject.toml);
tests/test_internals.py fails when the installed versions differ. Before moving a pin, check
each item below against the new version, then update CHECKED_AGAINST.

Strawberry 0.341.2:
- `GraphQLCoreConverter.DEFINITION_BACKREF`: the key under which a GraphQLField's extensions
  hold its StrawberryField (`strawberry_field`).
- `_is_default` on a field's resolve function: Strawberry's marker for "no resolver, the
  attribute is read" (`reads_the_attribute`).
- `Schema._schema`: the graphql-core schema behind a Strawberry schema (`core_schema`).
- `StrawberryGraphQLCoreExecutionContext` (`ExecutionContext`), whose graphql-core methods
  wax.schema.execution overrides; see below.

graphql-core 3.3.2 (its executor's methods are not part of its documented API):
- `execute_field(parent_type, source, field_details_list, path, position_context)`,
  `execute_collected_subfields(parent_type, source_value, path, grouped_field_set,
  new_defer_usages, delivery_group_map)`, `collect_and_execute_subfields(return_type,
  field_details_list, path, result, position_context)`, `collect_subfields(return_type,
  field_details_list)` (whose result has `grouped_field_set` and `new_defer_usages`),
  `is_awaitable(value)` and `middleware_manager`, overridden or called by
  wax.schema.execution (and `collect_subfields`, `is_awaitable`, `variable_values`, `schema`,
  `context_value` by wax.schema.compiled); OVERRIDDEN_METHODS lists the parameters a test
  checks.
- `graphql.execution.collect_fields`' DeferUsage, FieldDetailsList, GroupedFieldSet (a
  mapping of response keys to field details, each with `node` and `defer_usage`), and
  FragmentDetails, `collect_fields(schema, fragments, variable_values, runtime_type,
  operation)` and `collect_subfields(schema, fragments, variable_values, operation,
  return_type, field_details_list)`, which wax.schema.cost walks a query with, and
  wax.schema.front_door collects a known document's fields with (CALLED_FUNCTIONS lists the
  parameters a test checks).

Strawberry 0.341.2, again: `strawberry.schema.schema.validate_document(schema, document,
rules)`, which wax.schema.cost validates with before it weighs a query.

Not private, but undocumented, so checked with the same pin: the websocket handlers that
wax.schema.socket_handlers and wax.schema.legacy_ws subclass (their `handle*` hooks,
`connection_acknowledged`, `subscriptions`, `operations`, `tasks`, `send_data_message`,
`cleanup_operation`), and the hooks of `strawberry.asgi.GraphQL` that wax.schema.view
overrides (`parse_http_body`, `process_result`, `get_sub_response`, `create_response`,
`encode_json`, `decode_json`, `on_ws_connect`). No name starting with `_` is read there.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLField, GraphQLSchema
from graphql.execution.collect_fields import (
    DeferUsage,
    FieldDetailsList,
    FragmentDetails,
    GroupedFieldSet,
    collect_fields,
    collect_subfields,
)
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext, validate_document
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.field import StrawberryField

__all__ = [
    "CALLED_FUNCTIONS",
    "CHECKED_AGAINST",
    "OVERRIDDEN_METHODS",
    "DeferUsage",
    "ExecutionContext",
    "FieldDetailsList",
    "FragmentDetails",
    "GroupedFieldSet",
    "collect_fields",
    "collect_subfields",
    "core_schema",
    "reads_the_attribute",
    "strawberry_field",
    "validate_document",
]

CHECKED_AGAINST = {"graphql-core": "3.3.2", "strawberry-graphql": "0.341.2"}

ExecutionContext = StrawberryGraphQLCoreExecutionContext

# the executor's methods wax.schema.execution overrides, and the parameters it passes them
OVERRIDDEN_METHODS = {
    "execute_field": (
        "self",
        "parent_type",
        "source",
        "field_details_list",
        "path",
        "position_context",
    ),
    "execute_collected_subfields": (
        "self",
        "parent_type",
        "source_value",
        "path",
        "grouped_field_set",
        "new_defer_usages",
        "delivery_group_map",
    ),
    "collect_and_execute_subfields": (
        "self",
        "return_type",
        "field_details_list",
        "path",
        "result",
        "position_context",
    ),
    "collect_subfields": ("self", "return_type", "field_details_list"),
    "is_awaitable": ("value",),
}


def strawberry_field(field: GraphQLField) -> StrawberryField | None:
    """The StrawberryField a graphql-core field was made from, if Strawberry made it."""
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
    return definition if isinstance(definition, StrawberryField) else None


def reads_the_attribute(resolve: Any) -> bool:
    """Whether a field's resolve function is Strawberry's default: the attribute is read."""
    return resolve is not None and bool(getattr(resolve, "_is_default", False))


def core_schema(schema: strawberry.Schema) -> GraphQLSchema:
    return schema._schema


# the functions wax.schema.cost calls positionally, and the parameters it passes them
CALLED_FUNCTIONS = {
    collect_fields: ("schema", "fragments", "variable_values", "runtime_type", "operation"),
    collect_subfields: (
        "schema",
        "fragments",
        "variable_values",
        "operation",
        "return_type",
        "field_details_list",
    ),
    validate_document: ("schema", "document", "validation_rules"),
}
