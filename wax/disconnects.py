"""A client gone mid-request is nothing to answer, and no error to log."""

from __future__ import annotations

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Receive, Scope, Send


class ForgetDisconnectedClients:
    """Without it, a client that leaves (or is cut off) while sending its body draws uvicorn's
    "Exception in ASGI application" and a traceback, once per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect:
            return
