"""Release data for the fake Discogs: the real fixtures, and generated releases shaped like them.

Generated releases are deterministic (seeded per index) and cover the vinyl formats wax must
understand: sizes with and without a size description, colours, weights and packaging in the
free text, shaped and round picture discs, shellac, flexi-discs, lathe cuts, multi-disc sets.
"""

from __future__ import annotations

import copy
import json
import random
import re
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "discogs"
PUBLIC_API = "https://api.discogs.com"
GENERATED_ID_START = 20_000_000

Release = dict[str, Any]


def load_fixture_releases() -> list[Release]:
    """Every full release among the fixtures (vinyl, CD and file releases alike)."""
    paths = sorted((FIXTURES / "joalla").glob("releases_*.json"))
    paths.append(FIXTURES / "irlndts" / "releaseJson.json")
    releases = [json.loads(path.read_text()) for path in paths]
    return [release for release in releases if isinstance(release.get("id"), int)]


def load_fixture_collection_items() -> list[dict[str, Any]]:
    """The collection items of the fixtures' folder pages (they carry basic_information)."""
    pages = [
        FIXTURES / "joalla" / "users_example_collection_folders_0_releases_page_1_per_page_50.json",
        FIXTURES / "irlndts" / "collectionItemsByFolderJson.json",
    ]
    items: list[dict[str, Any]] = []
    for page in pages:
        items.extend(json.loads(page.read_text())["releases"])
    return items


def release_from_basic_information(basic: dict[str, Any]) -> Release:
    """A full release built from a collection item's basic_information, for the catalogue."""
    release = copy.deepcopy(basic)
    release_id = int(release["id"])
    release.setdefault("resource_url", f"{PUBLIC_API}/releases/{release_id}")
    release.setdefault("uri", f"https://www.discogs.com/release/{release_id}")
    release.setdefault("identifiers", [])
    release.setdefault("country", None)
    release.setdefault("status", "Accepted")
    cover = release.pop("cover_image", None) or ""
    thumb = release.get("thumb") or ""
    release["images"] = (
        [{"type": "primary", "uri": cover, "resource_url": cover, "uri150": thumb}] if cover else []
    )
    return release


def basic_information(release: Release) -> dict[str, Any]:
    """What a collection item says about its release (no per-release request needed)."""
    images = release.get("images") or []
    primary = next((image for image in images if image.get("type") == "primary"), None)
    cover = (primary or (images[0] if images else {})).get("uri", "")
    return {
        "id": release["id"],
        "master_id": release.get("master_id", 0),
        "master_url": release.get("master_url"),
        "resource_url": release.get("resource_url", f"{PUBLIC_API}/releases/{release['id']}"),
        "thumb": release.get("thumb", ""),
        "cover_image": cover,
        "title": release.get("title", ""),
        "year": release.get("year", 0),
        "formats": copy.deepcopy(release.get("formats", [])),
        "labels": copy.deepcopy(release.get("labels", [])),
        "artists": copy.deepcopy(release.get("artists", [])),
        "genres": list(release.get("genres", [])),
        "styles": list(release.get("styles", [])),
    }


def search_result(release: Release) -> dict[str, Any]:
    """A release as /database/search lists it: year as a string, names flattened, no `formats`."""
    artists = " & ".join(artist.get("name", "") for artist in release.get("artists", []))
    labels = release.get("labels", [])
    formats = release.get("formats", [])
    images = release.get("images") or []
    barcodes = [
        identifier.get("value", "")
        for identifier in release.get("identifiers", [])
        if identifier.get("type") in {"Barcode", "Matrix / Runout"}
    ]
    year = release.get("year")
    return {
        "id": release["id"],
        "type": "release",
        "title": f"{artists} - {release.get('title', '')}",
        "year": str(year) if year else None,
        "country": release.get("country") or "",
        "format": [
            part
            for fmt in formats
            for part in [fmt.get("name", ""), *fmt.get("descriptions", [])]
            if part
        ],
        "label": [label.get("name", "") for label in labels],
        "catno": labels[0].get("catno", "") if labels else "",
        "barcode": barcodes,
        "genre": list(release.get("genres", [])),
        "style": list(release.get("styles", [])),
        "thumb": release.get("thumb", ""),
        "cover_image": images[0].get("uri", "") if images else "",
        "uri": release.get("uri", f"/release/{release['id']}"),
        "resource_url": release.get("resource_url", f"{PUBLIC_API}/releases/{release['id']}"),
        "master_id": release.get("master_id", 0),
        "community": {"have": 0, "want": 0},
    }


