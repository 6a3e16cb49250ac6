"""Music files for tests: real audio of every format the scanner reads, tagged with mutagen.

make_song(folder, "Artist/Album/01 Song.flac", audio=3, title="Song", track=1) copies the
committed fixture for the extension (tests/fixtures/audio, made by make_fixtures.sh) or, for
WAV and AIFF, writes one, then writes the tags. Files with different `audio` have different
audio streams (so different digests); the compressed formats have AUDIO_CONTENTS of them,
WAV and AIFF any number (the index is written into the samples).
"""

from __future__ import annotations

import functools
import math
import os
import shutil
import struct
import wave
from pathlib import Path
from typing import Any

from tests.music_tags import embed_picture, write_id3v1_only, write_tags

FIXTURES = Path(__file__).parent / "fixtures" / "audio"
AUDIO_CONTENTS = 8  # distinct contents committed per compressed format
COMPRESSED = {".mp3": "mp3", ".flac": "flac", ".ogg": "ogg", ".oga": "ogg", ".opus": "opus"}
GENERATED = {".wav", ".aif", ".aiff"}
SAMPLE_RATE = 8000
FRAMES = 2400  # 0.3 s
CORRUPT = b"this is not audio, only a file named like it\n" * 40


def make_song(
    folder: Path,
    relative_path: str,
    *,
    audio: int = 0,
    codec: str | None = None,
    id3v1_only: bool = False,
    id3_version: int = 4,
    **tags: Any,
) -> Path:
    """A music file at folder/relative_path with the given audio content and tags.

    codec="alac" picks Apple Lossless for .m4a (AAC otherwise). id3v1_only (MP3) writes an
    ID3v1 tag and no ID3v2; id3_version (MP3, WAV, AIFF) is 3 or 4. Tags left out are absent.
    """
    path = folder / relative_path
    path.parent.mkdir(parents=True, exist_ok=True)
    suffix = path.suffix.lower()
    if suffix in GENERATED:
        if codec is not None:
            raise ValueError(f"codec is for .m4a files, not {suffix}")
        _write_samples(path, audio)
    else:
        shutil.copyfile(_fixture(suffix, audio, codec), path)
    if id3v1_only:
        if suffix != ".mp3":
            raise ValueError("id3v1_only is for .mp3 files")
        write_id3v1_only(path, tags)
    elif tags:
        write_tags(path, tags, id3_version=id3_version)
    return path


def retag(
    path: Path, *, keep_mtime: bool = False, id3_version: int | None = None, **tags: Any
) -> None:
    """Changes the tags in place (None removes one), keeping the ID3 version unless told.
    keep_mtime puts back the access and modification times, as some tag editors do."""
    before = path.stat()
    write_tags(path, tags, id3_version=id3_version)
    if keep_mtime:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def add_picture(path: Path, data: bytes) -> None:
    """Embeds `data` as the front cover: the tags grow and the audio moves in the file."""
    embed_picture(path, data)


def corrupt_file(path: Path) -> None:
    """Replaces the content with bytes no audio reader accepts, keeping the name."""
    path.write_bytes(CORRUPT)


def _fixture(suffix: str, audio: int, codec: str | None) -> Path:
    if not 0 <= audio < AUDIO_CONTENTS:
        raise ValueError(
            f"audio={audio}: {suffix} files have {AUDIO_CONTENTS} contents"
            f" (0..{AUDIO_CONTENTS - 1}); use .wav or .aiff for more"
        )
    if suffix == ".m4a":
        if codec not in (None, "aac", "alac"):
            raise ValueError(f"codec={codec!r}: .m4a is 'aac' or 'alac'")
        return FIXTURES / (f"sine-{audio}.alac.m4a" if codec == "alac" else f"sine-{audio}.m4a")
    if codec is not None:
        raise ValueError(f"codec is for .m4a files, not {suffix}")
    if suffix not in COMPRESSED:
        raise ValueError(f"no fixture for {suffix!r} files")
    return FIXTURES / f"sine-{audio}.{COMPRESSED[suffix]}"


def _samples(audio: int) -> list[int]:
    """0.3 s of a tone, the first four samples holding `audio` so every index differs."""
    if audio < 0:
        raise ValueError(f"audio={audio}: the index is 0 or more")
    marker = [((audio >> (16 * word)) & 0xFFFF) - 0x8000 for word in range(4)]
    return marker + _tone(audio % AUDIO_CONTENTS)[4:]


@functools.cache
def _tone(index: int) -> list[int]:
    frequency = 220 + 110 * index
    return [
        round(12000 * math.sin(2 * math.pi * frequency * frame / SAMPLE_RATE))
        for frame in range(FRAMES)
    ]


def _write_samples(path: Path, audio: int) -> None:
    samples = _samples(audio)
    if path.suffix.lower() == ".wav":
        with wave.open(str(path), "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(SAMPLE_RATE)
            out.writeframes(struct.pack(f"<{len(samples)}h", *samples))
        return
    sound = struct.pack(f">{len(samples)}h", *samples)
    common = struct.pack(">hIh", 1, len(samples), 16) + _extended(SAMPLE_RATE)
    chunks = _chunk(b"COMM", common) + _chunk(b"SSND", struct.pack(">II", 0, 0) + sound)
    path.write_bytes(b"FORM" + struct.pack(">I", 4 + len(chunks)) + b"AIFF" + chunks)


def _chunk(name: bytes, data: bytes) -> bytes:
    return name + struct.pack(">I", len(data)) + data + (b"\x00" if len(data) % 2 else b"")


def _extended(rate: int) -> bytes:
    """An integer sample rate as AIFF's 80-bit IEEE extended float."""
    exponent = rate.bit_length() - 1
    return struct.pack(">HQ", 16383 + exponent, rate << (63 - exponent))
