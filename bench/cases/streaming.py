"""Case 9: one 50 MB song streamed by wax beside nginx serving the same file, in one run.

The song is a WAV in a music folder of its own, scanned into an empty database
(bench/scan_run.py); wax serves it with WAX_MUSIC_DIR at the signed URL that
`GET /api/v1/songs/{id}/stream` answers, nginx (bench/nginx.py) from the same folder. Both
are checked to answer the file's bytes, whole and for a range, before any load. Then, in
alternating rounds, 16 clients download it whole and by 1 MB ranges (bench/stream_load.py);
the medians give wax's share of nginx's throughput. Last, 100 clients stream it whole from
wax while its peak RSS is watched: a server that read files whole would hold gigabytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiohttp

from bench import databases, nginx, servers
from bench.cases.scan import scan_run
from bench.config import STREAM_PEAK_MB_TARGET, STREAM_SHARE_TARGET
from bench.context import Bench, NotAvailable, check_rest
from bench.cpu import process_tree_cpu_s
from bench.databases import log
from bench.load import HttpRequest
from bench.report import NOT_AVAILABLE, Measure, failed
from bench.stream_load import MB, THREADS, StreamLoad, download
from bench.stream_song import SONG_PATH, SONG_SIZE, make_song_file

CASE = "9 streaming"
CONNECTIONS = 16
MEMORY_CONNECTIONS = 100
SPAN = MB


@dataclass
class Target:
    """A server and the URL at which it serves the song."""

    name: str
    server: servers.Server
    url: str


async def signed_url(wax: servers.Server, token: str) -> str:
    """The song's signed URL, from wax's /stream route (NotAvailable before it exists)."""
    headers = {"Authorization": f"Bearer {token}"}
    listing = await check_rest(wax.url, HttpRequest("GET", "/api/v1/songs?per_page=1", headers))
    (song,) = listing["data"]
    answer = await check_rest(
        wax.url, HttpRequest("GET", f"/api/v1/songs/{song['id']}/stream", headers)
    )
    signed = urlsplit(str(answer["data"]["url"]))
    return f"{wax.url}{signed.path}?{signed.query}"


async def _fetch(session: aiohttp.ClientSession, url: str, headers: dict[str, str]) -> Any:
    digest, size = hashlib.sha256(), 0
    async with session.get(url, headers=headers) as response:
        async for chunk in response.content.iter_chunked(256 * 1024):
            digest.update(chunk)
            size += len(chunk)
        return response.status, size, digest.hexdigest()


def digests(song: Path) -> tuple[str, str]:
    """sha256 of the whole file and of its second megabyte."""
    with song.open("rb") as file:
        whole = hashlib.file_digest(file, "sha256").hexdigest()
        file.seek(SPAN)
        return whole, hashlib.sha256(file.read(SPAN)).hexdigest()


async def check_serves_the_file(target: Target, song: Path) -> None:
    """The whole file and one range, byte for byte, before any load is measured."""
    whole, second = await asyncio.to_thread(digests, song)
    async with aiohttp.ClientSession() as session:
        got = await _fetch(session, target.url, {})
        ranged = await _fetch(session, target.url, {"Range": f"bytes={SPAN}-{2 * SPAN - 1}"})
    if got != (200, SONG_SIZE, whole):
        raise RuntimeError(f"{target.name} answered {got[:2]} for the whole file")
    if ranged != (206, SPAN, second):
        raise RuntimeError(f"{target.name} answered {ranged[:2]} for bytes {SPAN}-{2 * SPAN - 1}")


async def measure_round(
    bench: Bench, wrk: str, target: Target, span: int | None, connections: int
) -> StreamLoad:
    plan = bench.plan
    if plan.stream_warmup_s >= 1:
        await download(
            wrk,
            target.url,
            SONG_SIZE,
            connections=connections,
            seconds=plan.stream_warmup_s,
            span=span,
        )
    pid = target.server.process.pid
    cpu_before = process_tree_cpu_s(pid)
    load = await download(
        wrk,
        target.url,
        SONG_SIZE,
        connections=connections,
        seconds=plan.stream_duration_s,
        span=span,
    )
    load.server_cpu_s = process_tree_cpu_s(pid) - cpu_before
    if not load.ok:
        raise RuntimeError(f"{target.name}: {load.non_2xx} non-2xx, {load.socket_errors} errors")
    return load


async def rounds(
    bench: Bench, wrk: str, targets: list[Target]
) -> dict[tuple[str, str], list[StreamLoad]]:
    """Alternating rounds: each target whole then ranged, the order of targets reversed
    every other round, so drift on the shared machine falls on both."""
    loads: dict[tuple[str, str], list[StreamLoad]] = {}
    for n in range(bench.plan.stream_rounds):
        for target in targets if n % 2 == 0 else targets[::-1]:
            for kind, span in (("whole", None), ("ranges", SPAN)):
                load = await measure_round(bench, wrk, target, span, CONNECTIONS)
                loads.setdefault((target.name, kind), []).append(load)
                log(f"case 9 round {n + 1} {target.name} {kind}: {load.mb_per_s:,.0f} MB/s")
    return loads


def median(loads: list[StreamLoad], value: Callable[[StreamLoad], float]) -> float:
    return statistics.median(value(load) for load in loads)


def _mb(load: StreamLoad) -> float:
    return load.mb_per_s


def _rps(load: StreamLoad) -> float:
    return load.rps


def figure(runs: list[StreamLoad], kind: str) -> str:
    """The medians: MB/s (and req/s for ranges), the server's CPU a MB."""
    text = f"{median(runs, _mb):,.0f} MB/s"
    if kind == "ranges":
        text += f", {median(runs, _rps):,.0f} req/s"
    cpu = median(runs, lambda run: run.server_ms_per_mb)
    return f"{text} ({cpu:.2f} ms CPU/MB)"


