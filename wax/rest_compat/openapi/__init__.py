"""GET /openapi.json: an OpenAPI 3.1 description of every REST route wax serves.

Declared in small pieces: build.py (constructors), components.py (shapes),
records.py and library.py (paths). tests/rest_compat/test_openapi.py checks the
document against the routes actually mounted.
"""

from __future__ import annotations

from functools import cache

from starlette.requests import Request
from starlette.responses import Response

from wax import __version__
from wax.responses import JSONResponse
from wax.rest_compat.openapi import covers, library, library_scan, media, records
from wax.rest_compat.openapi.build import STRING, Json, obj, operation, response
from wax.rest_compat.openapi.components import PARAMETERS, RESPONSES, SCHEMAS

DESCRIPTION = """\
The REST face of wax, for clients of the original apps: the Discogs records routes
(camelCase JSON) and the library sync API (snake_case JSON, Laravel shapes).

Every `/api` route needs `Authorization: Bearer <token>` (`wax users create NAME`
or `wax tokens create NAME` print one); without a valid token the answer is 401
`{"message": "Unauthenticated."}`, whatever the path under `/api`.

A method a path does not take is a 405 whose `Allow` lists those it does
(components/responses MethodNotAllowed, and MethodNotAllowedV1 under `/api/v1`);
a path wax does not serve is a 404 `{"error": "not_found", "message": ...}`. When the
database does not answer, any `/api` route may say 503 `database_unavailable`.

Media URLs (`/media/...`, such as an album's `cover`) need no token: they are signed and
expire; a bad or expired one answers 403 `{"error": "forbidden", ...}`.

GraphQL, wax's primary interface, is at `/graphql` (GraphiQL there in a browser;
schema in schema.graphql).
"""

OWN_PATHS: dict[str, Json] = {
    "/healthz": {
        "get": operation(
            "healthz",
            "Is wax up and its database answering?",
            tag="Service",
            public=True,
            responses={
                "200": response("Up.", obj({"status": STRING}), {"status": "ok"}),
                "503": response(
                    "The database does not answer.",
                    obj({"status": STRING}),
                    {"status": "database unavailable"},
                ),
            },
        )
    },
    "/openapi.json": {
        "get": operation(
            "openapi",
            "This document",
            tag="Service",
            public=True,
            responses={"200": response("OpenAPI 3.1.", {"type": "object"})},
        )
    },
}


@cache
def document() -> Json:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "wax REST API",
            "version": __version__,
            "description": DESCRIPTION,
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "tags": [
            {"name": "Records", "description": "Vinyl records and Discogs (camelCase JSON)."},
            {"name": "Library", "description": "Artists, albums, songs (snake_case JSON)."},
            {"name": "Playlists", "description": "Each user's own playlists."},
            {"name": "Sync", "description": "Incremental sync for mobile clients."},
            {"name": "Account", "description": "The token's user."},
            {"name": "Admin", "description": "The library scan (admins only)."},
            {"name": "Media", "description": "Songs' files, by signed URL; no token needed."},
            {"name": "Service", "description": "Health and this document; no token needed."},
        ],
        "security": [{"bearerAuth": []}],
        "paths": {
            **OWN_PATHS,
            **records.PATHS,
            **library.PATHS,
            **library_scan.PATHS,
            **covers.PATHS,
            **media.PATHS,
        },
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "An API token from `wax users create` or `wax tokens create`.",
                }
            },
            "schemas": {**SCHEMAS, **library_scan.SCHEMAS, **media.SCHEMAS},
            "responses": RESPONSES,
            "parameters": PARAMETERS,
        },
    }


async def openapi_json(request: Request) -> Response:
    return JSONResponse(document())


__all__ = ["document", "openapi_json"]
