"""GraphQL execution with a short path for plain fields.

For every field of every row graphql-core builds a resolve info, calls the resolver, checks for
an awaitable, and completes the value inside its error handling: about 6 µs a field, and a page
of 100 songs has some 700 fields. A plain field (read straight off the object: no arguments, no
resolver, no field extension, no middleware) needs far less:

- a scalar or enum leaf needs only the attribute and its serialiser;
- a non-null object needs only its sub-selection executed. Being non-null, an error below it
  would pass through graphql-core's handling here unchanged to the parent's, so skipping that
  handling changes nothing.

An object whose selected fields are all plain, down to the leaves, is answered in one tight
pass. Anything else, and any value that is null where null is not allowed, awaitable or fails
to serialise, takes graphql-core's own path (for the whole object), which reports errors as
usual. Reading a plain field has no side effects, so trying the short path first costs nothing
but time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
)
from graphql.pyutils import Path, Undefined

from wax.schema.compiled import compiled_answer, compiled_table
from wax.schema.internals import (
    DeferUsage,
    ExecutionContext,
    FieldDetailsList,
    GroupedFieldSet,
    reads_the_attribute,
    strawberry_field,
)


class PlainField:
    __slots__ = ("nullable", "object_type", "python_name", "read", "serialize")

    def __init__(
        self,
        python_name: str,
        read: Callable[[Any, str], Any],
        *,
        serialize: Callable[[Any], Any] | None = None,
        object_type: GraphQLObjectType | None = None,
        nullable: bool = False,
    ) -> None:
        self.python_name = python_name
        self.read = read
        self.serialize = serialize  # a leaf's
        self.object_type = object_type  # a non-null object's
        self.nullable = nullable


def plain_field(field_def: GraphQLField) -> PlainField | None:
    """How to read `field_def` directly, or None when it needs graphql-core's whole path."""
    definition = strawberry_field(field_def)
    if (
        definition is None
        or field_def.args
        or definition.extensions
        or not reads_the_attribute(field_def.resolve)
        or definition.default_resolver is None
    ):
        return None
    read, name = definition.default_resolver, definition.python_name
    field_type = field_def.type
    non_null = isinstance(field_type, GraphQLNonNull)
    named = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    if isinstance(named, GraphQLScalarType | GraphQLEnumType):
        return PlainField(name, read, serialize=named.serialize, nullable=not non_null)
    if non_null and isinstance(named, GraphQLObjectType) and named.is_type_of is None:
        return PlainField(name, read, object_type=named)
    return None


# (response key, the field or None for __typename, the field's selection)
Step = tuple[str, PlainField | None, FieldDetailsList]
NEVER_AWAITABLE = frozenset({str, int, float, bool})

# decided once per schema field, for every request after
_plain_fields: dict[tuple[GraphQLObjectType, str], PlainField | None] = {}
_compiled_tables: dict[tuple[GraphQLObjectType, str], str | None] = {}


