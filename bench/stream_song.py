"""Case 9's song: a 50 MB WAV (16-bit stereo at 44.1 kHz, about five minutes of a tone)."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

SONG_PATH = "Bench Artist/Bench Album/01 Fifty Megabytes.wav"
SONG_SIZE = 50 * 1024 * 1024
RATE = 44_100
HEADER = 44  # a plain RIFF/WAVE header, as the wave module writes it


def _one_second() -> bytes:
    samples = [round(8000 * math.sin(2 * math.pi * 440 * n / RATE)) for n in range(RATE)]
    return struct.pack(f"<{2 * RATE}h", *(s for sample in samples for s in (sample, sample)))


def make_song_file(music: Path) -> Path:
    """The song at music/SONG_PATH, exactly SONG_SIZE bytes, written a second at a time."""
    path = music / SONG_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    second = _one_second()
    frames = (SONG_SIZE - HEADER) // 4
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.setnframes(frames)
        written = 0
        while written < frames:
            chunk = second[: 4 * min(RATE, frames - written)]
            out.writeframesraw(chunk)
            written += len(chunk) // 4
    if path.stat().st_size != SONG_SIZE:
        raise RuntimeError(f"{path} is {path.stat().st_size} bytes, not {SONG_SIZE}")
    return path
