"""A response whose body is read as it is sent, and stops when the client goes away.

Its body comes from an async context manager of chunks (a file's bytes, ffmpeg's output),
entered before the headers are sent, so a body that cannot start is still an error answered
with JSON; leaving it releases what it holds (the file, the ffmpeg process) whether the body
was sent whole or the client left halfway.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager

import anyio
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

logger = logging.getLogger("wax.media")

Chunks = Callable[[], AbstractAsyncContextManager[AsyncIterator[bytes]]]


class MediaResponse(Response):
    def __init__(
        self,
        *,
        status_code: int,
        headers: Mapping[str, str],
        media_type: str | None = None,
        chunks: Chunks | None = None,
        close: Callable[[], None] | None = None,
    ) -> None:
        """`chunks` None: headers only (HEAD, 304, 416). `close` runs once the response is
        done, sent or not (the open file of a file response)."""
        self.status_code = status_code
        self.media_type = media_type
        self.background = None
        self.chunks = chunks
        self.close = close
        self.init_headers(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            if self.chunks is None or scope.get("method") == "HEAD":
                await self._start(send)
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            async with self.chunks() as chunks:
                await self._start(send)
                await self._send_while_connected(chunks, receive, send)
        finally:
            if self.close is not None:
                self.close()

    async def _start(self, send: Send) -> None:
        await send(
            {"type": "http.response.start", "status": self.status_code, "headers": self.raw_headers}
        )

    async def _send_while_connected(
        self, chunks: AsyncIterator[bytes], receive: Receive, send: Send
    ) -> None:
        async with anyio.create_task_group() as group:

            async def stream() -> None:
                try:
                    async for chunk in chunks:
                        await send({"type": "http.response.body", "body": chunk, "more_body": True})
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                except OSError as exc:  # the disk failed, or (ASGI 2.4) the client left
                    logger.warning("media stream stopped: %s", exc)
                group.cancel_scope.cancel()

            async def watch() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                group.cancel_scope.cancel()

            group.start_soon(stream)
            group.start_soon(watch)
