from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import httpx
import pytest
from aioresponses import aioresponses
from starlette.applications import Starlette

from tests import databases, nodejs
from tests.discogs.conftest import CompatibleAioresponses
from tests.fakes.discogs_server import FakeDiscogs
from tests.servers import LiveServer, live_server, running_app
from wax.discogs import DiscogsClient
from wax.models import User
from wax.resolvers import users
from wax.services import Services
from wax.settings import Settings

# no test may reach the real Discogs
UNREACHABLE_DISCOGS = "http://127.0.0.1:9"
# the Discogs client retries after milliseconds in tests, not seconds
TEST_RETRY_DELAY = 0.01


@pytest.fixture
def graphql_fast_path() -> bool:
    """Settings.graphql_fast_path for the app under test; see pytest_generate_tests."""
    return True


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that sends GraphQL (its module names it) to an app built from the `settings`
    fixtures runs twice: by wax's short execution path and by graphql-core's stock one.
    A test of what the default configuration promises (marked default_path_only) runs once."""
    if metafunc.definition.get_closest_marker("default_path_only"):
        return
    module_text = Path(metafunc.definition.path).read_text(encoding="utf-8").lower()
    if "graphql_fast_path" in metafunc.fixturenames and "graphql" in module_text:
        metafunc.parametrize("graphql_fast_path", [True, False], ids=["fast-path", "stock-path"])


@pytest.fixture
def mocked() -> Iterator[aioresponses]:
    """aioresponses in front of every aiohttp request the test makes (no network)."""
    with CompatibleAioresponses() as mock:
        yield mock


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as http:
        yield http


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | Path]:
    """Migrated once per session: a PostgreSQL database, or a SQLite file to copy."""
    if databases.using_postgres():
        url = asyncio.run(databases.create_postgres_database())
        yield url
        asyncio.run(databases.drop_postgres_database(url))
    else:
        yield asyncio.run(databases.create_sqlite_template(tmp_path_factory.mktemp("template")))


@pytest.fixture
async def database_url(migrated_database: str | Path, tmp_path: Path) -> str:
    """An empty, migrated database for this test alone."""
    if isinstance(migrated_database, str):
        await databases.truncate_postgres(migrated_database)
        return migrated_database
    return databases.copy_sqlite(migrated_database, tmp_path)


@pytest.fixture
def settings(database_url: str, graphql_fast_path: bool) -> Settings:
    """The app's settings. A module that talks to the fake Discogs overrides this fixture:

        @pytest.fixture
        def settings(discogs_settings: Settings) -> Settings:
            return discogs_settings

    and every fixture built on `settings` (app, server, clients) then uses the fake.
    """
    return Settings(
        database_url=database_url,
        discogs_api_url=UNREACHABLE_DISCOGS,
        discogs_retry_base_delay=TEST_RETRY_DELAY,
        graphql_fast_path=graphql_fast_path,
    )


@pytest.fixture
async def fake_discogs() -> AsyncIterator[FakeDiscogs]:
    """A running fake Discogs (fixture releases in its catalogue, an empty collection)."""
    async with FakeDiscogs() as fake:
        yield fake


@pytest.fixture
def discogs_settings(
    request: pytest.FixtureRequest,
    database_url: str,
    fake_discogs: FakeDiscogs,
    graphql_fast_path: bool,
) -> Settings:
    """Settings pointing at the fake Discogs with a token and a username.

    Parametrise indirectly with a dict of Settings fields to vary them, e.g.
    `@pytest.mark.parametrize("discogs_settings", [{"discogs_username": None}], indirect=True)`.
    """
    fields = {
        "database_url": database_url,
        "discogs_api_url": fake_discogs.url,
        "discogs_token": fake_discogs.token,
        "discogs_username": fake_discogs.username,
        "discogs_retry_base_delay": TEST_RETRY_DELAY,
        "graphql_fast_path": graphql_fast_path,
    }
    fields.update(getattr(request, "param", {}))
    return Settings(**fields)


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Starlette]:
    async with running_app(settings) as app:
        yield app


@pytest.fixture
async def server(settings: Settings) -> AsyncIterator[LiveServer]:
    """A real uvicorn server (for websockets and SSE); use instead of `app`, not with it."""
    async with live_server(settings) as live:
        yield live


@pytest.fixture
def services(app: Starlette) -> Services:
    """The running app's services, as its lifespan opened them."""
    services: Services = app.state.services
    return services


@pytest.fixture
def discogs(services: Services) -> DiscogsClient:
    """The running app's one Discogs client (retrying after milliseconds, see settings)."""
    return services.discogs


@dataclass
class Account:
    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


async def make_account(name: str, *, is_admin: bool) -> Account:
    user, issued = await users.create_user(name, is_admin=is_admin)
    return Account(user=user, token=issued.token)


@pytest.fixture
async def admin(app: Starlette) -> Account:
    return await make_account("ann", is_admin=True)


@pytest.fixture
async def member(app: Starlette, admin: Account) -> Account:
    """A user who is not an admin (the first user always is, so ann comes first)."""
    return await make_account("bob", is_admin=False)


@asynccontextmanager
async def asgi_client(
    app: Starlette, account: Account | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """httpx against the app in-process, as `account` when given."""
    headers = account.headers if account else None
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://wax.test", headers=headers
    ) as client:
        yield client


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as client:
        yield client


@pytest.fixture
async def admin_client(app: Starlette, admin: Account) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, admin) as client:
        yield client


@pytest.fixture
async def member_client(app: Starlette, member: Account) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app, member) as client:
        yield client


@pytest.fixture(scope="session")
def node_packages() -> nodejs.NodeRunner:
    """tests/node's pinned npm packages, installed once per session (skips without node)."""
    node, npm = nodejs.require_node()
    return nodejs.NodeRunner(node=node, node_modules=nodejs.install_packages(npm))


@pytest.fixture
def run_node(node_packages: nodejs.NodeRunner) -> Callable[..., Awaitable[nodejs.NodeResult]]:
    """`await run_node("script.cjs", server, token)` runs tests/node/script.cjs against it."""
    return node_packages.run


@pytest.fixture
def chromium() -> str:
    return nodejs.require_chromium()
