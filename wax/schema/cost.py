"""A request's cost: how many objects its answer could hold, known before anything runs.

Every object counts one; a list counts its items, as many as its `first` (or its default)
allows, each with its own objects below; a connection's edges are as many as the
connection's `first`. Aliases count as often as they appear, fragments wherever they are
spread, and `first` given in variables counts as given. Leaves (scalars, and lists of them)
count nothing; introspection counts nothing (the depth limit bounds it). Over the budget, the
request is refused before it runs: a pre-execution error with code QUERY_TOO_COMPLEX.

The cost depends on the variables, so it is worked out per request, not cached with the
document's validation; it walks each distinct selection once (memoised), so a document that
spreads one fragment many times costs no more to weigh than to read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    is_abstract_type,
)
from graphql.execution.values import VariableValues, get_argument_values, get_variable_values
from strawberry.extensions import SchemaExtension

from wax.schema.internals import (
    FieldDetailsList,
    FragmentDetails,
    collect_fields,
    collect_subfields,
    core_schema,
    strawberry_field,
    validate_document,
)
from wax.schema.limits import LIMIT_KEY, PAGE_KEY, RELATED, ListLimit

# objects one request may ask for: see README.md, "Limits"
QUERY_COST_BUDGET = 5_000
# a list of objects that declares no limit (no wax field is one; tests/schema checks)
UNDECLARED_LIST = RELATED


def too_complex(cost: int, budget: int) -> GraphQLError:
    return GraphQLError(
        f"Query cost {cost} exceeds the budget of {budget}.",
        extensions={"code": "QUERY_TOO_COMPLEX", "cost": cost, "budget": budget},
    )


def _metadata(field: GraphQLField) -> Mapping[str, Any]:
    definition = strawberry_field(field)
    metadata = getattr(definition, "metadata", None)
    return metadata if isinstance(metadata, Mapping) else {}


def _is_list(field: GraphQLField) -> bool:
    field_type = field.type
    if isinstance(field_type, GraphQLNonNull):
        field_type = field_type.of_type
    return isinstance(field_type, GraphQLList)


class CostWalk:
    """One request's walk; `page` is the `first` of the connection a selection is in."""

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments
        self.variables = variables
        self.memo: dict[tuple[str, tuple[int, ...], int | None], int] = {}

    def operation_cost(self) -> int:
        root = self.schema.get_root_type(self.operation.operation)
        if root is None:
            return 0
        grouped = collect_fields(
            self.schema, self.fragments, self.variables, root, self.operation
        ).grouped_field_set
        return sum(self.field_cost(root, details, None) for details in grouped.values())

    def object_cost(
        self, object_type: GraphQLObjectType, details: FieldDetailsList, page: int | None
    ) -> int:
        """What one object of `object_type` costs below itself."""
        key = (object_type.name, tuple(id(detail.node) for detail in details), page)
        known = self.memo.get(key)
        if known is not None:
            return known
        grouped = collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, object_type, details
        ).grouped_field_set
        cost = self.memo[key] = sum(
            self.field_cost(object_type, field_details, page) for field_details in grouped.values()
        )
        return cost

    def field_cost(
        self, parent: GraphQLObjectType, details: FieldDetailsList, page: int | None
    ) -> int:
        field = parent.fields.get(details[0].node.name.value)  # None: __typename, introspection
        if field is None:
            return 0
        named = get_named_type(field.type)
        if isinstance(named, GraphQLObjectType):
            runtime_types: Iterator[GraphQLObjectType] = iter((named,))
        elif is_abstract_type(named):
            runtime_types = iter(self.schema.get_possible_types(named))
        else:
            return 0  # a leaf, or a list of leaves
        metadata = _metadata(field)
        limit: ListLimit | None = metadata.get(LIMIT_KEY)
        first = self.first(field, details, limit) if limit is not None else None
        if _is_list(field):
            if metadata.get(PAGE_KEY):
                count = page if page is not None else UNDECLARED_LIST.maximum
            else:
                count = first if first is not None else (limit or UNDECLARED_LIST).maximum
            page = None
        else:
            count = 1
            if first is not None:  # a connection: its edges are this many
                page = first
        below = max((self.object_cost(t, details, page) for t in runtime_types), default=0)
        return count * (1 + below)

    def first(self, field: GraphQLField, details: FieldDetailsList, limit: ListLimit) -> int:
        """How many items the field returns at most: its `first`, or none when that is out of
        range (the field fails with its own error)."""
        if "first" not in field.args:
            return limit.maximum
        detail = details[0]
        try:
            given = get_argument_values(
                field, detail.node, self.variables, detail.fragment_variable_values
            ).get("first")
        except GraphQLError:  # execution reports it
            return 0
        if given is None:
            return limit.default
        return given if isinstance(given, int) and 1 <= given <= limit.maximum else 0


def query_cost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    raw_variables: dict[str, Any] | None,
) -> int | None:
    """The cost of running `document`'s operation with these variables; None when it would not
    run at all (no such operation or several, variables that do not fit: execution says so, and
    no SQL runs)."""
    operations: list[OperationDefinitionNode] = []
    fragments: dict[str, FragmentDetails] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            if operation_name is None or (
                definition.name is not None and definition.name.value == operation_name
            ):
                operations.append(definition)
        elif isinstance(definition, FragmentDefinitionNode):
            fragments[definition.name.value] = FragmentDetails(definition)
    if len(operations) != 1 or not isinstance(raw_variables, dict | None):
        return None
    [operation] = operations
    variables = get_variable_values(
        schema, operation.variable_definitions or (), raw_variables or {}
    )
    if isinstance(variables, list):
        return None
    return CostWalk(schema, operation, fragments, variables).operation_cost()


class QueryCostLimiter(SchemaExtension):
    """Refuses a valid request whose cost is over the budget, before it executes.

    It weighs only what passed validation (validating first unless an extension before it,
    ValidationCache, did), and its error stops the request as a validation error does.
    """

    def __init__(self, budget: int = QUERY_COST_BUDGET) -> None:
        super().__init__()
        self.budget = budget

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None and context.pre_execution_errors is None:
            context.pre_execution_errors = validate_document(
                core_schema(context.schema), document, context.validation_rules
            )
        if document is not None and context.pre_execution_errors == []:
            cost = query_cost(
                core_schema(context.schema),
                document,
                context.operation_name,
                context.variables,
            )
            if cost is not None and cost > self.budget:
                context.pre_execution_errors = [too_complex(cost, self.budget)]
        yield
