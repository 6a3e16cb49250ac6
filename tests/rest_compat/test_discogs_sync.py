"""POST /api/records/sync: the sync as Server-Sent Events, exactly as the spec says."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator

import httpx
import pytest
from httpx_sse import EventSource, aconnect_sse

from tests import live_discogs
from tests.conftest import Account
from tests.fakes.discogs_server import FakeDiscogs
from tests.servers import LiveServer
from tests.streams import sse_events, sse_sync
from tests.sync_scenario import COLLECTION_PATH, RELEASE_PATH, build_scenario
from wax.models import SyncRun
from wax.rest_compat import discogs_sync as sse_route

# a live server talking to the fake Discogs, and accounts made once it is up
admin = live_discogs.admin
member = live_discogs.member
settings = live_discogs.settings

SYNC = "/api/records/sync"
PROGRESS_KEYS = {"phase", "pulled", "pushed", "skipped", "errors", "totalDiscogsItems"}


@pytest.fixture
async def http(server: LiveServer) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=60) as client:
        yield client


async def test_the_sync_streams_progress_events_ending_with_done(
    http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    scenario = await build_scenario(fake_discogs)

    async with aconnect_sse(http, "POST", SYNC, headers=admin.headers) as source:
        response = source.response
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-accel-buffering"] == "no"
        events = await sse_events(source)

    assert all(set(event) == PROGRESS_KEYS for event in events)
    assert events[0]["phase"] == "pull"
    assert [e["phase"] for e in events if e["phase"] == "done"] == ["done"]
    assert events[-1] == {
        "phase": "done",
        "pulled": scenario.expected_pulled,
        "pushed": scenario.expected_pushed,
        "skipped": scenario.expected_skipped,
        "errors": [],
        "totalDiscogsItems": 250,
    }
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert fake_discogs.count("GET", RELEASE_PATH) == 0


async def test_a_quiet_stream_gets_a_comment_heartbeat(
    http: httpx.AsyncClient,
    admin: Account,
    fake_discogs: FakeDiscogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sse_route, "HEARTBEAT_SECONDS", 0.1)
    fake_discogs.generate_collection(5)
    fake_discogs.set_latency(1.0, path=COLLECTION_PATH)

    async with http.stream("POST", SYNC, headers=admin.headers) as response:
        body = await response.aread()
    # an SSE client reads the same bytes as progress alone: the heartbeat is a comment
    replayed = httpx.Response(200, headers=response.headers, content=body)
    events = await sse_events(EventSource(replayed))

    assert ": keep-alive" in body.decode().splitlines()
    assert all(set(event) == PROGRESS_KEYS for event in events)
    assert (events[-1]["phase"], events[-1]["pulled"]) == ("done", 5)


def test_the_heartbeat_is_every_15_seconds_by_default() -> None:
    assert sse_route.HEARTBEAT_SECONDS == 15.0


async def test_a_bad_token_is_refused_with_401_json_before_any_stream(
    http: httpx.AsyncClient, fake_discogs: FakeDiscogs
) -> None:
    response = await http.post(SYNC, headers={"Authorization": "Bearer wax_nope"})

    assert response.status_code == 401
    assert response.json() == {"message": "Unauthenticated."}
    assert fake_discogs.count() == 0


async def test_a_member_who_is_not_an_admin_gets_403_json_and_no_sync(
    http: httpx.AsyncClient, member: Account, fake_discogs: FakeDiscogs
) -> None:
    response = await http.post(SYNC, headers=member.headers)

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"] == "forbidden"
    assert fake_discogs.count() == 0
    assert await SyncRun.all().count() == 0


@pytest.mark.parametrize(
    "discogs_settings", [{"discogs_username": None, "discogs_token": None}], indirect=True
)
async def test_without_discogs_settings_the_stream_is_one_done_event_naming_them(
    http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    events = await sse_sync(http, admin.headers)

    assert len(events) == 1
    [event] = events
    assert event["phase"] == "done"
    assert "DISCOGS_USERNAME and DISCOGS_TOKEN are not set" in event["errors"][0]
    assert fake_discogs.count() == 0


async def test_a_watcher_that_hangs_up_leaves_the_sync_running(
    http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    fake_discogs.generate_collection(250)
    fake_discogs.set_latency(0.3, path=COLLECTION_PATH)
    [first] = await sse_sync(http, admin.headers, stop_after=1)
    assert first["phase"] == "pull"

    rest = await sse_sync(http, admin.headers)

    assert rest[-1]["pulled"] == 250
    assert fake_discogs.count("GET", COLLECTION_PATH) == 3
    assert await SyncRun.all().count() == 1


async def test_every_event_of_the_stream_is_news_the_first_one_included(
    http: httpx.AsyncClient, admin: Account, fake_discogs: FakeDiscogs
) -> None:
    await build_scenario(fake_discogs)

    events = await sse_sync(http, admin.headers)

    assert events[0] == {**events[0], "phase": "pull", "pulled": 0, "pushed": 0}
    repeats = [a for a, b in itertools.pairwise(events) if a == b]
    assert repeats == []
    assert events[-1]["phase"] == "done"
