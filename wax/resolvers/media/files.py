"""A song's file on disk: found inside the music folder only, opened before anything is sent.

The URL names a song by id; its path comes from the database (where the scanner put it), is
joined to WAX_MUSIC_DIR and resolved, symlinks and `..` included, and refused unless it is
still inside the folder. The file is opened here, so a vanished or unreadable file is a clear
error before a response starts, never a failure halfway through one.
"""

from __future__ import annotations

import asyncio
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wax.errors import MediaFileUnreadable, MusicFolderNotConfigured, NotFound
from wax.models import Song

NOT_CONFIGURED = "Playing songs needs WAX_MUSIC_DIR: it is not set."


@dataclass
class OpenedFile:
    """An open file and what fstat said of it; the caller closes it (close())."""

    path: Path
    file: BinaryIO
    size: int
    mtime_ns: int

    def close(self) -> None:
        self.file.close()


async def scanned_song(song_id: uuid.UUID) -> Song:
    """The song, if it is one read from a file; NotFound for hand-made songs and unknown ids."""
    song = await Song.get_or_none(id=song_id)
    if song is None:
        raise NotFound(f"No song with id {song_id}.")
    if song.path is None:
        raise NotFound(f"The song {song_id} was made through the API: it has no file to play.")
    return song


def file_path(music_dir: Path | None, relative: str) -> Path:
    """music_dir / relative, resolved; NotFound if that leads outside music_dir (or nowhere)."""
    if music_dir is None:
        raise MusicFolderNotConfigured(NOT_CONFIGURED)
    gone = NotFound("This song's file is no longer in the music folder; a new scan will notice.")
    folder = music_dir.resolve()
    try:
        resolved = (folder / relative).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a symlink loop
        raise gone from None
    if not resolved.is_relative_to(folder) or resolved == folder:
        raise gone
    return resolved


def _open(path: Path) -> OpenedFile:
    try:
        file = open(path, "rb")  # noqa: SIM115 (the caller owns and closes it)
    except FileNotFoundError:
        raise NotFound(
            "This song's file is no longer in the music folder; a new scan will notice."
        ) from None
    except OSError as exc:
        raise MediaFileUnreadable(
            f"wax cannot read this song's file ({exc.strerror or type(exc).__name__})."
        ) from None
    facts = os.fstat(file.fileno())
    if not stat.S_ISREG(facts.st_mode):
        file.close()
        raise NotFound("This song's file is no longer a file; a new scan will notice.")
    return OpenedFile(path, file, facts.st_size, facts.st_mtime_ns)


async def open_song_file(music_dir: Path | None, song: Song) -> OpenedFile:
    """The song's file, open for reading (in a thread: disks can be slow)."""
    assert song.path is not None
    path = file_path(music_dir, song.path)
    return await asyncio.to_thread(_open, path)
