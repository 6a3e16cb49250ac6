"""Bad input to /graphql is a clear error, never a 500 nor "Unexpected error.", and changes
nothing: bodies that are not one operation, and dates that leave the calendar in UTC."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from tests.bad_input import snapshot
from tests.library import seed
from wax.resolvers.pagination import Cursor

JSON = {"Content-Type": "application/json"}
QUERY = b'{"query": "mutation { createArtist(input: {name: \\"Can\\"}) { __typename } }"}'


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"null", "must be a JSON object"),
        (b"1", "must be a JSON object"),
        (b'"x"', "must be a JSON object"),
        (b"  true", "must be a JSON object"),
        (b"[]", "Batching is not enabled"),
        (b"[" + QUERY + b"]", "Batching is not enabled"),
        (b"{", "not valid JSON"),
        (b'{"query": ' * 50_000 + b"1" + b"}" * 50_000, "not valid JSON"),
        (b"[" * 50_000 + b"]" * 50_000, "Batching is not enabled"),
    ],
    ids=[
        "null",
        "a number",
        "a string",
        "true",
        "an empty list",
        "a batch",
        "cut short",
        "nested objects",
        "nested lists",
    ],
)
async def test_a_body_that_is_not_one_operation_is_a_json_400(
    admin_client: httpx.AsyncClient, body: bytes, says: str
) -> None:
    before = await snapshot()
    response = await admin_client.post("/graphql", content=body, headers=JSON)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/json")
    [error] = response.json()["errors"]
    assert says in error["message"]
    assert error["extensions"] == {"code": "BAD_REQUEST"}
    assert await snapshot() == before


async def test_an_object_body_still_runs(admin_client: httpx.AsyncClient) -> None:
    response = await admin_client.post("/graphql", content=b" \n" + QUERY, headers=JSON)
    assert response.json() == {"data": {"createArtist": {"__typename": "Artist"}}}


async def test_variables_in_the_query_string_that_are_not_json_are_a_json_400(
    member_client: httpx.AsyncClient,
) -> None:
    response = await member_client.get(
        "/graphql", params={"query": "{ syncStatus { songs { count } } }", "variables": "{"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "The request is not valid JSON."


OUTSIDE = ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"]


async def post(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_bad_user_input(body: dict[str, Any], field: str) -> None:
    [error] = body["errors"]
    assert error["message"] != "Unexpected error."
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


@pytest.mark.parametrize("moment", OUTSIDE)
async def test_a_since_outside_the_calendar_in_utc_is_bad_user_input(
    member_client: httpx.AsyncClient, moment: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR):
        body = await post(member_client, f'{{ deletedItems(since: "{moment}") {{ since }} }}')
        assert_bad_user_input(body, "since")
        for listing in ("songs", "albums", "artists", "records"):
            query = f"query($s: DateTime) {{ {listing}(updatedSince: $s) {{ totalCount }} }}"
            assert_bad_user_input(await post(member_client, query, s=moment), "updatedSince")
        query = "query($s: DateTime) { playlists(updatedSince: $s) { id } }"
        assert_bad_user_input(await post(member_client, query, s=moment), "updatedSince")
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1))),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1))),
    ],
    ids=["year 1", "year 9999"],
)
async def test_a_cursor_outside_the_calendar_in_utc_is_bad_user_input(
    admin_client: httpx.AsyncClient, moment: datetime
) -> None:
    seeded = await seed(admin_client, songs=1)
    for listing in ("songs", "albums", "artists", "records"):
        for bound in (moment, datetime.now(UTC)):
            after = Cursor(listing, bound, moment, seeded.artist["id"]).encode()
            query = f"query($a: String) {{ {listing}(after: $a) {{ totalCount }} }}"
            assert_bad_user_input(await post(admin_client, query, a=after), "cursor")


@pytest.mark.parametrize(
    ("field", "value", "answer"),
    [
        ("track", 2147483647, "InvalidInput"),
        ("disc", -1, "InvalidInput"),
        ("year", 10000, "InvalidInput"),
        ("length", 1e308, "InvalidInput"),
        ("track", 12345678901234567, "a GraphQL error"),
    ],
)
async def test_an_out_of_range_number_is_invalid_input_or_a_graphql_error(
    admin_client: httpx.AsyncClient, field: str, value: float, answer: str
) -> None:
    seeded = await seed(admin_client, songs=1)
    before = await snapshot()
    query = """mutation($input: SongInput!) { createSong(input: $input) {
        __typename ... on InvalidInput { field } } }"""
    song = {"title": "T", "albumId": seeded.album["id"], field: value}
    body = await post(admin_client, query, input=song)
    if answer == "InvalidInput":
        assert body["data"]["createSong"] == {"__typename": "InvalidInput", "field": field}
    else:
        [error] = body["errors"]
        assert "32-bit" in error["message"]
    assert await snapshot() == before
