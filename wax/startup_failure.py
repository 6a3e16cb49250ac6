"""A start-up refusal (DatabaseNotReady) reported by the ASGI server as its one line.

Starlette reports a failed lifespan with the traceback as its message, which the
server logs; for a refusal wax has already put into words, the words are enough.
`wax serve` checks the database before starting uvicorn, so this covers a worker that
starts after the database changed, and wax run by another ASGI server.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from wax.errors import DatabaseNotReady

STARTUP_FAILED = "lifespan.startup.failed"


class OneLineStartupFailure:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "lifespan":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def send_holding_failure(message: Message) -> None:
            if message["type"] == STARTUP_FAILED:
                held.append(message)  # sent once the exception says what failed
            else:
                await send(message)

        try:
            await self.app(scope, receive, send_holding_failure)
        except DatabaseNotReady as exc:
            if held:
                held[:] = [{"type": STARTUP_FAILED, "message": f"wax: {exc.message}"}]
            raise
        finally:
            for message in held:
                await send(message)
