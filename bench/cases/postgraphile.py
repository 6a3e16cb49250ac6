"""Case 7: wax side by side with PostGraphile 5 on the same PostgreSQL tables.

Both servers run at once on the bench's library (one process each); every request of
bench/cases/postgraphile_queries.py is measured on both with the same wrk load, in rounds
whose order alternates, and each figure is the median over the rounds. CPU per request is
read from /proc over the measured window only (bench/cpu.py): the server process, and the
PostgreSQL backends whose client is that server.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from bench import cpu
from bench.cases import postgraphile_queries as queries
from bench.config import MEMORY_MB_TARGET
from bench.context import Bench, NotAvailable
from bench.databases import BenchDatabase, log
from bench.load import HttpRequest, LoadResult, warm_up
from bench.report import Measure, failed, not_available
from bench.servers import Server

CASE = "7 PostGraphile"
ENGINE = "postgres"
WAX, POSTGRAPHILE = "wax", "PostGraphile"


@dataclass
class Round:
    load: LoadResult
    cpu: cpu.CpuUsed


@dataclass
class Summary:
    """Medians over the rounds, each figure on its own."""

    rps: float
    p50_ms: float
    p99_ms: float
    server_ms: float
    postgres_ms: float
    ok: bool
    rounds: list[Round]

    def text(self) -> str:
        errors = "" if self.ok else " (errors: see latest.json)"
        return (
            f"{self.rps:,.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms; "
            f"CPU/request: server {self.server_ms:.2f} ms, PostgreSQL {self.postgres_ms:.2f} ms"
            f"{errors}"
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "rps": round(self.rps, 1),
            "p50_ms": round(self.p50_ms, 2),
            "p99_ms": round(self.p99_ms, 2),
            "server_cpu_ms_per_request": round(self.server_ms, 3),
            "postgres_cpu_ms_per_request": round(self.postgres_ms, 3),
            "rounds": [{**r.load.as_dict(), **r.cpu.as_dict()} for r in self.rounds],
        }


def summarise(rounds: list[Round]) -> Summary:
    return Summary(
        rps=statistics.median(r.load.rps for r in rounds),
        p50_ms=statistics.median(r.load.p50_ms for r in rounds),
        p99_ms=statistics.median(r.load.p99_ms for r in rounds),
        server_ms=statistics.median(r.cpu.server_ms for r in rounds),
        postgres_ms=statistics.median(r.cpu.postgres_ms for r in rounds),
        ok=all(r.load.ok for r in rounds),
        rounds=rounds,
    )


async def measure(bench: Bench, db: BenchDatabase, server: Server, request: HttpRequest) -> Round:
    """Warm up, then one measured run, with /proc CPU read just before and just after it."""
    plan = bench.plan
    connections = plan.side_connections
    if plan.side_warmup_s >= 1:
        await bench.load.run(server.url, request, connections, plan.side_warmup_s)
    else:
        await warm_up(server.url, request)
    before = await cpu.read(db.url, server.process.pid)
    result = await bench.load.run(server.url, request, connections, plan.side_duration_s)
    after = await cpu.read(db.url, server.process.pid)
    return Round(result, cpu.used(before, after, result.requests))


async def _checked_pairs(
    bench: Bench, db: BenchDatabase, wax: Server, postgraphile: Server | None
) -> list[queries.Pair]:
    """The pairs wax answers; with PostGraphile, whether both give the same rows (a row each)."""
    song_id = await queries.a_song_id(wax.url, db)
    since = await queries.since_moment(db)
    runnable = []
    for pair in queries.pairs(db, song_id, since):
        try:
            await queries.check_wax(wax.url, pair)
            if postgraphile and pair.postgraphile:
                same, text = await queries.same_rows(wax.url, postgraphile.url, pair)
                what = f"{pair.label}: wax and PostGraphile answer the same rows"
                bench.add(Measure(CASE, ENGINE, what, text, "the same", met=same))
            runnable.append(pair)
        except NotAvailable as missing:
            bench.add(not_available(CASE, ENGINE, pair.label, str(missing)))
        except Exception as error:
            bench.add(failed(CASE, ENGINE, pair.label, error))
    return runnable


def _other_key(pair: queries.Pair) -> str:
    """Which PostGraphile measure the pair's wax figure is compared with."""
    return pair.key if pair.postgraphile else pair.against or ""


def _ratio(wax: float, other: float) -> float:
    return wax / other if other else 0.0


