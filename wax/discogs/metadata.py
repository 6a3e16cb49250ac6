"""What a Discogs release says about the record as an object, and the Record fields it fills.

Pure functions over the JSON Discogs returns. Real data is untidy (free-text `text`,
missing keys, strings where numbers are expected), so nothing here raises on odd shapes.
Only the release's vinyl formats count: a CD or a download in the same release says
nothing about the record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wax.discogs import format_text
from wax.discogs.json_values import mappings as _mappings
from wax.discogs.json_values import strings as _strings
from wax.discogs.json_values import stripped as _url
from wax.discogs.json_values import text as _text

# record formats in Discogs's format list (shellac, flexi-discs and lathe cuts are records too)
VINYL_FORMAT_NAMES = frozenset({"vinyl", "lathe cut", "flexi-disc", "shellac", "acetate"})
DISCOGS_SITE = "https://www.discogs.com"

_SIZE = re.compile(r'^\s*(\d{1,2}(?:\.\d+)?)\s*(?:"|”|″|\'\'|-?inch(?:es)?|in\.?)\s*$', re.I)
_SPEED = re.compile(r"^\s*(\d{1,3}(?:\s*(?:⅓|⅔|1/3|2/3))?)\s*RPM\s*$", re.I)
_SHAPED = re.compile(r"\bshaped?\b", re.I)
_PICTURE_DISC = re.compile(r"\bpicture\s+disc\b", re.I)
_DISAMBIGUATION = re.compile(r"\s+\(\d+\)$")

# widest values the Record columns hold
_MAX = {
    "artist_name": 512,
    "album_title": 512,
    "label_name": 512,
    "catalog_number": 255,
    "discogs_uri": 1024,
    "thumbnail_url": 2048,
    "cover_image_url": 2048,
    "upc_code": 64,
    "record_size": 16,
    "vinyl_color": 255,
    "speed_rpm": 16,
}


@dataclass(frozen=True)
class VinylMetadata:
    is_vinyl: bool
    record_size: str | None  # '7"', '10"', '12"' ...
    vinyl_color: str | None  # the colour words of the format text ("Red Translucent")
    is_shaped_vinyl: bool  # cut to a shape other than round
    speed_rpm: str | None  # "33 ⅓", "45", "78"
    disc_count: int | None
    is_picture_disc: bool
    weight_grams: int | None


NOT_VINYL = VinylMetadata(
    is_vinyl=False,
    record_size=None,
    vinyl_color=None,
    is_shaped_vinyl=False,
    speed_rpm=None,
    disc_count=None,
    is_picture_disc=False,
    weight_grams=None,
)


def extract_vinyl_metadata(formats: Sequence[Mapping[str, Any]]) -> VinylMetadata:
    """Size, colour, shape, speed, disc count, picture disc and weight from the vinyl formats."""
    vinyl = [f for f in _mappings(formats) if _text(f.get("name")).lower() in VINYL_FORMAT_NAMES]
    if not vinyl:
        return NOT_VINYL
    descriptions = [d for f in vinyl for d in _strings(f.get("descriptions"))]
    texts = [_text(f.get("text")) for f in vinyl if _text(f.get("text"))]
    return VinylMetadata(
        is_vinyl=True,
        record_size=_first_match(_SIZE, descriptions, lambda m: f'{m.group(1)}"'),
        vinyl_color=_clip(format_text.colour_of(texts), _MAX["vinyl_color"]),
        is_shaped_vinyl=any(_SHAPED.search(value) for value in [*descriptions, *texts]),
        speed_rpm=_first_match(_SPEED, descriptions, lambda m: _speed(m.group(1))),
        disc_count=sum(_quantity(f.get("qty")) for f in vinyl),
        is_picture_disc=any(_PICTURE_DISC.search(value) for value in [*descriptions, *texts]),
        weight_grams=format_text.weight_of([*descriptions, *texts]),
    )


def barcode_of(release: Mapping[str, Any]) -> str | None:
    """The release's barcode (identifier of type "Barcode"), spaces and dashes removed."""
    for identifier in _mappings(release.get("identifiers")):
        if _text(identifier.get("type")).lower() != "barcode":
            continue
        value = re.sub(r"[\s\-]", "", _text(identifier.get("value")))
        if any(ch.isdigit() for ch in value):
            return value[: _MAX["upc_code"]]
    return None