def barcodes_of(release: Release) -> list[str]:
    return [
        identifier.get("value", "")
        for identifier in release.get("identifiers", [])
        if identifier.get("type") == "Barcode"
    ]


def catalog_numbers_of(release: Release) -> list[str]:
    return [label.get("catno", "") for label in release.get("labels", [])]


def artist_names_of(release: Release) -> list[str]:
    return [artist.get("name", "") for artist in release.get("artists", [])]


def normalise_code(value: str) -> str:
    """Catalogue numbers and barcodes compare without case, spaces or punctuation."""
    return re.sub(r"[^0-9a-z]", "", value.lower())


# the vinyl variety a collection holds, as Discogs writes it
VINYL_FORMATS: list[list[dict[str, Any]]] = [
    [{"name": "Vinyl", "qty": "1", "descriptions": ["LP", "Album"]}],
    [
        {
            "name": "Vinyl",
            "qty": "1",
            "descriptions": ['12"', "33 ⅓ RPM", "Album"],
            "text": "180 g",
        }
    ],
    [{"name": "Vinyl", "qty": "1", "descriptions": ['7"', "45 RPM", "Single"]}],
    [{"name": "Vinyl", "qty": "1", "descriptions": ['10"', "EP"], "text": "Red Translucent"}],
    [
        {
            "name": "Vinyl",
            "qty": "2",
            "descriptions": ["LP", "Album", "Limited Edition"],
            "text": "White Marble",
        }
    ],
    [{"name": "Vinyl", "qty": "1", "descriptions": ['12"', "Picture Disc", "Shape"]}],
    [{"name": "Vinyl", "qty": "1", "descriptions": ['12"', "Picture Disc"]}],
    [{"name": "Shellac", "qty": "1", "descriptions": ['10"', "78 RPM"]}],
    [{"name": "Flexi-disc", "qty": "1", "descriptions": ['7"', "33 ⅓ RPM", "Single Sided"]}],
    [{"name": "Lathe Cut", "qty": "1", "descriptions": ['12"', "45 RPM"], "text": "Clear"}],
    [
        {
            "name": "Vinyl",
            "qty": "1",
            "descriptions": ['12"', "45 RPM", "Promo"],
            "text": "White Label",
        }
    ],
    [
        {
            "name": "Vinyl",
            "qty": "3",
            "descriptions": ["LP", "Album"],
            "text": "Trifold Cover, 180 g",
        }
    ],
    [
        {"name": "Vinyl", "qty": "2", "descriptions": ['12"', "LP"], "text": "Blue"},
        {"name": "Vinyl", "qty": "1", "descriptions": ['7"', "Single"]},
    ],
]

_ADJECTIVES = ["Velvet", "Electric", "Silent", "Golden", "Broken", "Midnight", "Paper", "Crystal"]
_NOUNS = ["Owls", "Rivers", "Machines", "Gardens", "Satellites", "Lanterns", "Wolves", "Tides"]
_WORDS = ["Echo", "Harbour", "Summer", "Static", "Bloom", "Orbit", "Ember", "Drift", "Glass"]
_LABELS = [("Warp", "WARP"), ("Sub Pop", "SP"), ("Rough Trade", "RT"), ("Ninja Tune", "ZEN")]
_GENRES = [("Electronic", ["House", "Techno"]), ("Rock", ["Post-Punk", "Shoegaze"])]
_GENRES += [("Jazz", ["Hard Bop"]), ("Funk / Soul", ["Disco", "Soul"])]
_COUNTRIES = ["UK", "US", "Germany", "Sweden", "Japan", "France"]


