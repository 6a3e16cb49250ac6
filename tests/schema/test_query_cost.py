"""A query's cost, weighed before it runs: the objects its answer could hold, against a budget."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
    is_composite_type,
    parse,
)
from strawberry.schema.schema_converter import GraphQLCoreConverter

from bench.cases.throughput import SONGS_QUERY
from bench.watch import SUBSCRIPTION
from tests.conftest import Account
from tests.library import counting_statements, seed
from tests.servers import LiveServer
from tests.streams import TRANSPORT_WS, expect_ack, graphql_ws, receive, start
from wax.schema import schema
from wax.schema.cost import QUERY_COST_BUDGET, query_cost
from wax.schema.limits import (
    CONNECTION,
    LIMIT_KEY,
    PAGE_KEY,
    RELATED,
    SEARCH_RESULTS,
    ListLimit,
)

ROOT = Path(__file__).resolve().parents[2]
# issue 11, point 1: 19 s and 59 MB on SQLite before there was a budget
ISSUE_QUERY = (
    "{ songs(first: 10) { edges { node { album { songs { album { songs { album { songs { id }"
    " } } } } } } } } }"
)
MOBILE_SYNC_PAGE = (
    "{ songs(first: 100) { edges { node { id title album { id name } artist { id name } } }"
    " pageInfo { hasNextPage endCursor } totalCount } }"
)
D = RELATED.default


def cost(query: str, **variables: Any) -> int | None:
    return query_cost(schema._schema, parse(query), None, variables)


def test_an_object_counts_one_and_a_leaf_nothing() -> None:
    assert cost("{ viewer { id name isAdmin } }") == 1
    assert cost("{ syncStatus { songs { count } albums { count } libraryUpdatedAt } }") == 3
    assert cost("{ __typename }") == 0


def test_a_connection_counts_each_of_its_first_edges_with_the_objects_in_it() -> None:
    # the connection and pageInfo, then per edge: the edge, the song, its album and artist
    assert cost(MOBILE_SYNC_PAGE) == 2 + 100 * 4
    assert cost("{ songs { totalCount edges { node { id } } } }") == 1 + CONNECTION.default * 2


def test_a_nested_list_multiplies_what_is_below_it_by_its_first() -> None:
    # per edge: the edge, the song, its album, then D songs, each with its album and D songs...
    assert cost(ISSUE_QUERY) == 1 + 10 * (3 + D * (2 + D * (2 + D)))
    assert cost("{ albums(first: 2) { edges { node { songs(first: 3) { id } } } } }") == (
        1 + 2 * (2 + 3)
    )


def test_aliases_count_as_often_as_they_appear_and_repeated_fields_once() -> None:
    one = "songs(first: 5) { edges { node { id album { id } } } }"
    assert cost(f"{{ {one} }}") == 1 + 5 * 3
    assert cost(f"{{ a: {one} b: {one} c: {one} }}") == 3 * (1 + 5 * 3)
    assert cost(f"{{ {one} {one} }}") == 1 + 5 * 3


def test_a_fragment_counts_wherever_it_is_spread() -> None:
    inline = """{
        a: albums(first: 4) { edges { node { songs(first: 3) { id album { id } } } } }
        b: albums(first: 4) { edges { node { songs(first: 3) { id album { id } } } } } }"""
    spread = """{ a: albums(first: 4) { ...Songs } b: albums(first: 4) { ...Songs } }
                fragment Songs on AlbumConnection {
                  edges { node { ... on Album { songs(first: 3) { ...Song } } } } }
                fragment Song on Song { id album { id } }"""
    assert cost(spread) == cost(inline) == 2 * (1 + 4 * (2 + 3 * 2))


def test_first_given_in_variables_counts_as_given() -> None:
    query = (
        "query($n: Int) { songs(first: $n) { edges { node { album { songs(first: $n) { id }"
        " } } } } }"
    )
    assert cost(query, n=7) == 1 + 7 * (3 + 7)
    assert cost(query) == 1 + CONNECTION.default * (3 + D)  # a null first: the default
    with_default = "query($n: Int = 3) { songs(first: $n) { edges { node { id } } } }"
    assert cost(with_default) == 1 + 3 * 2
    assert cost(with_default, n=9) == 1 + 9 * 2


def test_a_first_out_of_range_counts_nothing_as_its_field_fails() -> None:
    query = "query($n: Int!) { albums(first: 1) { edges { node { songs(first: $n) { id } } } } }"
    assert cost(query, n=RELATED.maximum) == 1 + 1 * (2 + RELATED.maximum)
    assert cost(query, n=RELATED.maximum + 1) == cost(query, n=0) == 1 + 1 * 2
    assert cost("{ songs(first: 1000000) { edges { node { id } } } }") == 1


def test_results_of_a_union_count_as_the_costliest_member() -> None:
    mutation = """mutation { createPlaylist(input: {name: "x"}) {
        ... on Playlist { songs(first: 3) { album { id } } } ... on InvalidInput { field } } }"""
    assert cost(mutation) == 1 + 3 * 2
    search = '{ searchDiscogs(upc: "1") { ... on DiscogsSearchResults { results { id } } } }'
    assert cost(search) == 1 + SEARCH_RESULTS.default
    assert cost(search.replace('upc: "1"', 'upc: "1", first: 3')) == 1 + 3


def test_what_would_not_run_at_all_is_left_to_execution_to_refuse() -> None:
    assert cost("query($n: Int!) { songs(first: $n) { totalCount } }") is None
    assert cost("query($n: Int!) { songs(first: $n) { totalCount } }", n="many") is None
    assert cost("query A { viewer { id } } query B { viewer { id } }") is None
    two = parse("query A { viewer { id } } query B { songs { edges { node { id } } } }")
    assert query_cost(schema._schema, two, "B", None) == 1 + CONNECTION.default * 2


def errors_of(response: httpx.Response) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = response.json().get("errors", [])
    return errors


def refusal(query_cost_: int) -> dict[str, Any]:
    return {
        "message": f"Query cost {query_cost_} exceeds the budget of {QUERY_COST_BUDGET}.",
        "extensions": {
            "code": "QUERY_TOO_COMPLEX",
            "cost": query_cost_,
            "budget": QUERY_COST_BUDGET,
        },
    }


async def test_the_issues_query_is_refused_before_any_sql_runs_within_50_ms(
    member_client: httpx.AsyncClient,
) -> None:
    await member_client.post("/graphql", json={"query": "{ viewer { id } }"})  # warm the token
    with counting_statements() as log:
        started = time.perf_counter()
        response = await member_client.post("/graphql", json={"query": ISSUE_QUERY})
        elapsed = time.perf_counter() - started
    assert response.status_code == 200
    assert response.json() == {"data": None, "errors": [refusal(cost(ISSUE_QUERY) or 0)]}
    assert elapsed < 0.05
    assert not [s for s in log.statements if '"songs"' in s or '"albums"' in s]


async def test_a_client_of_graphql_over_http_gets_the_refusal_as_a_400(
    member_client: httpx.AsyncClient,
) -> None:
    response = await member_client.post(
        "/graphql",
        json={"query": ISSUE_QUERY},
        headers={"Accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert "data" not in response.json()
    assert errors_of(response)[0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_the_budget_is_counted_with_the_requests_variables(
    member_client: httpx.AsyncClient,
) -> None:
    query = (
        "query($n: Int!) { songs(first: $n) { edges { node { album { songs(first: $n) { id }"
        " } } } } }"
    )
    small = await member_client.post("/graphql", json={"query": query, "variables": {"n": 10}})
    assert errors_of(small) == []
    big = await member_client.post("/graphql", json={"query": query, "variables": {"n": 100}})
    assert errors_of(big) == [refusal(1 + 100 * (3 + 100))]


def readme_queries() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [q.replace('\\"', '"') for q in re.findall(r'"?query"?: "((?:[^"\\]|\\.)*)"', readme)]


def graphiql_welcome_query() -> str:
    page = (ROOT / "wax" / "schema" / "graphiql.html").read_text(encoding="utf-8")
    found = re.search(r"DEFAULT_QUERY = `(.*?)`", page, re.DOTALL)
    assert found
    return found.group(1)


def allowed_queries() -> list[tuple[str, str, dict[str, Any]]]:
    readme = readme_queries()
    assert len(readme) >= 2  # the first query and the subscription
    return [
        *((f"README {n}", query, {}) for n, query in enumerate(readme)),
        ("GraphiQL's welcome", graphiql_welcome_query(), {}),
        ("a mobile sync page", MOBILE_SYNC_PAGE, {}),
        ("bench case 1", SONGS_QUERY, {"first": 100}),
        ("bench case 5", SUBSCRIPTION, {}),
    ]


@pytest.mark.parametrize(
    ("name", "query", "variables"), allowed_queries(), ids=[q[0] for q in allowed_queries()]
)
def test_the_documented_queries_are_within_the_budget(
    name: str, query: str, variables: dict[str, Any]
) -> None:
    weighed = cost(query, **variables)
    assert weighed is not None
    assert weighed <= QUERY_COST_BUDGET


async def test_the_documented_queries_run(admin_client: httpx.AsyncClient) -> None:
    await seed(admin_client, songs=3)
    for _, query, variables in allowed_queries():
        if query.lstrip().startswith("subscription"):
            continue  # over the websocket, below
        response = await admin_client.post(
            "/graphql", json={"query": query, "variables": variables}
        )
        assert errors_of(response) == [], query
        assert response.json()["data"]


TOO_DEEP_A_LIST = "nodes { children(first: 100) { children(first: 100) { name } } }"


@pytest.mark.parametrize("operation", ["query", "subscription"])
async def test_a_costly_operation_over_a_websocket_is_refused_too_within_50_ms(
    toy_server: tuple[LiveServer, Account], operation: str
) -> None:
    server, account = toy_server
    query = f"{operation} {{ {TOO_DEEP_A_LIST} }}"
    if operation == "query":
        query = query.replace("nodes", "node")
    async with graphql_ws(server.ws_url, account.token, TRANSPORT_WS) as ws:
        await expect_ack(ws)
        started = time.perf_counter()
        await start(ws, TRANSPORT_WS, "1", query)
        message = await receive(ws)
        elapsed = time.perf_counter() - started
    assert message["type"] == "error"
    assert message["payload"] == [refusal(1 + 100 * (1 + 100))]
    assert elapsed < 0.05


async def test_a_websocket_operation_within_the_budget_runs(
    toy_server: tuple[LiveServer, Account],
) -> None:
    server, account = toy_server
    async with graphql_ws(server.ws_url, account.token, TRANSPORT_WS) as ws:
        await expect_ack(ws)
        await start(ws, TRANSPORT_WS, "1", "subscription { nodes { children(first: 3) { name } } }")
        message = await receive(ws)
    assert message["type"] == "next"
    assert message["payload"]["data"] == {"nodes": {"children": [{"name": "node"}] * 3}}


def list_fields() -> list[tuple[str, GraphQLField]]:
    """Every field of wax's schema that returns a list of objects."""
    found = []
    for type_ in schema._schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or type_.name.startswith("__"):
            continue
        for name, field in type_.fields.items():
            inner = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
            if isinstance(inner, GraphQLList) and is_composite_type(get_named_type(inner)):
                found.append((f"{type_.name}.{name}", field))
    return found


def test_every_list_of_objects_declares_how_many_it_returns() -> None:
    fields = dict(list_fields())
    assert {"Album.songs", "Artist.albums", "Playlist.songs", "Query.playlists"} <= set(fields)
    for name, field in fields.items():
        declared = field.extensions[GraphQLCoreConverter.DEFINITION_BACKREF].metadata
        if declared.get(PAGE_KEY):
            continue  # a connection's edges: as many as the connection's first
        limit = declared.get(LIMIT_KEY)
        assert isinstance(limit, ListLimit), name
        first = field.args["first"]
        assert first.default_value == limit.default, name
        assert first.description == limit.description, name
