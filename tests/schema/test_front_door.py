"""The front door answers a document the pipeline answered wholly by the compiled path, and
answers it as the pipeline does: variables and cost per request, the media type negotiated,
and every request it cannot answer left to the pipeline, whose errors the client then gets."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
import pytest

from tests.conftest import UNREACHABLE_DISCOGS, Account, asgi_client, make_account
from tests.library import seed
from tests.schema.test_compiled import without_bounds
from tests.servers import running_app
from wax.schema.front_door import FrontDoor
from wax.settings import Settings

SONGS = "query($n: Int) { songs(first: $n) { edges { node { id title album { name } } } } }"
# fifteen connections of songs with two relations: over the budget at 100 songs each
WIDE = (
    "query($n: Int) { "
    + " ".join(
        f"s{n}: songs(first: $n) {{ edges {{ node {{ id album {{ id }} artist {{ id }} }} }} }}"
        for n in range(15)
    )
    + " }"
)
TWO_OPERATIONS = """query One { songs(first: 1) { edges { node { title } } } }
query Two { albums { totalCount edges { node { name } } } }"""
PAGED = """query($after: String) { songs(first: 2, after: $after) {
  edges { node { title } } pageInfo { hasNextPage endCursor } } }"""
RESOLVED = "{ songs(first: 2) { edges { node { title } } } playlists { name } }"

# (body, headers): each sent twice in a row, so the second may come through the front door
REQUESTS: list[tuple[dict[str, Any], dict[str, str]]] = [
    ({"query": SONGS, "variables": {"n": 2}}, {}),
    ({"query": SONGS, "variables": {"n": 3}}, {"accept": "application/graphql-response+json"}),
    ({"query": SONGS, "variables": {"n": 0}}, {}),
    ({"query": SONGS, "variables": {"n": "many"}}, {}),
    ({"query": SONGS, "variables": {"n": 2}, "extensions": {}}, {}),
    ({"query": WIDE, "variables": {"n": 1}}, {}),
    ({"query": WIDE, "variables": {"n": 100}}, {}),
    ({"query": TWO_OPERATIONS, "operationName": "Two"}, {}),
    ({"query": TWO_OPERATIONS, "operationName": "One"}, {}),
    ({"query": TWO_OPERATIONS, "operationName": "Three"}, {}),
    ({"query": TWO_OPERATIONS}, {}),
    ({"query": PAGED}, {}),
    ({"query": RESOLVED}, {}),
]
# which of REQUESTS the front door answers the second time
BY_THE_FRONT_DOOR = [True, True, False, False, False, True, False, True, True, False, False, True]


@pytest.fixture
def base_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, discogs_api_url=UNREACHABLE_DISCOGS)


@pytest.fixture
def front_door_answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each request the front door looked at: whether it answered it."""
    answered: list[bool] = []
    answer = FrontDoor.answer

    async def watched(self: FrontDoor, request: Any) -> Any:
        response = await answer(self, request)
        answered.append(response is not None)
        return response

    monkeypatch.setattr(FrontDoor, "answer", watched)
    return answered


async def send(client: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]) -> Any:
    response = await client.post("/graphql", json=body, headers=headers)
    return response.status_code, response.headers["content-type"], without_bounds(response.json())


async def answers(settings: Settings, fast_path: bool, account: Account | None) -> Any:
    async with running_app(dataclasses.replace(settings, graphql_fast_path=fast_path)) as app:
        account = account or await make_account("ann", is_admin=True)
        async with asgi_client(app, account) as client:
            if fast_path:
                await seed(client, songs=5)
            found = [
                [await send(client, body, headers), await send(client, body, headers)]
                for body, headers in REQUESTS
            ]
    return account, found


async def test_the_front_door_answers_what_the_pipeline_would(
    base_settings: Settings, front_door_answers: list[bool]
) -> None:
    assert len(BY_THE_FRONT_DOOR) == len(REQUESTS) - 1
    account, fast = await answers(base_settings, True, None)
    # each request twice: the first time known only for the repeats of a document
    seconds = front_door_answers[1::2]
    assert seconds[: len(BY_THE_FRONT_DOOR)] == BY_THE_FRONT_DOOR
    assert not any(seconds[len(BY_THE_FRONT_DOOR) :])
    looked_at = len(front_door_answers)
    _, stock = await answers(base_settings, False, account)
    assert len(front_door_answers) == looked_at + 2 * len(REQUESTS)
    assert not any(front_door_answers[looked_at:])  # the stock path learns nothing
    for (body, _), by_fast, by_stock in zip(REQUESTS, fast, stock, strict=True):
        assert by_fast == by_stock, body
        assert by_fast[0] == by_fast[1], body
    [_, negotiated] = fast[1]
    assert negotiated[1] == "application/graphql-response+json; charset=utf-8"
    assert len(negotiated[2]["data"]["songs"]["edges"]) == 3
    too_complex = fast[6][1][2]["errors"][0]
    assert too_complex["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert fast[3][1][2]["errors"][0]["message"].startswith("Variable '$n' has invalid value")
