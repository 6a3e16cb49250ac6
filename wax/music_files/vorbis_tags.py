"""Tags of FLAC, Ogg Vorbis and Opus files: Vorbis comments, named as Picard writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .tags import Tags
from .values import (
    DISC_RANGE,
    GENRE_LENGTH,
    MUSICBRAINZ_ID_LENGTH,
    TEXT_LENGTH,
    TRACK_RANGE,
    clean_text,
    in_range,
    is_true,
    joined_text,
    number_pair,
    year_of,
)

Comments = Mapping[str, Sequence[str]]


def vorbis_tags(comments: Comments | None) -> Tags:
    if comments is None:
        return Tags()
    values = {key.lower(): list(value) for key, value in comments.items()}
    track, track_total = number_pair(_first(values, "tracknumber"))
    disc, disc_total = number_pair(_first(values, "discnumber"))
    years = (
        year_of(date) for key in ("date", "year", "originaldate") for date in values.get(key, [])
    )
    return Tags(
        title=joined_text(values.get("title", []), TEXT_LENGTH),
        artist=joined_text(values.get("artist", []), TEXT_LENGTH),
        album=joined_text(values.get("album", []), TEXT_LENGTH),
        album_artist=joined_text(
            _any(values, "albumartist", "album artist", "album_artist"), TEXT_LENGTH
        ),
        track=in_range(track, TRACK_RANGE),
        track_total=in_range(
            track_total or _number(values, "tracktotal", "totaltracks"), TRACK_RANGE
        ),
        disc=in_range(disc, DISC_RANGE),
        disc_total=in_range(disc_total or _number(values, "disctotal", "totaldiscs"), DISC_RANGE),
        year=next((year for year in years if year is not None), None),
        genre=joined_text(values.get("genre", []), GENRE_LENGTH),
        compilation=is_true(_first(values, "compilation")),
        musicbrainz_recording_id=_id(values, "musicbrainz_trackid"),
        musicbrainz_track_id=_id(values, "musicbrainz_releasetrackid"),
        musicbrainz_album_id=_id(values, "musicbrainz_albumid"),
        musicbrainz_artist_id=_id(values, "musicbrainz_artistid"),
        musicbrainz_album_artist_id=_id(values, "musicbrainz_albumartistid"),
    )


def _any(values: dict[str, list[str]], *keys: str) -> list[str]:
    return next((values[key] for key in keys if values.get(key)), [])


def _first(values: dict[str, list[str]], *keys: str) -> str | None:
    return next(iter(_any(values, *keys)), None)


def _number(values: dict[str, list[str]], *keys: str) -> int | None:
    return number_pair(_first(values, *keys))[0]


def _id(values: dict[str, list[str]], key: str) -> str | None:
    return clean_text(_first(values, key), MUSICBRAINZ_ID_LENGTH)
