"""The DateTime scalar: read with the REST face's parser, written as ISO 8601 in UTC."""

from __future__ import annotations

import json
from datetime import datetime

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

from wax.resolvers.dates import SPELLINGS, parse_client_timestamp

BAD_USER_INPUT = {"code": "BAD_USER_INPUT"}


def parse_date_time(value: object) -> datetime:
    """A client's DateTime, as the sync contract spells it; BAD_USER_INPUT for anything else."""
    if not isinstance(value, str):
        raise _refusal(value, f"A DateTime is a string: {SPELLINGS}.")
    try:
        return parse_client_timestamp(value)
    except ValueError as exc:
        raise _refusal(value, str(exc)) from None


def _refusal(value: object, why: str) -> GraphQLError:
    message = f"Value cannot represent a DateTime: {json.dumps(value)}. {why}"
    return GraphQLError(message, extensions=BAD_USER_INPUT)


def serialize_date_time(moment: datetime) -> str:
    return moment.isoformat()


DATE_TIME: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="Date with time (isoformat)",
    serialize=serialize_date_time,
    parse_value=parse_date_time,
)
