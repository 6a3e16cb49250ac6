"""A generated music folder for case 8: real files of several formats, tagged with mutagen.

Every file is one of the tests' small encodings (tests/music.py, tests/fixtures/audio),
tagged as its place in the library says (fifty songs an artist, ten an album), so the
scanner reads real tags and real audio headers; the files are small, which measures the
scanner rather than the disk.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from tests.music import AUDIO_CONTENTS, make_song, retag

# the formats of a collector's folder, most common first
FORMATS = ("mp3",) * 5 + ("flac",) * 3 + ("ogg", "m4a")


def song_path(n: int) -> str:
    artist, album, track = n // 50, n // 10, n % 10 + 1
    extension = FORMATS[n % len(FORMATS)]
    return f"Artist {artist:04}/Album {album:05}/{track:02} Song {n:05}.{extension}"


def tags_of(n: int) -> dict[str, Any]:
    return {
        "title": f"Song {n:05}",
        "artist": f"Artist {n // 50:04}",
        "album_artist": f"Artist {n // 50:04}",
        "album": f"Album {n // 10:05}",
        "track": n % 10 + 1,
        "track_total": 10,
        "date": str(1960 + n % 60),
        "genre": ("Jazz", "Rock", "Soul", "Electronic")[n % 4],
    }


def make_library(root: Path, songs: int) -> list[str]:
    """`songs` tagged files under `root`; their relative paths."""
    paths = [song_path(n) for n in range(songs)]
    for n, relative in enumerate(paths):
        make_song(root, relative, audio=n % AUDIO_CONTENTS, **tags_of(n))
    return paths


def change_library(root: Path, paths: list[str], changes: int, seed: int) -> dict[str, int]:
    """`changes` edits of the kinds collectors make: retags, moves, deletions, additions."""
    rng = random.Random(seed)
    picked = rng.sample(range(len(paths)), changes)
    counts = {"retagged": 0, "moved": 0, "deleted": 0, "added": 0}
    for i, n in enumerate(picked):
        path = root / paths[n]
        kind = ("retagged", "retagged", "moved", "deleted", "added")[i % 5]
        if kind == "retagged":
            retag(path, title=f"Song {n:05} (remastered)")
        elif kind == "moved":
            path.rename(path.with_name("moved " + path.name))
        elif kind == "deleted":
            path.unlink()
        else:
            bonus = f"{paths[n].rsplit('/', 1)[0]}/bonus {path.name}"
            make_song(
                root, bonus, audio=n % AUDIO_CONTENTS, **{**tags_of(n), "title": f"Bonus {n}"}
            )
        counts[kind] += 1
    return counts
