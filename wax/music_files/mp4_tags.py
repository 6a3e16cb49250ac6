"""Tags of M4A files (AAC and ALAC): iTunes atoms, MusicBrainz ids as Picard's freeform atoms."""

from __future__ import annotations

from mutagen.mp4 import MP4Tags

from .tags import MUSICBRAINZ_NAMES, Tags
from .values import (
    DISC_RANGE,
    GENRE_LENGTH,
    MUSICBRAINZ_ID_LENGTH,
    TEXT_LENGTH,
    TRACK_RANGE,
    clean_text,
    in_range,
    joined_text,
    year_of,
)

FREEFORM = "----:com.apple.iTunes:"


def mp4_tags(atoms: MP4Tags | None) -> Tags:
    if atoms is None:
        return Tags()
    track, track_total = _pair(atoms, "trkn")
    disc, disc_total = _pair(atoms, "disk")
    return Tags(
        title=joined_text(atoms.get("\xa9nam", []), TEXT_LENGTH),
        artist=joined_text(atoms.get("\xa9ART", []), TEXT_LENGTH),
        album=joined_text(atoms.get("\xa9alb", []), TEXT_LENGTH),
        album_artist=joined_text(atoms.get("aART", []), TEXT_LENGTH),
        track=in_range(track, TRACK_RANGE),
        track_total=in_range(track_total, TRACK_RANGE),
        disc=in_range(disc, DISC_RANGE),
        disc_total=in_range(disc_total, DISC_RANGE),
        year=next(
            (year for year in map(year_of, atoms.get("\xa9day", [])) if year is not None), None
        ),
        genre=joined_text(atoms.get("\xa9gen", []), GENRE_LENGTH),
        compilation=bool(atoms.get("cpil", False)),
        **{field: _freeform(atoms, name) for field, name in MUSICBRAINZ_NAMES.items()},
    )


def _pair(atoms: MP4Tags, key: str) -> tuple[int | None, int | None]:
    """trkn and disk hold (number, total) with 0 for "not set"."""
    values = atoms.get(key) or [(0, 0)]
    number, total = [*values[0], 0, 0][:2]
    return (int(number) or None), (int(total) or None)


def _freeform(atoms: MP4Tags, name: str) -> str | None:
    values = atoms.get(FREEFORM + name) or []
    if not values:
        return None
    return clean_text(bytes(values[0]).decode("utf-8", "replace"), MUSICBRAINZ_ID_LENGTH)
