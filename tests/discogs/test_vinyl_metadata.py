"""extract_vinyl_metadata on every release in the fixtures, and on one case per rule."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.discogs.conftest import FIXTURES, fixture_json
from wax.discogs.metadata import NOT_VINYL, VinylMetadata, extract_vinyl_metadata


def vinyl(**fields: Any) -> VinylMetadata:
    defaults: dict[str, Any] = {
        "is_vinyl": True,
        "record_size": None,
        "vinyl_color": None,
        "is_shaped_vinyl": False,
        "speed_rpm": None,
        "disc_count": 1,
        "is_picture_disc": False,
        "weight_grams": None,
    }
    return VinylMetadata(**{**defaults, **fields})


def http_fixture(name: str) -> Any:
    _, body = (FIXTURES / "ricbra" / name).read_text(encoding="utf-8").split("\n\n", 1)
    return json.loads(body)


def collection_item(source: str, release_id: int) -> dict[str, Any]:
    [item] = [i for i in fixture_json(source)["releases"] if i["id"] == release_id]
    return dict(item["basic_information"])


JOALLA_COLLECTION = "joalla/users_example_collection_folders_0_releases_page_1_per_page_50.json"
IRLNDTS_COLLECTION = "irlndts/collectionItemsByFolderJson.json"

FIXTURE_RELEASES: list[tuple[str, dict[str, Any], VinylMetadata]] = [
    # two 12" discs
    (
        "joalla release 1",
        fixture_json("joalla/releases_1.json"),
        vinyl(record_size='12"', disc_count=2),
    ),
    (
        "joalla release 2",
        fixture_json("joalla/releases_2.json"),
        vinyl(record_size='12"', speed_rpm="33 ⅓"),
    ),
    ("joalla release 79", fixture_json("joalla/releases_79.json"), vinyl(record_size='12"')),
    ("joalla release 3 (CD)", fixture_json("joalla/releases_3.json"), NOT_VINYL),
    ("joalla release 3329867 (File)", fixture_json("joalla/releases_3329867.json"), NOT_VINYL),
    (
        "ricbra release 1",
        http_fixture("get_release.http"),
        vinyl(record_size='12"', speed_rpm="33 ⅓", disc_count=2),
    ),
    # an LP carries no size; its text is packaging and weight, not a colour
    (
        "joalla collection 6794957",
        collection_item(JOALLA_COLLECTION, 6794957),
        vinyl(disc_count=5, weight_grams=180),
    ),
    (
        "joalla collection 457553",
        collection_item(JOALLA_COLLECTION, 457553),
        vinyl(record_size='12"'),
    ),
    (
        "joalla collection 656052",
        collection_item(JOALLA_COLLECTION, 656052),
        vinyl(record_size='12"', speed_rpm="45"),
    ),
    ("irlndts release 8138518", fixture_json("irlndts/releaseJson.json"), vinyl()),
    (
        "irlndts collection 12934893",
        collection_item(IRLNDTS_COLLECTION, 12934893),
        vinyl(vinyl_color="Purple"),
    ),
    ("irlndts collection 4825435", collection_item(IRLNDTS_COLLECTION, 4825435), vinyl()),
    (
        "irlndts collection by release",
        fixture_json("irlndts/collectionItemsByRelease.json")["releases"][0]["basic_information"],
        vinyl(vinyl_color="Purple"),
    ),
    (
        "ricbra collection item (CDr)",
        http_fixture("get_collection_items_by_folder.http")["releases"][0]["basic_information"],
        NOT_VINYL,
    ),
]


@pytest.mark.parametrize(
    ("release", "expected"),
    [pytest.param(release, expected, id=name) for name, release, expected in FIXTURE_RELEASES],
)
def test_every_fixture_release_gives_its_vinyl_metadata(
    release: dict[str, Any], expected: VinylMetadata
) -> None:
    assert extract_vinyl_metadata(release["formats"]) == expected


def test_78_rpm_is_a_speed_not_a_size() -> None:
    metadata = extract_vinyl_metadata([{"name": "Shellac", "qty": "1", "descriptions": ["78 RPM"]}])

    assert metadata == vinyl(speed_rpm="78")


def test_a_shellac_with_a_size_and_78_rpm_keeps_both_apart() -> None:
    formats = [{"name": "Shellac", "qty": "1", "descriptions": ['10"', "78 RPM", "Single"]}]

    assert extract_vinyl_metadata(formats) == vinyl(record_size='10"', speed_rpm="78")


@pytest.mark.parametrize(("description", "size"), [('7"', '7"'), ('10"', '10"'), ('12"', '12"')])
def test_the_size_comes_from_the_inch_description(description: str, size: str) -> None:
    formats = [{"name": "Vinyl", "qty": "1", "descriptions": [description, "45 RPM", "Single"]}]

    assert extract_vinyl_metadata(formats).record_size == size


def test_a_white_label_is_a_promo_pressing_not_a_colour() -> None:
    formats = [
        {
            "name": "Vinyl",
            "qty": "1",
            "text": "White Label",
            "descriptions": ['12"', "33 ⅓ RPM", "Promo", "White Label"],
        }
    ]

    assert extract_vinyl_metadata(formats).vinyl_color is None


def test_packaging_and_weight_text_is_not_a_colour_but_the_colour_beside_it_is() -> None:
    formats = [{"name": "Vinyl", "qty": "1", "text": "Red Translucent, Gatefold, 180 Gram"}]

    metadata = extract_vinyl_metadata(formats)

    assert metadata.vinyl_color == "Red Translucent"
    assert metadata.weight_grams == 180


def test_a_picture_disc_alone_is_not_shaped() -> None:
    formats = [{"name": "Vinyl", "qty": "1", "descriptions": ['12"', "Picture Disc"]}]

    assert extract_vinyl_metadata(formats) == vinyl(record_size='12"', is_picture_disc=True)


def test_a_shape_description_makes_a_shaped_record() -> None:
    formats = [{"name": "Vinyl", "qty": "1", "descriptions": ["Shape", "Picture Disc", "Single"]}]

    metadata = extract_vinyl_metadata(formats)

    assert metadata.is_shaped_vinyl is True
    assert metadata.is_picture_disc is True


def test_shaped_in_the_text_makes_a_shaped_record() -> None:
    formats = [{"name": "Vinyl", "qty": "1", "descriptions": ["Single"], "text": "Heart Shaped"}]

    assert extract_vinyl_metadata(formats).is_shaped_vinyl is True


def test_a_quantity_of_two_is_two_discs() -> None:
    formats = [{"name": "Vinyl", "qty": "2", "descriptions": ["LP", "Album"], "text": "Clear"}]

    assert extract_vinyl_metadata(formats) == vinyl(disc_count=2, vinyl_color="Clear")


def test_two_vinyl_formats_add_up_and_keep_both_colours() -> None:
    formats = [
        {"name": "Vinyl", "qty": "1", "descriptions": ["LP", "Album"], "text": "White Marble"},
        {"name": "Vinyl", "qty": "1", "descriptions": ['12"', "45 RPM"], "text": "Blue"},
    ]

    metadata = extract_vinyl_metadata(formats)

    assert metadata.disc_count == 2
    assert metadata.vinyl_color == "White Marble, Blue"
    assert metadata.record_size == '12"'
    assert metadata.speed_rpm == "45"


@pytest.mark.parametrize(
    "formats",
    [
        [{"name": "CD", "qty": "1", "descriptions": ["Album"], "text": "Blue"}],
        [{"name": "File", "qty": "6", "descriptions": ["MP3", "Album"], "text": "320 kbps"}],
        [{"name": "Cassette", "qty": "1", "descriptions": ["Album"]}],
        [],
    ],
    ids=["CD", "File", "Cassette", "no formats"],
)
def test_non_vinyl_releases_give_nulls(formats: list[dict[str, Any]]) -> None:
    assert extract_vinyl_metadata(formats) == NOT_VINYL


def test_only_the_vinyl_formats_of_a_mixed_release_count() -> None:
    formats = [
        {"name": "CD", "qty": "2", "descriptions": ['12"', "Shape"], "text": "Gold"},
        {"name": "Box Set", "qty": "1", "descriptions": ["Limited Edition"]},
        {"name": "Vinyl", "qty": "3", "descriptions": ["LP"], "text": "Black"},
    ]

    assert extract_vinyl_metadata(formats) == vinyl(disc_count=3, vinyl_color="Black")


@pytest.mark.parametrize("name", ["Lathe Cut", "Flexi-disc", "Shellac", "Acetate", "vinyl"])
def test_every_kind_of_record_counts_as_vinyl(name: str) -> None:
    formats = [{"name": name, "qty": "1", "descriptions": ['7"']}]

    assert extract_vinyl_metadata(formats) == vinyl(record_size='7"')


@pytest.mark.parametrize(
    ("description", "speed"),
    [("33 ⅓ RPM", "33 ⅓"), ("45 RPM", "45"), ("78 RPM", "78"), ("16 ⅔ RPM", "16 ⅔")],
)
def test_the_speed_comes_from_the_rpm_description(description: str, speed: str) -> None:
    formats = [{"name": "Vinyl", "qty": "1", "descriptions": [description]}]

    assert extract_vinyl_metadata(formats).speed_rpm == speed


@pytest.mark.parametrize(
    "formats",
    [
        [{"name": "Vinyl"}],
        [{"name": "Vinyl", "qty": None, "descriptions": None, "text": None}],
        [{"name": "Vinyl", "qty": "lots", "descriptions": "12 inch", "text": 7}],
        [{"name": "Vinyl", "descriptions": [None, 12, '12"']}],
        [None, "Vinyl", {"name": None}, {"name": "Vinyl"}],
    ],
)
def test_odd_shapes_do_not_raise(formats: Any) -> None:
    metadata = extract_vinyl_metadata(formats)

    assert metadata.is_vinyl is True
    assert metadata.disc_count is not None
    assert metadata.disc_count >= 1
