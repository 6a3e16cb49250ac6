import asyncio
import os
import time

import httpx

from tests.cli.conftest import run_wax
from tests.cli.processes import wax_serve


async def test_wax_serve_answers_healthz_and_authenticates_graphql(
    empty_database_url: str,
) -> None:
    env = {**os.environ, "DATABASE_URL": empty_database_url}
    run_wax("migrate", env=env)
    token = run_wax("users", "create", "ann", env=env).stdout.strip().splitlines()[-1]
    async with wax_serve(env) as served, httpx.AsyncClient(base_url=served.url) as client:
        assert (await client.get("/healthz")).status_code == 200
        query = {"query": "{ viewer { name } }"}
        anonymous = await client.post("/graphql", json=query)
        assert anonymous.status_code == 401
        answered = await client.post(
            "/graphql", json=query, headers={"Authorization": f"Bearer {token}"}
        )
        assert answered.json() == {"data": {"viewer": {"name": "ann"}}}


async def test_wax_serve_cuts_off_a_client_that_never_finishes_its_headers(
    empty_database_url: str,
) -> None:
    env = {**os.environ, "DATABASE_URL": empty_database_url, "WAX_HEADER_TIMEOUT_SECONDS": "1"}
    run_wax("migrate", env=env)
    async with wax_serve(env) as served:
        address = httpx.URL(served.url)
        reader, writer = await asyncio.open_connection(address.host, address.port)
        writer.write(b"GET /healthz HTTP/1.1\r\nHost: wax.test\r\n")
        started = time.monotonic()
        answer = await asyncio.wait_for(reader.read(), timeout=30)
        writer.close()
    assert answer.startswith(b"HTTP/1.1 408 ")
    assert time.monotonic() - started < 4
