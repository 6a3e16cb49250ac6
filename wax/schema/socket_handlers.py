"""Strawberry's two websocket protocols, ended the moment their token stops working.

Each socket is registered with the process's OpenSockets under its token's digest, so the
periodic check can revoke it; and every operation a socket sends is checked against the
database first, so nothing sent after a revocation runs.
"""

from __future__ import annotations

import contextlib
from typing import Any, cast

from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    CompleteMessage,
    ConnectionInitMessage,
    NextMessage,
    NextMessagePayload,
    SubscribeMessage,
)
from strawberry.subscriptions.protocols.graphql_ws.types import CompleteMessage as LegacyComplete
from strawberry.subscriptions.protocols.graphql_ws.types import (
    ConnectionInitMessage as LegacyConnectionInitMessage,
)
from strawberry.subscriptions.protocols.graphql_ws.types import (
    DataMessage,
    DataMessagePayload,
    StartMessage,
)

from wax.errors import DatabaseUnavailable
from wax.open_sockets import Revocable
from wax.resolvers.users import user_for_digest
from wax.schema.context import Context
from wax.schema.errors import database_unavailable
from wax.schema.legacy_ws import LegacyGraphQLWSHandler

REVOKED_CODE = 4403
REVOKED_REASON = "Forbidden"


class TokenGuard:
    """What both protocols do about the token that opened the socket."""

    def __init__(self, context: Context, socket: Revocable) -> None:
        self.context = context
        self.socket = socket
        self.digest: str | None = None
        self.revoked = False

    def watch(self) -> None:
        """After connection_init: revoke this socket when its token stops working."""
        self.forget()
        digest = self.context.token_digest
        if digest is not None and not self.revoked:
            self.digest = digest
            self.context.services.sockets.add(digest, self.socket)

    def forget(self) -> None:
        if self.digest is not None:
            self.context.services.sockets.discard(self.digest, self.socket)
            self.digest = None

    async def may_run(self) -> bool:
        """Whether an operation may run; if its token stopped working, the socket is revoked.

        Raises DatabaseUnavailable when the token cannot be checked: the operation then
        does not run, and its answer says why.
        """
        if await self.still_valid():
            return True
        await self.socket.revoke()
        return False

    async def still_valid(self) -> bool:
        """Whether the token still works, asked of the database; the viewer is refreshed."""
        if self.revoked or self.context.token_digest is None:
            return False
        user = await user_for_digest(self.context.token_digest)
        if user is None:
            return False
        self.context.viewer = user
        # the periodic check may have revoked the socket while the database answered
        return not self.revoked


async def close_revoked(websocket: Any) -> None:
    # the client may have gone already
    with contextlib.suppress(Exception):
        await websocket.close(code=REVOKED_CODE, reason=REVOKED_REASON)


class TransportWSHandler(BaseGraphQLTransportWSHandler[Context, None]):
    """graphql-transport-ws (the graphql-ws npm package)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = TokenGuard(self.context, self)

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.guard.forget()

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.guard.watch()

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        if self.connection_acknowledged:
            try:
                if not await self.guard.may_run():
                    return
            except DatabaseUnavailable as exc:
                payload = cast(NextMessagePayload, database_unavailable(exc))
                await self.send_message(NextMessage(id=message["id"], type="next", payload=payload))
                await self.send_message(CompleteMessage(id=message["id"], type="complete"))
                return
        await super().handle_subscribe(message)

    async def revoke(self) -> None:
        self.guard.revoked = True
        self.guard.forget()
        for operation_id in list(self.operations):
            await self.cleanup_operation(operation_id)
        await close_revoked(self.websocket)


class LegacyWSHandler(LegacyGraphQLWSHandler):
    """The legacy graphql-ws protocol (subscriptions-transport-ws)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.guard = TokenGuard(self.context, self)

    async def handle(self) -> None:
        try:
            await super().handle()
        finally:
            self.guard.forget()

    async def handle_connection_init(self, message: LegacyConnectionInitMessage) -> None:
        await super().handle_connection_init(message)
        if self.connection_acknowledged:
            self.guard.watch()

    async def handle_start(self, message: StartMessage) -> None:
        if self.connection_acknowledged:
            try:
                if not await self.guard.may_run():
                    return
            except DatabaseUnavailable as exc:
                payload = cast(DataMessagePayload, {"data": None, **database_unavailable(exc)})
                await self.send_message(DataMessage(id=message["id"], type="data", payload=payload))
                await self.send_message(LegacyComplete(id=message["id"], type="complete"))
                return
        await super().handle_start(message)

    async def revoke(self) -> None:
        self.guard.revoked = True
        self.guard.forget()
        # each stopped operation sends its "complete" before the socket closes
        await self.cleanup()
        await close_revoked(self.websocket)