def generated_release(index: int, *, seed: int = 0, **overrides: Any) -> Release:
    """The `index`-th generated release: the same for the same index and seed, every run."""
    rng = random.Random(f"wax-fake-discogs:{seed}:{index}")
    release_id = GENERATED_ID_START + seed * 1_000_000 + index
    artist = f"The {rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}"
    title = f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}"
    label, prefix = rng.choice(_LABELS)
    genre, styles = rng.choice(_GENRES)
    release = make_release(
        release_id,
        artist=artist,
        title=title,
        year=rng.randint(1958, 2024),
        label=label,
        catno=f"{prefix}-{index:05d}",
        formats=copy.deepcopy(VINYL_FORMATS[index % len(VINYL_FORMATS)]),
        genres=[genre],
        styles=list(styles),
        barcode=f"50{seed % 10}{index:010d}",
        country=rng.choice(_COUNTRIES),
    )
    release.update(overrides)
    return release


def make_release(
    release_id: int,
    *,
    artist: str = "Test Artist",
    title: str = "Test Title",
    year: int | None = 2001,
    label: str = "Test Label",
    catno: str = "TEST-001",
    formats: list[dict[str, Any]] | None = None,
    genres: list[str] | None = None,
    styles: list[str] | None = None,
    barcode: str | None = None,
    country: str | None = "UK",
) -> Release:
    """A full release as GET /releases/{id} returns it."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", f"{artist} {title}").strip("-")
    image = f"https://i.discogs.test/R-{release_id}.jpeg"
    identifiers = [{"type": "Matrix / Runout", "value": f"{catno}-A"}]
    if barcode:
        identifiers.insert(0, {"type": "Barcode", "value": barcode})
    tracks = [("A1", "Side A"), ("B1", "Side B")]
    return {
        "id": release_id,
        "status": "Accepted",
        "title": title,
        "year": year or 0,
        "released": f"{year}-01-01" if year else "",
        "country": country,
        "resource_url": f"{PUBLIC_API}/releases/{release_id}",
        "uri": f"https://www.discogs.com/release/{release_id}-{slug}",
        "artists": [
            {
                "name": artist,
                "anv": "",
                "join": "",
                "role": "",
                "tracks": "",
                "id": 100_000 + release_id % 100_000,
                "resource_url": f"{PUBLIC_API}/artists/{100_000 + release_id % 100_000}",
            }
        ],
        "artists_sort": artist,
        "labels": [
            {
                "name": label,
                "catno": catno,
                "entity_type": "1",
                "entity_type_name": "Label",
                "id": 1000 + sum(map(ord, label)),
                "resource_url": f"{PUBLIC_API}/labels/{1000 + sum(map(ord, label))}",
            }
        ],
        "formats": formats
        if formats is not None
        else [{"name": "Vinyl", "qty": "1", "descriptions": ['12"', "Album"]}],
        "identifiers": identifiers,
        "genres": genres if genres is not None else ["Electronic"],
        "styles": styles if styles is not None else [],
        "thumb": image.replace(".jpeg", "-150.jpeg"),
        "images": [
            {
                "type": "primary",
                "uri": image,
                "resource_url": image,
                "uri150": image.replace(".jpeg", "-150.jpeg"),
                "width": 600,
                "height": 600,
            }
        ],
        "tracklist": [
            {"position": position, "type_": "track", "title": name, "duration": "4:00"}
            for position, name in tracks
        ],
        "master_id": 0,
        "master_url": None,
        "data_quality": "Needs Vote",
    }
