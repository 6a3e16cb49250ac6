"""Cutting off clients that send a request too slowly (slowloris and slow-body attacks).

uvicorn bounds only the idle time between requests; this subclass of its httptools protocol
also bounds how long a request's headers and body may take. A request cut off before its
response started gets a 408 with a JSON body; the connection is closed either way.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from dataclasses import dataclass
from enum import Enum
from typing import Any, cast

import orjson
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from wax.settings import Settings

logger = logging.getLogger("wax.slow_clients")

TIMEOUT_BODY = orjson.dumps(
    {"error": "request_timeout", "message": "The request did not arrive in time."}
)


@dataclass(frozen=True)
class RequestLimits:
    header_seconds: float  # from a request's first byte to the end of its headers
    body_idle_seconds: float  # the longest pause between body bytes
    request_seconds: float  # from a request's first byte to the end of its body

    @classmethod
    def from_settings(cls, settings: Settings) -> RequestLimits:
        return cls(
            header_seconds=settings.header_timeout_seconds,
            body_idle_seconds=settings.body_idle_timeout_seconds,
            request_seconds=settings.request_timeout_seconds,
        )


class Phase(Enum):
    IDLE = "idle"  # between requests: uvicorn's keep-alive timeout applies
    HEADERS = "headers"
    BODY = "body"


class SlowClientGuard(HttpToolsProtocol):
    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
        *,
        limits: RequestLimits,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits = limits
        self.phase = Phase.IDLE
        self.request_began = False  # a byte of the current request has arrived
        self.started_at = 0.0
        self.last_byte_at = 0.0
        self.timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        # a connection that sends nothing at all is held to the header limit too
        self._begin_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_watching()
        super().connection_lost(exc)

    def handle_websocket_upgrade(self) -> None:
        self._stop_watching()
        super().handle_websocket_upgrade()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.phase is Phase.IDLE:
            self._begin_headers()
        self.request_began = True

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        if self.parser.should_upgrade() and self._should_upgrade():
            self._stop_watching()
            return
        self.phase = Phase.BODY
        self.last_byte_at = self.loop.time()
        self._arm()

    def on_body(self, body: bytes) -> None:
        super().on_body(body)
        self.last_byte_at = self.loop.time()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._stop_watching()

    def _begin_headers(self) -> None:
        self.phase = Phase.HEADERS
        self.request_began = False
        self.started_at = self.loop.time()
        self._arm()

    def _stop_watching(self) -> None:
        self.phase = Phase.IDLE
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _deadline(self) -> float:
        if self.phase is Phase.HEADERS:
            return self.started_at + self.limits.header_seconds
        return min(
            self.started_at + self.limits.request_seconds,
            self.last_byte_at + self.limits.body_idle_seconds,
        )

    def _arm(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = self.loop.call_at(self._deadline(), self._check)

    def _check(self) -> None:
        self.timer = None
        if self.phase is Phase.IDLE or self.transport.is_closing():
            return
        if self.flow.read_paused:
            # wax is not reading (a pipelined request waits, or the app is busy): not the
            # client's fault, so its time starts again once reading resumes
            self.started_at = self.last_byte_at = self.loop.time()
        elif self.loop.time() >= self._deadline():
            self._cut_off()
            return
        self._arm()

    def _cut_off(self) -> None:
        cycle = self.cycle
        in_flight = cycle is not None and not cycle.response_complete
        if self.phase is Phase.HEADERS:
            answer = self.request_began and not in_flight
        else:
            answer = cycle is not None and not cycle.response_started
        logger.debug("cut off a client slow to send its request %s", self.phase.value)
        self._stop_watching()
        if answer:
            self._send_408()
        if cycle is not None and in_flight:
            # the app sees a disconnect, and nothing it sends reaches the socket
            cycle.disconnected = True
            cycle.message_event.set()
        self.transport.close()

    def _send_408(self) -> None:
        content = [STATUS_LINE[408]]
        for name, value in self.server_state.default_headers:
            content.extend([name, b": ", value, b"\r\n"])
        content.extend(
            [
                b"content-type: application/json\r\n",
                b"content-length: " + str(len(TIMEOUT_BODY)).encode("ascii") + b"\r\n",
                b"connection: close\r\n",
                b"\r\n",
                TIMEOUT_BODY,
            ]
        )
        self.transport.write(b"".join(content))


def http_protocol(settings: Settings) -> type[asyncio.Protocol]:
    """uvicorn's `http=` for `wax serve` and the test server alike (picklable, for --workers)."""
    guard = functools.partial(SlowClientGuard, limits=RequestLimits.from_settings(settings))
    return cast(type[asyncio.Protocol], guard)
