"""The file kinds the tests go through: one per format, codec and ID3 version the reader knows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass(frozen=True)
class Kind:
    name: str  # the file name the song is made as
    audio_format: str
    options: dict[str, Any] = field(default_factory=dict)  # make_song's codec, id3_version

    @property
    def suffix(self) -> str:
        return self.name.rpartition(".")[2]


KINDS = [
    Kind("song.mp3", "MP3"),
    Kind("song.mp3", "MP3", {"id3_version": 3}),
    Kind("song.flac", "FLAC"),
    Kind("song.ogg", "OGG"),
    Kind("song.oga", "OGG"),
    Kind("song.opus", "OPUS"),
    Kind("song.m4a", "M4A"),
    Kind("song.m4a", "M4A", {"codec": "alac"}),
    Kind("song.wav", "WAV"),
    Kind("song.wav", "WAV", {"id3_version": 3}),
    Kind("song.aiff", "AIFF"),
    Kind("song.aif", "AIFF"),
]
# one of each container, for what does not depend on the codec or the ID3 version
CONTAINERS = [KINDS[index] for index in (0, 2, 3, 5, 6, 8, 10)]


def kind_id(kind: Kind) -> str:
    extras = "-".join(f"{key}={value}" for key, value in kind.options.items())
    return kind.name.removeprefix("song.") + (f"-{extras}" if extras else "")


every_kind = pytest.mark.parametrize("kind", KINDS, ids=kind_id)
every_container = pytest.mark.parametrize("kind", CONTAINERS, ids=kind_id)
