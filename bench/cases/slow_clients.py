"""Case 6: a thousand clients trickling their requests neither slow anyone else nor stay.

Half send their headers a byte a second and never finish them; half send their headers and
one byte of a 1 kB body, then nothing. wax runs with its default limits, as users run it.
p99 of normal requests is measured without them, then with all of them connected, in one run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import resource
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from bench import databases, servers
from bench.config import LibrarySize
from bench.context import Bench, check_rest
from bench.databases import log
from bench.load import HttpRequest, LoadResult
from bench.report import Measure, failed

CASE = "6 slow clients"
SLOW_CLIENTS = 1_000
NORMAL_CONNECTIONS = 8
P99_RATIO_TARGET = 2.0
CUT_OFF_TARGET_S = 30.0
CONNECT_BATCH = 100
ROUNDS = 3
LIBRARY = LibrarySize(songs=1_000)


@dataclass
class SlowClient:
    kind: str  # "headers" or "body"
    connected: asyncio.Event
    seconds_open: float | None = None  # until wax closed the connection
    got_408: bool = False


def first_bytes(kind: str, token: str) -> bytes:
    if kind == "headers":
        return b"GET /healthz HTTP/1.1\r\nHost: bench\r\n"
    # with a token, so wax reads on (without one it answers 401 before the body); wax's
    # "100 Continue" says the request has got as far as waiting for the body
    return (
        "POST /graphql HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {token}\r\nContent-Length: 1000\r\n"
        "Expect: 100-continue\r\n\r\n"
    ).encode()


async def read_until_closed(reader: asyncio.StreamReader) -> bytes:
    """What arrived before the server closed, kept even if a reset follows (a byte sent
    after the server closed draws one)."""
    received = bytearray()
    with contextlib.suppress(ConnectionError):
        while chunk := await reader.read(65536):
            received += chunk
    return bytes(received)


async def trickle(host: str, port: int, token: str, client: SlowClient) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    opened = time.monotonic()
    head = first_bytes(client.kind, token)

    async def send() -> None:
        with contextlib.suppress(ConnectionError):
            while True:
                await asyncio.sleep(1)
                writer.write(b"x")
                await writer.drain()

    writer.write(head)
    if client.kind == "body":
        await reader.readuntil(b"\r\n\r\n")  # wax's 100 Continue
        writer.write(b"{")
    client.connected.set()
    sender = asyncio.create_task(send()) if client.kind == "headers" else None
    try:
        answer = await read_until_closed(reader)
    finally:
        if sender is not None:
            sender.cancel()
        writer.close()
    client.seconds_open = time.monotonic() - opened
    client.got_408 = answer.startswith(b"HTTP/1.1 408 ")


def raise_open_files_limit(needed: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def attack(
    host: str, port: int, token: str
) -> tuple[list[SlowClient], list[asyncio.Task[None]]]:
    clients = [
        SlowClient("headers" if n % 2 else "body", asyncio.Event()) for n in range(SLOW_CLIENTS)
    ]
    tasks = []
    for start in range(0, SLOW_CLIENTS, CONNECT_BATCH):
        batch = clients[start : start + CONNECT_BATCH]
        tasks += [asyncio.create_task(trickle(host, port, token, client)) for client in batch]
        await asyncio.wait_for(asyncio.gather(*(c.connected.wait() for c in batch)), 30)
    return clients, tasks


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def cpu_share(pid: int, seconds: float) -> float:
    """The share of one core the process used over the next `seconds`."""
    before, started = cpu_seconds(pid), time.monotonic()
    await asyncio.sleep(seconds)
    return (cpu_seconds(pid) - before) / (time.monotonic() - started)


async def stop(tasks: list[asyncio.Task[None]]) -> None:
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def measure(bench: Bench, wax: servers.Server, db: databases.BenchDatabase) -> None:
    request = HttpRequest("GET", "/api/v1/songs?per_page=20", db.headers)
    await check_rest(wax.url, request)
    seconds = bench.plan.latency_duration_s
    await bench.load.run(wax.url, request, NORMAL_CONNECTIONS, max(1.0, bench.plan.warmup_s))
    # short rounds in turn, without and with the slow clients: the machine's drift hits both
    quiet: list[LoadResult] = []
    attacked: list[LoadResult] = []
    open_throughout = SLOW_CLIENTS
    for round_ in range(ROUNDS):
        quiet.append(await bench.load.run(wax.url, request, NORMAL_CONNECTIONS, seconds))
        attack_started = time.monotonic()
        clients, tasks = await attack("127.0.0.1", wax.port, db.token)
        attacked.append(await bench.load.run(wax.url, request, NORMAL_CONNECTIONS, seconds))
        open_throughout = min(open_throughout, sum(c.seconds_open is None for c in clients))
        log(f"case 6 round {round_ + 1}: {quiet[-1].summary()}; with: {attacked[-1].summary()}")
        if round_ < ROUNDS - 1:
            await stop(tasks)
    idle_cpu = await cpu_share(wax.process.pid, seconds=1.0)
    # the last round's slow clients are left for wax to cut off
    await asyncio.wait_for(asyncio.gather(*tasks), CUT_OFF_TARGET_S + 30)
    log(f"case 6: all slow clients cut off {time.monotonic() - attack_started:.1f} s in")

    quiet_p99 = statistics.median(result.p99_ms for result in quiet)
    attacked_p99 = statistics.median(result.p99_ms for result in attacked)
    ratio = attacked_p99 / quiet_p99 if quiet_p99 else float("inf")
    label = f"GET /api/v1/songs?per_page=20, {NORMAL_CONNECTIONS} connections, median p99"
    bench.add(
        Measure(
            CASE,
            db.engine,
            f"{label} of {ROUNDS} rounds: without, then with {SLOW_CLIENTS:,} trickling "
            "connections",
            f"{quiet_p99:.1f} ms, then {attacked_p99:.1f} ms: {ratio:.2f}x "
            f"({open_throughout:,} slow connections open throughout)",
            f"≤ {P99_RATIO_TARGET:.0f}x",
            met=ratio <= P99_RATIO_TARGET
            and all(result.ok for result in quiet + attacked)
            and open_throughout == SLOW_CLIENTS,
            data={
                "without": [result.as_dict() for result in quiet],
                "with": [result.as_dict() for result in attacked],
                "ratio": ratio,
            },
        )
    )
    bench.add(
        Measure(
            CASE,
            db.engine,
            f"wax's CPU with {SLOW_CLIENTS:,} slow clients connected and no other load",
            f"{idle_cpu:.1%} of a core",
            data={"cpu_share": idle_cpu},
        )
    )
    for kind, what in (("headers", "headers a byte a second"), ("body", "1 of 1,000 body bytes")):
        mine = [client for client in clients if client.kind == kind]
        longest = max(client.seconds_open or 0.0 for client in mine)
        answered = sum(client.got_408 for client in mine)
        bench.add(
            Measure(
                CASE,
                db.engine,
                f"{len(mine):,} clients sending {what}: cut off",
                f"all after at most {longest:.1f} s, {answered:,} of them with a 408",
                f"≤ {CUT_OFF_TARGET_S:.0f} s",
                met=longest <= CUT_OFF_TARGET_S and answered == len(mine),
                data={"longest_s": longest, "answered_408": answered},
            )
        )


async def run(bench: Bench, engine: str) -> None:
    # each slow client is a socket here and one in wax (which inherits this limit)
    raise_open_files_limit(4 * SLOW_CLIENTS)
    try:
        db = await databases.create_seeded(engine, "slow", LIBRARY, bench.workdir)
    except Exception as error:
        bench.add(failed(CASE, engine, "setup", error))
        return
    try:
        async with servers.running(
            servers.start_wax(f"wax-{engine}-slow", db.url, bench.workdir)
        ) as (wax,):
            await measure(bench, wax, db)
    except Exception as error:
        bench.add(failed(CASE, engine, "slow clients", error))
    finally:
        await databases.drop(db.url)
