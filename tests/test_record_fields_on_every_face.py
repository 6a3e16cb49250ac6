"""Every declared Record field is writable and readable alike on GraphQL and both REST families."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from wax.resolvers.record_fields import RECORD_FIELDS, WRITABLE_FIELDS, RecordField


def sample(field: RecordField) -> Any:
    """A value the field accepts and that differs from its default."""
    if field.name == "discogs_id":
        return "79"
    if field.kind is bool:
        return True
    if field.kind is int:
        return field.minimum
    if field.kind is list:
        return [f"{field.name} entry"]
    return f"{field.name} text"


def comparable(field: RecordField, value: Any) -> Any:
    """Moments as the same instant to the second: the faces write them differently."""
    if field.kind is datetime:
        return datetime.fromisoformat(value).replace(microsecond=0)
    return value


SENT = {field.api_name: sample(field) for field in WRITABLE_FIELDS}
SELECTION = " ".join(field.api_name for field in RECORD_FIELDS)


async def test_a_record_written_over_graphql_reads_the_same_on_every_face(
    admin_client: httpx.AsyncClient,
) -> None:
    mutation = f"""mutation($input: RecordInput!) {{
      createRecord(input: $input) {{ __typename ... on Record {{ {SELECTION} }} }}
    }}"""
    response = await admin_client.post(
        "/graphql", json={"query": mutation, "variables": {"input": SENT}}
    )
    created = response.json()["data"]["createRecord"]
    assert created["__typename"] == "Record"
    assert {key: created[key] for key in SENT} == SENT
    record_id = created["id"]

    records_route = (await admin_client.get(f"/api/records/{record_id}")).json()["record"]
    library = (await admin_client.get("/api/v1/records")).json()["data"]
    [v1_record] = [item for item in library if item["id"] == record_id]
    for field in RECORD_FIELDS:
        if field.original:
            assert comparable(field, records_route[field.records_key]) == comparable(
                field, created[field.api_name]
            ), field.name
        else:
            assert field.records_key not in records_route
        assert comparable(field, v1_record[field.name]) == comparable(
            field, created[field.api_name]
        ), field.name


async def test_a_record_written_over_rest_reads_the_same_over_graphql(
    admin_client: httpx.AsyncClient,
) -> None:
    sent = {field.records_key: SENT[field.api_name] for field in WRITABLE_FIELDS if field.original}
    response = await admin_client.post("/api/records", json=sent)
    assert response.status_code == 201, response.text
    record_id = response.json()["record"]["recordId"]
    query = f'{{ record(id: "{record_id}") {{ {SELECTION} }} }}'
    read = (await admin_client.post("/graphql", json={"query": query})).json()["data"]["record"]
    for field in WRITABLE_FIELDS:
        if field.original:
            assert read[field.api_name] == sent[field.records_key], field.name
