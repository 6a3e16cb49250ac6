"""GraphQL over HTTP, as the spec says and as a client no one here wrote checks it."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable

import httpx
import pytest

from tests.conftest import make_account
from tests.nodejs import NodeResult
from tests.servers import LiveServer
from wax.schema.negotiation import prefers_graphql_response_json

RunNode = Callable[..., Awaitable[NodeResult]]
SPEC_TYPE = "application/graphql-response+json"


@pytest.mark.slow
async def test_the_graphql_http_audit_finds_no_error_and_no_warning(
    server: LiveServer, run_node: RunNode
) -> None:
    account = await make_account("ann", is_admin=True)
    report = (await run_node("graphql_http_audit.cjs", server, account.token)).report()
    failed = [result for result in report if result["status"] in {"error", "warn"}]
    assert len(report) > 50, "the audit ran too few checks"
    assert failed == [], json.dumps(failed, indent=1)


async def test_a_client_of_the_spec_type_gets_it_and_400_for_a_request_that_cannot_run(
    admin_client: httpx.AsyncClient,
) -> None:
    headers = {"Accept": SPEC_TYPE}
    ran = await admin_client.post(
        "/graphql", json={"query": "{ viewer { name } }"}, headers=headers
    )
    assert ran.status_code == 200
    assert ran.headers["content-type"].startswith(SPEC_TYPE)
    assert ran.json() == {"data": {"viewer": {"name": "ann"}}}

    invalid = await admin_client.post(
        "/graphql", json={"query": "{ viewer { nope } }"}, headers=headers
    )
    assert invalid.status_code == 400
    assert invalid.headers["content-type"].startswith(SPEC_TYPE)
    assert "data" not in invalid.json()
    assert invalid.json()["errors"][0]["message"] == "Cannot query field 'nope' on type 'Viewer'."


async def test_a_field_error_is_still_200_for_a_client_of_the_spec_type(
    toy_client: httpx.AsyncClient,
) -> None:
    response = await toy_client.post(
        "/graphql", json={"query": "{ boom }"}, headers={"Accept": SPEC_TYPE}
    )
    assert response.status_code == 200
    assert response.json()["data"] is None
    assert response.json()["errors"][0]["path"] == ["boom"]


@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
async def test_a_json_client_gets_json_and_200_whatever_went_wrong(
    admin_client: httpx.AsyncClient, accept: str | None
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = await admin_client.post("/graphql", json={"query": "{ viewer {"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json()["data"] is None


@pytest.mark.parametrize(
    ("accept", "preferred"),
    [
        (SPEC_TYPE, True),
        (f"{SPEC_TYPE}, application/json;q=0.9", True),
        (f"application/json, {SPEC_TYPE}", True),
        (f"application/json, {SPEC_TYPE};q=0.5", False),
        (f"{SPEC_TYPE};q=0", False),
        ("application/json", False),
        ("*/*", False),
        (None, False),
    ],
)
def test_the_spec_type_is_used_when_the_client_likes_it_at_least_as_much_as_json(
    accept: str | None, preferred: bool
) -> None:
    assert prefers_graphql_response_json(accept) is preferred
