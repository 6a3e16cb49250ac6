"""What a client may ask a stream to be: the original file, or a copy ffmpeg transcodes.

`format` and `bitrate` arrive as text (a query string, a GraphQL argument) and are checked
here once, so every face rejects the same values with the same words.
"""

from __future__ import annotations

from dataclasses import dataclass

from wax.errors import InvalidInput

ORIGINAL = "original"
MIN_BITRATE = 64  # kbit/s
MAX_BITRATE = 320
DEFAULT_BITRATE = 256

# the Content-Type of each format the scanner reads (Song.audio_format)
CONTENT_TYPES = {
    "MP3": "audio/mpeg",
    "FLAC": "audio/flac",
    "OGG": "audio/ogg",
    "OPUS": "audio/ogg; codecs=opus",
    "M4A": "audio/mp4",
    "WAV": "audio/wav",
    "AIFF": "audio/aiff",
}
# a file the scanner named otherwise (or a format added later) is still served, as bytes
FALLBACK_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class Transcode:
    """One format ffmpeg can make: its encoder and muxer, and what the response says."""

    name: str  # as a client asks for it
    audio_format: str  # as the stream route reports it
    encoder: str
    muxer: str
    content_type: str
    extension: str


TRANSCODES = {
    t.name: t
    for t in (
        Transcode("mp3", "MP3", "libmp3lame", "mp3", "audio/mpeg", ".mp3"),
        Transcode("aac", "AAC", "aac", "adts", "audio/aac", ".aac"),
        Transcode("opus", "OPUS", "libopus", "opus", "audio/ogg; codecs=opus", ".opus"),
    )
}
FORMATS = (ORIGINAL, *TRANSCODES)


@dataclass(frozen=True)
class StreamChoice:
    """The original file (transcode None), or a transcode at a bitrate in kbit/s."""

    transcode: Transcode | None = None
    bitrate: int | None = None

    def as_params(self) -> dict[str, str]:
        """The query parameters that ask for this choice (signed into the URL)."""
        if self.transcode is None:
            return {}
        return {"format": self.transcode.name, "bitrate": str(self.bitrate)}


def content_type(audio_format: str | None) -> str:
    return CONTENT_TYPES.get((audio_format or "").upper(), FALLBACK_CONTENT_TYPE)


def stream_choice(format_name: str | None, bitrate: str | int | None) -> StreamChoice:
    """The choice `format` (default original) and `bitrate` (default 256) ask for.

    InvalidInput (field "format" or "bitrate") for a format wax does not make, or a bitrate
    that is no whole number from 64 to 320 (checked with the original format too, which
    otherwise ignores it).
    """
    name = ORIGINAL if format_name is None or not format_name.strip() else format_name.strip()
    name = name.lower()
    if name not in FORMATS:
        raise InvalidInput(
            "The selected format is invalid (one of " + ", ".join(FORMATS) + ").", "format"
        )
    asked = _bitrate(bitrate)
    if name == ORIGINAL:
        return StreamChoice()  # the file has its own bitrate: a valid one asked is ignored
    return StreamChoice(TRANSCODES[name], DEFAULT_BITRATE if asked is None else asked)


def _bitrate(raw: str | int | None) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    message = f"The bitrate field must be between {MIN_BITRATE} and {MAX_BITRATE} (kbit/s)."
    try:
        value = raw if isinstance(raw, int) else int(raw.strip())
    except ValueError:
        raise InvalidInput(message, "bitrate") from None
    if not MIN_BITRATE <= value <= MAX_BITRATE:
        raise InvalidInput(message, "bitrate")
    return value
