from __future__ import annotations

from starlette.applications import Starlette

from wax.discogs.client import DiscogsClient


async def test_the_running_app_holds_one_discogs_client_for_everyone(
    app: Starlette,
) -> None:
    services = app.state.services

    assert isinstance(services.discogs, DiscogsClient)
    assert services.discogs.limiter.requests_per_minute == 25  # no token in the test settings
