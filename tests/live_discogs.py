"""Fixtures for tests against a live wax server that talks to the fake Discogs.

A test module imports the ones it needs; accounts are made once the server is up.
"""

from __future__ import annotations

import pytest

from tests.conftest import Account, make_account
from tests.servers import LiveServer
from wax.settings import Settings


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.fixture
async def admin(server: LiveServer) -> Account:
    return await make_account("ann", is_admin=True)


@pytest.fixture
async def member(server: LiveServer, admin: Account) -> Account:
    return await make_account("bob", is_admin=False)
