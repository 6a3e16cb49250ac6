"""Case 4: Discogs against the fake server (50 ms a request): search, pull and push.

The fake (tests/fakes/discogs_server.py) runs in this process, so the bench reads its record
of every request directly; wax runs as its own server pointed at it.
"""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import orjson

from bench import servers
from bench.cases import watchers
from bench.cases.fake_discogs import UNLIMITED, discogs_wax, fake_discogs_module
from bench.config import (
    DISCOGS_LATENCY_S,
    PAGE_SIZE_DISCOGS,
    PULL_PEAK_MB_TARGET,
    SEARCH_ROUND_TRIPS_TARGET,
)
from bench.context import Bench, NotAvailable, check_rest
from bench.databases import log
from bench.load import HttpRequest
from bench.report import Measure, failed, not_available

CASE = "4 discogs"
SEARCHES = 3
RESULTS_PER_SEARCH = 12
SEARCH_ID_START = 90_000_000


async def round_trip_s(fake: Any) -> float:
    """One request to the fake over a kept-alive connection, as wax's session makes them."""
    times = []
    async with aiohttp.ClientSession() as session:
        for attempt in range(6):
            started = time.perf_counter()
            async with session.get(
                f"{fake.url}/releases/{SEARCH_ID_START}",
                headers={"Authorization": fake.authorization},
            ) as response:
                await response.read()
            if attempt:
                times.append(time.perf_counter() - started)
    return statistics.median(times)


async def measure_search(
    bench: Bench, engine: str, fake: Any, wax: servers.Server, db: Any
) -> None:
    label = f"search, {RESULTS_PER_SEARCH} results of which 10 enriched"
    try:
        trip = await round_trip_s(fake)
        walls, requests = [], []
        for group in range(SEARCHES):
            # a catalogue number not searched before, so no cache answers for Discogs
            request = HttpRequest(
                "GET", f"/api/records/search?catalogNumber=BENCH-{group}", db.headers
            )
            before = len(fake.requests)
            started = time.perf_counter()
            body = await check_rest(wax.url, request)
            walls.append(time.perf_counter() - started)
            requests.append(len(fake.requests) - before)
            if body.get("count") != min(10, RESULTS_PER_SEARCH):
                raise RuntimeError(f"search gave {body.get('count')} results")
    except NotAvailable as missing:
        bench.add(not_available(CASE, engine, label, str(missing)))
        return
    except Exception as error:
        bench.add(failed(CASE, engine, label, error))
        return
    wall = statistics.median(walls)
    trips = wall / trip
    log(f"case 4 search: {wall * 1000:.0f} ms, one round trip {trip * 1000:.0f} ms")
    bench.add(
        Measure(
            CASE,
            engine,
            label,
            f"{wall * 1000:.0f} ms = {trips:.1f} round trips of {trip * 1000:.0f} ms"
            f" ({statistics.median(requests):.0f} Discogs requests)",
            f"≤ {SEARCH_ROUND_TRIPS_TARGET:.0f} round trips",
            met=trips <= SEARCH_ROUND_TRIPS_TARGET,
            data={"walls_s": walls, "round_trip_s": trip, "requests": requests},
        )
    )


@dataclass
class SyncTimeline:
    started: float
    push_started: float | None = None
    done: float | None = None
    final: dict[str, Any] = field(default_factory=dict)
    events: int = 0


async def follow_sse_sync(wax: servers.Server, token: str) -> SyncTimeline:
    """POST /api/records/sync and read its events to the `done` one (monotonic times)."""
    timeline = SyncTimeline(started=time.monotonic())
    headers = {"Authorization": f"Bearer {token}", "Accept": "text/event-stream"}
    timeout = aiohttp.ClientTimeout(total=None, sock_read=120)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(f"{wax.url}/api/records/sync", headers=headers) as response,
    ):
        if response.status in (404, 405):
            raise NotAvailable(f"POST /api/records/sync answers {response.status}")
        if response.status != 200:
            raise RuntimeError(f"POST /api/records/sync answered {response.status}")
        async for raw in response.content:
            line = raw.decode().strip()
            if not line.startswith("data:"):
                continue
            progress = orjson.loads(line[len("data:") :])
            timeline.events += 1
            if progress.get("phase") == "push" and timeline.push_started is None:
                timeline.push_started = time.monotonic()
            if progress.get("phase") == "done":
                timeline.done = time.monotonic()
                timeline.final = progress
                break
    return timeline


