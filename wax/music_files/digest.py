"""A digest of a file's audio stream that tag edits do not change.

How it was decided: the scanner needs to recognise a moved, renamed or retagged file by its
audio, on libraries of thousands of files up to tens of megabytes each, so reading whole
files is too slow and hashing the whole file would change with every tag edit. The audio
stream's byte range is found from the container (audio_stream.py), and the digest is a
SHA-256 of the format, the stream's length and three samples of SAMPLE bytes of it: its
start, its middle and its end (the whole stream when it is shorter than three samples). So
at most 3 x 64 KiB are read per file, two different recordings differ in their length or in
the first bytes of their encoded audio (nearly always in both), and an edit of the tags
moves the stream but leaves its bytes alone. Ogg is the exception: mutagen renumbers the
pages after a comment edit, so the samples there are the bodies of the pages found from each
sample's position, without the page headers that hold the sequence numbers and CRCs.
"""

from __future__ import annotations

import hashlib
from typing import BinaryIO

from mutagen.ogg import OggPage
from mutagen.ogg import error as OggError

from .audio_stream import Range

SAMPLE = 64 * 1024
_SYNC = b"OggS"


def stream_digest(file: BinaryIO, audio_format: str, stream: Range) -> str:
    start, end = stream
    digest = _begin(audio_format, end - start)
    for offset in _sample_offsets(start, end):
        file.seek(offset)
        digest.update(file.read(SAMPLE if end - start > 3 * SAMPLE else end - start))
    return digest.hexdigest()


def ogg_digest(file: BinaryIO, audio_format: str, stream: Range) -> str:
    start, end = stream
    digest = _begin(audio_format, end - start)
    for offset in _sample_offsets(start, end):
        for body in _page_bodies_from(file, offset, end):
            digest.update(body)
    return digest.hexdigest()


def _begin(audio_format: str, length: int) -> hashlib._Hash:
    digest = hashlib.sha256(audio_format.encode())
    digest.update(length.to_bytes(8, "big"))
    return digest


def _sample_offsets(start: int, end: int) -> list[int]:
    length = end - start
    if length <= 3 * SAMPLE:
        return [start]
    return [start, start + (length - SAMPLE) // 2, end - SAMPLE]


def _page_bodies_from(file: BinaryIO, offset: int, end: int) -> list[bytes]:
    """The bodies of the pages from the first page starting at or after `offset`, SAMPLE
    bytes of them at most (the whole rest of the stream when it is short)."""
    file.seek(offset)
    window = file.read(min(end - offset, SAMPLE))
    found = window.find(_SYNC)
    if found < 0:
        return [window]  # no page starts here: hash the bytes as they are
    file.seek(offset + found)
    bodies: list[bytes] = []
    budget = SAMPLE if end - offset > 3 * SAMPLE else end - offset
    while budget > 0 and file.tell() < end:
        try:
            page = OggPage(file)
        except (EOFError, OggError):  # a damaged tail: what was read still identifies the audio
            break
        body = b"".join(page.packets)
        bodies.append(page.position.to_bytes(8, "big", signed=True) + body)
        budget -= len(body) or 1
    return bodies
