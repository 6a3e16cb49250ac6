"""A front door for documents already known valid and wholly compiled.

Strawberry's pipeline around an operation (extension hooks, parse and validation caches, the
cost walk, graphql-core's executor, result processing) costs more than a compiled page of
songs itself. A document whose every root field the full pipeline answered by the compiled
path (wax.schema.compiled) is remembered by its text and operationName; the next POST of it
is answered here: the variables coerced and the cost weighed, per request, against the same
budget (the walk remembered for the Int and Boolean values it depends on), each root field
compiled (its plan cached) and read, the response written as the pipeline writes it.
Anything else, or anything unusual on the way (a variable that does not fit, a cost over the
budget, a selection that no longer compiles with these variables, any error while reading),
and the full pipeline answers instead, from the start.

Validation depends on the document alone, so a document that passed once passes again; the
cost and everything that depends on variables is worked out again.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson
import strawberry
from graphql import (
    FragmentDefinitionNode,
    GraphQLSchema,
    OperationDefinitionNode,
    OperationType,
)
from graphql.execution.values import VariableValues, get_variable_values
from starlette.requests import Request
from starlette.responses import Response
from strawberry.extensions import SchemaExtension
from strawberry.schema.base import BaseSchema

from wax import json_body
from wax.resolvers.library.cover_links import CoverLinks
from wax.rest_compat.covers import request_covers
from wax.schema import compiled
from wax.schema.cost import QUERY_COST_BUDGET, CostWalk
from wax.schema.internals import FragmentDetails, collect_fields, collect_subfields, core_schema
from wax.schema.negotiation import GRAPHQL_RESPONSE_JSON, prefers_graphql_response_json

KNOWN_DOCUMENTS = 256
REQUEST_KEYS = frozenset({"query", "variables", "operationName"})
# what strawberry writes for a JSON answer, and for one in the GraphQL response type
JSON_TYPE = "application/json"
GRAPHQL_RESPONSE_TYPE = f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8"


@dataclass(frozen=True)
class Known:
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDetails]


class FrontDoor:
    def __init__(self, schema: GraphQLSchema, budget: int = QUERY_COST_BUDGET) -> None:
        self.schema = schema
        self.budget = budget
        self.known: dict[tuple[str, str | None], Known] = {}
        self.costs: dict[tuple[int, tuple[tuple[str, Any], ...]], tuple[Known, int]] = {}

    def learn(self, query: str, operation_name: str | None, document: Any) -> None:
        """`operation_name`: the one given, or the document's only operation's."""
        operations = [
            definition
            for definition in document.definitions
            if isinstance(definition, OperationDefinitionNode)
        ]
        chosen = [
            operation
            for operation in operations
            if len(operations) == 1 or getattr(operation.name, "value", None) == operation_name
        ]
        if len(chosen) != 1 or chosen[0].operation != OperationType.QUERY:
            return
        fragments = {
            definition.name.value: FragmentDetails(definition)
            for definition in document.definitions
            if isinstance(definition, FragmentDefinitionNode)
        }
        if len(self.known) >= KNOWN_DOCUMENTS:
            self.known.clear()
        known = Known(chosen[0], fragments)
        self.known[(query, operation_name)] = known
        if len(operations) == 1:  # sent with no operationName, or with its own
            self.known[(query, None)] = self.known[
                (query, getattr(chosen[0].name, "value", None))
            ] = known

    async def answer(self, request: Request) -> Response | None:
        """The response to a POSTed operation known to compile, or None for the pipeline."""
        content_type = request.headers.get("content-type", "").partition(";")[0]
        if request.method != "POST" or content_type.strip().lower() != JSON_TYPE or not self.known:
            return None
        try:
            data = json_body.loads(await request.body())
        except ValueError:
            return None
        if not isinstance(data, dict) or not data.keys() <= REQUEST_KEYS:
            return None
        query, operation_name = data.get("query"), data.get("operationName")
        raw_variables = data.get("variables")
        if not isinstance(query, str) or not isinstance(operation_name, str | None):
            return None
        known = self.known.get((query, operation_name))
        if known is None or not isinstance(raw_variables, dict | None):
            return None
        body = await self._data(known, raw_variables or {}, request_covers(request))
        if body is None:
            return None
        response = Response(body, media_type=JSON_TYPE)
        if prefers_graphql_response_json(request.headers.get("accept")):
            response.headers["content-type"] = GRAPHQL_RESPONSE_TYPE
        return response

    def _cost(self, known: Known, variables: VariableValues) -> int:
        """The cost walk's, remembered by the variables it can depend on: Int (a `first`)
        and Boolean (@include / @skip) values; a text or a moment changes no count."""
        counted = tuple(
            (name, value)
            for name, value in variables.coerced.items()
            if value is None or type(value) in (int, bool)
        )
        key = (id(known), counted)
        remembered = self.costs.get(key)
        if remembered is not None and remembered[0] is known:
            return remembered[1]
        walk = CostWalk(self.schema, known.operation, known.fragments, variables)
        cost = walk.operation_cost()
        if len(self.costs) >= KNOWN_DOCUMENTS * 4:
            self.costs.clear()
        self.costs[key] = (known, cost)  # kept alive with its cost, so its id stays its own
        return cost

    async def _data(
        self, known: Known, raw_variables: dict[str, Any], covers: CoverLinks
    ) -> bytes | None:
        operation, schema = known.operation, self.schema
        variables = get_variable_values(schema, operation.variable_definitions or (), raw_variables)
        if isinstance(variables, list):
            return None
        if self._cost(known, variables) > self.budget:
            return None
        root = schema.query_type
        assert root is not None

        def collect(object_type: Any, details: Any) -> Any:
            return collect_subfields(
                schema, known.fragments, variables, operation, object_type, details
            )

        grouped = collect_fields(schema, known.fragments, variables, root, operation)
        if grouped.new_defer_usages:
            return None
        pages = []
        for key, details in grouped.grouped_field_set.items():
            field_def = root.fields.get(details[0].node.name.value)
            found = (
                compiled.page_of(schema, field_def, details, variables, collect)
                if field_def
                else None
            )
            if found is None:
                return None
            pages.append((key, *found))
        parts = []
        try:
            for key, plan, page in pages:
                parts.append(
                    orjson.dumps(key)
                    + b":"
                    + (await compiled.json_page(plan, page, covers)).encode()
                )
        except Exception:  # the pipeline answers, with its own errors
            return None
        return b'{"data":{' + b",".join(parts) + b"}}"


_doors: weakref.WeakKeyDictionary[strawberry.Schema, FrontDoor] = weakref.WeakKeyDictionary()


def front_door_of(schema: BaseSchema) -> FrontDoor | None:
    if not isinstance(schema, strawberry.Schema):
        return None
    door = _doors.get(schema)
    if door is None:
        door = _doors[schema] = FrontDoor(core_schema(schema))
    return door


class LearnCompiledDocuments(SchemaExtension):
    """Tells the schema's front door of each operation answered wholly by the compiled path."""

    def on_execute(self) -> Iterator[None]:
        yield
        context = self.execution_context
        result = context.result
        data = getattr(result, "data", None)
        if (
            context.query is None
            or getattr(result, "errors", None)
            or not isinstance(data, dict)
            or not data
            or not all(isinstance(value, orjson.Fragment) for value in data.values())
        ):
            return
        door = front_door_of(context.schema)
        if door is not None:
            door.learn(context.query, context.operation_name, context.graphql_document)
