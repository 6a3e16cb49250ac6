"""The records routes of the original app (camelCase JSON), thin over wax.resolvers.

GET  /api/records/search              ?catalogNumber | ?artist&title | ?upc
POST /api/records/fetch-from-discogs  {releaseId}
POST /api/records/update-from-discogs {recordId, discogsId}
GET  /api/records/sync/status
GET/POST /api/records, GET/PUT/DELETE /api/records/{id}
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from wax import errors, json_body, models
from wax.auth import scope_user
from wax.discogs import ReleaseHit
from wax.resolvers import discogs_records, records
from wax.resolvers.text import shown
from wax.responses import JSONResponse
from wax.rest_compat.errors import error_body
from wax.rest_compat.record_json import RECORDS_ROUTE_FIELDS, record_body
from wax.rest_compat.routing import RouteExcept
from wax.services import services_of

# the Record JSON of design.md §3: API key -> model field, for what clients may write
RECORD_KEYS = {field.records_key: field.name for field in RECORDS_ROUTE_FIELDS if field.writable}
# sent back by clients that PUT a whole record; wax sets these itself
READ_ONLY_KEYS = frozenset(
    {"id", *(field.records_key for field in RECORDS_ROUTE_FIELDS if not field.writable)}
)
BOOLEANS = {"true": True, "false": False}

Handler = Callable[[Request], Awaitable[Response]]


def record_json(record: models.Record) -> dict[str, Any]:
    return record_body(record, RECORDS_ROUTE_FIELDS, "records")


def hit_json(hit: ReleaseHit) -> dict[str, Any]:
    """The search result as Discogs sent it, plus the format fields when its lookup worked."""
    body = dict(hit.raw)
    if hit.enriched:
        body["recordSize"] = hit.record_size
        body["vinylColor"] = hit.vinyl_color
        body["isShapedVinyl"] = hit.is_shaped_vinyl
    return body


def answers_conflicts(handler: Handler) -> Handler:
    """A duplicate discogsId answers 409 with the record that already has it."""

    async def route(request: Request) -> Response:
        try:
            return await handler(request)
        except errors.Conflict as conflict:
            status, body = error_body(conflict)
            if isinstance(conflict.existing, models.Record):
                body["record"] = record_json(conflict.existing)
            return JSONResponse(body, status_code=status)

    return route


async def json_object(request: Request) -> dict[str, Any]:
    try:
        return json_body.read_object(await request.body())
    except json_body.MalformedBody as exc:
        raise errors.InvalidInput(exc.message) from None


def record_fields(body: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for key, value in body.items():
        if key in READ_ONLY_KEYS:
            continue
        field = RECORD_KEYS.get(key)
        if field is None:
            raise errors.InvalidInput(f"{shown(key)} is not a record field.", field=shown(key))
        fields[field] = value
    return fields


async def search(request: Request) -> Response:
    query = request.query_params
    found = await discogs_records.search_releases(
        services_of(request).discogs,
        scope_user(request.scope),
        catalog_number=query.get("catalogNumber"),
        artist=query.get("artist"),
        title=query.get("title"),
        upc=query.get("upc"),
    )
    return JSONResponse({"results": [hit_json(hit) for hit in found.results], "count": found.count})


async def fetch_from_discogs(request: Request) -> Response:
    body = await json_object(request)
    if "releaseId" not in body:
        raise errors.InvalidInput("releaseId is required.", field="releaseId")
    services = services_of(request)
    fetched = await discogs_records.fetch_record(
        services.discogs,
        scope_user(request.scope),
        body["releaseId"],
        collection_username=services.settings.discogs_username,
    )
    message = "Record fetched from Discogs and saved successfully"
    if fetched.in_discogs_collection is True:
        message += "; it is in your Discogs collection"
    elif fetched.in_discogs_collection is False:
        message += "; adding it to your Discogs collection failed, a sync will retry"
    return JSONResponse({"record": record_json(fetched.record), "message": message}, 201)


async def update_from_discogs(request: Request) -> Response:
    body = await json_object(request)
    for key in ("recordId", "discogsId"):
        if body.get(key) in (None, ""):
            raise errors.InvalidInput(f"{key} is required.", field=key)
    record = await discogs_records.refresh_record(
        services_of(request).discogs,
        scope_user(request.scope),
        body["recordId"],
        body["discogsId"],
    )
    return JSONResponse(
        {"record": record_json(record), "message": "Record updated from Discogs successfully"}
    )


async def sync_status(request: Request) -> Response:
    readiness = discogs_records.discogs_readiness(services_of(request).settings)
    return JSONResponse({"ready": readiness.ready, "missing": readiness.missing})


async def list_or_create(request: Request) -> Response:
    user = scope_user(request.scope)
    if request.method == "POST":
        record = await records.create_record(user, record_fields(await json_object(request)))
        return JSONResponse(
            {"record": record_json(record), "message": "Record added successfully"}, 201
        )
    query = request.query_params
    shaped = query.get("shaped")
    if shaped is not None and shaped.lower() not in BOOLEANS:
        raise errors.InvalidInput("shaped must be true or false.", field="shaped")
    found = await records.list_records(
        user,
        sort_by=query.get("sortBy"),
        sort_dir=query.get("sortDir"),
        sizes=query.getlist("size"),
        shaped=None if shaped is None else BOOLEANS[shaped.lower()],
    )
    return JSONResponse({"records": [record_json(r) for r in found], "count": len(found)})


async def one_record(request: Request) -> Response:
    user = scope_user(request.scope)
    record_id = request.path_params["record_id"]
    if request.method == "PUT":
        changes = record_fields(await json_object(request))
        record = await records.update_record(user, record_id, changes)
        return JSONResponse(
            {"record": record_json(record), "message": "Record updated successfully"}
        )
    if request.method == "DELETE":
        deleted = await records.delete_record(user, record_id)
        return JSONResponse({"message": "Record deleted successfully", "recordId": str(deleted)})
    return JSONResponse({"record": record_json(await records.get_record(user, record_id))})


routes = [
    Route("/records/search", search, methods=["GET"]),
    Route("/records/fetch-from-discogs", answers_conflicts(fetch_from_discogs), methods=["POST"]),
    Route("/records/update-from-discogs", answers_conflicts(update_from_discogs), methods=["POST"]),
    Route("/records/sync/status", sync_status, methods=["GET"]),
    Route("/records", answers_conflicts(list_or_create), methods=["GET", "POST"]),
    RouteExcept(
        "/records/{record_id}",
        answers_conflicts(one_record),
        methods=["GET", "PUT", "DELETE"],
        parameter="record_id",
        # /records/<these> are routes of their own: a wrong method there is a 405
        literals={"search", "fetch-from-discogs", "update-from-discogs", "sync"},
    ),
]
