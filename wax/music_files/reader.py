"""read_music_file: one file's tags, stream facts and audio digest, or UnreadableFile."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import mutagen
from mutagen.aiff import AIFF
from mutagen.flac import FLAC
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis
from mutagen.wave import WAVE

from . import audio_stream
from .audio_stream import Range
from .digest import ogg_digest, stream_digest
from .errors import UnreadableFile
from .id3_tags import id3_tags
from .mp4_tags import mp4_tags
from .music_file import MusicFile
from .pictures import has_picture
from .tags import Tags
from .values import TEXT_LENGTH, clean_text
from .vorbis_tags import vorbis_tags

UNKNOWN_ARTIST = "Unknown Artist"
UNKNOWN_ALBUM = "Unknown Album"
REASON_LENGTH = 200
DETAIL_LENGTH = 60
NAMED_KINDS = {".oga": "OGG", ".aif": "AIFF"}


@dataclass(frozen=True)
class Format:
    name: str  # MusicFile.audio_format
    tags: Callable[[Any], Tags]  # given the parsed file's tags, of mutagen's type for the format
    stream: Callable[[BinaryIO, int], Range]
    digest: Callable[[BinaryIO, str, Range], str] = stream_digest
    sample_rate: int | None = None  # when mutagen reports none: Opus always decodes at 48 kHz


FORMATS: dict[type[mutagen.FileType], Format] = {
    MP3: Format("MP3", id3_tags, audio_stream.mp3_stream),
    FLAC: Format("FLAC", vorbis_tags, audio_stream.flac_stream),
    OggVorbis: Format(
        "OGG",
        vorbis_tags,
        lambda file, size: audio_stream.ogg_stream(file, size, header_packets=3),
        ogg_digest,
    ),
    OggOpus: Format(
        "OPUS",
        vorbis_tags,
        lambda file, size: audio_stream.ogg_stream(file, size, header_packets=2),
        ogg_digest,
        sample_rate=48_000,
    ),
    MP4: Format("M4A", mp4_tags, audio_stream.mp4_stream),
    WAVE: Format("WAV", id3_tags, audio_stream.wav_stream),
    AIFF: Format("AIFF", id3_tags, audio_stream.aiff_stream),
}

MAGIC: tuple[tuple[int, bytes, tuple[type[mutagen.FileType], ...]], ...] = (
    (0, b"fLaC", (FLAC,)),
    (0, b"OggS", (OggVorbis, OggOpus)),
    (4, b"ftyp", (MP4,)),
    (0, b"RIFF", (WAVE,)),
    (0, b"FORM", (AIFF,)),
)


def read_music_file(path: Path) -> MusicFile:
    """Reads `path` (blocking). Raises UnreadableFile, and nothing else, for a file that cannot
    be read as one of the supported formats, whatever is wrong with it."""
    try:
        with open_regular(path) as file:
            return _read(path, file)
    except UnreadableFile:
        raise
    except mutagen.MutagenError as error:  # before OSError: some of them are OSErrors too
        detail = str(error).replace(str(path), path.name)
        reason = f"not a valid {_kind(path)} file" + (f" ({detail})" if _telling(detail) else "")
        raise UnreadableFile(_short(reason)) from error
    except OSError as error:
        raise UnreadableFile(_os_reason(error)) from error
    except Exception as error:  # mutagen on malformed data fails in other ways too
        raise UnreadableFile(f"not a valid {_kind(path)} file") from error


def open_regular(path: Path) -> io.BufferedReader:
    """Opened without blocking, so that a named pipe named like a song cannot hang the reader;
    named, as mutagen weighs the name when it picks a format."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise UnreadableFile("is a directory" if stat.S_ISDIR(mode) else "not a regular file")
        raw = io.FileIO(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    raw.name = str(path)
    return io.BufferedReader(raw)


def _read(path: Path, file: BinaryIO) -> MusicFile:
    status = os.fstat(file.fileno())
    if status.st_size == 0:
        raise UnreadableFile("empty file")
    parsed = mutagen.File(file, options=_candidates(file))
    if parsed is None:
        raise UnreadableFile(f"not a valid {_kind(path)} file")
    kind = FORMATS[type(parsed)]
    stream = kind.stream(file, status.st_size)
    if stream[1] <= stream[0]:
        raise UnreadableFile(f"no audio in the {kind.name} file")
    tags = kind.tags(parsed.tags)
    info = parsed.info
    length = float(info.length) if getattr(info, "length", 0) > 0 else None
    return MusicFile(
        title=tags.title or clean_text(path.stem, TEXT_LENGTH) or path.name,
        artist=tags.artist or UNKNOWN_ARTIST,
        album=tags.album or UNKNOWN_ALBUM,
        album_artist=tags.album_artist,
        track=tags.track,
        track_total=tags.track_total,
        disc=tags.disc,
        disc_total=tags.disc_total,
        year=tags.year,
        genre=tags.genre,
        length=length,
        bitrate=_kbits(getattr(info, "bitrate", 0), stream, length),
        sample_rate=_positive(getattr(info, "sample_rate", 0)) or kind.sample_rate,
        channels=_positive(getattr(info, "channels", 0)),
        audio_format=kind.name,
        size=status.st_size,
        mtime_ns=status.st_mtime_ns,
        musicbrainz_recording_id=tags.musicbrainz_recording_id,
        musicbrainz_track_id=tags.musicbrainz_track_id,
        musicbrainz_album_id=tags.musicbrainz_album_id,
        musicbrainz_artist_id=tags.musicbrainz_artist_id,
        musicbrainz_album_artist_id=tags.musicbrainz_album_artist_id,
        compilation=tags.compilation,
        audio_digest=kind.digest(file, kind.name, stream),
        has_picture=has_picture(parsed),
    )


def _candidates(file: BinaryIO) -> list[type[mutagen.FileType]]:
    """The formats the first bytes allow: mutagen's own choice also weighs the extension, so
    a FLAC file named .mp3 would be tried as an MP3."""
    file.seek(0)
    header = file.read(12)
    file.seek(0)
    for offset, magic, kinds in MAGIC:
        if header[offset : offset + len(magic)] == magic:
            return list(kinds)
    return list(FORMATS)  # MPEG frames have no magic; an ID3 tag may precede MP3 or FLAC


def _kbits(bits_per_second: object, stream: Range, length: float | None) -> int | None:
    """mutagen's bitrate (bit/s) in kbit/s; when it has none (Opus), the stream's average."""
    if isinstance(bits_per_second, int) and bits_per_second > 0:
        return round(bits_per_second / 1000)
    if length:
        return round((stream[1] - stream[0]) * 8 / length / 1000)
    return None


def _positive(value: object) -> int | None:
    return value if isinstance(value, int) and value > 0 else None


def _telling(detail: str) -> bool:
    """mutagen's messages are kept when short and plain; some are decoder noise."""
    return 0 < len(detail) <= DETAIL_LENGTH and detail.isprintable()


def _kind(path: Path) -> str:
    """What the name promises, for reasons: "FLAC", "M4A"... or "audio"."""
    suffix = path.suffix.lower()
    return NAMED_KINDS.get(suffix, suffix.lstrip(".").upper() or "audio")


def _os_reason(error: OSError) -> str:
    if isinstance(error, IsADirectoryError):
        return "is a directory"
    if isinstance(error, FileNotFoundError):
        return "file not found"
    if isinstance(error, PermissionError):
        return "permission denied"
    return _short(error.strerror or str(error))


def _short(reason: str) -> str:
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"
