"""GraphiQL at /graphql, for a person with a browser and no internet connection."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import make_account
from tests.nodejs import NodeResult
from tests.servers import LiveServer

RunNode = Callable[..., Awaitable[NodeResult]]


async def test_graphiqls_page_loads_everything_from_wax_itself(client: httpx.AsyncClient) -> None:
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert {Path(asset).name for asset in assets} >= {
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql.min.css",
    }
    for asset in assets:
        if asset.startswith("data:"):
            continue
        assert asset.startswith("/static/graphiql/"), asset
        served = await client.get(asset)
        assert served.status_code == 200, asset
        assert len(served.content) > 1000


async def test_a_browser_asking_with_a_query_string_but_no_query_still_gets_graphiql(
    client: httpx.AsyncClient,
) -> None:
    page = await client.get("/graphql?headers=x", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql.min.js" in page.text


@pytest.mark.slow
async def test_a_person_runs_a_query_in_graphiql_in_a_real_browser(
    server: LiveServer, run_node: RunNode, chromium: str, tmp_path: Path
) -> None:
    account = await make_account("ann", is_admin=True)
    screenshot = tmp_path / "graphiql.png"
    seen = (
        await run_node(
            "graphiql_in_chromium.cjs",
            server,
            account.token,
            env={"WAX_CHROMIUM": chromium, "WAX_SCREENSHOT": str(screenshot)},
        )
    ).report()

    assert seen["result"] == {"data": {"viewer": {"name": "ann"}}}
    assert account.token in seen["headers"]
    assert seen["docsShowViewer"], "GraphiQL learnt the schema once the token was set"
    assert seen["foreignRequests"] == [], "GraphiQL must not need the internet"
    assert seen["failedAssets"] == []
    assert seen["pageErrors"] == []
    assert screenshot.stat().st_size > 0
