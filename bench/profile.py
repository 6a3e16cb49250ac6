"""Profile wax under case 1's load with py-spy, and say where the time goes.

    python -m bench.profile [--quick] [--engine sqlite] [--target graphql|rest|baseline]

Seeds the library, serves it, samples the server with `py-spy record` while wrk loads it, and
writes bench/results/profile-<target>-<engine>.txt: CPU by package (self time), the hottest
functions (self and inclusive) and the heaviest wax frames. The raw samples go beside it.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from bench import databases, servers
from bench.cases import postgraphile_queries
from bench.cases.throughput import rest_request, songs_query
from bench.config import FULL, QUICK
from bench.context import graphql_request
from bench.load import LoadGenerator
from bench.report import write_text

RESULTS = Path(__file__).resolve().parent / "results"
FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")
PACKAGES = (
    ("strawberry", "strawberry"),
    ("graphql", "graphql-core"),
    ("tortoise", "tortoise"),
    ("pypika", "pypika (tortoise's SQL builder)"),
    ("asyncpg", "asyncpg"),
    ("aiosqlite", "aiosqlite"),
    ("sqlite3", "sqlite3"),
    ("starlette", "starlette"),
    ("uvicorn", "uvicorn"),
    ("httptools", "httptools"),
    ("orjson", "orjson"),
    ("wax", "wax"),
    ("bench", "bench (baseline)"),
    ("asyncio", "asyncio"),
)


def package_of(file: str) -> str:
    parts = Path(file).parts
    for marker, name in PACKAGES:
        if marker in parts or any(part.startswith(marker + ".") for part in parts[-1:]):
            return name
    return "other (stdlib, typing, dataclasses ...)"


def parse_stack(line: str) -> tuple[list[tuple[str, str]], int]:
    stack, _, count = line.rstrip().rpartition(" ")
    frames = []
    for raw in stack.split(";"):
        match = FRAME.match(raw)
        frames.append((match["function"], match["file"]) if match else (raw, "?"))
    return frames, int(count)


def summarise(raw_text: str, top: int = 25) -> str:
    total = 0
    self_by_package: Counter[str] = Counter()
    self_by_function: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    wax_inclusive: Counter[str] = Counter()
    for line in raw_text.splitlines():
        if not line.strip():
            continue
        frames, count = parse_stack(line)
        total += count
        function, file = frames[-1]
        self_by_package[package_of(file)] += count
        self_by_function[f"{function} ({_short(file)})"] += count
        seen = {f"{fn} ({_short(fl)})" for fn, fl in frames}
        for key in seen:
            inclusive[key] += count
        for fn, fl in {(fn, fl) for fn, fl in frames if fl.startswith("wax/") or "/wax/" in fl}:
            wax_inclusive[f"{fn} ({_short(fl)})"] += count
    if not total:
        return "no samples\n"

    def table(title: str, counter: Counter[str], limit: int) -> str:
        # frames under every sample (the server's main loop) say nothing
        telling = [(name, count) for name, count in counter.most_common() if count < total]
        rows = "\n".join(f"{count / total:6.1%}  {name}" for name, count in telling[:limit])
        return f"{title}\n{rows}\n"

    return "\n".join(
        [
            f"{total} samples (on CPU only)\n",
            table("CPU by package (self time):", self_by_package, 20),
            table("Hottest functions (self time):", self_by_function, top),
            table("Hottest frames (inclusive: the time under each):", inclusive, top),
            table("wax frames (inclusive):", wax_inclusive, top),
        ]
    )


def _short(file: str) -> str:
    marker = "site-packages/"
    return file.split(marker, 1)[1] if marker in file else file.rsplit("/wt/", 1)[-1]


async def profile(quick: bool, engine: str, target: str, seconds: int, connections: int) -> str:
    plan = QUICK if quick else FULL
    py_spy = shutil.which("py-spy") or str(servers.VENV_BIN / "py-spy")
    workdir = Path(tempfile.mkdtemp(prefix="wax-profile-"))
    load = LoadGenerator()
    raw_path = RESULTS / f"profile-{target}-{engine}.raw.txt"
    try:
        if engine == "postgres" and not await databases.ensure_postgres():
            raise SystemExit("PostgreSQL is not reachable at 127.0.0.1:5432")
        db = await databases.create_seeded(engine, "profile", plan.library, workdir)
        try:
            start = (
                servers.start_baseline("baseline", db.url, workdir)
                if target == "baseline"
                else servers.start_wax("wax", db.url, workdir)
            )
            if target == "graphql":
                request = songs_query(db)
            elif target == "since":  # case 7's case 3: a sync client's page with pageInfo
                since = await postgraphile_queries.since_moment(db)
                request = graphql_request(db.token, postgraphile_queries.WAX_SINCE, {"t": since})
            else:
                request = rest_request(db)
            async with servers.running(start) as (server,):
                await load.run(server.url, request, connections, 2)
                sampler = await asyncio.create_subprocess_exec(
                    py_spy,
                    "record",
                    "--pid",
                    str(server.process.pid),
                    "--duration",
                    str(seconds),
                    "--rate",
                    "200",
                    "--format",
                    "raw",
                    "--output",
                    str(raw_path),
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.PIPE,
                )
                result = await load.run(server.url, request, connections, seconds)
                _, err = await sampler.communicate()
                if sampler.returncode != 0:
                    raise SystemExit(f"py-spy failed: {err.decode()[-500:]}")
        finally:
            await databases.drop(db.url)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    header = (
        f"# profile: {target} on {engine}, {plan.library.songs:,} songs, "
        f"{connections} connections, {seconds} s under py-spy: {result.summary()}\n\n"
    )
    text = header + summarise(raw_path.read_text())
    write_text(RESULTS / f"profile-{target}-{engine}.txt", text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="the quick plan's library")
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument(
        "--target", choices=("graphql", "since", "rest", "baseline"), default="graphql"
    )
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()
    text = asyncio.run(
        profile(args.quick, args.engine, args.target, args.seconds, args.connections)
    )
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