async def measure_sync(bench: Bench, engine: str, fake: Any, wax: servers.Server, db: Any) -> None:
    items, pushes = bench.plan.collection_items, bench.plan.push_items
    pull_label = f"pull of a {items:,}-item collection: Discogs requests, wall time"
    memory_label = f"pull of a {items:,}-item collection: wax peak memory"
    push_label = f"push of {pushes:,} local records"
    fake.reset_requests()
    idle_mb = wax.rss_mb
    wax.reset_peak_rss()
    try:
        timeline = await follow_sse_sync(wax, db.token)
    except NotAvailable as missing:
        for label in (pull_label, memory_label, push_label):
            bench.add(not_available(CASE, engine, label, str(missing)))
        return
    except Exception as error:
        for label in (pull_label, memory_label, push_label):
            bench.add(failed(CASE, engine, label, error))
        return
    peak_mb = wax.peak_rss_mb
    done = timeline.done or time.monotonic()
    pull_end = timeline.push_started or done
    # the pull reads (GET), the push adds (POST); a watcher may first hear of the push phase
    # after its first add, so the phase's timing cannot tell them apart
    pull_requests = [r for r in fake.requests if r.method == "GET"]
    pages = [r for r in pull_requests if r.method == "GET" and "/collection/folders/" in r.path]
    posts = [r for r in fake.requests if r.method == "POST"]
    expected_pages = math.ceil(items / PAGE_SIZE_DISCOGS)
    final = timeline.final
    log(f"case 4 sync: {final}, {len(pull_requests)} pull requests, peak {peak_mb:.0f} MB")
    bench.add(
        Measure(
            CASE,
            engine,
            pull_label,
            f"{len(pull_requests)} requests ({len(pages)} collection pages), "
            f"{pull_end - timeline.started:.1f} s; pulled {final.get('pulled')}",
            f"= {expected_pages} requests",
            met=len(pull_requests) == expected_pages and final.get("pulled") == items,
            data={"final": final, "events": timeline.events, "paths": _path_counts(pull_requests)},
        ),
        Measure(
            CASE,
            engine,
            memory_label,
            f"{peak_mb:.0f} MB peak RSS (idle before: {idle_mb:.0f} MB)",
            f"≤ {PULL_PEAK_MB_TARGET:.0f} MB",
            met=0 < peak_mb <= PULL_PEAK_MB_TARGET,
            data={"peak_mb": peak_mb, "idle_mb": idle_mb},
        ),
    )
    push_s = done - pull_end
    each = push_s / max(1, len(posts))
    bench.add(
        Measure(
            CASE,
            engine,
            push_label,
            f"{push_s:.1f} s for {len(posts)} adds ({each * 1000:.0f} ms each = "
            f"{each / DISCOGS_LATENCY_S:.1f} x the fake's latency); pushed {final.get('pushed')}",
            f"pushed = {pushes}",
            met=final.get("pushed") == pushes,
            data={"push_s": push_s, "posts": len(posts), "errors": final.get("errors")},
        )
    )


def _path_counts(requests: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for request in requests:
        key = f"{request.method} {request.path.rsplit('/', 1)[0]}/…"
        counts[key] = counts.get(key, 0) + 1
    return counts


async def run(bench: Bench, engine: str, cases: set[int]) -> None:
    """Cases 4 and 5 on one fake Discogs and one wax (case 5 after case 4, on a new collection)."""
    try:
        fake_module = fake_discogs_module()
    except NotAvailable as missing:
        for case in sorted(cases & {4, 5}):
            bench.add(not_available(str(case), engine, "Discogs cases", str(missing)))
        return
    plan = bench.plan
    fake = fake_module.FakeDiscogs(latency=DISCOGS_LATENCY_S, rate_limit=UNLIMITED)
    push_ids = [release["id"] for release in fake.generate_releases(plan.push_items)]
    for group in range(SEARCHES):
        for n in range(RESULTS_PER_SEARCH):
            fake.make_release(
                SEARCH_ID_START + group * 100 + n,
                artist=f"Bench Artist {n}",
                title=f"Bench Title {group}",
                catno=f"BENCH-{group}",
            )
    await fake.start()
    try:
        async with discogs_wax(bench, engine, "discogs", fake, push_ids) as (wax, db):
            if 4 in cases:
                await measure_search(bench, engine, fake, wax, db)
                # the collection only now: the fake's search scans its whole catalogue, in
                # this process, and would slow the search it answers
                fake.generate_collection(plan.collection_items)
                await measure_sync(bench, engine, fake, wax, db)
            if 5 in cases:
                await watchers.measure(bench, engine, fake, wax, db)
    except Exception as error:
        bench.add(failed(CASE, engine, "Discogs cases", error))
    finally:
        await fake.stop()
