"""Transcoded streams: ffmpeg reads the file and writes the new format to a pipe, read as it
comes. The process is killed and reaped when the stream is closed, finished or not (the
client went away, or the response ended)."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio

from wax.errors import TranscoderMissing
from wax.resolvers.media.formats import StreamChoice, Transcode

CHUNK_BYTES = 64 * 1024


def find_ffmpeg(ffmpeg: str) -> str:
    """The ffmpeg executable `ffmpeg` names (a path, or a name on PATH); TranscoderMissing."""
    found = shutil.which(ffmpeg)
    if found is None:
        raise TranscoderMissing()
    return found


def require_transcoder(ffmpeg: str, choice: StreamChoice) -> None:
    """TranscoderMissing if `choice` needs ffmpeg and there is none."""
    if choice.transcode is not None:
        find_ffmpeg(ffmpeg)


def ffmpeg_arguments(source: Path, transcode: Transcode, bitrate: int) -> list[str]:
    return [
        "-nostdin",
        "-hide_banner",
        "-loglevel",
        "error",
        "-i",
        str(source),
        "-vn",
        "-map",
        "0:a",
        "-c:a",
        transcode.encoder,
        "-b:a",
        f"{bitrate}k",
        "-f",
        transcode.muxer,
        "pipe:1",
    ]


@asynccontextmanager
async def transcoded(
    ffmpeg: str, source: Path, transcode: Transcode, bitrate: int
) -> AsyncIterator[AsyncIterator[bytes]]:
    """ffmpeg's output as chunks; leaving the block kills and reaps ffmpeg."""
    process = await asyncio.create_subprocess_exec(
        find_ffmpeg(ffmpeg),
        *ffmpeg_arguments(source, transcode, bitrate),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert process.stdout is not None
    output = process.stdout

    async def chunks() -> AsyncIterator[bytes]:
        while chunk := await output.read(CHUNK_BYTES):
            yield chunk

    try:
        yield chunks()
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it ended, not yet reaped
                process.kill()
        with anyio.CancelScope(shield=True):  # reaped even when the stream was cancelled
            await process.wait()
