"""A fake Discogs API: a real HTTP server (aiohttp on 127.0.0.1) that answers like Discogs.

It serves search, releases, collection folder pages, collection-by-release and
add-to-collection (a repeated add makes a second instance, as Discogs does), sends the
X-Discogs-Ratelimit headers from a moving window and answers 429 over the limit, and can
inject faults into the next N matching requests. Every request is recorded, so tests count.

    async with FakeDiscogs() as fake:
        fake.generate_collection(250)
        fake.inject("GET", "/releases/*", status=503, times=2)
        fake.set_latency(0.5, path="/releases/*")
        ... Settings(discogs_api_url=fake.url, discogs_token=fake.token, ...)
        assert fake.count("GET", "/releases/*") == 10

Standalone (for benchmarks and poking with curl):

    python -m tests.fakes.discogs_server --port 8089 --collection-size 250 --latency 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from tests.fakes import discogs_data
from tests.fakes.discogs_data import Release
from tests.fakes.discogs_routes import UNCATEGORIZED_FOLDER, build_app
from tests.fakes.discogs_traffic import Fault, LatencyRule, RateWindow, RecordedRequest

__all__ = ["FakeDiscogs", "Fault", "Instance", "RecordedRequest"]

DEFAULT_TOKEN = "fake-discogs-token"
DEFAULT_USERNAME = "wax-collector"
RATE_LIMIT_WINDOW_SECONDS = 60.0
FIRST_INSTANCE_ID = 400_000_000


@dataclass
class Instance:
    """One copy of a release in a collection (Discogs allows several of the same release)."""

    instance_id: int
    release_id: int
    folder_id: int
    date_added: datetime
    rating: int = 0


@dataclass
class FakeDiscogs:
    token: str = DEFAULT_TOKEN
    username: str = DEFAULT_USERNAME
    latency: float = 0.0
    rate_limit: int = 60
    window: float = RATE_LIMIT_WINDOW_SECONDS
    seed: int = 0
    serve_fixtures: bool = True
    # the moving window's clock; a test may pass its own to move time without sleeping
    clock: Callable[[], float] = time.monotonic
    host: str = "127.0.0.1"
    port: int = 0

    releases: dict[int, Release] = field(default_factory=dict)
    collections: dict[str, list[Instance]] = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    # (method, path) of each request as it arrives, before any latency or answer
    arrivals: list[tuple[str, str]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    latency_rules: list[LatencyRule] = field(default_factory=list)
    holds: list[tuple[Fault, asyncio.Event]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rate_window = RateWindow(self.rate_limit, self.window, self.clock)
        self.collections.setdefault(self.username, [])
        self._instance_ids = itertools.count(FIRST_INSTANCE_ID)
        self._generated = 0
        self._runner: web.AppRunner | None = None
        self._bound_port: int | None = None
        if self.serve_fixtures:
            for release in discogs_data.load_fixture_releases():
                self.add_release(release)

    # lifecycle

    @property
    def url(self) -> str:
        if self._bound_port is None:
            raise RuntimeError("the fake Discogs is not running")
        return f"http://{self.host}:{self._bound_port}"

    @property
    def authorization(self) -> str:
        return f"Discogs token={self.token}"

    async def start(self) -> FakeDiscogs:
        self._runner = web.AppRunner(build_app(self), handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self._bound_port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._bound_port = None

    async def __aenter__(self) -> FakeDiscogs:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # the catalogue and the collections

    def add_release(self, release: Release) -> Release:
        self.releases[int(release["id"])] = release
        return release

    def make_release(self, release_id: int, **fields: Any) -> Release:
        """Add a release built by discogs_data.make_release (same keyword arguments)."""
        return self.add_release(discogs_data.make_release(release_id, **fields))

    def generate_releases(self, count: int, **overrides: Any) -> list[Release]:
        """Add `count` more generated releases to the catalogue (to no collection)."""
        start = self._generated
        self._generated += count
        return [
            self.add_release(discogs_data.generated_release(index, seed=self.seed, **overrides))
            for index in range(start, start + count)
        ]

    def generate_collection(self, count: int, username: str | None = None) -> list[Release]:
        """Generate `count` releases and put one instance of each in the collection."""
        releases = self.generate_releases(count)
        base = datetime(2020, 1, 1, tzinfo=UTC)
        for offset, release in enumerate(releases):
            self.add_to_collection(
                release["id"], username, date_added=base + timedelta(hours=offset)
            )
        return releases

    def add_to_collection(
        self,
        release_id: int,
        username: str | None = None,
        *,
        folder_id: int = UNCATEGORIZED_FOLDER,
        date_added: datetime | None = None,
    ) -> Instance:
        if release_id not in self.releases:
            raise KeyError(f"release {release_id} is not in the fake's catalogue")
        instance = Instance(
            instance_id=next(self._instance_ids),
            release_id=release_id,
            folder_id=folder_id,
            date_added=date_added or datetime.now(UTC).replace(microsecond=0),
        )
        self.collections.setdefault(username or self.username, []).append(instance)
        return instance

    def collection(self, username: str | None = None) -> list[Instance]:
        return list(self.collections.get(username or self.username, []))

    def instances_of(self, release_id: int, username: str | None = None) -> list[Instance]:
        return [i for i in self.collection(username) if i.release_id == release_id]

    # faults, latency and counting requests

    def inject(
        self,
        method: str,
        path: str,
        *,
        status: int | None = None,
        times: int | None = 1,
        retry_after: float | None = None,
        delay: float | None = None,
        malformed: bool = False,
        drop: bool = False,
        body: Any = None,
    ) -> Fault:
        """The next `times` requests matching `method` and the glob `path` go wrong as asked.

        `status` answers that status (a JSON message, or `body`), `retry_after` adds that
        header, `delay` waits first (alone, it then answers normally), `malformed` answers
        200 with broken JSON, `drop` closes the connection unanswered. `times=None`: always.
        """
        fault = Fault(
            method=method,
            path=path,
            status=status,
            times=times,
            retry_after=retry_after,
            delay=delay,
            malformed=malformed,
            drop=drop,
            body=body,
        )
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_latency(self, seconds: float, *, method: str = "*", path: str = "*") -> None:
        """Requests matching `method` and the glob `path` wait `seconds` (the latest rule wins)."""
        self.latency_rules.append(LatencyRule(method=method, path=path, seconds=seconds))

    def hold(self, method: str = "*", path: str = "*") -> asyncio.Event:
        """Requests matching `method` and the glob `path` wait until the event is set."""
        released = asyncio.Event()
        self.holds.append((Fault(method=method, path=path), released))
        return released

    def count(self, method: str = "*", path: str = "*") -> int:
        return len(self.matching_requests(method, path))

    def arrived(self, method: str = "*", path: str = "*") -> int:
        """Requests that have reached the fake, answered or not."""
        probe = Fault(method=method, path=path)
        return sum(probe.matches(m, p) for m, p in self.arrivals)

    def matching_requests(self, method: str = "*", path: str = "*") -> list[RecordedRequest]:
        probe = Fault(method=method, path=path)
        return [r for r in self.requests if probe.matches(r.method, r.path)]

    def reset_requests(self) -> None:
        self.requests.clear()
        self.arrivals.clear()


async def serve_forever(fake: FakeDiscogs) -> None:
    await fake.start()
    print(f"fake Discogs listening at {fake.url}", flush=True)
    print(f"DISCOGS_API_URL={fake.url}", flush=True)
    print(f"DISCOGS_TOKEN={fake.token}", flush=True)
    print(f"DISCOGS_USERNAME={fake.username}", flush=True)
    try:
        await asyncio.Event().wait()
    finally:
        await fake.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the fake Discogs API server.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8089)
    parser.add_argument("--collection-size", type=int, default=0)
    parser.add_argument("--catalogue-size", type=int, default=0, help="releases beyond those")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--rate-limit", type=int, default=60, help="requests per window")
    parser.add_argument("--window", type=float, default=RATE_LIMIT_WINDOW_SECONDS)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument("--username", default=DEFAULT_USERNAME)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    fake = FakeDiscogs(
        token=args.token,
        username=args.username,
        latency=args.latency,
        rate_limit=args.rate_limit,
        window=args.window,
        seed=args.seed,
        host=args.host,
        port=args.port,
    )
    fake.generate_collection(args.collection_size)
    fake.generate_releases(args.catalogue_size)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve_forever(fake))


if __name__ == "__main__":
    main()
