"""The songs the last scan left, and the files that may be them.

A file at a known path is that path's song, whatever changed in it. A file at a new path may
be a song whose file vanished from its old path: moved or renamed, perhaps retagged too. Its
audio (the digest of the stream, never the tags) says so first; the MusicBrainz release
track id next; the recording id last, and only when it points at a single song (a recording
can sit on several releases).
"""

from __future__ import annotations

import posixpath
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from wax.models import Song
from wax.music_files import MusicFile

KNOWN_COLUMNS = (
    "id",
    "path",
    "size",
    "file_mtime_ns",
    "audio_digest",
    "musicbrainz_track_id",
    "musicbrainz_recording_id",
)


@dataclass(frozen=True, slots=True)
class KnownSong:
    id: uuid.UUID
    path: str
    size: int | None
    mtime_ns: int | None
    audio_digest: str | None
    musicbrainz_track_id: str | None
    musicbrainz_recording_id: str | None


async def load_known_songs() -> dict[str, KnownSong]:
    """Every scanned song, by path."""
    rows = await Song.filter(path__isnull=False).values_list(*KNOWN_COLUMNS)
    songs = (KnownSong(uuid.UUID(str(row[0])), *row[1:]) for row in rows)
    return {song.path: song for song in songs}


class Vanished:
    """Songs whose files are gone from their paths, until a new file claims one."""

    def __init__(self, songs: Iterable[KnownSong]) -> None:
        self._left: dict[uuid.UUID, KnownSong] = {}
        self._by_digest: dict[str, list[KnownSong]] = defaultdict(list)
        self._by_track: dict[str, list[KnownSong]] = defaultdict(list)
        self._by_recording: dict[str, list[KnownSong]] = defaultdict(list)
        for song in songs:
            self._left[song.id] = song
            if song.audio_digest:
                self._by_digest[song.audio_digest].append(song)
            if song.musicbrainz_track_id:
                self._by_track[song.musicbrainz_track_id].append(song)
            if song.musicbrainz_recording_id:
                self._by_recording[song.musicbrainz_recording_id].append(song)

    def __len__(self) -> int:
        return len(self._left)

    def remaining(self) -> list[KnownSong]:
        return list(self._left.values())

    def claim(self, path: str, file: MusicFile) -> KnownSong | None:
        """The vanished song the file at `path` is, now taken; None when it is none of them."""
        song = self._best(self._by_digest.get(file.audio_digest), path)
        if song is None and file.musicbrainz_track_id:
            song = self._best(self._by_track.get(file.musicbrainz_track_id), path)
        if song is None and file.musicbrainz_recording_id:
            candidates = self._live(self._by_recording.get(file.musicbrainz_recording_id))
            if len(candidates) == 1:
                song = candidates[0]
        if song is not None:
            del self._left[song.id]
        return song

    def _live(self, candidates: list[KnownSong] | None) -> list[KnownSong]:
        return [song for song in candidates or () if song.id in self._left]

    def _best(self, candidates: list[KnownSong] | None, path: str) -> KnownSong | None:
        live = self._live(candidates)
        if not live:
            return None
        # copies of one audio: the one that kept its file name (moved, not renamed) first
        name = posixpath.basename(path)
        return next((song for song in live if posixpath.basename(song.path) == name), live[0])
