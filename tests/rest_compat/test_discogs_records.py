"""The Discogs routes (search, fetch-from-discogs, update-from-discogs, sync/status) end to end
against the fake Discogs server."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.conftest import make_account
from tests.fakes.discogs_server import FakeDiscogs
from tests.servers import LiveServer
from wax.models import Record
from wax.services import Services
from wax.settings import Settings


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.fixture
async def api(admin_client: httpx.AsyncClient, services: Services) -> httpx.AsyncClient:
    """An admin's client, with the Discogs client retrying quickly."""
    return admin_client


async def test_search_answers_results_and_count_with_the_format_fields(
    api: httpx.AsyncClient,
) -> None:
    response = await api.get("/api/records/search", params={"catalogNumber": "SK032"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [result] = body["results"]
    assert (result["id"], result["title"], result["catno"]) == (
        1,
        "Persuader, The - Stockholm",
        "SK032",
    )
    assert result["year"] == "1999"
    assert (result["recordSize"], result["vinylColor"], result["isShapedVinyl"]) == (
        '12"',
        None,
        False,
    )


async def test_search_by_artist_and_title_or_by_upc(api: httpx.AsyncClient) -> None:
    by_title = await api.get(
        "/api/records/search", params={"artist": "Persuader", "title": "City Of Islands"}
    )
    by_upc = await api.get("/api/records/search", params={"upc": "074646362822"})
    assert [r["id"] for r in by_title.json()["results"]] == [79]
    assert [r["id"] for r in by_upc.json()["results"]] == [3]


async def test_a_result_whose_lookup_failed_comes_without_format_fields(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.inject("GET", "/releases/1", status=500, times=None)
    response = await api.get("/api/records/search", params={"catalogNumber": "SK032"})
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["id"] == 1
    assert not {"recordSize", "vinylColor", "isShapedVinyl"} & set(result)


@pytest.mark.parametrize(
    "query",
    ["", "?catalogNumber=", "?artist=Persuader", "?title=Stockholm", "?catalogNumber=SK032&upc=1"],
)
async def test_search_without_exactly_one_method_gets_400(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs, query: str
) -> None:
    response = await api.get(f"/api/records/search{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert fake_discogs.count() == 0


@pytest.mark.parametrize("discogs_settings", [{"discogs_token": None}], indirect=True)
async def test_search_without_a_token_gets_503_naming_the_setting(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/records/search", params={"catalogNumber": "SK032"})
    assert response.status_code == 503
    body = response.json()
    assert body["error"] == "discogs_not_configured"
    assert "DISCOGS_TOKEN" in body["message"]


async def test_fetch_saves_the_release_and_answers_201(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    response = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 79})
    assert response.status_code == 201
    body = response.json()
    assert "saved successfully" in body["message"]
    record = body["record"]
    assert (record["artistName"], record["albumTitle"]) == ("Persuader, The", "City Of Islands")
    assert (record["discogsId"], record["dataSource"]) == ("79", "discogs")
    assert record["isSyncedWithDiscogs"] is True
    assert record["discogsUri"].startswith("https://www.discogs.com/")
    assert len(fake_discogs.instances_of(79)) == 1
    stored = await api.get(f"/api/records/{record['recordId']}")
    assert stored.json()["record"] == record


async def test_a_second_fetch_gets_409_with_the_existing_record_and_no_second_copy(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    first = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 79})
    again = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 79})
    assert again.status_code == 409
    assert again.json()["error"] == "conflict"
    assert again.json()["record"] == first.json()["record"]
    assert len(fake_discogs.instances_of(79)) == 1
    assert await Record.all().count() == 1


async def test_fetching_a_release_already_collected_keeps_one_copy_on_discogs(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.add_to_collection(2)
    response = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 2})
    assert response.status_code == 201
    assert response.json()["record"]["isSyncedWithDiscogs"] is True
    assert len(fake_discogs.instances_of(2)) == 1


async def test_fetch_after_search_spends_no_extra_release_request(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    await api.get("/api/records/search", params={"catalogNumber": "SK032"})
    await api.post("/api/records/fetch-from-discogs", json={"releaseId": 1})
    assert fake_discogs.count("GET", "/releases/*") == 1


async def test_fetching_an_unknown_release_gets_404(api: httpx.AsyncClient) -> None:
    response = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 424242424})
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert await Record.all().count() == 0


