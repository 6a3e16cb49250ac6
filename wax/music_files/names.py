"""Which file names the scanner treats as music."""

from __future__ import annotations

from pathlib import PurePath

AUDIO_EXTENSIONS: frozenset[str] = frozenset(
    {".mp3", ".flac", ".ogg", ".oga", ".opus", ".m4a", ".wav", ".aif", ".aiff"}
)


def is_music_file_name(name: str) -> bool:
    """True for a visible name with an audio extension, compared case-insensitively."""
    if not name or name.startswith("."):
        return False
    return PurePath(name).suffix.lower() in AUDIO_EXTENSIONS
