"""Library connections answered in one statement: the selection compiled, the JSON built by
the database (wax.resolvers.library.json_pages), and the bytes spliced into the response as
an orjson.Fragment, with no resolver, no Python object per field and no completion.

A root field opts in with `compiled(table)` in its metadata. Its selection compiles when
every field in it is a plain column or to-one relation of the listing's tables, a cursor,
pageInfo, totalCount or __typename; fragments and @include/@skip are resolved by
graphql-core's own field collection. Anything else (@defer, lists inside nodes, resolvers
such as albumCount), arguments that would fail, a viewer missing, a cursor that is not one
of ours, or any error at all while reading: the resolver path answers instead, and reports
its errors as usual. The short path's switch (WAX_GRAPHQL_FAST_PATH) turns this off too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import orjson
from graphql import (
    GraphQLError,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)
from graphql.execution.values import VariableValues, get_argument_values

from wax.resolvers.library.json_pages import json_page as json_page  # the seam tests watch
from wax.resolvers.library.page_plans import (
    TABLES,
    Column,
    ConnectionField,
    ConnectionPlan,
    Constant,
    EdgeCursor,
    EdgeField,
    Edges,
    EndCursor,
    HasNextPage,
    Node,
    NodeField,
    PageInfo,
    PageInfoField,
    Related,
    Table,
    TotalCount,
)
from wax.resolvers.pagination import PageRequest
from wax.schema.internals import ExecutionContext, FieldDetailsList, reads_the_attribute
from wax.schema.internals import strawberry_field as definition_of
from wax.schema.pagination import page_request

COMPILED_KEY = "wax.compiled_table"


def compiled(table: str) -> dict[str, Any]:
    """A connection field's metadata: its selections may be compiled over `table`."""
    return {COMPILED_KEY: table}


def compiled_table(field_def: GraphQLField | None) -> str | None:
    definition = definition_of(field_def) if field_def is not None else None
    metadata = getattr(definition, "metadata", None)
    table = metadata.get(COMPILED_KEY) if isinstance(metadata, Mapping) else None
    return table if isinstance(table, str) else None


class NotCompilable(Exception):
    """A selection the compiled path does not answer."""


# how graphql-core collects an object's selected fields (fragments, @include / @skip resolved)
Collect = Callable[[GraphQLObjectType, FieldDetailsList], Any]


class _Translation:
    def __init__(self, collect: Collect) -> None:
        self.collect = collect

    def grouped(
        self, object_type: GraphQLObjectType, details: FieldDetailsList
    ) -> list[tuple[str, str, FieldDetailsList]]:
        collected = self.collect(object_type, details)
        if collected.new_defer_usages:
            raise NotCompilable
        found = []
        for key, field_details in collected.grouped_field_set.items():
            first = field_details[0]
            if first.defer_usage is not None or first.node.arguments:
                raise NotCompilable
            found.append((key, first.node.name.value, field_details))
        return found

    def connection(
        self, table: str, connection_type: GraphQLObjectType, details: FieldDetailsList
    ) -> ConnectionPlan:
        fields: list[ConnectionField] = []
        for key, name, below in self.grouped(connection_type, details):
            if name == "__typename":
                fields.append(Constant(key, connection_type.name))
            elif name == "totalCount":
                fields.append(TotalCount(key))
            elif name == "pageInfo":
                fields.append(
                    PageInfo(key, self.page_info(self.type_of(connection_type, name), below))
                )
            elif name == "edges":
                fields.append(
                    Edges(key, self.edges(table, self.type_of(connection_type, name), below))
                )
            else:
                raise NotCompilable
        return ConnectionPlan(table, tuple(fields))

    def page_info(
        self, info_type: GraphQLObjectType, details: FieldDetailsList
    ) -> tuple[PageInfoField, ...]:
        fields: list[PageInfoField] = []
        for key, name, _ in self.grouped(info_type, details):
            if name == "__typename":
                fields.append(Constant(key, info_type.name))
            elif name == "hasNextPage":
                fields.append(HasNextPage(key))
            elif name == "endCursor":
                fields.append(EndCursor(key))
            else:
                raise NotCompilable
        return tuple(fields)

    def edges(
        self, table: str, edge_type: GraphQLObjectType, details: FieldDetailsList
    ) -> tuple[EdgeField, ...]:
        fields: list[EdgeField] = []
        for key, name, below in self.grouped(edge_type, details):
            if name == "__typename":
                fields.append(Constant(key, edge_type.name))
            elif name == "cursor":
                fields.append(EdgeCursor(key))
            elif name == "node":
                node_type = self.type_of(edge_type, name)
                fields.append(Node(key, self.node(TABLES[table], node_type, below)))
            else:
                raise NotCompilable
        return tuple(fields)

    def node(
        self, table: Table, node_type: GraphQLObjectType, details: FieldDetailsList
    ) -> tuple[NodeField, ...]:
        fields: list[NodeField] = []
        for key, name, below in self.grouped(node_type, details):
            if name == "__typename":
                fields.append(Constant(key, node_type.name))
                continue
            field_def = node_type.fields.get(name)
            definition = definition_of(field_def) if field_def is not None else None
            if (
                field_def is None
                or definition is None
                or field_def.args
                or not reads_the_attribute(field_def.resolve)
            ):
                raise NotCompilable
            python_name = definition.python_name
            if python_name in table.columns:
                fields.append(Column(key, python_name))
            elif python_name in table.relations:
                target = TABLES[table.relations[python_name][0]]
                related = self.node(target, self.type_of(node_type, name), below)
                fields.append(Related(key, python_name, related))
            else:
                raise NotCompilable
        return tuple(fields)

    @staticmethod
    def type_of(parent: GraphQLObjectType, name: str) -> GraphQLObjectType:
        named = get_named_type(parent.fields[name].type)
        if not isinstance(named, GraphQLObjectType):
            raise NotCompilable
        return named


