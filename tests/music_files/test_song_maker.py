"""tests/music.py, the maker of music folders for tests: what it refuses, and what it keeps."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.music import AUDIO_CONTENTS, make_song, retag
from wax.music_files import read_music_file


@pytest.mark.parametrize("name", ["a.mp3", "a.flac", "a.ogg", "a.opus", "a.m4a"])
def test_a_compressed_format_has_a_fixed_number_of_audio_contents(
    tmp_path: Path, name: str
) -> None:
    with pytest.raises(ValueError, match=r"0\.\.7.*\.wav or \.aiff"):
        make_song(tmp_path, name, audio=AUDIO_CONTENTS)


def test_wav_and_aiff_take_any_audio_index(tmp_path: Path) -> None:
    wav = read_music_file(make_song(tmp_path, "a.wav", audio=1_000_000))
    aiff = read_music_file(make_song(tmp_path, "a.aiff", audio=1_000_000))

    assert (wav.length, aiff.length) == (0.3, 0.3)


def test_a_codec_is_for_m4a_only(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="codec"):
        make_song(tmp_path, "a.flac", codec="alac")
    with pytest.raises(ValueError, match="codec"):
        make_song(tmp_path, "a.m4a", codec="mp3")


def test_an_unknown_tag_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="titel"):
        make_song(tmp_path, "a.flac", titel="Typo")


def test_an_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.wma"):
        make_song(tmp_path, "a.wma")


def test_a_song_is_made_in_its_folders(tmp_path: Path) -> None:
    path = make_song(tmp_path, "Artist/Album/01 Song.flac", title="Song")

    assert path == tmp_path / "Artist" / "Album" / "01 Song.flac"
    assert read_music_file(path).title == "Song"


def test_a_retag_keeping_the_mtime_leaves_size_or_content_as_the_only_trace(
    tmp_path: Path,
) -> None:
    path = make_song(tmp_path, "a.mp3", title="Old")
    os.utime(path, ns=(1_500_000_000_000_000_000, 1_500_000_000_000_000_000))

    retag(path, keep_mtime=True, title="New")

    assert path.stat().st_mtime_ns == 1_500_000_000_000_000_000
    assert read_music_file(path).title == "New"


def test_a_retag_keeps_an_id3v2_3_tag_at_version_3(tmp_path: Path) -> None:
    path = make_song(tmp_path, "a.mp3", id3_version=3, title="Old")

    retag(path, title="New")

    assert path.read_bytes()[:4] == b"ID3\x03"
