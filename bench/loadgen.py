"""An async HTTP load generator, run as its own process when wrk is not there.

Reads a JSON spec on stdin ({url, method, headers, body, connections, seconds}) and prints
a JSON summary: requests, seconds, non_2xx, socket_errors and latency percentiles in ms.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from typing import Any

import aiohttp
import orjson


def percentile(sorted_values: list[float], share: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))
    return sorted_values[index]


async def generate(spec: dict[str, Any]) -> dict[str, Any]:
    latencies: list[float] = []
    counts = {"non_2xx": 0, "socket_errors": 0}
    body = spec["body"].encode() or None
    deadline = time.perf_counter() + spec["seconds"]
    connector = aiohttp.TCPConnector(limit=spec["connections"])

    async def worker(session: aiohttp.ClientSession) -> None:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                async with session.request(
                    spec["method"], spec["url"], headers=spec["headers"], data=body
                ) as response:
                    await response.read()
                    if not 200 <= response.status < 300:
                        counts["non_2xx"] += 1
            except (aiohttp.ClientError, TimeoutError):
                counts["socket_errors"] += 1
            latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(*(worker(session) for _ in range(spec["connections"])))
    seconds = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "seconds": seconds,
        **counts,
        "p50_ms": percentile(latencies, 0.50),
        "p90_ms": percentile(latencies, 0.90),
        "p99_ms": percentile(latencies, 0.99),
        "mean_ms": statistics.fmean(latencies) if latencies else 0.0,
    }


if __name__ == "__main__":
    result = asyncio.run(generate(orjson.loads(sys.stdin.buffer.read())))
    sys.stdout.write(orjson.dumps(result).decode() + "\n")
