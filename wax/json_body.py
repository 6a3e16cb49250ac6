"""Reading JSON request bodies, the one way every face does it.

orjson first (fast, and it refuses nesting deeper than 1,024); the standard library for the
valid JSON orjson refuses: escaped lone surrogates (which the domain then refuses field by
field, with a 422 naming it) and numbers past a double. Not JSON (NaN, bad UTF-8, runaway
nesting) fails as json.JSONDecodeError, never as a RecursionError.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

NOT_JSON = "The request body is not valid JSON."
NOT_AN_OBJECT = "The request body must be a JSON object."


class MalformedBody(ValueError):
    """The body is not the JSON object a route takes; `message` says which way."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _not_a_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def loads(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError as refused:
        try:
            return json.loads(data, parse_constant=_not_a_constant)
        except (ValueError, RecursionError):
            raise refused from None


def read_object(body: bytes, *, empty: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON object in `body`; an empty body is `empty` when given, else refused."""
    if not body and empty is not None:
        return empty
    try:
        data = loads(body) if body.strip() else None
    except json.JSONDecodeError:
        raise MalformedBody(NOT_JSON) from None
    if not isinstance(data, dict):
        raise MalformedBody(NOT_AN_OBJECT)
    return data
