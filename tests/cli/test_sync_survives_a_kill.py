"""A `wax serve` killed (SIGKILL) in the middle of a sync: after a restart the run shows as
interrupted, and the next sync converges with no duplicate, here or on Discogs."""

from __future__ import annotations

import json

import httpx
import pytest
from httpx_sse import aconnect_sse

from tests.cli.processes import wax_environment, wax_serve
from tests.conftest import make_account
from tests.fakes.discogs_server import FakeDiscogs
from tests.streams import SSE_SYNC, sse_sync
from tests.sync_scenario import (
    COLLECTION_PATH,
    build_scenario,
    collection_release_ids,
    local_discogs_ids,
)
from wax import database
from wax.models import Record
from wax.settings import Settings

RUNS = "{ discogsSyncRuns { id status progress { phase pulled skipped pushed errors } } }"


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.mark.slow
async def test_a_sync_killed_mid_pull_is_interrupted_and_the_next_one_converges(
    settings: Settings, fake_discogs: FakeDiscogs
) -> None:
    async with database.open_database(settings.database_url):
        scenario = await build_scenario(fake_discogs)
        admin = await make_account("ann", is_admin=True)
    fake_discogs.set_latency(1.0, path=COLLECTION_PATH)  # slow enough to be mid-pull
    env = wax_environment(settings)

    async with wax_serve(env) as first:
        async with (
            httpx.AsyncClient(base_url=first.url, headers=admin.headers, timeout=60) as http,
            aconnect_sse(http, "POST", SSE_SYNC) as source,
        ):
            async for sse in source.aiter_sse():
                if json.loads(sse.data)["pulled"] > 0:
                    break  # the first page is in; the second is on its way
            first.kill()
        await first.process.wait()

    fake_discogs.set_latency(0.0, path=COLLECTION_PATH)
    async with (
        wax_serve(env) as second,
        httpx.AsyncClient(base_url=second.url, headers=admin.headers, timeout=60) as http,
    ):
        before = (await http.post("/graphql", json={"query": RUNS})).json()
        [killed] = before["data"]["discogsSyncRuns"]
        assert killed["status"] == "interrupted"
        assert killed["progress"]["phase"] == "DONE"
        assert "interrupted" in killed["progress"]["errors"][-1]
        pulled_before_the_kill = killed["progress"]["pulled"]
        assert 0 < pulled_before_the_kill < scenario.expected_pulled

        events = await sse_sync(http, {})
        final = events[-1]

    assert final["phase"] == "done"
    assert final["errors"] == []
    assert final["pulled"] == scenario.expected_pulled - pulled_before_the_kill
    assert final["pushed"] == scenario.expected_pushed
    for record in scenario.to_push:  # added once on Discogs too, not once per attempt
        assert len(fake_discogs.instances_of(int(str(record.discogs_id)))) == 1
    async with database.open_database(settings.database_url):
        local = await local_discogs_ids()
        assert len(local) == len(set(local))
        assert local == collection_release_ids(fake_discogs)
        assert await Record.filter(discogs_id__isnull=True).count() == len(scenario.manual)
