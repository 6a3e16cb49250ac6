"""A generated music folder for case 8: real files of several formats, tagged with mutagen.

Every file is a copy of one of tests/fixtures/audio's small encodings, tagged as its place in
the library says (fifty songs an artist, ten an album), so the scanner reads real tags and
real audio headers; the files are small, which measures the scanner rather than the disk.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from mutagen.flac import FLAC
from mutagen.id3 import ID3, TALB, TCON, TDRC, TIT2, TPE1, TPE2, TRCK
from mutagen.mp4 import MP4
from mutagen.oggvorbis import OggVorbis

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "audio"
# the formats of a collector's folder, most common first
FORMATS = ("mp3",) * 5 + ("flac",) * 3 + ("ogg", "m4a")
AUDIO_VARIANTS = 8


def song_path(n: int) -> str:
    artist, album, track = n // 50, n // 10, n % 10 + 1
    extension = FORMATS[n % len(FORMATS)]
    return f"Artist {artist:04}/Album {album:05}/{track:02} Song {n:05}.{extension}"


def tags_of(n: int) -> dict[str, str]:
    return {
        "title": f"Song {n:05}",
        "artist": f"Artist {n // 50:04}",
        "album_artist": f"Artist {n // 50:04}",
        "album": f"Album {n // 10:05}",
        "track": f"{n % 10 + 1}/10",
        "date": str(1960 + n % 60),
        "genre": ("Jazz", "Rock", "Soul", "Electronic")[n % 4],
    }


def write_tags(path: Path, tags: dict[str, str]) -> None:
    if path.suffix == ".mp3":
        id3 = ID3()
        id3.add(TIT2(encoding=3, text=tags["title"]))
        id3.add(TPE1(encoding=3, text=tags["artist"]))
        id3.add(TPE2(encoding=3, text=tags["album_artist"]))
        id3.add(TALB(encoding=3, text=tags["album"]))
        id3.add(TRCK(encoding=3, text=tags["track"]))
        id3.add(TDRC(encoding=3, text=tags["date"]))
        id3.add(TCON(encoding=3, text=tags["genre"]))
        id3.save(path)
    elif path.suffix == ".m4a":
        mp4 = MP4(path)
        number, total = (int(part) for part in tags["track"].split("/"))
        mp4.update(
            {
                "\xa9nam": [tags["title"]],
                "\xa9ART": [tags["artist"]],
                "aART": [tags["album_artist"]],
                "\xa9alb": [tags["album"]],
                "trkn": [(number, total)],
                "\xa9day": [tags["date"]],
                "\xa9gen": [tags["genre"]],
            }
        )
        mp4.save()
    else:
        vorbis = FLAC(path) if path.suffix == ".flac" else OggVorbis(path)
        vorbis.update(
            {
                "title": tags["title"],
                "artist": tags["artist"],
                "albumartist": tags["album_artist"],
                "album": tags["album"],
                "tracknumber": tags["track"],
                "date": tags["date"],
                "genre": tags["genre"],
            }
        )
        vorbis.save()


def make_library(root: Path, songs: int) -> list[str]:
    """`songs` tagged files under `root`; their relative paths."""
    paths = []
    for n in range(songs):
        relative = song_path(n)
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        extension = relative.rsplit(".", 1)[1]
        shutil.copyfile(FIXTURES / f"sine-{n % AUDIO_VARIANTS}.{extension}", target)
        write_tags(target, tags_of(n))
        paths.append(relative)
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
            write_tags(path, {**tags_of(n), "title": f"Song {n:05} (remastered)"})
        elif kind == "moved":
            path.rename(path.with_name("moved " + path.name))
        elif kind == "deleted":
            path.unlink()
        else:
            extra = path.with_name("bonus " + path.name)
            shutil.copyfile(path, extra)
            write_tags(extra, {**tags_of(n), "title": f"Bonus {n:05}"})
        counts[kind] += 1
    return counts
