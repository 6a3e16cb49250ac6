"""How the fake Discogs treats traffic before a route sees it: the moving rate-limit window,
injected faults, latency, the token check, and a record of every request."""

from __future__ import annotations

import asyncio
import fnmatch
import json
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Protocol

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
MALFORMED_JSON = '{"id": 1, "title": '
TOO_MANY = "You are making requests too quickly."
UNAUTHENTICATED = "You must authenticate to access this resource."


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    query: dict[str, str]
    time: float
    authorized: bool
    status: int | None  # None when the connection was dropped


@dataclass
class Fault:
    """What the next `times` requests matching `method` and the glob `path` get instead."""

    method: str
    path: str
    status: int | None = None
    times: int | None = 1  # None: every matching request, until cleared
    retry_after: float | None = None
    delay: float | None = None
    malformed: bool = False
    drop: bool = False
    body: Any = None

    def matches(self, method: str, path: str) -> bool:
        return _matches(self.method, self.path, method, path)


@dataclass
class LatencyRule:
    method: str
    path: str
    seconds: float


class RateWindow:
    """Requests admitted in the last `window` seconds, at most `limit` of them."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._times: deque[float] = deque()

    def used(self, now: float | None = None) -> int:
        now = self.clock() if now is None else now
        while self._times and self._times[0] <= now - self.window:
            self._times.popleft()
        return len(self._times)

    def admit(self, now: float) -> bool:
        if self.used(now) >= self.limit:
            return False
        self._times.append(now)
        return True

    def headers(self) -> dict[str, str]:
        used = self.used()
        return {
            "X-Discogs-Ratelimit": str(self.limit),
            "X-Discogs-Ratelimit-Used": str(used),
            "X-Discogs-Ratelimit-Remaining": str(max(0, self.limit - used)),
        }


class TrafficState(Protocol):
    authorization: str
    latency: float
    rate_window: RateWindow
    faults: list[Fault]
    latency_rules: list[LatencyRule]
    # requests matching a hold wait until its event is set
    holds: list[tuple[Fault, asyncio.Event]]
    requests: list[RecordedRequest]
    arrivals: list[tuple[str, str]]


def needs_token(path: str) -> bool:
    return path.startswith("/users/") or path == "/database/search"


def traffic_middleware(state: TrafficState) -> Callable[..., Awaitable[web.StreamResponse]]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        state.arrivals.append((request.method, request.path))
        authorized = request.headers.get("Authorization", "") == state.authorization
        now = state.rate_window.clock()
        admitted = state.rate_window.admit(now)
        fault = take_fault(state.faults, request.method, request.path) if admitted else None
        delay = latency_for(state, request.method, request.path)
        if fault is not None and fault.delay is not None:
            delay += fault.delay
        if delay:
            await asyncio.sleep(delay)
        for probe, released in state.holds:
            if probe.matches(request.method, request.path):
                await released.wait()

        def record(status: int | None) -> None:
            state.requests.append(
                RecordedRequest(
                    method=request.method,
                    path=request.path,
                    query=dict(request.query),
                    time=now,
                    authorized=authorized,
                    status=status,
                )
            )

        response: web.StreamResponse
        if not admitted:
            response = json_response({"message": TOO_MANY}, 429)
        elif fault is not None and fault.drop:
            record(None)
            assert request.transport is not None
            request.transport.close()
            raise web.HTTPException()
        elif fault is not None and fault.malformed:
            response = web.Response(text=MALFORMED_JSON, content_type="application/json")
        elif fault is not None and fault.status is not None:
            body = fault.body if fault.body is not None else {"message": reason(fault.status)}
            response = json_response(body, fault.status)
            if fault.retry_after is not None:
                response.headers["Retry-After"] = header_number(fault.retry_after)
        elif needs_token(request.path) and not authorized:
            response = json_response({"message": UNAUTHENTICATED}, 401)
        else:
            response = await answer(request, handler)
        record(response.status)
        response.headers.update(state.rate_window.headers())
        return response

    return middleware


async def answer(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return json_response({"message": "The requested resource was not found."}, 404)
    except web.HTTPMethodNotAllowed:
        return json_response({"message": "Method not allowed."}, 405)


def take_fault(faults: list[Fault], method: str, path: str) -> Fault | None:
    for fault in faults:
        if fault.matches(method, path):
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    faults.remove(fault)
            return fault
    return None


def latency_for(state: TrafficState, method: str, path: str) -> float:
    for rule in reversed(state.latency_rules):
        if _matches(rule.method, rule.path, method, path):
            return rule.seconds
    return state.latency


def json_response(body: Any, status: int) -> web.Response:
    return web.Response(text=json.dumps(body), status=status, content_type="application/json")


def reason(status: int) -> str:
    reasons = {
        429: TOO_MANY,
        500: "An internal server error occurred.",
        502: "Bad gateway.",
        503: "The service is temporarily unavailable.",
        504: "The gateway timed out.",
    }
    return reasons.get(status, f"Error {status}.")


def header_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _matches(method_pattern: str, path_pattern: str, method: str, path: str) -> bool:
    method_ok = method_pattern == "*" or method_pattern.upper() == method.upper()
    return method_ok and fnmatch.fnmatchcase(path, path_pattern)
