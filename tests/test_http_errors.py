"""Routing refusals answer JSON in each face's shape: 405 with Allow, 404 after the token."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS31Validator

from wax.rest_compat.openapi import document

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
UNAUTHENTICATED = {"message": "Unauthenticated."}


def documented_methods() -> list[tuple[str, set[str]]]:
    found = []
    for template, item in document()["paths"].items():
        path = re.sub(r"\{[^}]+\}", str(uuid.uuid4()), template)
        found.append((path, {method.upper() for method in item if method.upper() in METHODS}))
    return found


def assert_matches_component(body: Any, response_name: str) -> None:
    doc = document()
    answer = doc["components"]["responses"][response_name]
    schema = answer["content"]["application/json"]["schema"]
    OAS31Validator({**schema, "components": doc["components"]}).validate(body)


async def test_a_wrong_method_on_every_documented_path_is_a_json_405_that_lists_the_right_ones(
    admin_client: httpx.AsyncClient,
) -> None:
    refused = 0
    for path, methods in documented_methods():
        allowed = methods | ({"HEAD"} if "GET" in methods else set())
        for method in sorted(set(METHODS) - methods):
            response = await admin_client.request(method, path)
            assert response.status_code == 405, f"{method} {path}"
            assert {m.strip() for m in response.headers["allow"].split(",")} == allowed
            assert response.headers["content-type"] == "application/json"
            body = response.json()
            assert method in body["message"]
            if path.startswith("/api/v1/"):
                assert set(body) == {"message"}
                assert_matches_component(body, "MethodNotAllowedV1")
            else:
                assert body["error"] == "method_not_allowed"
                assert_matches_component(body, "MethodNotAllowed")
            refused += 1
    assert refused > 50


@pytest.mark.parametrize("path", ["/api/records/sync", "/api/records/search"])
async def test_a_literal_records_path_is_not_taken_for_a_record_id(
    admin_client: httpx.AsyncClient, path: str
) -> None:
    response = await admin_client.put(path, json={"artistName": "x"})

    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"


@pytest.mark.parametrize("path", ["/api/%0A", "/api/v1/songs/%0A", "/api/nothing", "/api"])
async def test_any_path_under_api_asks_for_the_token_before_saying_it_is_not_there(
    client: httpx.AsyncClient, admin: Any, path: str
) -> None:
    stranger = await client.get(path)
    assert stranger.status_code == 401
    assert stranger.json() == UNAUTHENTICATED

    known = await client.get(path, headers=admin.headers, follow_redirects=True)
    assert known.status_code == 404
    assert known.headers["content-type"] == "application/json"
    assert known.json()["error"] == "not_found"


async def test_an_unknown_path_outside_api_is_a_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/nothing-here")

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "No route /nothing-here."}


async def test_a_batch_to_graphql_is_refused_as_a_graphql_error(
    admin_client: httpx.AsyncClient,
) -> None:
    response = await admin_client.post("/graphql", json=[{"query": "{ __typename }"}])

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "Batching is not enabled: send one operation, a JSON object.",
                "extensions": {"code": "BAD_REQUEST"},
            }
        ]
    }


async def test_a_wrong_method_on_graphql_is_a_graphql_error_with_allow(
    admin_client: httpx.AsyncClient,
) -> None:
    response = await admin_client.put("/graphql", json={"query": "{ __typename }"})

    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "POST"}
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "METHOD_NOT_ALLOWED"}


@pytest.mark.parametrize(
    ("content", "content_type"),
    [(b"{not json", "application/json"), (b"query", "text/plain"), (b"{}", "application/json")],
    ids=["not json", "unsupported type", "no query"],
)
async def test_a_graphql_request_strawberry_cannot_read_is_a_graphql_error(
    admin_client: httpx.AsyncClient, content: bytes, content_type: str
) -> None:
    response = await admin_client.post(
        "/graphql", content=content, headers={"Content-Type": content_type}
    )

    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    [error] = response.json()["errors"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert error["message"]
