"""Which names the scanner treats as music: audio extensions in any case, never hidden files."""

from __future__ import annotations

import pytest

from wax.music_files import AUDIO_EXTENSIONS, is_music_file_name


@pytest.mark.parametrize("extension", sorted(AUDIO_EXTENSIONS))
def test_every_audio_extension_is_music_in_lower_and_upper_case(extension: str) -> None:
    assert is_music_file_name(f"01 Song{extension}")
    assert is_music_file_name(f"01 Song{extension.upper()}")


def test_the_extensions_are_the_formats_the_reader_knows() -> None:
    assert {
        ".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".wav", ".aif", ".aiff",
    } == AUDIO_EXTENSIONS  # fmt: skip


@pytest.mark.parametrize("name", [".song.mp3", "._Song.m4a", ".flac", "."])
def test_a_hidden_name_is_not_music(name: str) -> None:
    assert not is_music_file_name(name)


@pytest.mark.parametrize(
    "name",
    ["cover.jpg", "notes.txt", "song.mp3.part", "song.mp3~", "mp3", "", "song.wma", "song.mp4"],
)
def test_a_name_without_an_audio_extension_is_not_music(name: str) -> None:
    assert not is_music_file_name(name)
