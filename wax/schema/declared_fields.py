"""GraphQL fields from an entity's declaration (e.g. wax/resolvers/record_fields.py).

`with_fields` adds them to a class before strawberry.type / strawberry.input reads it, so
the class keeps its own methods and mypy still sees a class.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from wax.resolvers.record_fields import RecordField

T = TypeVar("T")
# a field's default on an input: "required" (none), or the value
REQUIRED = object()


def annotation(field: RecordField, *, optional: bool = False) -> Any:
    kind: Any = list[str] if field.kind is list else field.kind
    return kind | None if optional or field.nullable else kind


def with_fields(
    fields: Iterable[RecordField], default: Callable[[RecordField], Any] = lambda _: REQUIRED
) -> Callable[[type[T]], type[T]]:
    """Annotate the class with `fields` in order; `default` gives each one's default.

    A field with a default is optional (`T | None`), as GraphQL inputs spell it.
    """

    def decorate(cls: type[T]) -> type[T]:
        annotations = dict(inspect.get_annotations(cls))
        for field in fields:
            value = default(field)
            annotations[field.name] = annotation(field, optional=value is not REQUIRED)
            if value is not REQUIRED:
                setattr(cls, field.name, value)
        cls.__annotations__ = annotations
        return cls

    return decorate
