from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

import pytest

from tests.fakes.discogs_server import FakeDiscogs
from wax.errors import (
    Conflict,
    DiscogsNotConfigured,
    DiscogsUnavailable,
    Forbidden,
    InvalidInput,
    NotFound,
)
from wax.models import Record, User
from wax.resolvers import discogs_records
from wax.resolvers.discogs_records import FetchedRecord
from wax.resolvers.users import create_user
from wax.services import Services
from wax.settings import Settings


@pytest.fixture
def settings(discogs_settings: Settings) -> Settings:
    return discogs_settings


@pytest.fixture
async def admin_user(services: Services) -> User:
    user, _ = await create_user("ann", is_admin=True)
    return user


async def fetch(services: Services, user: User, release_id: object) -> FetchedRecord:
    """fetch_record as the app calls it: into the collection of the configured account."""
    return await discogs_records.fetch_record(
        services.discogs, user, release_id, collection_username=services.settings.discogs_username
    )


def same_artist_releases(fake: FakeDiscogs, count: int) -> list[int]:
    """`count` vinyl releases by one artist, so one artist+title search finds them all."""
    ids = list(range(900_001, 900_001 + count))
    for number, release_id in enumerate(ids):
        fake.make_release(
            release_id,
            artist="The Testers",
            title=f"Take {number}",
            catno=f"TT-{number}",
            formats=[{"name": "Vinyl", "qty": "1", "descriptions": ['7"'], "text": "Red"}],
        )
    return ids


@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"catalog_number": "   "},
        {"catalog_number": "SK032", "upc": "123"},
        {"artist": "Persuader"},
        {"title": "Stockholm"},
        {"catalog_number": "SK032", "artist": "Persuader", "title": "Stockholm"},
        {"upc": "1" * 201},
    ],
)
async def test_a_search_needs_exactly_one_way_of_searching(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User, arguments: dict[str, Any]
) -> None:
    with pytest.raises(InvalidInput):
        await discogs_records.search_releases(services.discogs, admin_user, **arguments)
    assert fake_discogs.count() == 0


