"""Load from a separate process: wrk (Debian's, installed on demand) or bench.loadgen."""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import orjson

WRK_TIMEOUT_S = 10

WRK_SCRIPT = """
wrk.method = {method}
wrk.body = {body}
{headers}
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{{"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,'
    .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f}}\\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean))
end
"""


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    mean_ms: float
    connections: int
    tool: str

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return self.non_2xx == 0 and self.socket_errors == 0 and self.requests > 0

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rps": round(self.rps, 1)}

    def summary(self) -> str:
        return f"{self.rps:,.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms"


def ensure_wrk() -> str | None:
    """wrk on PATH, installed from Debian when missing and we may (as .ci/run does)."""
    if os.environ.get("BENCH_LOADGEN") == "python":
        return None
    if shutil.which("wrk") is None and os.geteuid() == 0 and shutil.which("apt-get"):
        print("[bench] installing wrk", file=sys.stderr, flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True)
            subprocess.run(install, env=env, capture_output=True)
    return shutil.which("wrk")


def _lua_string(value: str | bytes) -> str:
    text = value.decode() if isinstance(value, bytes) else value
    return "[==[" + text + "]==]"


def _write_script(request: HttpRequest) -> Path:
    headers = "\n".join(
        f"wrk.headers[ {_lua_string(k)} ] = {_lua_string(v)}" for k, v in request.headers.items()
    )
    script = WRK_SCRIPT.format(
        method=_lua_string(request.method),
        body=_lua_string(request.body) if request.body else "nil",
        headers=headers,
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    return Path(handle.name)


async def warm_up(base_url: str, request: HttpRequest, requests: int = 8) -> None:
    async with aiohttp.ClientSession() as session:

        async def one() -> None:
            async with session.request(
                request.method, base_url + request.path, headers=request.headers, data=request.body
            ) as response:
                await response.read()

        await asyncio.gather(*(one() for _ in range(requests)))


class LoadGenerator:
    def __init__(self) -> None:
        self.wrk = ensure_wrk()

    @property
    def name(self) -> str:
        return "wrk (1 thread)" if self.wrk else "bench.loadgen (aiohttp, own process)"

    async def run(
        self, base_url: str, request: HttpRequest, connections: int, seconds: float
    ) -> LoadResult:
        if self.wrk:
            return await self._run_wrk(base_url, request, connections, seconds)
        return await self._run_python(base_url, request, connections, seconds)

    async def measure(
        self, base_url: str, request: HttpRequest, connections: int, warmup: float, seconds: float
    ) -> LoadResult:
        """Warm up (a burst of requests below a second, else a load run), then measure."""
        if warmup >= 1:
            await self.run(base_url, request, connections, warmup)
        else:
            await warm_up(base_url, request)
        return await self.run(base_url, request, connections, seconds)

    async def _run_wrk(
        self, base_url: str, request: HttpRequest, connections: int, seconds: float
    ) -> LoadResult:
        assert self.wrk is not None
        script = _write_script(request)
        try:
            argv = [
                self.wrk,
                "-t1",
                f"-c{connections}",
                f"-d{max(1, math.ceil(seconds))}s",
                f"--timeout={WRK_TIMEOUT_S}s",
                "-s",
                str(script),
                base_url + request.path,
            ]
            process = await asyncio.create_subprocess_exec(
                *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
            )
            out, err = await process.communicate()
        finally:
            script.unlink()
        line = next((ln for ln in out.decode().splitlines() if ln.startswith('{"requests"')), None)
        if line is None:
            raise RuntimeError(f"wrk gave no summary: {out.decode()[-500:]} {err.decode()[-500:]}")
        raw = orjson.loads(line)
        return LoadResult(
            requests=raw["requests"],
            seconds=raw["duration_us"] / 1e6,
            non_2xx=raw["non_2xx"],
            socket_errors=raw["socket_errors"],
            p50_ms=raw["p50_us"] / 1000,
            p90_ms=raw["p90_us"] / 1000,
            p99_ms=raw["p99_us"] / 1000,
            mean_ms=raw["mean_us"] / 1000,
            connections=connections,
            tool="wrk",
        )

    async def _run_python(
        self, base_url: str, request: HttpRequest, connections: int, seconds: float
    ) -> LoadResult:
        spec = {
            "url": base_url + request.path,
            "method": request.method,
            "headers": request.headers,
            "body": request.body.decode(),
            "connections": connections,
            "seconds": seconds,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.loadgen",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        out, err = await process.communicate(orjson.dumps(spec))
        if process.returncode != 0:
            raise RuntimeError(f"bench.loadgen failed: {err.decode()[-1000:]}")
        return LoadResult(**orjson.loads(out), connections=connections, tool="python")
