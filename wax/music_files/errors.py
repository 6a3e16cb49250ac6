"""The one error reading a music file raises."""

from __future__ import annotations


class UnreadableFile(Exception):
    """A file that could not be read as music: corrupt, truncated, unsupported or inaccessible.

    `reason` is short and meant for people ("not a valid FLAC file", "permission denied").
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
