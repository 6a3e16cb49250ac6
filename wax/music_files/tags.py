"""The tag values every format's reader fills in, already clean (see values.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Tags:
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    album_artist: str | None = None
    track: int | None = None
    track_total: int | None = None
    disc: int | None = None
    disc_total: int | None = None
    year: int | None = None
    genre: str | None = None
    compilation: bool = False
    musicbrainz_recording_id: str | None = None
    musicbrainz_track_id: str | None = None
    musicbrainz_album_id: str | None = None
    musicbrainz_artist_id: str | None = None
    musicbrainz_album_artist_id: str | None = None


# Picard's names for the MusicBrainz ids, as ID3 TXXX descriptions and MP4 freeform atoms;
# the recording id is "MusicBrainz Track Id" there (and an ID3 UFID frame)
MUSICBRAINZ_NAMES = {
    "musicbrainz_recording_id": "MusicBrainz Track Id",
    "musicbrainz_track_id": "MusicBrainz Release Track Id",
    "musicbrainz_album_id": "MusicBrainz Album Id",
    "musicbrainz_artist_id": "MusicBrainz Artist Id",
    "musicbrainz_album_artist_id": "MusicBrainz Album Artist Id",
}
