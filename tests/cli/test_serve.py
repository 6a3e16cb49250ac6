import asyncio
import os
import socket
import subprocess
import sys

import httpx

from tests.cli.conftest import run_wax


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_wax_serve_answers_healthz_and_authenticates_graphql(
    empty_database_url: str,
) -> None:
    env = {**os.environ, "DATABASE_URL": empty_database_url}
    run_wax("migrate", env=env)
    token = run_wax("users", "create", "ann", env=env).stdout.strip().splitlines()[-1]
    port = free_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "wax",
        "serve",
        "--port",
        str(port),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            for _ in range(100):
                try:
                    health = await client.get("/healthz")
                    break
                except httpx.TransportError:
                    await asyncio.sleep(0.1)
            else:
                raise AssertionError("wax serve did not come up")
            assert health.status_code == 200
            query = {"query": "{ viewer { name } }"}
            anonymous = await client.post("/graphql", json=query)
            assert anonymous.status_code == 401
            answered = await client.post(
                "/graphql", json=query, headers={"Authorization": f"Bearer {token}"}
            )
            assert answered.json() == {"data": {"viewer": {"name": "ann"}}}
    finally:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=10)
