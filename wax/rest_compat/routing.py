"""Routing that answers wrong methods with 405 and every allowed method.

A parameterised route steps aside for its literal siblings:

Starlette tries every route and takes the first that matches path and method, so
`PUT /records/sync` would reach `/records/{id}` as the id "sync" (and answer 400) rather
than the 405 a client of the literal path `/records/sync` should get.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

Endpoint = Callable[[Request], Awaitable[Response]]


class RouteExcept(Route):
    """`Route`, except that a path parameter equal to one of `literals` does not match."""

    def __init__(
        self,
        path: str,
        endpoint: Any,
        *,
        methods: list[str],
        parameter: str,
        literals: Collection[str],
    ) -> None:
        super().__init__(path, endpoint, methods=methods)
        self.parameter = parameter
        self.literals = frozenset(literals)

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        match, child_scope = super().matches(scope)
        if match is not Match.NONE and child_scope["path_params"][self.parameter] in self.literals:
            return Match.NONE, {}
        return match, child_scope


def one_route_per_path(routes: list[BaseRoute]) -> list[BaseRoute]:
    """Plain routes sharing a path become one, so a wrong method's 405 lists every method.

    (Starlette answers 405 from the first route whose path matched, with only its methods.)
    """
    by_path: dict[str, list[Route]] = {}
    for route in routes:
        if type(route) is Route:
            by_path.setdefault(route.path, []).append(route)
    merged: list[BaseRoute] = []
    for route in routes:
        if type(route) is not Route:
            merged.append(route)
            continue
        siblings = by_path[route.path]
        if len(siblings) == 1:
            merged.append(route)
        elif route is siblings[0]:
            merged.append(_dispatching(route.path, siblings))
    return merged


def _dispatching(path: str, routes: list[Route]) -> Route:
    endpoints: dict[str, Endpoint] = {}
    for route in routes:
        for method in route.methods or ():
            endpoints.setdefault(method, route.endpoint)

    async def by_method(request: Request) -> Response:
        return await endpoints[request.method](request)

    return Route(path, by_method, methods=sorted(endpoints))
