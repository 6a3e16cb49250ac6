"""WAX_GRAPHQL_FAST_PATH: wax's own schema answers alike by the short path and by graphql-core's
stock execution (result unions, the Error interface, variables, @include/@skip, aliases,
nested lists with `first`), and the setting really chooses the path."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import httpx
import pytest

from tests.conftest import UNREACHABLE_DISCOGS, asgi_client, make_account
from tests.library import graphql, seed
from tests.servers import running_app
from wax.schema.execution import WaxExecutionContext
from wax.settings import Settings

RECORD = """mutation { createRecord(input: {artistName: "Nina Simone", albumTitle: "Pastel Blues",
  genres: ["Jazz", "Soul"], yearReleased: 1965}) { ... on Record { id } } }"""

# no cursors: they hold the moment of the request
LIBRARY = """
query Library($first: Int!, $songs: Int!, $withYear: Boolean!, $noCover: Boolean!) {
  albums(first: $first) {
    totalCount
    pageInfo { hasNextPage }
    edges { node {
      id name year @include(if: $withYear) cover @skip(if: $noCover)
      artist { name albumCount albums(first: 1) { name } }
      few: songs(first: $songs) { title track album { name artist { name } } }
      all: songs { t: title length disc }
    } }
  }
}"""

RECORD_READ = """
query Record($id: UUID!, $missing: UUID!) {
  r: record(id: $id) { a: artistName t: albumTitle g: genres yearReleased isShapedVinyl }
  none: record(id: $missing) { id }
  records(first: 5) { totalCount edges { node { ...Shown } } }
}
fragment Shown on Record { artistName albumTitle styles @skip(if: false) }"""

# result unions answering an error (the Error interface) or the object; nothing is written
UNIONS = """
mutation Refusals($missing: UUID!) {
  gone: updateRecord(id: $missing, input: {albumTitle: "x"}) {
    __typename ...Problem ... on Record { id }
  }
  bad: createRecord(input: {artistName: "", albumTitle: "x"}) {
    __typename ... on InvalidInput { field } ...Problem
  }
  again: deleteRecord(id: $missing) { __typename ... on Error { m: message } }
  song: updateSong(id: $missing, input: {title: "y"}) {
    ... on Song { title } ... on NotFound { message } ... on InvalidInput { field message }
  }
}
fragment Problem on Error { message }"""


async def answers(client: httpx.AsyncClient, variables: dict[str, Any]) -> list[Any]:
    found = []
    for query in (LIBRARY, RECORD_READ, UNIONS):
        response = await client.post("/graphql", json={"query": query, "variables": variables})
        assert response.status_code == 200, response.text
        found.append(response.json())
    return found


@pytest.fixture
def base_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, discogs_api_url=UNREACHABLE_DISCOGS)


async def test_wax_answers_alike_by_the_short_path_and_by_stock_execution(
    base_settings: Settings,
) -> None:
    fast = dataclasses.replace(base_settings, graphql_fast_path=True)
    async with running_app(fast) as app:
        ann = await make_account("ann", is_admin=True)
        async with asgi_client(app, ann) as client:
            await seed(client, songs=3)
            await seed(client, songs=2, name="John Coltrane")
            record = (await graphql(client, RECORD))["createRecord"]["id"]
            variables = {
                "first": 5,
                "songs": 2,
                "withYear": True,
                "noCover": False,
                "id": record,
                "missing": str(uuid.uuid4()),
            }
            by_short_path = await answers(client, variables)
    stock = dataclasses.replace(base_settings, graphql_fast_path=False)
    async with running_app(stock) as app, asgi_client(app, ann) as client:
        by_stock_execution = await answers(client, variables)

    library, record_read, unions = by_stock_execution
    assert len(library["data"]["albums"]["edges"]) == 2
    assert len(library["data"]["albums"]["edges"][0]["node"]["few"]) == 2
    assert record_read["data"]["r"]["g"] == ["Jazz", "Soul"]
    assert record_read["data"]["none"] is None
    assert [unions["data"][key]["__typename"] for key in ("gone", "bad", "again")] == [
        "NotFound",
        "InvalidInput",
        "NotFound",
    ]
    assert by_short_path == by_stock_execution


@pytest.mark.parametrize(("fast_path", "short_answers"), [(True, True), (False, False)])
async def test_the_setting_chooses_the_execution_path(
    base_settings: Settings, monkeypatch: pytest.MonkeyPatch, fast_path: bool, short_answers: bool
) -> None:
    answered: list[bool] = []
    plain_object = WaxExecutionContext.plain_object

    def watched(self: WaxExecutionContext, *args: Any) -> Any:
        answer = plain_object(self, *args)
        answered.append(answer is not None)
        return answer

    monkeypatch.setattr(WaxExecutionContext, "plain_object", watched)
    settings = dataclasses.replace(base_settings, graphql_fast_path=fast_path)
    async with running_app(settings) as app:
        ann = await make_account("ann", is_admin=True)
        async with asgi_client(app, ann) as client:
            await seed(client, songs=2)
            # a list inside the node: not compiled (wax.schema.compiled), so executed
            data = await graphql(client, "{ albums { edges { node { songs { title track } } } } }")
    [album] = data["albums"]["edges"]
    assert sorted(song["track"] for song in album["node"]["songs"]) == [1, 2]
    assert any(answered) is short_answers
