"""How the scanner tells names apart: the same artist or album however a tag spells its case."""

from __future__ import annotations

import unicodedata

# the album artist of a compilation tagged as one but naming no album artist
VARIOUS_ARTISTS = "Various Artists"


def name_key(name: str) -> str:
    """Names that match: NFC-normalised, trimmed, compared without case."""
    return unicodedata.normalize("NFC", name).strip().casefold()
