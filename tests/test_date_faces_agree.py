"""One date parser, two faces: REST and GraphQL take and refuse the same date spellings.

Each string goes to `/api/v1/songs?updated_since=` and `/api/v1/deleted?since=` on REST and to
`songs(updatedSince:)` and `deletedItems(since:)` on GraphQL. A spelling the sync contract
lists (design §3) means the same moment on all four; any other is refused on all four, with
each face's documented error (REST's 422 bodies, GraphQL's BAD_USER_INPUT).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.library import seed
from wax.models import Song
from wax.resolvers.dates import floor_to_second

MIDNIGHT_UTC = datetime(2024, 1, 15, tzinfo=UTC)

ACCEPTED = [
    ("2024-01-15T00:00:00Z", MIDNIGHT_UTC),
    ("2024-01-15T00:00:00+00:00", MIDNIGHT_UTC),
    ("2024-01-15T02:00:00+02:00", MIDNIGHT_UTC),
    ("2024-01-14T19:00:00-05:00", MIDNIGHT_UTC),
    ("2024-01-15T05:30:01+05:30", datetime(2024, 1, 15, 0, 0, 1, tzinfo=UTC)),
    ("2024-01-15T00:00:00.000001Z", datetime(2024, 1, 15, 0, 0, 0, 1, tzinfo=UTC)),
    ("2024-01-14T23:59:59.999999999Z", datetime(2024, 1, 14, 23, 59, 59, 999999, tzinfo=UTC)),
    ("2024-01-15", MIDNIGHT_UTC),
    ("2024-01-16", datetime(2024, 1, 16, tzinfo=UTC)),
    ("0001-01-01T01:00:00+01:00", datetime(1, 1, 1, tzinfo=UTC)),
    ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
]
REFUSED = [
    "20240115",
    "2024-01-15T00:00:00",  # no offset
    "2024-01-15T00:00",
    "2024-01-15 00:00:00Z",
    "2024-01-15T00:00:00z",
    "2024-01-15T24:00:00Z",
    "2024-01-15T23:59:60Z",
    "2024-02-30",
    "0000-01-01",
    "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
    "9999-12-31T23:59:59-01:00",  # after year 9999 in UTC
    "2024-01-15T00:00:00+24:00",
    "2024-01-15T00:00:00+00:60",
    "2024-01-15T00:00:00+0200",
    "2024-01-15T00:00:00+02",
    "2024-01-15T00:00:00,5Z",
    "1705276800",
    "yesterday",
]
SONGS = "query($s: DateTime) { songs(updatedSince: $s) { totalCount } }"


@pytest.fixture
async def song(admin_client: httpx.AsyncClient) -> datetime:
    """One song; its updated_at (the database stamps it) splits the moments that list it."""
    seeded = await seed(admin_client, songs=1)
    return (await Song.get(id=seeded.songs[0]["id"])).updated_at


async def graphql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def deleted_items(moment: str) -> str:
    """The query with `moment` as a literal (the songs query takes it as a variable)."""
    return f"{{ deletedItems(since: {json.dumps(moment)}) {{ since }} }}"


@pytest.mark.parametrize(("text", "moment"), ACCEPTED, ids=[text for text, _ in ACCEPTED])
async def test_a_spelling_the_contract_lists_means_one_moment_on_both_faces(
    admin_client: httpx.AsyncClient, song: datetime, text: str, moment: datetime
) -> None:
    listed = 1 if moment <= song else 0

    rest_songs = await admin_client.get("/api/v1/songs", params={"updated_since": text})
    assert rest_songs.status_code == 200, rest_songs.text
    assert rest_songs.json()["meta"]["total"] == listed
    rest_deleted = await admin_client.get("/api/v1/deleted", params={"since": text})
    assert rest_deleted.status_code == 200, rest_deleted.text
    since = datetime.fromisoformat(rest_deleted.json()["meta"]["since"])
    assert since == floor_to_second(moment)  # REST writes whole seconds

    graphql_songs = await graphql(admin_client, SONGS, s=text)
    assert graphql_songs == {"data": {"songs": {"totalCount": listed}}}
    graphql_deleted = await graphql(admin_client, deleted_items(text))
    assert "errors" not in graphql_deleted, graphql_deleted["errors"]
    assert datetime.fromisoformat(graphql_deleted["data"]["deletedItems"]["since"]) == moment


def assert_bad_user_input(body: dict[str, Any]) -> None:
    [error] = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "DateTime" in error["message"] or "out of range" in error["message"]
    assert body.get("data") is None


@pytest.mark.parametrize("text", REFUSED)
async def test_any_other_spelling_is_refused_on_both_faces(
    admin_client: httpx.AsyncClient, song: datetime, text: str
) -> None:
    rest_songs = await admin_client.get("/api/v1/songs", params={"updated_since": text})
    assert rest_songs.status_code == 422
    assert rest_songs.json() == {"message": "Invalid date format for updated_since parameter"}
    rest_deleted = await admin_client.get("/api/v1/deleted", params={"since": text})
    assert rest_deleted.status_code == 422
    message = "The since field must be a valid date."
    assert rest_deleted.json() == {"message": message, "errors": {"since": [message]}}

    assert_bad_user_input(await graphql(admin_client, SONGS, s=text))
    assert_bad_user_input(await graphql(admin_client, deleted_items(text)))


async def test_a_plus_left_unencoded_in_a_query_string_means_what_graphql_reads(
    admin_client: httpx.AsyncClient, song: datetime
) -> None:
    # the query string turns the `+` into a space; REST puts it back, GraphQL never sees one
    rest = await admin_client.get("/api/v1/deleted?since=2024-01-15T02:00:00+02:00")
    assert rest.status_code == 200, rest.text
    body = await graphql(admin_client, deleted_items("2024-01-15T02:00:00+02:00"))
    assert rest.json()["meta"]["since"] == "2024-01-15T00:00:00+00:00"
    assert datetime.fromisoformat(body["data"]["deletedItems"]["since"]) == MIDNIGHT_UTC


async def test_graphql_refuses_the_space_rest_reads_as_a_lost_plus(
    admin_client: httpx.AsyncClient,
) -> None:
    assert_bad_user_input(await graphql(admin_client, deleted_items("2024-01-15T02:00:00 02:00")))
    assert_bad_user_input(await graphql(admin_client, SONGS, s="2024-01-15T02:00:00 02:00"))
