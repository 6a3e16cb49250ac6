"""Where an album's found cover is on disk, and its bytes: what the cover route serves.

Album.cover_path names an image file or a song whose file embeds the picture (see
wax.resolvers.library_scan.covers), relative to the music folder. It is checked to stay
inside it (no absolute path, no `..`): nothing outside WAX_MUSIC_DIR is ever served. The
ETag is the file's path, size and modification time: a replaced image or a retagged song
gets a new one, and a client's cached copy is checked without reading the file.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from wax.errors import MusicFolderNotConfigured, NotFound
from wax.models import Album
from wax.music_files import UnreadableFile, is_music_file_name, read_picture

IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
IMAGE_TYPES[".webp"] = "image/webp"
NO_COVER = "This album has no cover."
GONE = "This album's cover is no longer in the music folder; a scan will look again."


@dataclass(frozen=True, slots=True)
class CoverFile:
    path: Path
    embedded: bool  # a song's file, whose picture is served; else the image file itself
    etag: str  # quoted, as the header writes it
    status: os.stat_result

    @property
    def image_type(self) -> str:
        return IMAGE_TYPES.get(self.path.suffix.lower(), "application/octet-stream")


def _inside(music_dir: Path, relative: str) -> Path | None:
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    return music_dir.joinpath(*parts)


async def find_cover(album_id: uuid.UUID, music_dir: Path | None) -> CoverFile:
    """The album's found cover; NotFound when it has none or its file is gone."""
    found = await Album.filter(id=album_id).values_list("cover_path", flat=True)
    relative = str(found[0]) if found and found[0] else None
    if not relative:
        raise NotFound(NO_COVER)
    if music_dir is None:
        raise MusicFolderNotConfigured("Covers are served from WAX_MUSIC_DIR: it is not set.")
    path = _inside(music_dir, relative)
    if path is None:
        raise NotFound(NO_COVER)
    try:
        status = await asyncio.to_thread(os.stat, path)
    except OSError:
        raise NotFound(GONE) from None
    if not stat.S_ISREG(status.st_mode):
        raise NotFound(GONE)
    identity = f"{relative}\0{status.st_size}\0{status.st_mtime_ns}".encode()
    etag = '"' + hashlib.sha256(identity).hexdigest()[:32] + '"'
    return CoverFile(path, is_music_file_name(path.name), etag, status)


async def embedded_picture(cover: CoverFile) -> tuple[bytes, str]:
    """The picture a song's file embeds, and its type; NotFound when it has none now."""
    try:
        picture = await asyncio.to_thread(read_picture, cover.path)
    except UnreadableFile:
        raise NotFound(GONE) from None
    if picture is None:
        raise NotFound(GONE)
    return picture.data, picture.mime
