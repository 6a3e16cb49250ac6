"""The sync routes of /api/v1: status, deleted ids, and the lists with updated_since."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Scope

from wax.auth import scope_user
from wax.resolvers import sync
from wax.resolvers.library import albums, artists, playlists, songs
from wax.resolvers.library.json_listing import JsonItem, JsonSource
from wax.resolvers.pagination import Page, PageRequest
from wax.responses import JSONResponse
from wax.rest_compat import laravel
from wax.rest_compat.covers import request_covers
from wax.rest_compat.library_json import (
    SONG_FIELDS,
    listed_albums_json,
    listed_artists_json,
    playlists_json,
    record_json,
)
from wax.rest_compat.serialize import timestamp
from wax.services import services_of

INCLUDABLE = "songs"


def wants_songs(request: Request) -> bool:
    """`include=songs` (empty means absent); anything else is a 422, as Laravel's `in` rule."""
    include = request.query_params.get("include", "").strip()
    if include and include != INCLUDABLE:
        raise laravel.field_error("include", "The selected include is invalid.")
    return include == INCLUDABLE


def _listing(
    fetch: Callable[[Request, PageRequest], Awaitable[Page[Any]]],
    present: Callable[[Request, list[Any]], Awaitable[list[Any]]],
) -> Callable[[Request], Awaitable[Response]]:
    @laravel.laravel
    async def endpoint(request: Request) -> Response:
        page = await fetch(request, laravel.page_request(request))
        return JSONResponse(laravel.paginated(request, page, await present(request, page.items)))

    return endpoint


SONG_LISTING = JsonSource("songs", SONG_FIELDS)


async def _listed_songs(request: Request, page: PageRequest) -> Page[JsonItem]:
    return await songs.list_songs_as_json(SONG_LISTING.bound(request_covers(request)), page)


async def _songs(request: Request, items: list[JsonItem]) -> list[Any]:
    return [orjson.Fragment(item.json) for item in items]


async def _albums(request: Request, page: PageRequest) -> Page[Any]:
    return await albums.list_albums(page)


async def _listed_albums(request: Request, items: list[Any]) -> list[dict[str, Any]]:
    return await listed_albums_json(items, request_covers(request))


async def _artists(request: Request, page: PageRequest) -> Page[Any]:
    return await artists.list_artists(page)


async def _listed_artists(request: Request, items: list[Any]) -> list[dict[str, Any]]:
    return await listed_artists_json(items)


async def _records(request: Request, page: PageRequest) -> Page[Any]:
    return await sync.list_records(page)


async def _listed_records(request: Request, items: list[Any]) -> list[dict[str, Any]]:
    return [record_json(record) for record in items]


@laravel.laravel
async def list_playlists(request: Request) -> Response:
    user = scope_user(request.scope)
    own = await playlists.list_playlists(user, laravel.updated_since(request))
    return JSONResponse({"data": await playlists_json(own, with_songs=wants_songs(request))})


def _entity(status: sync.EntityStatus) -> dict[str, Any]:
    return {"count": status.count, "last_updated": timestamp(status.last_updated)}


async def sync_status(request: Request) -> Response:
    status = await sync.sync_status(scope_user(request.scope))
    return JSONResponse(
        {
            "data": {
                "songs": _entity(status.songs),
                "albums": _entity(status.albums),
                "artists": _entity(status.artists),
                "playlists": _entity(status.playlists),
                "records": _entity(status.records),
                "library_updated_at": timestamp(status.library_updated_at),
            }
        }
    )


@laravel.laravel
async def deleted(request: Request) -> Response:
    since = laravel.since(request)
    retention_days = services_of(request).settings.tombstone_retention_days
    items = await sync.deleted_items(
        scope_user(request.scope), since, retention_days=retention_days
    )
    return JSONResponse(
        {
            "data": {
                kind: [str(entity_id) for entity_id in items.of(kind)]
                for kind in ("songs", "albums", "artists", "playlists", "records")
            },
            "meta": {
                "since": timestamp(items.since),
                "queried_at": timestamp(items.queried_at),
                "full_resync_required": items.full_resync_required,
                "retention_cutoff": timestamp(items.retention_cutoff),
            },
        }
    )


# the paths whose answer is bounded by the safe watermark (read with the token: wax.auth)
WATERMARKED_PATHS = frozenset(
    f"/api/v1/{name}" for name in ("songs", "albums", "artists", "records", "deleted")
)


def reads_watermark(scope: Scope) -> bool:
    return scope["method"] == "GET" and scope["path"] in WATERMARKED_PATHS


routes = [
    Route("/v1/songs", _listing(_listed_songs, _songs), methods=["GET"]),
    Route("/v1/albums", _listing(_albums, _listed_albums), methods=["GET"]),
    Route("/v1/artists", _listing(_artists, _listed_artists), methods=["GET"]),
    Route("/v1/records", _listing(_records, _listed_records), methods=["GET"]),
    Route("/v1/playlists", list_playlists, methods=["GET"]),
    Route("/v1/sync/status", sync_status, methods=["GET"]),
    Route("/v1/deleted", deleted, methods=["GET"]),
]
