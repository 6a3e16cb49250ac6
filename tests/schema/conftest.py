from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import Account, make_account
from tests.schema.toy import toy_schema
from tests.servers import LiveServer, live_server, running_app
from wax.settings import Settings


@pytest.fixture
async def toy_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """wax with the toy schema in place of its own, and a token."""
    async with running_app(
        settings, schema=toy_schema(fast_path=settings.graphql_fast_path)
    ) as app:
        account = await make_account("ann", is_admin=True)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://wax.test", headers=account.headers
        ) as client:
            yield client


@pytest.fixture
async def toy_server(settings: Settings) -> AsyncIterator[tuple[LiveServer, Account]]:
    async with live_server(
        settings, schema=toy_schema(fast_path=settings.graphql_fast_path)
    ) as server:
        yield server, await make_account("ann", is_admin=True)
