"""The DateTime scalar: read with the REST face's parser, written as ISO 8601 in UTC."""

from __future__ import annotations

from datetime import datetime

import strawberry
from graphql import GraphQLError
from strawberry.types.scalar import ScalarDefinition

from wax.resolvers.dates import SPELLINGS, parse_client_timestamp

BAD_USER_INPUT = {"code": "BAD_USER_INPUT"}


def parse_date_time(value: object) -> datetime:
    """A client's DateTime, as the sync contract spells it; BAD_USER_INPUT for anything else."""
    if not isinstance(value, str):
        raise GraphQLError(f"A DateTime is a string: {SPELLINGS}.", extensions=BAD_USER_INPUT)
    try:
        return parse_client_timestamp(value)
    except ValueError as exc:
        raise GraphQLError(str(exc), extensions=BAD_USER_INPUT) from None


def serialize_date_time(moment: datetime) -> str:
    return moment.isoformat()


DATE_TIME: ScalarDefinition = strawberry.scalar(
    name="DateTime",
    description="Date with time (isoformat)",
    serialize=serialize_date_time,
    parse_value=parse_date_time,
)
