"""Pictures embedded in music files: whether a file has one, and its bytes when asked.

Every format keeps them its own way: ID3 APIC frames (MP3, WAV, AIFF), FLAC picture blocks,
base64 METADATA_BLOCK_PICTURE comments (Ogg Vorbis, Opus), the MP4 `covr` atom. Of several,
the front cover is preferred, else the first. The type is told by the bytes themselves where
they are a known image (a tag's MIME type is often wrong or missing).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mutagen
from mutagen.flac import FLAC
from mutagen.flac import Picture as FlacPicture
from mutagen.id3 import ID3
from mutagen.mp4 import MP4Cover, MP4Tags
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

from .errors import UnreadableFile

FRONT_COVER = 3  # the picture type ID3 and FLAC share
BLOCK_PICTURE = "metadata_block_picture"
UNKNOWN_TYPE = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Picture:
    data: bytes
    mime: str  # image/jpeg, image/png ...; application/octet-stream when unknown


def has_picture(parsed: Any) -> bool:
    """Whether a file mutagen parsed embeds a picture; nothing is decoded."""
    tags = parsed.tags
    if isinstance(parsed, FLAC) and parsed.pictures:
        return True
    if tags is None:
        return False
    if isinstance(tags, ID3):
        return bool(tags.getall("APIC"))
    if isinstance(parsed, FLAC | OggVorbis | OggOpus):
        return any(key.lower() == BLOCK_PICTURE for key, _ in tags)
    if isinstance(tags, MP4Tags):
        return bool(tags.get("covr"))
    return False


def embeds_picture(path: Path) -> bool:
    """Whether `path` embeds a picture (blocking; tags only: the audio is not read). False
    for a file that cannot be read."""
    try:
        return has_picture(_parsed(path))
    except UnreadableFile:
        return False


def read_picture(path: Path) -> Picture | None:
    """The picture `path` embeds (blocking): its front cover, else its first; None when it
    embeds none. UnreadableFile when the file cannot be read as music at all."""
    found = [picture for picture in _pictures(_parsed(path)) if picture[1]]
    if not found:
        return None
    _, data, mime = next((p for p in found if p[0] == FRONT_COVER), found[0])
    return Picture(data, image_type(data, mime))


def _parsed(path: Path) -> Any:
    from .reader import open_regular  # reader imports has_picture from here

    try:
        with open_regular(path) as file:
            parsed = mutagen.File(file)
    except UnreadableFile:
        raise
    except mutagen.MutagenError as error:  # before OSError: some of them are OSErrors too
        raise UnreadableFile("not a readable music file") from error
    except OSError as error:
        raise UnreadableFile(error.strerror or "cannot be read") from error
    except Exception as error:  # mutagen on malformed data fails in other ways too
        raise UnreadableFile("not a readable music file") from error
    if parsed is None:
        raise UnreadableFile("not a readable music file")
    return parsed


def _pictures(parsed: Any) -> list[tuple[int | None, bytes, str]]:
    """(type, data, declared MIME type) of each picture, in the file's order."""
    tags = parsed.tags
    if isinstance(parsed, FLAC) and parsed.pictures:
        return [(p.type, bytes(p.data), str(p.mime)) for p in parsed.pictures]
    if tags is None:
        return []
    if isinstance(tags, ID3):
        return [(f.type, bytes(f.data), str(f.mime)) for f in tags.getall("APIC")]
    if isinstance(parsed, FLAC | OggVorbis | OggOpus):
        blocks = [value for key, value in tags if key.lower() == BLOCK_PICTURE]
        return [_block(value) for value in blocks]
    if isinstance(tags, MP4Tags):
        return [(None, bytes(cover), _mp4_mime(cover)) for cover in tags.get("covr") or []]
    return []


def _block(value: str) -> tuple[int | None, bytes, str]:
    try:
        picture = FlacPicture(base64.b64decode(value))
    except (binascii.Error, ValueError, mutagen.MutagenError):
        return (None, b"", "")
    return (picture.type, bytes(picture.data), str(picture.mime))


def _mp4_mime(cover: MP4Cover) -> str:
    return "image/png" if cover.imageformat == MP4Cover.FORMAT_PNG else "image/jpeg"


MAGIC = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF8", "image/gif"),
)


def image_type(data: bytes, declared: str = "") -> str:
    """The MIME type of image bytes: by their first bytes, else as declared if an image's."""
    for magic, mime in MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    declared = declared.strip().lower()
    if declared.startswith("image/") and declared.isascii() and declared.isprintable():
        return "image/jpeg" if declared == "image/jpg" else declared
    return UNKNOWN_TYPE
