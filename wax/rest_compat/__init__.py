"""The documented REST and SSE paths, thin over wax.resolvers.

Each feature module contributes a list of routes; all of them need a token.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from wax.rest_compat import discogs_sync, library, library_scan, media, records, viewer
from wax.rest_compat.routing import one_route_per_path

routes: list[BaseRoute] = one_route_per_path(
    [
        *viewer.routes,
        # before records: /records/sync is not a record id
        *discogs_sync.routes,
        *records.routes,
        *library.routes,
        *library_scan.routes,
        *media.routes,
    ]
)
