"""The records CRUD routes of the original app: /api/records and /api/records/{id}."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from wax.models import DeletedItem, Record

MISSING_ID = "00000000-0000-4000-8000-000000000000"


async def make(**fields: Any) -> Record:
    fields.setdefault("artist_name", "Artist")
    fields.setdefault("album_title", "Album")
    return await Record.create(**fields)


async def test_a_record_added_by_hand_comes_back_in_the_documented_shape(
    admin_client: httpx.AsyncClient,
) -> None:
    response = await admin_client.post(
        "/api/records",
        json={"artistName": "Kraftwerk", "albumTitle": "Autobahn", "yearReleased": 1974},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["message"] == "Record added successfully"
    record = body["record"]
    documented = (await admin_client.get("/openapi.json")).json()["components"]["schemas"]
    assert set(record) == set(documented["Record"]["properties"])
    assert set(record) >= {"recordId", "artistName", "isShapedVinyl", "dataSource", "updatedAt"}
    assert record["dataSource"] == "manual"
    assert (record["artistName"], record["yearReleased"]) == ("Kraftwerk", 1974)
    assert record["genres"] == []
    assert record["createdAt"].endswith("+00:00")
    fetched = await admin_client.get(f"/api/records/{record['recordId']}")
    assert fetched.json() == {"record": record}


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"[1, 2]",
        b'"text"',
        b'{"albumTitle": "Autobahn"}',
        b'{"artistName": "K", "albumTitle": "A", "yearReleased": "1974"}',
        b'{"artistName": "K", "albumTitle": "A", "genres": "Electronic"}',
        b'{"artistName": "K", "albumTitle": "A", "speed": 45}',
        b'{"artistName": null, "albumTitle": "A"}',
    ],
)
async def test_bad_bodies_get_400_and_store_nothing(
    admin_client: httpx.AsyncClient, body: bytes
) -> None:
    response = await admin_client.post(
        "/api/records", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert set(response.json()) == {"error", "message"}
    assert response.json()["error"] == "invalid_input"
    assert await Record.all().count() == 0


async def test_the_list_sorts_and_filters_with_the_original_parameters(
    admin_client: httpx.AsyncClient,
) -> None:
    await make(artist_name="Can", record_size='12"')
    await make(artist_name="Air", record_size='7"')
    await make(artist_name="Beak", record_size='10"', is_shaped_vinyl=True)
    await make(artist_name="Dub", record_size=None)
    response = await admin_client.get(
        "/api/records", params=[("sortBy", "artist"), ("size", '7"'), ("size", '12"')]
    )
    assert response.status_code == 200
    body = response.json()
    assert [r["artistName"] for r in body["records"]] == ["Air", "Can"]
    assert body["count"] == 2
    shaped = await admin_client.get("/api/records?shaped=true")
    assert [r["artistName"] for r in shaped.json()["records"]] == ["Beak"]
    not_shaped = await admin_client.get("/api/records?shaped=false&sortBy=artist&sortDir=desc")
    assert [r["artistName"] for r in not_shaped.json()["records"]] == ["Dub", "Can", "Air"]
    everything = await admin_client.get("/api/records")
    assert everything.json()["count"] == 4


@pytest.mark.parametrize(
    "query", ["sortBy=colour", "sortDir=sideways", "shaped=maybe", "sortBy=artist&sortDir=ASC"]
)
async def test_unknown_list_parameters_get_400(admin_client: httpx.AsyncClient, query: str) -> None:
    response = await admin_client.get(f"/api/records?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


async def test_a_put_changes_the_given_fields_and_ignores_read_only_ones(
    admin_client: httpx.AsyncClient,
) -> None:
    record = await make(label_name="Kling Klang", data_source="discogs")
    whole = (await admin_client.get(f"/api/records/{record.id}")).json()["record"]
    whole.update(yearReleased=1975, dataSource="manual", recordId=MISSING_ID)
    response = await admin_client.put(f"/api/records/{record.id}", json=whole)
    assert response.status_code == 200
    body = response.json()
    assert body["message"] == "Record updated successfully"
    assert body["record"]["yearReleased"] == 1975
    assert body["record"]["recordId"] == str(record.id)
    assert body["record"]["dataSource"] == "discogs"
    assert body["record"]["labelName"] == "Kling Klang"
    partial = await admin_client.put(f"/api/records/{record.id}", json={"labelName": None})
    assert partial.json()["record"]["labelName"] is None
    assert partial.json()["record"]["yearReleased"] == 1975


async def test_a_put_with_a_bad_field_changes_nothing(admin_client: httpx.AsyncClient) -> None:
    record = await make(year_released=1974)
    for body in ({"yearReleased": 1975, "colour": "red"}, {"yearReleased": "1975"}):
        response = await admin_client.put(f"/api/records/{record.id}", json=body)
        assert response.status_code == 400
    assert (await Record.get(id=record.id)).year_released == 1974


async def test_a_duplicate_discogs_id_gets_409_with_the_existing_record(
    admin_client: httpx.AsyncClient,
) -> None:
    existing = await make(discogs_id="79")
    other = await make()
    created = await admin_client.post(
        "/api/records", json={"artistName": "K", "albumTitle": "A", "discogsId": "79"}
    )
    updated = await admin_client.put(f"/api/records/{other.id}", json={"discogsId": "79"})
    for response in (created, updated):
        assert response.status_code == 409
        body = response.json()
        assert body["error"] == "conflict"
        assert body["record"]["recordId"] == str(existing.id)
    assert await Record.all().count() == 2


async def test_deleting_answers_json_and_leaves_a_tombstone(
    admin_client: httpx.AsyncClient,
) -> None:
    record = await make()
    response = await admin_client.delete(f"/api/records/{record.id}")
    assert response.status_code == 200
    assert response.json()["message"] == "Record deleted successfully"
    assert (await admin_client.get(f"/api/records/{record.id}")).status_code == 404
    assert (await admin_client.delete(f"/api/records/{record.id}")).status_code == 404
    assert await DeletedItem.filter(entity_type="records", entity_id=record.id).exists()


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE"])
async def test_unknown_ids_get_404_and_malformed_ones_400(
    admin_client: httpx.AsyncClient, method: str
) -> None:
    body = {"json": {"albumTitle": "B"}} if method == "PUT" else {}
    missing = await admin_client.request(method, f"/api/records/{MISSING_ID}", **body)
    assert missing.status_code == 404
    assert missing.json()["error"] == "not_found"
    malformed = await admin_client.request(method, "/api/records/not-a-uuid", **body)
    assert malformed.status_code == 400


async def test_members_read_records_but_only_admins_write_them(
    member_client: httpx.AsyncClient,
) -> None:
    record = await make()
    assert (await member_client.get("/api/records")).status_code == 200
    assert (await member_client.get(f"/api/records/{record.id}")).status_code == 200
    writes = [
        await member_client.post("/api/records", json={"artistName": "K", "albumTitle": "A"}),
        await member_client.put(f"/api/records/{record.id}", json={"albumTitle": "B"}),
        await member_client.delete(f"/api/records/{record.id}"),
    ]
    assert [w.status_code for w in writes] == [403, 403, 403]
    assert writes[0].json()["error"] == "forbidden"
    assert (await Record.get(id=record.id)).album_title == "Album"


async def test_every_records_route_needs_a_token(client: httpx.AsyncClient) -> None:
    record = await make()
    for method, path in [
        ("GET", "/api/records"),
        ("POST", "/api/records"),
        ("GET", f"/api/records/{record.id}"),
        ("DELETE", f"/api/records/{record.id}"),
        ("GET", "/api/records/search?catalogNumber=SK032"),
        ("POST", "/api/records/fetch-from-discogs"),
        ("POST", "/api/records/update-from-discogs"),
        ("GET", "/api/records/sync/status"),
    ]:
        response = await client.request(method, path)
        assert response.status_code == 401, (method, path)
        assert response.json() == {"message": "Unauthenticated."}
    assert await Record.all().count() == 1