async def peak_memory(bench: Bench, engine: str, wrk: str, wax: Target) -> Measure:
    """wax's peak RSS while 100 clients download the file whole at once."""
    wax.server.reset_peak_rss()
    before = wax.server.rss_mb
    load = await download(
        wrk,
        wax.url,
        SONG_SIZE,
        connections=MEMORY_CONNECTIONS,
        seconds=bench.plan.stream_duration_s,
    )
    peak = wax.server.peak_rss_mb
    return Measure(
        CASE,
        engine,
        f"wax's peak RSS, {MEMORY_CONNECTIONS} clients streaming the whole file",
        f"{peak:.0f} MB (at rest {before:.0f} MB; {load.mb_per_s:,.0f} MB/s,"
        f" {load.socket_errors} socket errors)",
        f"< {STREAM_PEAK_MB_TARGET:g} MB",
        met=peak < STREAM_PEAK_MB_TARGET and load.ok,
        data={"load": load.as_dict(), "rss_at_rest_mb": before},
    )


def compare(
    engine: str, loads: dict[tuple[str, str], list[StreamLoad]], missing: dict[str, str]
) -> list[Measure]:
    """wax's share of nginx's throughput, whole and ranged; either alone when the other
    is missing, with the reason."""
    measures = []
    for kind, what in (
        ("whole", f"50 MB file whole, {CONNECTIONS} clients"),
        ("ranges", f"1 MB ranges of it, {CONNECTIONS} clients"),
    ):
        wax, ref = loads.get(("wax", kind)), loads.get(("nginx", kind))
        data: dict[str, Any] = {
            name: [load.as_dict() for load in runs]
            for (name, k), runs in loads.items()
            if k == kind
        }
        data.update({f"{name} missing": why for name, why in missing.items()})

        if wax and ref:
            share = median(wax, _mb) / median(ref, _mb)
            value = f"wax {figure(wax, kind)}, nginx {figure(ref, kind)}: {share:.0%}"
            target, met = f"≥ {STREAM_SHARE_TARGET:.0%} of nginx", share >= STREAM_SHARE_TARGET
        elif ref:
            value, target, met = f"wax {NOT_AVAILABLE}; nginx {figure(ref, kind)}", "", None
        elif wax:
            value = f"wax {figure(wax, kind)}; nginx not available ({missing.get('nginx')})"
            target, met = "", None
        else:
            value, target, met = NOT_AVAILABLE, "", None
        measures.append(Measure(CASE, engine, what, value, target, met, data))
    return measures


