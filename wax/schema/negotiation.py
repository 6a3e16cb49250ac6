"""Which media type a GraphQL-over-HTTP response uses, and what status it gets.

Clients that accept `application/graphql-response+json` (the GraphQL over HTTP
spec's own type) learn from the status whether their request ran at all: a
request that failed before execution (syntax, validation, variables) is a 400
without `data`. Everyone else gets `application/json` and a 200, as before.
"""

from __future__ import annotations

from graphql import GraphQLError

GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
JSON = "application/json"


def accepted_qualities(accept: str) -> dict[str, float]:
    qualities: dict[str, float] = {}
    for item in accept.split(","):
        media_type, *parameters = (part.strip() for part in item.split(";"))
        if not media_type:
            continue
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[media_type.lower()] = max(quality, qualities.get(media_type.lower(), 0.0))
    return qualities


def prefers_graphql_response_json(accept: str | None) -> bool:
    """True when the client lists the GraphQL response type and likes it at least as JSON."""
    qualities = accepted_qualities(accept or "")
    ours = qualities.get(GRAPHQL_RESPONSE_JSON, 0.0)
    return ours > 0 and ours >= qualities.get(JSON, 0.0)


def is_request_error(data: object, errors: list[GraphQLError] | None) -> bool:
    """The operation never ran: no data, and no error belongs to a field (has a path)."""
    return data is None and bool(errors) and all(not error.path for error in errors or ())
