import os

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
