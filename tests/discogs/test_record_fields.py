"""The Record fields filled from a release and from a collection item."""

from __future__ import annotations

from typing import Any

import pytest

from tests.discogs.conftest import fixture_json
from wax.discogs.metadata import (
    barcode_of,
    record_fields_from_collection_item,
    record_fields_from_release,
)
from wax.models.records import Record

DISCOGS_FIELDS = {
    "artist_name",
    "album_title",
    "year_released",
    "label_name",
    "catalog_number",
    "discogs_id",
    "discogs_uri",
    "thumbnail_url",
    "cover_image_url",
    "genres",
    "styles",
    "upc_code",
    "record_size",
    "vinyl_color",
    "is_shaped_vinyl",
    "speed_rpm",
    "disc_count",
    "is_picture_disc",
    "weight_grams",
}


def test_the_fields_are_exactly_record_fields() -> None:
    model_fields = set(Record._meta.fields_map)

    release_keys = set(record_fields_from_release(fixture_json("joalla/releases_1.json")))
    item = fixture_json("irlndts/collectionItemsByFolderJson.json")["releases"][0]
    item_keys = set(record_fields_from_collection_item(item))

    assert release_keys == item_keys == DISCOGS_FIELDS
    assert model_fields >= DISCOGS_FIELDS


def test_a_release_fills_every_field_it_knows() -> None:
    fields = record_fields_from_release(fixture_json("joalla/releases_1.json"))

    assert fields == {
        "artist_name": "Persuader, The",
        "album_title": "Stockholm",
        "year_released": 1999,
        "label_name": "Svek",
        "catalog_number": "SK032",
        "discogs_id": "1",
        "discogs_uri": "https://www.discogs.com/release/1",
        "thumbnail_url": "/image/R-150-1-1193812031.jpeg",
        "cover_image_url": "/image/R-1-1193812031.jpeg",
        "genres": ["Electronic"],
        "styles": ["Deep House"],
        "upc_code": None,
        "record_size": '12"',
        "vinyl_color": None,
        "is_shaped_vinyl": False,
        "speed_rpm": None,
        "disc_count": 2,
        "is_picture_disc": False,
        "weight_grams": None,
    }


def test_a_release_uri_from_discogs_is_kept() -> None:
    fields = record_fields_from_release(fixture_json("irlndts/releaseJson.json"))

    assert fields["discogs_uri"] == (
        "https://www.discogs.com/SPB-Ska-Jazz-Review-Elephant-Riddim/release/8138518"
    )
    assert fields["discogs_id"] == "8138518"
    # only Matrix / Runout identifiers: no barcode
    assert fields["upc_code"] is None


def test_a_relative_uri_is_made_absolute() -> None:
    fields = record_fields_from_release({"id": 5, "uri": "/Artist-Title/release/5"})

    assert fields["discogs_uri"] == "https://www.discogs.com/Artist-Title/release/5"


def test_a_cd_release_has_its_barcode_and_no_vinyl_fields() -> None:
    fields = record_fields_from_release(fixture_json("joalla/releases_3.json"))

    assert fields["upc_code"] == "074646362822"
    assert fields["record_size"] is None
    assert fields["disc_count"] is None
    assert fields["is_shaped_vinyl"] is False


def test_several_artists_are_joined_as_discogs_shows_them() -> None:
    fields = record_fields_from_release(fixture_json("joalla/releases_3329867.json"))

    assert fields["artist_name"] == "Trash80 & Dma-Sc"
    assert fields["catalog_number"] is None  # Discogs writes "none" for no catalogue number


@pytest.mark.parametrize(
    ("artists", "name"),
    [
        ([{"name": "Nirvana (2)", "join": "", "anv": "Nirvana UK"}], "Nirvana"),
        ([{"name": "A", "join": ","}, {"name": "B", "join": "&"}, {"name": "C"}], "A, B & C"),
        ([{"name": "Orion", "join": "Featuring"}, {"name": "Royal (3)"}], "Orion Featuring Royal"),
    ],
)
def test_artist_names_drop_the_numeric_disambiguation(
    artists: list[dict[str, str]], name: str
) -> None:
    assert record_fields_from_release({"id": 1, "artists": artists})["artist_name"] == name


