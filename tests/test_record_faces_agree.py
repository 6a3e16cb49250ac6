"""One contract, two faces: REST and GraphQL give the same answer to the same Discogs case.

Each case runs once through each face against the fake Discogs; the answer is reduced to
an Outcome (what happened, and the data that matters) and must equal the one expected.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import pytest

from tests.fakes.discogs_server import FakeDiscogs
from wax.models import Record
from wax.services import Services
from wax.settings import Settings

SUMMARY_KEYS = (
    "artistName",
    "albumTitle",
    "yearReleased",
    "labelName",
    "catalogNumber",
    "discogsId",
    "recordSize",
    "vinylColor",
    "isShapedVinyl",
    "dataSource",
    "isSyncedWithDiscogs",
    "genres",
    "styles",
)
KIND_BY_STATUS = {
    200: "ok",
    201: "ok",
    400: "invalid_input",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    502: "discogs_unavailable",
    503: "discogs_unavailable",
}
KIND_BY_TYPENAME = {
    "Record": "ok",
    "DiscogsSearchResults": "ok",
    "InvalidInput": "invalid_input",
    "Forbidden": "forbidden",
    "NotFound": "not_found",
    "Conflict": "conflict",
    "DiscogsUnavailable": "discogs_unavailable",
}
MISSING_ID = "00000000-0000-4000-8000-000000000000"


@dataclass(frozen=True)
class Outcome:
    kind: str
    data: Any = None


def summary(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in SUMMARY_KEYS}


class Face(Protocol):
    async def search(self, **params: str) -> Outcome: ...
    async def fetch(self, release_id: int) -> Outcome: ...
    async def refresh(self, record_id: str, discogs_id: str) -> Outcome: ...


class RestFace:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def search(self, **params: str) -> Outcome:
        response = await self.client.get("/api/records/search", params=params)
        if response.status_code != 200:
            return self._error(response)
        hits = [
            (r["id"], "recordSize" in r, r.get("recordSize"), r.get("isShapedVinyl"))
            for r in response.json()["results"]
        ]
        assert response.json()["count"] == len(hits)
        return Outcome("ok", hits)

    async def fetch(self, release_id: int) -> Outcome:
        response = await self.client.post(
            "/api/records/fetch-from-discogs", json={"releaseId": release_id}
        )
        return self._record(response)

    async def refresh(self, record_id: str, discogs_id: str) -> Outcome:
        response = await self.client.post(
            "/api/records/update-from-discogs",
            json={"recordId": record_id, "discogsId": discogs_id},
        )
        return self._record(response)

    def _record(self, response: httpx.Response) -> Outcome:
        if response.status_code in (200, 201):
            return Outcome("ok", summary(response.json()["record"]))
        return self._error(response)

    def _error(self, response: httpx.Response) -> Outcome:
        body = response.json()
        assert set(body) >= {"error", "message"}
        kind = KIND_BY_STATUS[response.status_code]
        if kind == "conflict":
            return Outcome(kind, body["record"]["discogsId"])
        return Outcome(kind)


RESULT = """
    __typename
    ... on Record { artistName albumTitle yearReleased labelName catalogNumber discogsId
                    recordSize vinylColor isShapedVinyl dataSource isSyncedWithDiscogs
                    genres styles }
    ... on Conflict { existing { discogsId } }
    ... on Error { message }
