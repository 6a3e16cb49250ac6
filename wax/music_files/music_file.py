"""What the library keeps of one music file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MusicFile:
    title: str  # the tag, else the file name without its extension
    artist: str  # the tag, else "Unknown Artist"
    album: str  # the tag, else "Unknown Album"
    album_artist: str | None
    track: int | None
    track_total: int | None
    disc: int | None
    disc_total: int | None
    year: int | None
    genre: str | None
    length: float | None  # seconds
    bitrate: int | None  # kbit/s
    sample_rate: int | None  # Hz
    channels: int | None
    audio_format: str  # "MP3", "FLAC", "OGG", "OPUS", "M4A", "WAV" or "AIFF"
    size: int  # bytes, of the file as read
    mtime_ns: int  # of the file as read
    musicbrainz_recording_id: str | None
    musicbrainz_track_id: str | None  # the release track
    musicbrainz_album_id: str | None
    musicbrainz_artist_id: str | None
    musicbrainz_album_artist_id: str | None
    compilation: bool
    audio_digest: str  # of the audio stream, not of the tags (see digest.py)
    has_picture: bool = False  # embeds one (read_picture reads it); told without decoding it
