"""Limits on one GraphQL document: depth, aliases, tokens, batches and body size."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from tests.schema.toy import nested_query
from wax.schema import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from wax.schema.safety import MAX_BODY_BYTES


def messages(response: httpx.Response) -> list[str]:
    return [error["message"] for error in response.json().get("errors", [])]


async def test_an_ordinary_query_passes_every_limit(admin_client: httpx.AsyncClient) -> None:
    response = await admin_client.post("/graphql", json={"query": "{ viewer { name isAdmin } }"})
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"name": "ann", "isAdmin": True}}}


async def test_a_query_as_deep_as_the_limit_runs(toy_client: httpx.AsyncClient) -> None:
    response = await toy_client.post("/graphql", json={"query": nested_query(MAX_DEPTH)})
    assert messages(response) == []
    assert response.json()["data"]["node"]["child"]


async def test_a_query_deeper_than_the_limit_is_refused_before_it_runs(
    toy_client: httpx.AsyncClient,
) -> None:
    response = await toy_client.post("/graphql", json={"query": nested_query(MAX_DEPTH + 1)})
    assert response.json()["data"] is None
    assert messages(response) == [f"'anonymous' exceeds maximum operation depth of {MAX_DEPTH}"]


async def test_too_many_aliases_are_refused(admin_client: httpx.AsyncClient) -> None:
    def aliased(count: int) -> str:
        return "{ " + " ".join(f"v{n}: viewer {{ name }}" for n in range(count)) + " }"

    allowed = await admin_client.post("/graphql", json={"query": aliased(MAX_ALIASES)})
    assert len(allowed.json()["data"]) == MAX_ALIASES

    refused = await admin_client.post("/graphql", json={"query": aliased(MAX_ALIASES + 1)})
    assert refused.json()["data"] is None
    assert messages(refused) == [f"{MAX_ALIASES + 1} aliases found. Allowed: {MAX_ALIASES}"]


async def test_a_document_of_too_many_tokens_is_not_even_parsed(
    admin_client: httpx.AsyncClient,
) -> None:
    # "{ viewer {" and "} }" are 4 tokens; each "name" one more
    query = "{ viewer { " + "name " * MAX_TOKENS + "} }"
    response = await admin_client.post("/graphql", json={"query": query})
    assert response.json()["data"] is None
    assert messages(response) == [
        f"Syntax Error: Document contains more than {MAX_TOKENS} tokens. Parsing aborted."
    ]


async def test_batched_queries_are_refused(admin_client: httpx.AsyncClient) -> None:
    batch = [{"query": "{ viewer { name } }"}, {"query": "{ viewer { isAdmin } }"}]
    response = await admin_client.post("/graphql", json=batch)
    assert response.status_code == 400
    assert "Batching is not enabled" in response.text


async def test_a_body_over_the_cap_is_refused_with_413(admin_client: httpx.AsyncClient) -> None:
    padding = " " * MAX_BODY_BYTES
    response = await admin_client.post(
        "/graphql",
        content=f'{{"query": "{{ viewer {{ name }} }}{padding}"}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert messages(response) == [f"The request body is larger than {MAX_BODY_BYTES} bytes."]


async def test_a_streamed_body_over_the_cap_is_refused_too(
    admin_client: httpx.AsyncClient,
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"query": "{ viewer { name } }'
        for _ in range(MAX_BODY_BYTES // 65536 + 1):
            yield b" " * 65536
        yield b'"}'

    response = await admin_client.post(
        "/graphql", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


async def test_a_body_under_the_cap_runs(admin_client: httpx.AsyncClient) -> None:
    padding = " " * (MAX_BODY_BYTES - 100)
    response = await admin_client.post(
        "/graphql",
        content=f'{{"query": "{{ viewer {{ name }} }}{padding}"}}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json() == {"data": {"viewer": {"name": "ann"}}}