@pytest.mark.parametrize(
    "body",
    [b"{}", b"{oops", b"[79]", b'{"releaseId": "79"}', b'{"releaseId": -1}', b'{"releaseId": 7.9}'],
)
async def test_fetch_with_a_bad_body_gets_400_and_stores_nothing(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs, body: bytes
) -> None:
    response = await api.post(
        "/api/records/fetch-from-discogs",
        content=body,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert await Record.all().count() == 0
    assert fake_discogs.count() == 0


async def test_update_from_discogs_refreshes_the_record(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    record = await Record.create(
        artist_name="old", album_title="old", discogs_id="1", is_synced_with_discogs=True
    )
    response = await api.post(
        "/api/records/update-from-discogs", json={"recordId": str(record.id), "discogsId": "1"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Record updated from Discogs successfully"
    assert (body["record"]["albumTitle"], body["record"]["recordSize"]) == ("Stockholm", '12"')
    assert (body["record"]["dataSource"], body["record"]["isSyncedWithDiscogs"]) == ("manual", True)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"discogsId": "1"}, 400),
        ({"recordId": "00000000-0000-4000-8000-000000000000"}, 400),
        ({"recordId": "not-a-uuid", "discogsId": "1"}, 400),
        ({"recordId": "00000000-0000-4000-8000-000000000000", "discogsId": "x1"}, 400),
        ({"recordId": "00000000-0000-4000-8000-000000000000", "discogsId": "1"}, 404),
    ],
)
async def test_update_from_discogs_refuses_bad_or_unknown_ids(
    api: httpx.AsyncClient, body: dict[str, Any], status: int
) -> None:
    response = await api.post("/api/records/update-from-discogs", json=body)
    assert response.status_code == status
    assert set(response.json()) == {"error", "message"}


async def test_update_from_discogs_to_a_release_another_record_has_gets_409(
    api: httpx.AsyncClient,
) -> None:
    mine = await Record.create(artist_name="a", album_title="b", discogs_id="2")
    other = await Record.create(artist_name="c", album_title="d", discogs_id="79")
    response = await api.post(
        "/api/records/update-from-discogs", json={"recordId": str(mine.id), "discogsId": "79"}
    )
    assert response.status_code == 409
    assert response.json()["record"]["recordId"] == str(other.id)
    assert (await Record.get(id=mine.id)).album_title == "b"


async def test_sync_status_says_ready_when_token_and_username_are_set(
    member_client: httpx.AsyncClient,
) -> None:
    response = await member_client.get("/api/records/sync/status")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "missing": []}


@pytest.mark.parametrize(
    "discogs_settings", [{"discogs_token": None, "discogs_username": None}], indirect=True
)
async def test_sync_status_names_the_missing_settings(api: httpx.AsyncClient) -> None:
    response = await api.get("/api/records/sync/status")
    assert response.json() == {"ready": False, "missing": ["DISCOGS_TOKEN", "DISCOGS_USERNAME"]}


async def test_members_search_but_cannot_fetch_or_update(
    member_client: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    record = await Record.create(artist_name="a", album_title="b", discogs_id="2")
    search = await member_client.get("/api/records/search", params={"catalogNumber": "SK032"})
    assert search.status_code == 200
    fetch = await member_client.post("/api/records/fetch-from-discogs", json={"releaseId": 79})
    update = await member_client.post(
        "/api/records/update-from-discogs", json={"recordId": str(record.id), "discogsId": "2"}
    )
    assert (fetch.status_code, update.status_code) == (403, 403)
    assert fake_discogs.instances_of(79) == []
    assert await Record.all().count() == 1


FAULTS = {
    "500": {"status": 500},
    "503": {"status": 503},
    "401": {"status": 401},
    "429": {"status": 429},
    "429-retry-after": {"status": 429, "retry_after": 0.05},
    "malformed": {"malformed": True},
    "dropped": {"drop": True},
    "slow-then-500": {"status": 500, "delay": 0.05},
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
async def test_when_discogs_fails_the_routes_answer_502_never_500(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs, fault: dict[str, Any]
) -> None:
    record = await Record.create(artist_name="a", album_title="b", discogs_id="2")
    fake_discogs.inject("*", "*", times=None, **fault)
    search = await api.get("/api/records/search", params={"catalogNumber": "SK032"})
    fetch = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 79})
    update = await api.post(
        "/api/records/update-from-discogs", json={"recordId": str(record.id), "discogsId": "2"}
    )
    for response in (search, fetch, update):
        assert response.status_code == 502, response.text
        assert response.json()["error"] == "discogs_unavailable"
        assert response.json()["message"]
    assert await Record.all().count() == 1
    assert (await Record.get(id=record.id)).album_title == "b"


async def test_a_rate_limited_discogs_is_waited_for_not_failed(
    api: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.inject("GET", "/releases/*", status=429, retry_after=0.05, times=2)
    response = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 79})
    assert response.status_code == 201
    assert fake_discogs.count("GET", "/releases/79") == 3


async def test_search_and_fetch_work_over_a_real_http_server(
    server: LiveServer, fake_discogs: FakeDiscogs
) -> None:
    account = await make_account("ann", is_admin=True)
    async with httpx.AsyncClient(base_url=server.url, headers=account.headers) as http:
        search = await http.get("/api/records/search", params={"catalogNumber": "SK032"})
        fetch = await http.post("/api/records/fetch-from-discogs", json={"releaseId": 1})
        listed = await http.get("/api/records")
    assert [r["id"] for r in search.json()["results"]] == [1]
    assert fetch.status_code == 201
    assert [r["discogsId"] for r in listed.json()["records"]] == ["1"]
    assert len(fake_discogs.instances_of(1)) == 1


async def test_a_release_id_sent_as_a_json_float_is_the_whole_number(
    api: httpx.AsyncClient,
) -> None:
    response = await api.post("/api/records/fetch-from-discogs", json={"releaseId": 1.0})

    assert response.status_code == 201
    assert response.json()["record"]["discogsId"] == "1"
