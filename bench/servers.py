"""Server processes the bench starts: wax itself, the raw baseline, the fake Discogs."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import aiohttp

VENV_BIN = Path(sys.executable).parent
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


def _open_log(path: Path) -> BinaryIO:
    return path.open("wb")


@dataclass
class Server:
    name: str
    process: asyncio.subprocess.Process
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    @property
    def rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmRSS") / 1024

    @property
    def peak_rss_mb(self) -> float:
        return _status_kb(self.process.pid, "VmHWM") / 1024

    def reset_peak_rss(self) -> None:
        """Start the process's peak-RSS count afresh (Linux: 5 > clear_refs)."""
        with contextlib.suppress(OSError):
            Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    async def stop(self) -> None:
        if self.process.returncode is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(self.process.wait(), timeout=10)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()


async def start(
    name: str,
    argv: list[str],
    env: dict[str, str],
    workdir: Path,
    port: int,
    ready_path: str = "/healthz",
) -> Server:
    """Start a server process and wait until it answers `ready_path`."""
    log_path = workdir / f"{name}.log"
    with _open_log(log_path) as log_file:
        process = await asyncio.create_subprocess_exec(
            *argv, env={**os.environ, **env}, stdout=log_file, stderr=asyncio.subprocess.STDOUT
        )
    server = Server(name, process, port, log_path)
    deadline = time.monotonic() + START_TIMEOUT_S
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if process.returncode is not None:
                raise RuntimeError(f"{name} exited at start:\n{server.log_tail()}")
            try:
                async with session.get(server.url + ready_path) as response:
                    if response.status < 500:
                        return server
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    await server.stop()
    raise RuntimeError(f"{name} did not answer in {START_TIMEOUT_S:.0f} s:\n{server.log_tail()}")


def uvicorn_argv(app: str, port: int) -> list[str]:
    """One worker, uvloop + httptools (uvicorn[standard]), no access log: the same for both."""
    return [
        str(VENV_BIN / "python"),
        "-m",
        "uvicorn",
        app,
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
    ]


async def start_wax(
    name: str, database_url: str, workdir: Path, extra_env: dict[str, str] | None = None
) -> Server:
    """wax as users run it: `wax serve` (uvicorn, one worker, the app factory)."""
    port = free_port()
    env = {
        "DATABASE_URL": database_url,
        "WAX_LOG_LEVEL": "warning",
        "DISCOGS_API_URL": "http://127.0.0.1:9",
        **(extra_env or {}),
    }
    argv = [str(VENV_BIN / "wax"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    return await start(name, argv, env, workdir, port)


async def start_baseline(name: str, database_url: str, workdir: Path) -> Server:
    port = free_port()
    env = {"BENCH_DATABASE_URL": database_url}
    return await start(
        name, uvicorn_argv("bench.baseline:app_from_environment", port), env, workdir, port
    )


@asynccontextmanager
async def running(*starting: Awaitable[Server]) -> AsyncIterator[list[Server]]:
    """Start servers together; stop every one that started, whatever happens."""
    started = await asyncio.gather(*starting, return_exceptions=True)
    up = [server for server in started if isinstance(server, Server)]
    try:
        for outcome in started:
            if isinstance(outcome, BaseException):
                raise outcome
        yield up
    finally:
        await asyncio.gather(*(server.stop() for server in up))
