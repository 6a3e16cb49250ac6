"""What a GraphQL client is not told: unexpected errors, schema hints, the schema itself."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import AsyncIterator

import httpx
import pytest
from graphql import get_introspection_query

from tests.conftest import make_account
from tests.schema.toy import SECRET
from tests.servers import running_app
from wax.settings import Settings


async def test_an_unexpected_error_is_masked_for_the_client_and_logged_with_its_traceback(
    toy_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="wax.graphql"):
        response = await toy_client.post("/graphql", json={"query": "{ boom }"})

    assert response.status_code == 200
    assert response.json()["errors"] == [
        {"message": "Unexpected error.", "locations": [{"line": 1, "column": 3}], "path": ["boom"]}
    ]
    assert SECRET not in response.text
    [record] = [r for r in caplog.records if r.name == "wax.graphql"]
    assert SECRET in record.getMessage()
    assert record.exc_info is not None
    assert record.exc_info[0] is RuntimeError


async def test_a_clients_mistake_is_shown_as_it_is_and_not_logged_as_an_error(
    toy_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await toy_client.post("/graphql", json={"query": "{ echo }"})
    assert response.json()["errors"][0]["message"] == (
        "Argument 'Query.echo(text:)' of type 'String!' is required, but it was not provided."
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_typo_in_a_field_name_gets_no_suggestion(admin_client: httpx.AsyncClient) -> None:
    response = await admin_client.post("/graphql", json={"query": "{ viewer { nmae } }"})
    [error] = response.json()["errors"]
    assert error["message"] == "Cannot query field 'nmae' on type 'Viewer'."


async def test_a_typo_in_an_argument_or_type_name_gets_no_suggestion_either(
    toy_client: httpx.AsyncClient,
) -> None:
    argument = await toy_client.post("/graphql", json={"query": '{ echo(txt: "hi") }'})
    variable = await toy_client.post(
        "/graphql", json={"query": "query ($t: Strin!) { echo(text: $t) }"}
    )
    for response in (argument, variable):
        for error in response.json()["errors"]:
            assert "Did you mean" not in error["message"]
            assert "text'?" not in error["message"]
    assert (
        argument.json()["errors"][0]["message"] == "Unknown argument 'txt' on field 'Query.echo'."
    )
    assert variable.json()["errors"][0]["message"] == "Unknown type 'Strin'."


INTROSPECTION = {"query": "{ __schema { queryType { name } } }"}


async def test_introspection_is_on_by_default(admin_client: httpx.AsyncClient) -> None:
    response = await admin_client.post("/graphql", json=INTROSPECTION)
    assert response.json() == {"data": {"__schema": {"queryType": {"name": "Query"}}}}


async def test_graphiqls_full_introspection_query_fits_within_the_limits(
    admin_client: httpx.AsyncClient,
) -> None:
    # what GraphiQL sends to learn the schema (it asks with inputValueDeprecation on)
    query = get_introspection_query(descriptions=True, input_value_deprecation=True)
    response = await admin_client.post(
        "/graphql", json={"query": query, "operationName": "IntrospectionQuery"}
    )
    body = response.json()
    assert "errors" not in body
    names = {t["name"] for t in body["data"]["__schema"]["types"]}
    assert {"Query", "Viewer"} <= names


@pytest.fixture
async def closed_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """wax started with WAX_GRAPHQL_INTROSPECTION=false."""
    from_environment = Settings.from_environ({"WAX_GRAPHQL_INTROSPECTION": "false"})
    closed = dataclasses.replace(
        settings, graphql_introspection=from_environment.graphql_introspection
    )
    async with running_app(closed) as app:
        account = await make_account("ann", is_admin=True)
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://wax.test",
            headers=account.headers,
        ) as client:
            yield client


async def test_introspection_can_be_switched_off_and_queries_still_run(
    closed_client: httpx.AsyncClient,
) -> None:
    refused = await closed_client.post("/graphql", json=INTROSPECTION)
    assert refused.json()["data"] is None
    assert refused.json()["errors"][0]["message"] == (
        "GraphQL introspection has been disabled, but the requested query contained the field "
        "'__schema'."
    )
    by_type = await closed_client.post(
        "/graphql", json={"query": '{ __type(name: "Viewer") { name } }'}
    )
    assert by_type.json()["data"] is None

    ordinary = await closed_client.post(
        "/graphql", json={"query": "{ __typename viewer { name } }"}
    )
    assert ordinary.json() == {"data": {"__typename": "Query", "viewer": {"name": "ann"}}}
