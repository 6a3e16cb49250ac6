"""A parameterised route that steps aside for its literal siblings.

Starlette tries every route and takes the first that matches path and method, so
`PUT /records/sync` would reach `/records/{id}` as the id "sync" (and answer 400) rather
than the 405 a client of the literal path `/records/sync` should get.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from starlette.routing import Match, Route
from starlette.types import Scope


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