@pytest.mark.parametrize("discogs_settings", [{"discogs_token": None}], indirect=True)
async def test_a_search_without_a_token_says_which_setting_is_missing(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    with pytest.raises(DiscogsNotConfigured, match="DISCOGS_TOKEN"):
        await discogs_records.search_releases(services.discogs, admin_user, catalog_number="SK032")
    assert fake_discogs.count() == 0


async def test_each_way_of_searching_finds_the_release_with_its_vinyl_formats(
    services: Services, admin_user: User
) -> None:
    by_catno = await discogs_records.search_releases(
        services.discogs, admin_user, catalog_number="SK032"
    )
    by_title = await discogs_records.search_releases(
        services.discogs, admin_user, artist="Persuader", title="City Of Islands"
    )
    by_upc = await discogs_records.search_releases(services.discogs, admin_user, upc="074646362822")
    assert [hit.id for hit in by_catno.results] == [1]
    assert [hit.id for hit in by_title.results] == [79]
    assert [hit.id for hit in by_upc.results] == [3]
    stockholm = by_catno.results[0]
    assert stockholm.enriched is True
    assert (stockholm.record_size, stockholm.is_shaped_vinyl) == ('12"', False)
    assert stockholm.year == "1999"
    assert stockholm.labels == ["Svek"]
    cd = by_upc.results[0]
    assert cd.enriched is True
    assert cd.record_size is None  # a CD is no record


async def test_a_search_enriches_its_ten_results_concurrently(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    same_artist_releases(fake_discogs, 12)
    fake_discogs.set_latency(0.5, path="/releases/*")
    started = time.monotonic()
    found = await discogs_records.search_releases(
        services.discogs, admin_user, artist="The Testers", title="Take"
    )
    elapsed = time.monotonic() - started
    assert found.count == 10
    assert all(hit.enriched and hit.record_size == '7"' for hit in found.results)
    assert fake_discogs.count("GET", "/releases/*") == 10
    assert elapsed < 3.0, f"ten lookups of 0.5 s took {elapsed:.2f} s: not concurrent"


async def test_a_failed_enrichment_returns_that_result_without_format_fields(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    ids = same_artist_releases(fake_discogs, 3)
    fake_discogs.inject("GET", f"/releases/{ids[1]}", status=500, times=None)
    found = await discogs_records.search_releases(
        services.discogs, admin_user, artist="The Testers", title="Take"
    )
    by_id = {hit.id: hit for hit in found.results}
    assert by_id[ids[1]].enriched is False
    assert by_id[ids[1]].record_size is None
    assert by_id[ids[1]].vinyl_color is None
    assert by_id[ids[1]].is_shaped_vinyl is None
    assert by_id[ids[1]].title == "The Testers - Take 1"
    assert by_id[ids[0]].enriched is True
    assert by_id[ids[0]].vinyl_color == "Red"


async def test_a_search_fails_as_unavailable_when_discogs_does(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    fake_discogs.inject("GET", "/database/search", status=503, times=None)
    with pytest.raises(DiscogsUnavailable):
        await discogs_records.search_releases(services.discogs, admin_user, catalog_number="SK032")


async def test_fetching_saves_the_release_and_adds_it_to_the_collection_once(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    fetched = await fetch(services, admin_user, 79)
    record = await Record.get(id=fetched.record.id)
    assert (record.artist_name, record.album_title) == ("Persuader, The", "City Of Islands")
    assert (record.discogs_id, record.data_source, record.record_size) == ("79", "discogs", '12"')
    assert record.is_synced_with_discogs is True
    assert fetched.in_discogs_collection is True
    assert len(fake_discogs.instances_of(79)) == 1


async def test_fetching_a_release_already_in_the_collection_adds_no_second_copy(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    fake_discogs.add_to_collection(79)
    fetched = await fetch(services, admin_user, 79)
    assert fetched.record.is_synced_with_discogs is True
    assert len(fake_discogs.instances_of(79)) == 1
    assert fake_discogs.count("POST") == 0


async def test_fetching_right_after_a_search_spends_no_extra_release_request(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    await discogs_records.search_releases(services.discogs, admin_user, catalog_number="SK032")
    assert fake_discogs.count("GET", "/releases/*") == 1
    await fetch(services, admin_user, 1)
    assert fake_discogs.count("GET", "/releases/*") == 1


@pytest.mark.parametrize(
    "fault",
    [
        {"method": "GET", "path": "/users/*/collection/releases/*", "status": 500},
        {"method": "GET", "path": "/users/*/collection/releases/*", "drop": True},
        {"method": "POST", "path": "/users/*", "status": 500},
        {"method": "POST", "path": "/users/*", "status": 503},
    ],
    ids=["check-fails", "check-drops", "add-fails", "add-unavailable"],
)
async def test_a_failed_collection_add_keeps_the_record_unsynced(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User, fault: dict[str, Any]
) -> None:
    fake_discogs.inject(fault.pop("method"), fault.pop("path"), times=None, **fault)
    fetched = await fetch(services, admin_user, 79)
    assert fetched.in_discogs_collection is False
    stored = await Record.get(id=fetched.record.id)
    assert stored.is_synced_with_discogs is False
    assert fake_discogs.instances_of(79) == []


@pytest.mark.parametrize("discogs_settings", [{"discogs_username": None}], indirect=True)
async def test_without_a_username_fetching_leaves_the_collection_alone(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    fetched = await fetch(services, admin_user, 79)
    assert fetched.in_discogs_collection is None
    assert fetched.record.is_synced_with_discogs is False
    assert fake_discogs.count("*", "/users/*") == 0


async def test_fetching_a_release_twice_is_a_conflict_carrying_the_record(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    first = await fetch(services, admin_user, 79)
    requests_before = fake_discogs.count()
    with pytest.raises(Conflict) as duplicate:
        await fetch(services, admin_user, 79)
    assert duplicate.value.existing.id == first.record.id
    assert fake_discogs.count() == requests_before
    assert await Record.filter(discogs_id="79").count() == 1


async def test_two_fetches_racing_for_one_release_make_one_record_and_one_copy(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    fake_discogs.set_latency(0.2, path="/releases/*")
    outcomes = await asyncio.gather(
        fetch(services, admin_user, 2),
        fetch(services, admin_user, 2),
        return_exceptions=True,
    )
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    saved = [o for o in outcomes if isinstance(o, discogs_records.FetchedRecord)]
    assert (len(saved), len(conflicts)) == (1, 1), outcomes
    assert conflicts[0].existing.id == saved[0].record.id
    assert await Record.filter(discogs_id="2").count() == 1
    assert len(fake_discogs.instances_of(2)) == 1


async def test_fetching_an_unknown_release_is_not_found_and_saves_nothing(
    services: Services, admin_user: User
) -> None:
    with pytest.raises(NotFound, match="123456789"):
        await fetch(services, admin_user, 123456789)
    assert await Record.all().count() == 0


@pytest.mark.parametrize(
    "fault",
    [
        {"status": 500},
        {"status": 503},
        {"status": 429},
        {"status": 429, "retry_after": 0.05},
        {"malformed": True},
        {"drop": True},
    ],
    ids=["500", "503", "429", "429-retry-after", "malformed", "dropped"],
)
async def test_when_discogs_fails_a_fetch_is_unavailable_and_saves_nothing(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User, fault: dict[str, Any]
) -> None:
    fake_discogs.inject("GET", "/releases/*", times=None, **fault)
    with pytest.raises(DiscogsUnavailable):
        await fetch(services, admin_user, 79)
    assert await Record.all().count() == 0


@pytest.mark.parametrize("release_id", [0, -5, True, "79", 1.5, None])
async def test_a_release_id_must_be_a_positive_whole_number(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User, release_id: Any
) -> None:
    with pytest.raises(InvalidInput) as refused:
        await fetch(services, admin_user, release_id)
    assert refused.value.field == "releaseId"
    assert fake_discogs.count() == 0


async def test_refreshing_overwrites_discogs_fields_and_keeps_the_rest(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    record = await Record.create(
        artist_name="typo",
        album_title="typo",
        discogs_id="1",
        data_source="manual",
        is_synced_with_discogs=True,
        vinyl_color="Chartreuse",
    )
    await discogs_records.search_releases(services.discogs, admin_user, catalog_number="SK032")
    refreshed = await discogs_records.refresh_record(
        services.discogs, admin_user, str(record.id), "1"
    )
    stored = await Record.get(id=record.id)
    assert (stored.artist_name, stored.album_title) == ("Persuader, The", "Stockholm")
    assert stored.vinyl_color is None
    assert stored.record_size == '12"'
    assert (stored.data_source, stored.is_synced_with_discogs) == ("manual", True)
    assert stored.created_at == record.created_at
    assert refreshed.updated_at > record.updated_at
    # a refresh asks Discogs afresh even though the search just looked the release up
    assert fake_discogs.count("GET", "/releases/1") == 2


async def test_refreshing_refuses_unknown_records_releases_and_taken_discogs_ids(
    services: Services, admin_user: User
) -> None:
    mine = await Record.create(artist_name="a", album_title="b", discogs_id="2")
    other = await Record.create(artist_name="c", album_title="d", discogs_id="79")
    with pytest.raises(NotFound):
        await discogs_records.refresh_record(
            services.discogs, admin_user, "00000000-0000-4000-8000-000000000000", "2"
        )
    with pytest.raises(Conflict) as taken:
        await discogs_records.refresh_record(services.discogs, admin_user, mine.id, "79")
    assert taken.value.existing.id == other.id
    with pytest.raises(NotFound, match="Discogs"):
        await discogs_records.refresh_record(services.discogs, admin_user, mine.id, "987654321")
    with pytest.raises(InvalidInput) as bad:
        await discogs_records.refresh_record(services.discogs, admin_user, mine.id, "seventy-nine")
    assert bad.value.field == "discogsId"
    with pytest.raises(InvalidInput) as bad_id:
        await discogs_records.refresh_record(services.discogs, admin_user, "nope", "2")
    assert bad_id.value.field == "recordId"
    assert (await Record.get(id=mine.id)).discogs_id == "2"


async def test_only_admins_fetch_or_refresh_but_anyone_searches(
    services: Services, fake_discogs: FakeDiscogs, admin_user: User
) -> None:
    member, _ = await create_user("bob")
    record = await Record.create(artist_name="a", album_title="b", discogs_id="2")
    with pytest.raises(Forbidden):
        await fetch(services, member, 79)
    with pytest.raises(Forbidden):
        await discogs_records.refresh_record(services.discogs, member, record.id, "2")
    assert fake_discogs.count() == 0
    found = await discogs_records.search_releases(services.discogs, member, catalog_number="SK032")
    assert found.count == 1


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({}, []),
        ({"discogs_username": None}, ["DISCOGS_USERNAME"]),
        ({"discogs_token": None, "discogs_username": None}, ["DISCOGS_TOKEN", "DISCOGS_USERNAME"]),
    ],
)
def test_readiness_names_the_missing_settings(
    discogs_settings: Settings, overrides: dict[str, Any], missing: list[str]
) -> None:
    readiness = discogs_records.discogs_readiness(replace(discogs_settings, **overrides))
    assert readiness.missing == missing
    assert readiness.ready is (not missing)
