"""Case 5: many websocket watchers of one Discogs sync all see it through to `done`."""

from __future__ import annotations

import asyncio
import math
import sys
from typing import Any

import orjson

from bench import servers
from bench.cases.fake_discogs import COLLECTION_PAGES
from bench.config import FANOUT_S_TARGET, PAGE_SIZE_DISCOGS
from bench.context import Bench, graphql_missing_field
from bench.databases import BenchDatabase, log
from bench.report import Measure, failed, not_available

CASE = "5 watchers"
COLLECTION = 1_000


async def watch(wax: servers.Server, token: str, watchers: int) -> tuple[dict[str, Any], float]:
    """Run bench.watch; returns its summary and wax's peak RSS while the watchers were on."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.watch",
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    spec = {"url": f"{wax.ws_url}/graphql", "token": token, "watchers": watchers}
    process.stdin.write(orjson.dumps(spec) + b"\n")
    await process.stdin.drain()
    ready = await asyncio.wait_for(process.stdout.readline(), 120)
    if not ready.startswith(b"READY"):
        _, err = await process.communicate()
        raise RuntimeError(f"watchers did not connect: {err.decode()[-500:]}")
    process.stdin.write(b"GO\n")
    await process.stdin.drain()
    out, err = await process.communicate()
    if process.returncode != 0:
        last_line = (err.decode().strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"bench.watch failed: {last_line}")
    summary: dict[str, Any] = orjson.loads(out.splitlines()[-1])
    return summary, wax.peak_rss_mb


async def measure(
    bench: Bench, engine: str, fake: Any, wax: servers.Server, db: BenchDatabase
) -> None:
    count = bench.plan.watchers
    label = f"{count:,} websocket watchers of one sync"
    # a collection of new releases, so the watched sync has a pull to make
    fake.collections[fake.username] = []
    fake.generate_collection(COLLECTION)
    pages = math.ceil(COLLECTION / PAGE_SIZE_DISCOGS)
    # the sync must outlast the subscribing of every watcher: spread over its pages
    fake.set_latency(bench.plan.watched_sync_s / pages, path=COLLECTION_PAGES)
    fake.reset_requests()
    idle_mb = wax.rss_mb
    wax.reset_peak_rss()
    try:
        summary, peak_mb = await watch(wax, db.token, count)
    except Exception as error:
        bench.add(failed(CASE, engine, label, error))
        return
    absent = graphql_missing_field({"errors": [{"message": e} for e in summary["errors"]]})
    if absent and summary["done"] == 0:
        bench.add(not_available(CASE, engine, label, absent))
        return
    log(f"case 5: {summary}")
    syncs = fake.count("GET", COLLECTION_PAGES) / pages
    finals = summary["distinct_finals"]
    all_done = summary["done"] == count and len(finals) == 1
    bench.add(
        Measure(
            CASE,
            engine,
            f"{label}: all get done",
            f"{summary['done']:,} of {count:,} got done ({summary['error_count']} errors), "
            f"{len(finals)} distinct final state(s), {syncs:.0f} sync(s) ran",
            f"all {count:,}, one sync",
            met=all_done and syncs == 1,
            data={"summary": summary},
        ),
        Measure(
            CASE,
            engine,
            f"{label}: wax peak memory",
            f"{peak_mb:.0f} MB peak RSS (idle before: {idle_mb:.0f} MB)",
            data={"peak_mb": peak_mb, "idle_mb": idle_mb},
        ),
    )
    if summary["first_done"] is not None:
        fanout = summary["last_done"] - summary["first_done"]
        bench.add(
            Measure(
                CASE,
                engine,
                f"{label}: the job's done to the last watcher (first watcher's receipt as t0)",
                f"{fanout * 1000:.0f} ms",
                f"< {FANOUT_S_TARGET:.0f} s",
                met=all_done and fanout < FANOUT_S_TARGET,
                data={"fanout_s": fanout},
            )
        )
