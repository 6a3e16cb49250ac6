"""wrk downloading one file, whole or by ranges, counting bytes as well as requests (case 9).

Throughput is wrk's byte count over its duration: bytes of downloads still under way when
the run ends count too, so a few 50 MB requests a second still give a fair figure. The
ranges cycle through the file (1 MB each, one after the other), so every range is asked.
wrk's own CPU (its rusage as a child of the bench) says whether it could have gone faster.
"""

from __future__ import annotations

import asyncio
import math
import os
import resource
import tempfile
from dataclasses import asdict, dataclass
from typing import Any

import orjson

THREADS = 2
TIMEOUT_S = 120
MB = 1024 * 1024

SUMMARY = """
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"bytes":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,'
    .. '"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.bytes, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""

RANGES = """
local size, span, count = {size}, {span}, {count}
local n = 0
request = function()
  local first = (n % count) * span
  n = n + 1
  local last = math.min(first + span, size) - 1
  return wrk.format("GET", nil, {{Range = "bytes=" .. first .. "-" .. last}})
end
"""


@dataclass
class StreamLoad:
    requests: int
    bytes: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float
    connections: int
    # wrk's user + system CPU over the run, in seconds
    cpu_s: float
    # the server's (and its workers'), read around the run by the caller
    server_cpu_s: float = 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes / MB / self.seconds if self.seconds else 0.0

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def cpu_share(self) -> float:
        """Cores wrk kept busy (THREADS at most)."""
        return self.cpu_s / self.seconds if self.seconds else 0.0

    @property
    def server_ms_per_mb(self) -> float:
        """The server's CPU for each MB it sent: drifts less than MB/s on a shared machine."""
        megabytes = self.bytes / MB
        return 1000 * self.server_cpu_s / megabytes if megabytes else 0.0

    @property
    def ok(self) -> bool:
        return self.non_2xx == 0 and self.socket_errors == 0 and self.bytes > 0

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "mb_per_s": round(self.mb_per_s, 1),
            "rps": round(self.rps, 1),
            "server_ms_per_mb": round(self.server_ms_per_mb, 3),
        }


def script(size: int, span: int | None) -> str:
    if span is None:
        return SUMMARY
    return RANGES.format(size=size, span=span, count=math.ceil(size / span)) + SUMMARY


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def download(
    wrk: str, url: str, size: int, *, connections: int, seconds: float, span: int | None = None
) -> StreamLoad:
    """`connections` clients fetching `url` (whole, or `span` bytes a request) for `seconds`."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script(size, span))
    lua = handle.name
    try:
        argv = [
            wrk,
            f"-t{min(THREADS, connections)}",
            f"-c{connections}",
            f"-d{max(1, math.ceil(seconds))}s",
            f"--timeout={TIMEOUT_S}s",
            "-s",
            lua,
            url,
        ]
        # the bench's other children (servers) are still running: only wrk is reaped here
        cpu_before = _children_cpu()
        process = await asyncio.create_subprocess_exec(
            *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        out, err = await process.communicate()
        cpu = _children_cpu() - cpu_before
    finally:
        os.unlink(lua)
    line = next((ln for ln in out.decode().splitlines() if ln.startswith('{"requests"')), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {out.decode()[-500:]} {err.decode()[-500:]}")
    raw = orjson.loads(line)
    return StreamLoad(
        requests=raw["requests"],
        bytes=raw["bytes"],
        seconds=raw["duration_us"] / 1e6,
        non_2xx=raw["non_2xx"],
        socket_errors=raw["socket_errors"],
        p50_ms=raw["p50_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        connections=connections,
        cpu_s=cpu,
    )