def load_generator_check(engine: str, loads: dict[tuple[str, str], list[StreamLoad]]) -> Measure:
    """wrk is not what limits the fastest server: its threads had CPU to spare."""
    fastest = max(loads.values(), key=lambda runs: median(runs, _mb))
    busy = median(fastest, lambda load: load.cpu_share)
    return Measure(
        CASE,
        engine,
        "load generator's CPU at the fastest figure",
        f"wrk used {busy:.2f} of its {THREADS} threads' cores at {median(fastest, _mb):,.0f} MB/s",
        f"< {0.9 * THREADS:.1f} (not the bottleneck)",
        met=busy < 0.9 * THREADS,
    )


async def run(bench: Bench, engine: str) -> None:
    try:
        await _run(bench, engine)
    except Exception as error:
        bench.add(failed(CASE, engine, "streaming", error))


async def _run(bench: Bench, engine: str) -> None:
    wrk = bench.load.wrk
    if wrk is None:
        bench.add(Measure(CASE, engine, "streaming", "not available (wrk is needed)"))
        return
    music = bench.workdir / f"music-stream-{engine}"
    song = await asyncio.to_thread(make_song_file, music)
    url = await databases.create_empty(engine, "stream", bench.workdir)
    try:
        _, token = await databases.prepare(url)
        await scan_run(url, music)
        env = {"WAX_MUSIC_DIR": str(music)}
        async with contextlib.AsyncExitStack() as stack:
            (wax,) = await stack.enter_async_context(
                servers.running(servers.start_wax(f"wax-{engine}-stream", url, bench.workdir, env))
            )
            wax_target, wax_missing = await _wax_target(wax, token)
            nginx_target, nginx_missing = await _nginx_target(bench, stack, engine, music)
            missing = {"wax": wax_missing, "nginx": nginx_missing}
            await measure(
                bench,
                engine,
                wrk,
                song,
                wax_target,
                nginx_target,
                {name: why for name, why in missing.items() if why},
            )
    finally:
        await databases.drop(url)
        shutil.rmtree(music, ignore_errors=True)


async def _wax_target(wax: servers.Server, token: str) -> tuple[Target | None, str | None]:
    try:
        return Target("wax", wax, await signed_url(wax, token)), None
    except NotAvailable as missing:
        return None, str(missing)


async def _nginx_target(
    bench: Bench, stack: contextlib.AsyncExitStack, engine: str, music: Path
) -> tuple[Target | None, str | None]:
    try:
        binary = nginx.nginx_binary()
    except NotAvailable as missing:
        return None, str(missing)
    (reference,) = await stack.enter_async_context(
        servers.running(nginx.start_nginx(f"nginx-{engine}", music, bench.workdir))
    )
    note = (
        f"Case 9 beside {nginx.version_line(binary)} (one worker, sendfile on); its load"
        f" by wrk with {THREADS} threads."
    )
    if note not in bench.notes:
        bench.notes.append(note)
    return Target("nginx", reference, f"{reference.url}/{quote(SONG_PATH)}"), None


async def measure(
    bench: Bench,
    engine: str,
    wrk: str,
    song: Path,
    wax: Target | None,
    ref: Target | None,
    missing: dict[str, str],
) -> None:
    """Check, load in rounds, compare; then wax's memory under 100 clients."""
    targets = [target for target in (wax, ref) if target]
    for target in targets:
        await check_serves_the_file(target, song)
    loads = await rounds(bench, wrk, targets)
    bench.add(*compare(engine, loads, missing))
    if loads:
        bench.add(load_generator_check(engine, loads))
    if wax:
        bench.add(await peak_memory(bench, engine, wrk, wax))
