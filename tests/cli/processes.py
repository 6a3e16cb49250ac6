"""`wax` as a child process that does not block the test's event loop (the fake Discogs
serves from that loop), and `wax serve` on a free port."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from wax.settings import Settings

START_UP_SECONDS = 30
RUN_SECONDS = 120


def wax_environment(settings: Settings) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": settings.database_url,
        "DISCOGS_API_URL": settings.discogs_api_url,
        "WAX_LOG_LEVEL": "warning",
        "WAX_GRAPHQL_FAST_PATH": "true" if settings.graphql_fast_path else "false",
    }
    for name, value in (
        ("DISCOGS_TOKEN", settings.discogs_token),
        ("DISCOGS_USERNAME", settings.discogs_username),
    ):
        if value:
            env[name] = value
        else:
            env.pop(name, None)
    return env


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str


async def run_wax(*args: str, env: dict[str, str]) -> Finished:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        *args,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), RUN_SECONDS)
    return Finished(process.returncode or 0, stdout.decode(), stderr.decode())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ServeProcess:
    process: asyncio.subprocess.Process
    url: str

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)


@asynccontextmanager
async def wax_serve(env: dict[str, str], *options: str) -> AsyncIterator[ServeProcess]:
    """`wax serve [options]` answering /healthz; stopped (if still alive) on leaving."""
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        "serve",
        "--port",
        str(port),
        *options,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=url) as client:
            for _ in range(START_UP_SECONDS * 10):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if process.returncode is not None:
                    raise AssertionError(f"wax serve exited with {process.returncode}")
                await asyncio.sleep(0.1)
            else:
                raise AssertionError("wax serve did not come up")
        yield ServeProcess(process, url)
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=30)
