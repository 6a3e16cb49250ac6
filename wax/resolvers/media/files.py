"""A song's file on disk: found inside the music folder only, opened before anything is sent.

The URL names a song by id; its path comes from the database (where the scanner put it), is
joined to WAX_MUSIC_DIR and resolved, symlinks and `..` included, and refused unless it is
still inside the folder. The file is opened here, so a vanished or unreadable file is a clear
error before a response starts, never a failure halfway through one.
"""

from __future__ import annotations

import functools
import os
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from wax.errors import MediaFileUnreadable, MusicFolderNotConfigured, NotFound
from wax.resolvers.sql import Statement, connection, is_postgres, read_rows

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


@dataclass(frozen=True, slots=True)
class SongFile:
    """What serving a scanned song needs of it."""

    id: uuid.UUID
    path: str  # relative to WAX_MUSIC_DIR
    audio_format: str | None
    length: float | None


async def scanned_song(song_id: uuid.UUID) -> SongFile:
    """The song, if it is one read from a file; NotFound for hand-made songs and unknown ids.

    One hand-written statement (on SQLite read on the event loop): every media request and
    every range of one asks, and the ORM's query building cost more than the read."""
    client = connection()
    statement = Statement(is_postgres(client))
    song_param = statement.param(song_id if statement.postgres else str(song_id))
    rows = await read_rows(
        client,
        f'SELECT "path", "audio_format", "length" FROM "songs" WHERE "id" = {song_param}',
        statement.values,
    )
    if not rows:
        raise NotFound(f"No song with id {song_id}.")
    path, audio_format, length = rows[0][0], rows[0][1], rows[0][2]
    if path is None:
        raise NotFound(f"The song {song_id} was made through the API: it has no file to play.")
    return SongFile(song_id, path, audio_format, length)


@functools.lru_cache(maxsize=8)
def _resolved_folder(music_dir: Path) -> str:
    return os.path.realpath(music_dir)


def file_path(music_dir: Path | None, relative: str) -> Path:
    """music_dir / relative, resolved; NotFound if that leads outside music_dir (or nowhere)."""
    if music_dir is None:
        raise MusicFolderNotConfigured(NOT_CONFIGURED)
    gone = NotFound("This song's file is no longer in the music folder; a new scan will notice.")
    folder = _resolved_folder(music_dir)
    try:
        resolved = os.path.realpath(os.path.join(folder, relative), strict=True)
    except (OSError, ValueError):  # missing, a symlink loop, or a NUL
        raise gone from None
    if not resolved.startswith(folder if folder.endswith(os.sep) else folder + os.sep):
        raise gone
    return Path(resolved)


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


async def open_song_file(music_dir: Path | None, song: SongFile) -> OpenedFile:
    """The song's file, open for reading.

    On the event loop, like the path's resolution before it: opening asks the file system
    for metadata only (the bytes are read by wax.rest_compat.media_file, in a worker thread
    when the disk must be waited for), and the hop to a thread cost a range request more
    than the open itself (bench case 9)."""
    return _open(file_path(music_dir, song.path))
