"""The typed context every GraphQL resolver receives, built once per request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from wax.errors import Unauthorized
from wax.models import User
from wax.schema.loaders import Loaders
from wax.services import Services


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    services: Services
    viewer: User | None = None
    # set by strawberry from a websocket's connection_init payload
    connection_params: dict[str, Any] | None = None
    # a websocket's token, as its digest, for checking it again before each operation
    token_digest: str | None = None
    # per-request DataLoaders, so relations cost one query per batch
    loaders: Loaders = field(default_factory=Loaders)

    def require_viewer(self) -> User:
        if self.viewer is None:
            raise Unauthorized()
        return self.viewer


Info = strawberry.Info[Context, None]