def test_a_collection_item_needs_no_further_request() -> None:
    item = fixture_json("irlndts/collectionItemsByFolderJson.json")["releases"][0]

    fields = record_fields_from_collection_item(item)

    assert fields == {
        "artist_name": "Zoo Lake",
        "album_title": "Zonk",
        "year_released": 2018,
        "label_name": "Permanent Record",
        "catalog_number": "PR014",
        "discogs_id": "12934893",
        "discogs_uri": "https://www.discogs.com/release/12934893",
        "thumbnail_url": None,  # Discogs sent ""
        "cover_image_url": None,
        "genres": ["Rock"],
        "styles": ["Post-Punk", "Shoegaze", "Psychedelic Rock", "Noise", "Garage Rock", "Lo-Fi"],
        "upc_code": None,
        "record_size": None,
        "vinyl_color": "Purple",
        "is_shaped_vinyl": False,
        "speed_rpm": None,
        "disc_count": 1,
        "is_picture_disc": False,
        "weight_grams": None,
    }


def test_a_collection_item_keeps_its_images_and_weight() -> None:
    page = "joalla/users_example_collection_folders_0_releases_page_1_per_page_50.json"
    item = fixture_json(page)["releases"][0]

    fields = record_fields_from_collection_item(item)

    assert fields["artist_name"] == "Kruder & Dorfmeister"
    assert fields["vinyl_color"] is None  # "Trifold Cover, 180 g"
    assert fields["weight_grams"] == 180
    assert fields["disc_count"] == 5
    assert fields["cover_image_url"].startswith("https://img.discogs.com/")
    assert fields["thumbnail_url"].startswith("https://img.discogs.com/")


def test_year_zero_means_unknown() -> None:
    assert record_fields_from_release({"id": 1, "year": 0})["year_released"] is None
    assert record_fields_from_release({"id": 1, "year": "1997"})["year_released"] == 1997


@pytest.mark.parametrize(
    "release",
    [
        {},
        {"id": None, "artists": "Someone", "labels": [None], "formats": None, "year": "soon"},
        {"id": "abc", "title": 5, "genres": "Rock", "images": [{"uri": None}], "identifiers": 3},
        {"basic_information": None},
    ],
)
def test_odd_shapes_give_nones_not_errors(release: dict[str, Any]) -> None:
    for fields in (
        record_fields_from_release(release),
        record_fields_from_collection_item(release),
    ):
        assert set(fields) == DISCOGS_FIELDS
        assert fields["artist_name"] is None
        assert fields["discogs_id"] is None
        assert fields["discogs_uri"] is None
        assert fields["genres"] == []


def test_overlong_text_is_clipped_to_fit_the_columns() -> None:
    fields = record_fields_from_release(
        {"id": 1, "title": "x" * 2000, "labels": [{"name": "L", "catno": "C" * 900}]}
    )

    assert len(fields["album_title"]) == 512
    assert len(fields["catalog_number"]) == 255


@pytest.mark.parametrize(
    ("identifiers", "barcode"),
    [
        ([{"type": "Barcode", "value": "0 74646 36282 2"}], "074646362822"),
        ([{"type": "Matrix / Runout", "value": "MPO SK026-A"}], None),
        (
            [
                {"type": "Barcode", "value": "Text"},
                {"type": "Barcode", "value": "5-012394-144777"},
            ],
            "5012394144777",
        ),
        ([], None),
    ],
)
def test_the_barcode_is_the_barcode_identifier(
    identifiers: list[dict[str, str]], barcode: str | None
) -> None:
    assert barcode_of({"identifiers": identifiers}) == barcode