def _switches(variables: Mapping[str, Any]) -> tuple[tuple[str, bool], ...]:
    """The variables a plan can depend on: only @include / @skip's, which are Boolean."""
    return tuple(
        sorted(
            (name, value) for name, value in variables.items() if value is True or value is False
        )
    )


class PlanCache:
    """Plans by selection (its nodes, kept alive with the plan so their ids stay theirs) and
    the Boolean variables: the same document and switches always compile alike."""

    SIZE = 1024

    def __init__(self) -> None:
        self.plans: dict[tuple[Any, ...], tuple[tuple[Any, ...], ConnectionPlan | None]] = {}

    def plan(
        self,
        schema: GraphQLSchema,
        table: str,
        connection_type: GraphQLObjectType,
        details: FieldDetailsList,
        variables: Mapping[str, Any],
        collect: Collect,
    ) -> ConnectionPlan | None:
        nodes = tuple(detail.node for detail in details)
        key = (id(schema), table, tuple(map(id, nodes)), _switches(variables))
        known = self.plans.get(key)
        if known is not None and all(a is b for a, b in zip(known[0], nodes, strict=True)):
            return known[1]
        try:
            plan: ConnectionPlan | None = _Translation(collect).connection(
                table, connection_type, details
            )
        except NotCompilable:
            plan = None
        if len(self.plans) >= self.SIZE:
            self.plans.clear()
        self.plans[key] = (nodes, plan)
        return plan


PLANS = PlanCache()


def page_of(
    schema: GraphQLSchema,
    field_def: GraphQLField,
    details: FieldDetailsList,
    variables: VariableValues,
    collect: Collect,
) -> tuple[ConnectionPlan, PageRequest] | None:
    """The plan and page a compiled root field reads, or None for the resolver path."""
    table = compiled_table(field_def)
    connection_type = get_named_type(field_def.type)
    if table is None or not isinstance(connection_type, GraphQLObjectType):
        return None
    plan = PLANS.plan(schema, table, connection_type, details, variables.coerced, collect)
    if plan is None:
        return None
    first = details[0]
    try:
        args = get_argument_values(field_def, first.node, variables, first.fragment_variable_values)
        request = page_request(args.get("first"), args.get("after"), args.get("updatedSince"))
    except GraphQLError:
        return None
    return plan, request


def compiled_answer(
    context: ExecutionContext,
    field_def: GraphQLField,
    details: FieldDetailsList,
    fallback: Callable[[], Any],
) -> Awaitable[Any] | None:
    """The field's answer by one statement (awaitable), or None for the resolver path."""
    if getattr(context.context_value, "viewer", None) is None:
        return None
    found = page_of(
        context.schema, field_def, details, context.variable_values, context.collect_subfields
    )
    if found is None:
        return None
    return _answer(context, *found, fallback)


async def _answer(
    context: ExecutionContext,
    plan: ConnectionPlan,
    request: PageRequest,
    fallback: Callable[[], Any],
) -> Any:
    loaders = getattr(context.context_value, "loaders", None)
    try:
        text = await json_page(plan, request, getattr(loaders, "covers", None))
    except Exception:  # the resolver path answers, with its own errors
        answer = fallback()
        return await answer if context.is_awaitable(answer) else answer
    return orjson.Fragment(text)