def record_fields_from_release(release: Mapping[str, Any]) -> dict[str, Any]:
    """The Discogs-derived Record fields from GET /releases/{id}."""
    fields = _common_fields(release)
    fields["thumbnail_url"] = _url(release.get("thumb")) or _image(release, "uri150")
    fields["cover_image_url"] = _url(release.get("cover_image")) or _image(release, "uri")
    fields["upc_code"] = barcode_of(release)
    return _clipped(fields)


def record_fields_from_collection_item(item: Mapping[str, Any]) -> dict[str, Any]:
    """The Discogs-derived Record fields from one collection item, with no further request."""
    info = item.get("basic_information")
    info = info if isinstance(info, Mapping) else {}
    if info.get("id") is None and item.get("id") is not None:
        info = {**info, "id": item.get("id")}
    fields = _common_fields(info)
    fields["thumbnail_url"] = _url(info.get("thumb"))
    fields["cover_image_url"] = _url(info.get("cover_image"))
    fields["upc_code"] = None  # collection items carry no identifiers
    return _clipped(fields)


def artist_name_of(artists: Any) -> str | None:
    """Artists joined as Discogs shows them ("Trash80 & Dma-Sc"), without " (2)" suffixes."""
    parts: list[str] = []
    named = [a for a in _mappings(artists) if _text(a.get("name")).strip()]
    for index, artist in enumerate(named):
        parts.append(_undisambiguated(_text(artist.get("name"))))
        if index < len(named) - 1:
            join = _text(artist.get("join")).strip()
            parts.append(", " if join in ("", ",") else f" {join} ")
    return "".join(parts).strip() or None


def _common_fields(release: Mapping[str, Any]) -> dict[str, Any]:
    label = next(iter(_mappings(release.get("labels"))), {})
    metadata = extract_vinyl_metadata(_mappings(release.get("formats")))
    release_id = _release_id(release.get("id"))
    return {
        "artist_name": artist_name_of(release.get("artists"))
        or _text(release.get("artists_sort"))
        or None,
        "album_title": _text(release.get("title")).strip() or None,
        "year_released": _year(release.get("year")),
        "label_name": _undisambiguated(_text(label.get("name"))) or None,
        "catalog_number": _catalog_number(label.get("catno")),
        "discogs_id": release_id,
        "discogs_uri": _discogs_uri(release.get("uri"), release_id),
        "genres": _strings(release.get("genres")),
        "styles": _strings(release.get("styles")),
        "record_size": metadata.record_size,
        "vinyl_color": metadata.vinyl_color,
        "is_shaped_vinyl": metadata.is_shaped_vinyl,
        "speed_rpm": metadata.speed_rpm,
        "disc_count": metadata.disc_count,
        "is_picture_disc": metadata.is_picture_disc,
        "weight_grams": metadata.weight_grams,
    }


def _discogs_uri(uri: Any, release_id: str | None) -> str | None:
    text = _text(uri).strip()
    if text.startswith(("https://", "http://")):
        return text
    if text.startswith("/"):
        return DISCOGS_SITE + text
    return f"{DISCOGS_SITE}/release/{release_id}" if release_id else None


def _image(release: Mapping[str, Any], key: str) -> str | None:
    images = _mappings(release.get("images"))
    primary = [i for i in images if _text(i.get("type")).lower() == "primary"]
    for image in [*primary, *images]:
        if url := _url(image.get(key)):
            return url
    return None


def _release_id(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    text = _text(value).strip()
    return text if text.isdigit() else None


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    try:
        year = int(str(value).strip()[:4])
    except ValueError:
        return None
    return year if year > 0 else None


def _catalog_number(value: Any) -> str | None:
    text = _text(value).strip()
    return None if not text or text.lower() == "none" else text


def _speed(value: str) -> str:
    value = re.sub(r"\s+", " ", value.replace("1/3", "⅓").replace("2/3", "⅔"))
    return re.sub(r"(\d)\s*([⅓⅔])", r"\1 \2", value)


def _quantity(value: Any) -> int:
    try:
        return max(int(str(value).strip()), 1)
    except ValueError:
        return 1


def _first_match(pattern: re.Pattern[str], values: list[str], shape: Any) -> str | None:
    for value in values:
        if match := pattern.match(value):
            return str(shape(match))
    return None


def _undisambiguated(name: str) -> str:
    return _DISAMBIGUATION.sub("", name.strip())


def _clip(value: str | None, width: int) -> str | None:
    return value[:width].rstrip() if value else value


def _clipped(fields: dict[str, Any]) -> dict[str, Any]:
    for key, width in _MAX.items():
        if isinstance(fields.get(key), str):
            fields[key] = _clip(fields[key], width)
    return fields
