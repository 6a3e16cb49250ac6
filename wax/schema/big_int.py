"""The BigInt scalar: an integer past Int's 32 bits (a file's size in bytes), as a JSON number.

GraphQL's Int stops at 2^31 - 1 and strawberry maps int to it, which fails to serialise a
4 GB file's size; a Float would write 3000000000.0 where REST writes 3000000000. BigInt
writes the integer as REST does (exact in every JSON client up to 2^53).
"""

from __future__ import annotations

import json
from typing import NewType

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

# the Python type fields annotate; the schema's scalar_map makes it BIG_INT
BigInt = NewType("BigInt", int)


def parse_big_int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GraphQLError(
            f"BigInt cannot represent a non-integer value: {json.dumps(value)}",
            extensions={"code": "BAD_USER_INPUT"},
        )
    return value


BIG_INT: ScalarDefinition = strawberry.scalar(
    name="BigInt",
    description="An integer that may exceed 32 bits, written as a JSON number.",
    serialize=int,
    parse_value=parse_big_int,
)
