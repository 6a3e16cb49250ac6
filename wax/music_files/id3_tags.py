"""Tags of MP3, WAV and AIFF files: ID3v2.3, ID3v2.4, or ID3v1 (mutagen reads it as v2 frames)."""

from __future__ import annotations

from mutagen.id3 import ID3, ID3TimeStamp

from .tags import MUSICBRAINZ_NAMES, Tags
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

MUSICBRAINZ_RECORDING_OWNER = "http://musicbrainz.org"  # Picard's UFID frame
# mutagen turns v2.3's TYER/TDAT into TDRC; the others are the original release date
DATE_FRAMES = ("TDRC", "TDOR", "TYER", "TORY")


def id3_tags(id3: ID3 | None) -> Tags:
    if id3 is None:
        return Tags()
    track, track_total = number_pair(_first(id3, "TRCK"))
    disc, disc_total = number_pair(_first(id3, "TPOS"))
    genres = [genre for frame in id3.getall("TCON") for genre in frame.genres]
    return Tags(
        title=joined_text(_texts(id3, "TIT2"), TEXT_LENGTH),
        artist=joined_text(_texts(id3, "TPE1"), TEXT_LENGTH),
        album=joined_text(_texts(id3, "TALB"), TEXT_LENGTH),
        album_artist=joined_text(_texts(id3, "TPE2"), TEXT_LENGTH),
        track=in_range(track, TRACK_RANGE),
        track_total=in_range(track_total, TRACK_RANGE),
        disc=in_range(disc, DISC_RANGE),
        disc_total=in_range(disc_total, DISC_RANGE),
        year=next((year for year in map(year_of, _dates(id3)) if year is not None), None),
        genre=joined_text(genres, GENRE_LENGTH),
        compilation=is_true(_first(id3, "TCMP")),
        musicbrainz_recording_id=_recording_id(id3),
        **{
            field: clean_text(_txxx(id3, name), MUSICBRAINZ_ID_LENGTH)
            for field, name in MUSICBRAINZ_NAMES.items()
            if field != "musicbrainz_recording_id"
        },
    )


def _texts(id3: ID3, frame_id: str) -> list[object]:
    return [text for frame in id3.getall(frame_id) for text in getattr(frame, "text", [])]


def _first(id3: ID3, frame_id: str) -> object:
    return next(iter(_texts(id3, frame_id)), None)


def _dates(id3: ID3) -> list[str]:
    return [
        value.text if isinstance(value, ID3TimeStamp) else str(value)
        for frame_id in DATE_FRAMES
        for value in _texts(id3, frame_id)
    ]


def _txxx(id3: ID3, description: str) -> object:
    for frame in id3.getall("TXXX"):
        if str(frame.desc).lower() == description.lower() and frame.text:
            return frame.text[0]
    return None


def _recording_id(id3: ID3) -> str | None:
    for frame in id3.getall("UFID"):
        if frame.owner == MUSICBRAINZ_RECORDING_OWNER:
            return clean_text(bytes(frame.data).decode("utf-8", "replace"), MUSICBRAINZ_ID_LENGTH)
    # some taggers write the recording id as TXXX only
    return clean_text(
        _txxx(id3, MUSICBRAINZ_NAMES["musicbrainz_recording_id"]), MUSICBRAINZ_ID_LENGTH
    )