def _section(pairs: list[queries.Pair], results: dict[tuple[str, str], Summary]) -> str:
    lines = [
        "## wax and PostGraphile side by side (case 7, PostgreSQL, medians of the rounds)",
        "",
        "| case | wax req/s | PostGraphile req/s | wax / PostGraphile | wax p50 / p99 ms"
        " | PostGraphile p50 / p99 ms | server CPU ms/req wax / PostGraphile"
        " | PostgreSQL CPU ms/req wax / PostGraphile |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for pair in pairs:
        mine = results.get((pair.key, WAX))
        theirs = results.get((_other_key(pair), POSTGRAPHILE))
        if mine is None:
            continue
        if theirs is None:
            cells = [f"{mine.rps:,.0f}", "n/a", "n/a", f"{mine.p50_ms:.1f} / {mine.p99_ms:.1f}"]
            cells += ["n/a", f"{mine.server_ms:.2f} / n/a", f"{mine.postgres_ms:.2f} / n/a"]
        else:
            cells = [
                f"{mine.rps:,.0f}",
                f"{theirs.rps:,.0f}",
                f"{_ratio(mine.rps, theirs.rps):.2f}",
                f"{mine.p50_ms:.1f} / {mine.p99_ms:.1f}",
                f"{theirs.p50_ms:.1f} / {theirs.p99_ms:.1f}",
                f"{mine.server_ms:.2f} / {theirs.server_ms:.2f}",
                f"{mine.postgres_ms:.2f} / {theirs.postgres_ms:.2f}",
            ]
        lines.append(f"| {pair.label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _report(
    bench: Bench, pairs: list[queries.Pair], results: dict[tuple[str, str], Summary]
) -> None:
    for pair in pairs:
        mine = results[(pair.key, WAX)]
        theirs = results.get((_other_key(pair), POSTGRAPHILE))
        value, target, met = f"wax: {mine.text()}", "", None if mine.ok else False
        if theirs is not None:
            ratio = _ratio(mine.rps, theirs.rps)
            value += f"; {ratio:.2f}x PostGraphile's req/s"
            if pair.target is not None:
                target = f"≥ {pair.target:.1f}x PostGraphile's req/s"
                met = mine.ok and ratio >= pair.target
        data = {"wax": mine.as_dict(), "postgraphile": theirs.as_dict() if theirs else None}
        bench.add(Measure(CASE, ENGINE, pair.label, value, target, met=met, data=data))
        if theirs is not None and pair.postgraphile:
            bench.add(Measure(CASE, ENGINE, pair.label, f"PostGraphile: {theirs.text()}"))
    first, other = results.get(("1", WAX)), results.get(("1", POSTGRAPHILE))
    if first and other:
        bench.add(
            Measure(
                CASE,
                ENGINE,
                "case 1: wax's server CPU per request against PostGraphile's",
                f"{first.server_ms:.2f} ms vs {other.server_ms:.2f} ms "
                f"({_ratio(first.server_ms, other.server_ms):.2f}x)",
                "≤ PostGraphile's",
                met=first.server_ms <= other.server_ms,
            )
        )


def _memory(bench: Bench, wax: Server, postgraphile: Server | None) -> None:
    peak = wax.peak_rss_mb
    bench.add(
        Measure(
            CASE,
            ENGINE,
            "peak RSS, wax (one worker, over case 7)",
            f"{peak:.0f} MB",
            f"< {MEMORY_MB_TARGET:.0f} MB per worker",
            met=peak < MEMORY_MB_TARGET,
        )
    )
    if postgraphile:
        what = "peak RSS, PostGraphile (one process, over case 7)"
        bench.add(Measure(CASE, ENGINE, what, f"{postgraphile.peak_rss_mb:.0f} MB"))


async def run(
    bench: Bench,
    db: BenchDatabase,
    wax: Server,
    postgraphile: Server | None,
    unavailable: str | None = None,
) -> None:
    if postgraphile is None:
        bench.add(not_available(CASE, ENGINE, "PostGraphile 5.1.5", unavailable or "not started"))
    pairs = await _checked_pairs(bench, db, wax, postgraphile)
    targets: list[tuple[str, str, Server, HttpRequest]] = []
    for pair in pairs:
        targets.append((pair.key, WAX, wax, pair.wax))
        if postgraphile and pair.postgraphile:
            targets.append((pair.key, POSTGRAPHILE, postgraphile, pair.postgraphile))
    if not targets:
        return
    for server in (wax, postgraphile):
        if server:
            server.reset_peak_rss()
    rounds: dict[tuple[str, str], list[Round]] = {(key, who): [] for key, who, _, _ in targets}
    plan = bench.plan
    # the order alternates between rounds, so that a drift in the machine's load evens out
    for index in range(plan.side_rounds):
        for key, who, server, request in targets if index % 2 == 0 else reversed(targets):
            done = await measure(bench, db, server, request)
            log(
                f"case 7 {key} {who} round {index + 1}: {done.load.summary()}, "
                f"CPU/request server {done.cpu.server_ms:.2f} ms, "
                f"PostgreSQL {done.cpu.postgres_ms:.2f} ms ({done.cpu.backends} backends)"
            )
            rounds[(key, who)].append(done)
    results = {target: summarise(done) for target, done in rounds.items()}
    _report(bench, pairs, results)
    _memory(bench, wax, postgraphile)
    bench.sections.append(_section(pairs, results))
