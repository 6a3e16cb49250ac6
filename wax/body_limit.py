"""An ASGI wrapper that refuses request bodies over a size with 413, before reading them whole.

Kept rather than Starlette 1.10's RequestBodyLimitMiddleware (`Route(..., max_body_size=)`):
that one always answers `text/plain` "Content Too Large", and cannot be told otherwise. It
builds that PlainTextResponse itself when the body runs over, and replaces any response the
app starts while a declared Content-Length is over the limit - a JSON 413 from an exception
handler included - so /graphql's JSON body (`body_too_large` in wax.app, BODY_TOO_LARGE) would
be lost. It also runs the app (token check and all) before refusing a declared size, where this
refuses up front.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wax.auth import header
from wax.responses import JSONResponse


class BodyTooLarge(Exception):
    pass


class LimitBody:
    """Checks Content-Length up front and counts streamed (chunked) bodies as they arrive."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        body: Callable[[int], Mapping[str, object]],
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body = body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > self.max_bytes:
            await self.refuse(scope, receive, send)
            return

        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except BodyTooLarge:
            if response_started:
                raise
            await self.refuse(scope, receive, send)

    async def refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(self.body(self.max_bytes), status_code=413)
        await response(scope, receive, send)