class WaxExecutionContext(ExecutionContext):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # a middleware (a schema extension's resolve hook) must see every field
        middleware = self.middleware_manager
        self.short_path = middleware is None or not middleware.middlewares
        self.plans: dict[int, tuple[GroupedFieldSet, list[Step] | None]] = {}

    def plain(self, parent_type: GraphQLObjectType, name: str) -> PlainField | None:
        key = (parent_type, name)
        try:
            return _plain_fields[key]
        except KeyError:
            field_def = self.schema.get_field(parent_type, name)
            plain = _plain_fields[key] = plain_field(field_def) if field_def else None
            return plain

    def compiled_table(self, parent_type: GraphQLObjectType, name: str) -> str | None:
        key = (parent_type, name)
        try:
            return _compiled_tables[key]
        except KeyError:
            table = _compiled_tables[key] = compiled_table(self.schema.get_field(parent_type, name))
            return table

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: FieldDetailsList,
        path: Path,
        position_context: Any | None,
    ) -> Any:
        node = field_details_list[0].node
        plain = self.plain(parent_type, node.name.value)
        if plain is None and self.short_path:
            field_def = self.schema.get_field(parent_type, node.name.value)
            if field_def is not None and self.compiled_table(parent_type, node.name.value):
                answer = compiled_answer(
                    self,
                    field_def,
                    field_details_list,
                    lambda: super(WaxExecutionContext, self).execute_field(
                        parent_type, source, field_details_list, path, position_context
                    ),
                )
                if answer is not None:
                    return answer
        if plain is not None and self.short_path and not node.arguments:
            value = plain.read(source, plain.python_name)
            if value is None:
                if plain.nullable:
                    return None
            elif self.is_awaitable(value):
                pass
            elif plain.object_type is not None:
                return self.collect_and_execute_subfields(
                    plain.object_type, field_details_list, path, value, position_context
                )
            elif plain.serialize is not None:
                try:
                    serialized = plain.serialize(value)
                except Exception:  # graphql-core's path below reports it
                    serialized = Undefined
                if serialized is not None and serialized is not Undefined:
                    return serialized
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def execute_collected_subfields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path,
        grouped_field_set: GroupedFieldSet,
        new_defer_usages: Sequence[DeferUsage],
        position_context: Any | None,
    ) -> Any:
        if self.short_path and not new_defer_usages:
            answer = self.plain_object(parent_type, source_value, grouped_field_set)
            if answer is not None:
                return answer
        return super().execute_collected_subfields(
            parent_type, source_value, path, grouped_field_set, new_defer_usages, position_context
        )

    def plain_object(
        self, object_type: GraphQLObjectType, source: Any, grouped_field_set: GroupedFieldSet
    ) -> dict[str, Any] | None:
        """The object's answer when every selected field is plain, else None."""
        steps = self.steps_for(object_type, grouped_field_set)
        if steps is None:
            return None
        answer: dict[str, Any] = {}
        for response_key, plain, field_details_list in steps:
            if plain is None:
                answer[response_key] = object_type.name  # __typename
                continue
            value = plain.read(source, plain.python_name)
            if value is None:
                if not plain.nullable:
                    return None
                answer[response_key] = None
            elif plain.object_type is not None:
                if self.is_awaitable(value):
                    return None
                collected = self.collect_subfields(plain.object_type, field_details_list)
                if collected.new_defer_usages:
                    return None
                inner = self.plain_object(plain.object_type, value, collected.grouped_field_set)
                if inner is None:
                    return None
                answer[response_key] = inner
            else:
                if type(value) not in NEVER_AWAITABLE and self.is_awaitable(value):
                    return None
                try:
                    serialized = plain.serialize(value)  # type: ignore[misc]
                except Exception:  # graphql-core's path reports it
                    return None
                if serialized is None or serialized is Undefined:
                    return None
                answer[response_key] = serialized
        return answer

    def steps_for(
        self, object_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> list[Step] | None:
        """The plain fields to read for a selection, or None when one is not plain; worked out
        once per selection and request (every row of a list shares its selection)."""
        key = id(grouped_field_set)
        cached = self.plans.get(key)
        if cached is not None:
            return cached[1]
        steps = self.plan(object_type, grouped_field_set)
        # keep the selection alive with its plan, so that its id is not reused meanwhile
        self.plans[key] = (grouped_field_set, steps)
        return steps

    def plan(
        self, object_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
    ) -> list[Step] | None:
        steps: list[Step] = []
        for response_key, field_details_list in grouped_field_set.items():
            details = field_details_list[0]
            node = details.node
            if node.name.value == "__typename":
                steps.append((response_key, None, field_details_list))
                continue
            plain = self.plain(object_type, node.name.value)
            if plain is None or node.arguments or details.defer_usage is not None:
                return None
            steps.append((response_key, plain, field_details_list))
        return steps
