"""The whole run: per engine seed, serve, measure, drop; then the Discogs cases; then the report."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import databases, postgraphile, servers
from bench.cases import (
    discogs,
    incremental,
    scan,
    slow_clients,
    statements,
    streaming,
    throughput,
)
from bench.cases import postgraphile as postgraphile_case
from bench.config import Plan
from bench.context import Bench, NotAvailable
from bench.databases import BenchDatabase, log
from bench.load import LoadGenerator
from bench.report import Measure, failed, write_results


@asynccontextmanager
async def seeded(bench: Bench, engine: str, label: str, size: Any) -> AsyncIterator[BenchDatabase]:
    db = await databases.create_seeded(engine, label, size, bench.workdir)
    try:
        yield db
    finally:
        await databases.drop(db.url)


ENGINE_CASES = {1, 2, 3, 7}


async def _postgraphile(
    bench: Bench, engine: str, cases: set[int]
) -> tuple[Path | None, str | None]:
    """The node to run PostGraphile with (installing it when missing), or why there is none."""
    if engine != "postgres" or 7 not in cases:
        return None, None
    try:
        node = await postgraphile.install()
    except NotAvailable as missing:
        log(f"PostGraphile not available: {missing}")
        return None, str(missing)
    bench.notes.append(f"Case 7 beside {postgraphile.version_line(node)}.")
    return node, None


async def engine_cases(bench: Bench, engine: str, cases: set[int]) -> None:
    """Cases 1, 2, 3 and 7 on one engine: seed, start every server at once, measure, drop."""
    if engine == "postgres" and not await databases.ensure_postgres():
        for case in sorted(cases & ENGINE_CASES):
            bench.add(Measure(f"{case}", engine, "PostgreSQL at 127.0.0.1:5432", "not reachable"))
        return
    side = 7 in cases and engine == "postgres"
    node, unavailable = await _postgraphile(bench, engine, cases)
    plan = bench.plan
    async with contextlib.AsyncExitStack() as stack:
        library = small = large = None
        if cases & {1, 3} or side:
            library = await stack.enter_async_context(
                seeded(bench, engine, "library", plan.library)
            )
        if 2 in cases:
            small = await stack.enter_async_context(seeded(bench, engine, "small", plan.small))
            large = await stack.enter_async_context(seeded(bench, engine, "large", plan.large))
        starting: dict[str, Awaitable[servers.Server]] = {}
        if library and (1 in cases or side):
            starting["wax"] = servers.start_wax(f"wax-{engine}", library.url, bench.workdir)
        if library and 1 in cases:
            starting["baseline"] = servers.start_baseline(
                f"baseline-{engine}", library.url, bench.workdir
            )
        if small and large:
            starting["small"] = servers.start_wax(f"wax-{engine}-small", small.url, bench.workdir)
            starting["large"] = servers.start_wax(f"wax-{engine}-large", large.url, bench.workdir)
        started = await stack.enter_async_context(servers.running(*starting.values()))
        up = dict(zip(starting, started, strict=True))
        if library and side and node:
            # on its own: a PostGraphile that does not start leaves wax's cases standing
            try:
                (up["postgraphile"],) = await stack.enter_async_context(
                    servers.running(
                        postgraphile.start_postgraphile(
                            "postgraphile", library.url, bench.workdir, node
                        )
                    )
                )
            except Exception as error:
                unavailable = f"PostGraphile did not start: {str(error).splitlines()[0][:200]}"
        if library and 3 in cases:
            await statements.run(bench, library)
        if library and 1 in cases:
            await throughput.run(bench, library, up["wax"], up["baseline"])
        if library and side:
            await postgraphile_case.run(
                bench, library, up["wax"], up.get("postgraphile"), unavailable
            )
        if small and large:
            await incremental.run(bench, (small, up["small"]), (large, up["large"]))


async def guarded_engine_cases(bench: Bench, engine: str, cases: set[int]) -> None:
    try:
        await engine_cases(bench, engine, cases)
    except Exception as error:
        bench.add(failed(",".join(map(str, sorted(cases & ENGINE_CASES))), engine, "setup", error))


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


async def run_bench(plan: Plan, engines: list[str], cases: set[int], out_dir: Path) -> str:
    started = time.monotonic()
    workdir = Path(tempfile.mkdtemp(prefix="wax-bench-"))
    bench = Bench(plan, workdir, LoadGenerator())
    meta: dict[str, Any] = {
        "plan": plan.name,
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "branch": _git("rev-parse", "--abbrev-ref", "HEAD"),
        "cpus": os.cpu_count(),
        "loadavg_start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "load_generator": bench.load.name,
        "engines": engines,
        "cases": sorted(cases),
    }
    log(f"{plan.name} run, cases {sorted(cases)}, engines {engines}, load by {bench.load.name}")
    try:
        for engine in engines if cases & ENGINE_CASES else []:
            await guarded_engine_cases(bench, engine, cases)
        if cases & {4, 5}:
            await discogs.run(bench, engines[0], cases)
        if 6 in cases:
            await slow_clients.run(bench, engines[0])
        if 8 in cases:
            for engine in engines:
                await scan.run(bench, engine)
        if 9 in cases:
            for engine in engines:
                await streaming.run(bench, engine)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    meta["loadavg_end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    meta["seconds"] = round(time.monotonic() - started, 1)
    log(f"done in {meta['seconds']} s")
    if 7 in cases and "postgres" not in engines:
        bench.notes.append("Case 7 (PostGraphile) runs on PostgreSQL only: add --engines postgres.")
    return write_results(out_dir, bench.measures, meta, bench.notes, bench.sections)
