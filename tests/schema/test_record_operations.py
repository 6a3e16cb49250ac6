"""The record queries and mutations over POST /graphql, against the fake Discogs."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.fakes.discogs_server import FakeDiscogs
from wax.models import DeletedItem, Record
from wax.services import Services
from wax.settings import Settings

RECORD_FIELDS = """
    id artistName albumTitle yearReleased discogsId dataSource isSyncedWithDiscogs
    recordSize vinylColor isShapedVinyl genres createdAt updatedAt
"""
RESULT = f"""
    __typename
    ... on Record {{ {RECORD_FIELDS} }}
    ... on Error {{ message }}
    ... on InvalidInput {{ field }}
    ... on Conflict {{ existing {{ id discogsId }} }}
"""
MISSING_ID = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


async def graphql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


async def fetch(client: httpx.AsyncClient, release_id: int) -> dict[str, Any]:
    query = f"mutation($id: Int!) {{ fetchRecordFromDiscogs(releaseId: $id) {{ {RESULT} }} }}"
    data = await graphql(client, query, id=release_id)
    result: dict[str, Any] = data["fetchRecordFromDiscogs"]
    return result


SEARCH = """
query($catalogNumber: String, $artist: String, $title: String, $upc: String) {
  searchDiscogs(catalogNumber: $catalogNumber, artist: $artist, title: $title, upc: $upc) {
    __typename
    ... on DiscogsSearchResults {
      count
      results { id title year catno labels formats barcode enriched recordSize vinylColor
                isShapedVinyl coverImage resourceUrl }
    }
    ... on Error { message }
  }
}
"""


async def test_search_discogs_returns_enriched_results(
    admin_client: httpx.AsyncClient, services: Services
) -> None:
    data = await graphql(admin_client, SEARCH, catalogNumber="SK032")
    result = data["searchDiscogs"]
    assert result["__typename"] == "DiscogsSearchResults"
    assert result["count"] == 1
    [release] = result["results"]
    assert (release["id"], release["year"], release["labels"]) == (1, "1999", ["Svek"])
    assert (release["enriched"], release["recordSize"], release["isShapedVinyl"]) == (
        True,
        '12"',
        False,
    )
    assert release["formats"] == ["Vinyl", '12"']


async def test_search_discogs_with_two_methods_is_invalid_input(
    member_client: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    data = await graphql(member_client, SEARCH, catalogNumber="SK032", upc="1")
    assert data["searchDiscogs"]["__typename"] == "InvalidInput"
    assert fake_discogs.count() == 0


@pytest.mark.parametrize("discogs_settings", [{"discogs_token": None}], indirect=True)
async def test_search_discogs_without_a_token_is_discogs_unavailable(
    admin_client: httpx.AsyncClient,
) -> None:
    data = await graphql(admin_client, SEARCH, catalogNumber="SK032")
    assert data["searchDiscogs"]["__typename"] == "DiscogsUnavailable"
    assert "DISCOGS_TOKEN" in data["searchDiscogs"]["message"]


async def test_search_discogs_gives_and_looks_up_only_its_first_results(
    admin_client: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    for release_id in (501, 502, 503):
        fake_discogs.make_release(release_id, artist="Twin Peaks", title="Twin Peaks Theme")
    query = SEARCH.replace("$upc) {", "$upc, first: 2) {")
    data = await graphql(admin_client, query, artist="Twin Peaks", title="Twin Peaks Theme")
    assert len(data["searchDiscogs"]["results"]) == 2
    assert fake_discogs.count("GET", "/releases/*") == 2


async def test_search_discogs_when_discogs_fails_is_discogs_unavailable(
    admin_client: httpx.AsyncClient, fake_discogs: FakeDiscogs, services: Services
) -> None:
    fake_discogs.inject("GET", "/database/search", drop=True, times=None)
    data = await graphql(admin_client, SEARCH, catalogNumber="SK032")
    assert data["searchDiscogs"]["__typename"] == "DiscogsUnavailable"


async def test_fetch_record_from_discogs_saves_it_and_a_second_fetch_is_a_conflict(
    admin_client: httpx.AsyncClient, fake_discogs: FakeDiscogs, services: Services
) -> None:
    first = await fetch(admin_client, 79)
    assert first["__typename"] == "Record"
    assert (first["discogsId"], first["dataSource"], first["isSyncedWithDiscogs"]) == (
        "79",
        "discogs",
        True,
    )
    again = await fetch(admin_client, 79)
    assert again["__typename"] == "Conflict"
    assert again["existing"] == {"id": first["id"], "discogsId": "79"}
    assert len(fake_discogs.instances_of(79)) == 1


@pytest.mark.parametrize(("release_id", "typename"), [(424242424, "NotFound"), (0, "InvalidInput")])
async def test_fetch_record_from_discogs_refuses_unknown_and_bad_ids(
    admin_client: httpx.AsyncClient, services: Services, release_id: int, typename: str
) -> None:
    assert (await fetch(admin_client, release_id))["__typename"] == typename
    assert await Record.all().count() == 0


async def test_fetch_record_from_discogs_when_discogs_fails_is_discogs_unavailable(
    admin_client: httpx.AsyncClient, fake_discogs: FakeDiscogs, services: Services
) -> None:
    fake_discogs.inject("GET", "/releases/*", malformed=True, times=None)
    assert (await fetch(admin_client, 79))["__typename"] == "DiscogsUnavailable"
    assert await Record.all().count() == 0


async def test_members_get_forbidden_for_record_writes(
    member_client: httpx.AsyncClient, services: Services
) -> None:
    record = await Record.create(artist_name="a", album_title="b", discogs_id="2")
    assert (await fetch(member_client, 79))["__typename"] == "Forbidden"
    data = await graphql(
        member_client,
        f"""mutation($id: UUID!) {{
          updateRecordFromDiscogs(recordId: $id, discogsId: "2") {{ {RESULT} }}
          createRecord(input: {{artistName: "a", albumTitle: "b"}}) {{ {RESULT} }}
          updateRecord(id: $id, input: {{albumTitle: "c"}}) {{ {RESULT} }}
          deleteRecord(id: $id) {{ __typename }}
        }}""",
        id=str(record.id),
    )
    assert {result["__typename"] for result in data.values()} == {"Forbidden"}
    assert await Record.all().count() == 1


async def test_update_record_from_discogs_refreshes_and_keeps_the_source(
    admin_client: httpx.AsyncClient, services: Services
) -> None:
    record = await Record.create(artist_name="old", album_title="old", data_source="manual")
    query = f"""mutation($id: UUID!, $discogsId: String!) {{
      updateRecordFromDiscogs(recordId: $id, discogsId: $discogsId) {{ {RESULT} }}
    }}"""
    data = await graphql(admin_client, query, id=str(record.id), discogsId="79")
    refreshed = data["updateRecordFromDiscogs"]
    assert (refreshed["albumTitle"], refreshed["discogsId"]) == ("City Of Islands", "79")
    assert refreshed["dataSource"] == "manual"
    missing = await graphql(admin_client, query, id=MISSING_ID, discogsId="79")
    assert missing["updateRecordFromDiscogs"]["__typename"] == "NotFound"
    bad = await graphql(admin_client, query, id=str(record.id), discogsId="abc")
    assert bad["updateRecordFromDiscogs"]["field"] == "discogsId"


async def test_create_read_update_and_delete_a_record(admin_client: httpx.AsyncClient) -> None:
    created = await graphql(
        admin_client,
        f"""mutation {{ createRecord(input: {{
              artistName: "Kraftwerk", albumTitle: "Autobahn", yearReleased: 1974,
              genres: ["Electronic"]
            }}) {{ {RESULT} }} }}""",
    )
    record = created["createRecord"]
    assert (record["__typename"], record["dataSource"], record["genres"]) == (
        "Record",
        "manual",
        ["Electronic"],
    )
    read = await graphql(
        admin_client, "query($id: UUID!) { record(id: $id) { albumTitle } }", id=record["id"]
    )
    assert read["record"] == {"albumTitle": "Autobahn"}

    update = f"""mutation($id: UUID!, $input: RecordPatch!) {{
      updateRecord(id: $id, input: $input) {{ {RESULT} }}
    }}"""
    changed = await graphql(admin_client, update, id=record["id"], input={"yearReleased": None})
    assert changed["updateRecord"]["yearReleased"] is None
    assert changed["updateRecord"]["artistName"] == "Kraftwerk"
    refused = await graphql(admin_client, update, id=record["id"], input={"artistName": " "})
    assert refused["updateRecord"] == {
        "__typename": "InvalidInput",
        "message": "artistName cannot be empty.",
        "field": "artistName",
    }

    delete = "mutation($id: UUID!) { deleteRecord(id: $id) { __typename ... on Deleted { id } } }"
    deleted = await graphql(admin_client, delete, id=record["id"])
    assert deleted["deleteRecord"] == {"__typename": "Deleted", "id": record["id"]}
    assert await DeletedItem.filter(entity_id=record["id"]).exists()
    again = await graphql(admin_client, delete, id=record["id"])
    assert again["deleteRecord"]["__typename"] == "NotFound"
    gone = await graphql(
        admin_client, "query($id: UUID!) { record(id: $id) { id } }", id=record["id"]
    )
    assert gone["record"] is None


async def test_create_record_with_a_taken_discogs_id_is_a_conflict(
    admin_client: httpx.AsyncClient,
) -> None:
    existing = await Record.create(artist_name="a", album_title="b", discogs_id="79")
    data = await graphql(
        admin_client,
        f"""mutation {{ createRecord(input: {{artistName: "x", albumTitle: "y", discogsId: "79"}})
            {{ {RESULT} }} }}""",
    )
    assert data["createRecord"]["__typename"] == "Conflict"
    assert data["createRecord"]["existing"]["id"] == str(existing.id)
    assert await Record.all().count() == 1
