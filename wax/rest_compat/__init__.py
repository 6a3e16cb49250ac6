"""The documented REST and SSE paths, thin over wax.resolvers.

Each feature module contributes a list of routes; all of them need a token.
"""

from __future__ import annotations

from starlette.routing import BaseRoute

from wax.rest_compat import records, viewer

routes: list[BaseRoute] = [
    *viewer.routes,
    *records.routes,
]
