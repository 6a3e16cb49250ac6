"""A file that cannot be read raises UnreadableFile with a reason, and never anything else."""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

from tests.music import add_picture, corrupt_file, make_song
from tests.music_files.formats import KINDS, Kind, every_container, every_kind
from wax.music_files import UnreadableFile, read_music_file


def reason_for(path: Path) -> str:
    with pytest.raises(UnreadableFile) as raised:
        read_music_file(path)
    assert str(raised.value) == raised.value.reason
    return raised.value.reason


@every_kind
def test_a_corrupt_file_named_like_audio_is_unreadable(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, title="Song")

    corrupt_file(path)

    assert reason_for(path).startswith(f"not a valid {kind.audio_format} file")


@every_container
def test_random_bytes_named_like_audio_are_unreadable(tmp_path: Path, kind: Kind) -> None:
    path = tmp_path / kind.name
    path.write_bytes(random.Random(kind.name).randbytes(20_000))

    assert reason_for(path).startswith(f"not a valid {kind.audio_format} file")


@every_container
def test_an_empty_file_is_unreadable(tmp_path: Path, kind: Kind) -> None:
    path = tmp_path / kind.name
    path.touch()

    assert reason_for(path) == "empty file"


@every_kind
def test_a_file_cut_inside_its_tags_is_unreadable(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, title="Song")
    add_picture(path, bytes(100_000))
    data = path.read_bytes()
    start = data.find(bytes(1000))  # inside the picture, wherever the format keeps it

    path.write_bytes(data[: start + 500])

    assert reason_for(path)


# the containers that declare the length of their audio; MP3 and FLAC frames are not counted,
# so a file cut among them reads as shorter audio (as players play it)
DECLARED = [kind for kind in KINDS if kind.audio_format in {"OGG", "OPUS", "M4A", "WAV", "AIFF"}]


@pytest.mark.parametrize("kind", DECLARED, ids=lambda kind: kind.name + str(kind.options))
def test_a_file_cut_inside_its_audio_is_unreadable(tmp_path: Path, kind: Kind) -> None:
    path = make_song(tmp_path, kind.name, **kind.options)
    data = path.read_bytes()

    path.write_bytes(data[:-10])

    assert reason_for(path)


def test_a_file_whose_declared_audio_outruns_it_names_the_truncation(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.wav")

    path.write_bytes(path.read_bytes()[:-100])

    assert reason_for(path) == "truncated file: it ends before its declared length"


def test_an_ogg_file_with_a_cut_last_page_names_the_truncation(tmp_path: Path) -> None:
    path = make_song(tmp_path, "song.opus")

    path.write_bytes(path.read_bytes()[:-10])

    assert reason_for(path) == "truncated file: the last Ogg page is cut"


def test_a_folder_named_like_audio_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "Album.mp3"
    path.mkdir()

    assert reason_for(path) == "is a directory"


def test_a_named_pipe_named_like_audio_is_unreadable_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "pipe.flac"
    os.mkfifo(path)

    assert reason_for(path) == "not a regular file"


def test_a_file_gone_before_it_is_read_is_unreadable(tmp_path: Path) -> None:
    path = make_song(tmp_path, "gone.flac")
    path.unlink()

    assert reason_for(path) == "file not found"


def test_a_file_of_another_format_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "picture.mp3"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(2000))

    assert reason_for(path) == "not a valid MP3 file (can't sync to MPEG frame)"


@every_kind
def test_damaged_bytes_anywhere_give_a_song_or_unreadable_file_never_another_error(
    tmp_path: Path, kind: Kind
) -> None:
    path = make_song(tmp_path, kind.name, **kind.options, title="Song", track=1)
    original = path.read_bytes()
    damage = random.Random(kind.name + str(kind.options))
    songs, reasons = 0, []

    for attempt in range(150):  # any other exception fails the test
        data = bytearray(original)
        for _ in range(1 + attempt % 8):
            data[damage.randrange(len(data))] = damage.randrange(256)
        path.write_bytes(bytes(data if attempt % 3 else data[: damage.randrange(len(data))]))
        try:
            read_music_file(path)
            songs += 1
        except UnreadableFile as unreadable:
            reasons.append(unreadable.reason)

    assert songs + len(reasons) == 150
    assert reasons  # the damage did reach the reader
    assert all(reasons)
