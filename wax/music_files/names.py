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


# an album's picture beside its songs: cover.* before folder.* before front.*, then by type
COVER_IMAGE_STEMS = ("cover", "folder", "front")
COVER_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


def cover_image_rank(name: str) -> int | None:
    """Where a file name stands among cover image names (lower is better; case aside), or
    None when it is not one."""
    stem, dot, extension = name.lower().rpartition(".")
    if not dot:
        return None
    try:
        return COVER_IMAGE_STEMS.index(stem) * len(COVER_IMAGE_EXTENSIONS) + (
            COVER_IMAGE_EXTENSIONS.index("." + extension)
        )
    except ValueError:
        return None