"""


class GraphQLFace:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def search(self, **params: str) -> Outcome:
        arguments = ", ".join(f"{name}: ${name}" for name in params)
        declared = ", ".join(f"${name}: String" for name in params)
        query = f"""query{f"({declared})" if declared else ""} {{
          searchDiscogs{f"({arguments})" if arguments else ""} {{
            __typename
            ... on DiscogsSearchResults {{
              count results {{ id enriched recordSize isShapedVinyl }}
            }}
            ... on Error {{ message }}
          }}
        }}"""
        result = await self._run(query, params, "searchDiscogs")
        if result["__typename"] != "DiscogsSearchResults":
            return Outcome(KIND_BY_TYPENAME[result["__typename"]])
        hits = [
            (r["id"], r["enriched"], r["recordSize"], r["isShapedVinyl"]) for r in result["results"]
        ]
        assert result["count"] == len(hits)
        return Outcome("ok", hits)

    async def fetch(self, release_id: int) -> Outcome:
        query = f"mutation($id: Int!) {{ fetchRecordFromDiscogs(releaseId: $id) {{ {RESULT} }} }}"
        return self._record(await self._run(query, {"id": release_id}, "fetchRecordFromDiscogs"))

    async def refresh(self, record_id: str, discogs_id: str) -> Outcome:
        query = f"""mutation($id: UUID!, $discogsId: String!) {{
          updateRecordFromDiscogs(recordId: $id, discogsId: $discogsId) {{ {RESULT} }}
        }}"""
        variables = {"id": record_id, "discogsId": discogs_id}
        return self._record(await self._run(query, variables, "updateRecordFromDiscogs"))

    async def _run(self, query: str, variables: dict[str, Any], field: str) -> dict[str, Any]:
        response = await self.client.post("/graphql", json={"query": query, "variables": variables})
        body = response.json()
        assert "errors" not in body, body
        result: dict[str, Any] = body["data"][field]
        return result

    def _record(self, result: dict[str, Any]) -> Outcome:
        kind = KIND_BY_TYPENAME[result["__typename"]]
        if kind == "ok":
            return Outcome(kind, summary(result))
        if kind == "conflict":
            return Outcome(kind, result["existing"]["discogsId"])
        assert result["message"]
        return Outcome(kind)


CITY_OF_ISLANDS = {
    "artistName": "Persuader, The",
    "albumTitle": "City Of Islands",
    "yearReleased": 1998,
    "labelName": "Svek",
    "catalogNumber": "SK029",
    "discogsId": "79",
    "recordSize": '12"',
    "vinylColor": None,
    "isShapedVinyl": False,
    "dataSource": "discogs",
    "isSyncedWithDiscogs": True,
    "genres": ["Electronic"],
    "styles": ["Deep House", "Tech House"],
}


async def record_for(discogs_id: str | None) -> str:
    record = await Record.create(
        artist_name="old", album_title="old", discogs_id=discogs_id, data_source="manual"
    )
    return str(record.id)


Case = Callable[[Face, FakeDiscogs], Awaitable[Outcome]]


async def search_by_catalog_number(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.search(catalogNumber="SK032")


async def search_by_artist_and_title(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.search(artist="Persuader", title="City Of Islands")


async def search_with_no_method(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.search()


async def search_with_two_methods(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.search(catalogNumber="SK032", upc="074646362822")


async def search_while_a_lookup_fails(face: Face, fake: FakeDiscogs) -> Outcome:
    fake.inject("GET", "/releases/1", status=500, times=None)
    return await face.search(catalogNumber="SK032")


async def search_while_discogs_is_down(face: Face, fake: FakeDiscogs) -> Outcome:
    fake.inject("GET", "/database/search", status=503, times=None)
    return await face.search(catalogNumber="SK032")


async def fetch_a_release(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.fetch(79)


async def fetch_a_release_twice(face: Face, fake: FakeDiscogs) -> Outcome:
    assert (await face.fetch(79)).kind == "ok"
    return await face.fetch(79)


async def fetch_an_unknown_release(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.fetch(424242424)


async def fetch_a_bad_release_id(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.fetch(-79)


async def fetch_while_discogs_answers_garbage(face: Face, fake: FakeDiscogs) -> Outcome:
    fake.inject("GET", "/releases/*", malformed=True, times=None)
    return await face.fetch(79)


async def refresh_a_record(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.refresh(await record_for(None), "79")


async def refresh_an_unknown_record(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.refresh(MISSING_ID, "79")


async def refresh_to_a_taken_release(face: Face, fake: FakeDiscogs) -> Outcome:
    await record_for("79")
    return await face.refresh(await record_for("2"), "79")


async def refresh_with_a_bad_discogs_id(face: Face, fake: FakeDiscogs) -> Outcome:
    return await face.refresh(await record_for(None), "seventy-nine")


CASES: dict[Case, Outcome] = {
    search_by_catalog_number: Outcome("ok", [(1, True, '12"', False)]),
    search_by_artist_and_title: Outcome("ok", [(79, True, '12"', False)]),
    search_with_no_method: Outcome("invalid_input"),
    search_with_two_methods: Outcome("invalid_input"),
    search_while_a_lookup_fails: Outcome("ok", [(1, False, None, None)]),
    search_while_discogs_is_down: Outcome("discogs_unavailable"),
    fetch_a_release: Outcome("ok", CITY_OF_ISLANDS),
    fetch_a_release_twice: Outcome("conflict", "79"),
    fetch_an_unknown_release: Outcome("not_found"),
    fetch_a_bad_release_id: Outcome("invalid_input"),
    fetch_while_discogs_answers_garbage: Outcome("discogs_unavailable"),
    refresh_a_record: Outcome(
        "ok", {**CITY_OF_ISLANDS, "dataSource": "manual", "isSyncedWithDiscogs": False}
    ),
    refresh_an_unknown_record: Outcome("not_found"),
    refresh_to_a_taken_release: Outcome("conflict", "79"),
    refresh_with_a_bad_discogs_id: Outcome("invalid_input"),
}


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.fixture(params=["rest", "graphql"])
def face(
    request: pytest.FixtureRequest, admin_client: httpx.AsyncClient, services: Services
) -> Face:
    return RestFace(admin_client) if request.param == "rest" else GraphQLFace(admin_client)


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
async def test_both_faces_give_the_same_answer(
    face: Face, fake_discogs: FakeDiscogs, case: Case
) -> None:
    assert await case(face, fake_discogs) == CASES[case]
