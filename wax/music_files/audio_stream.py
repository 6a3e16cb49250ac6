"""Where the audio stream of a file lies, per container, without its tags.

Each function answers the byte range [start, end) holding the audio, found from the
container's own structure, so that any tag edit (which moves or resizes only tag data)
leaves the bytes of that range, and its length, as they were.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from mutagen.mp4._atom import Atoms  # mutagen's own atom walker (private, stable since 1.x)
from mutagen.ogg import OggPage
from mutagen.ogg import error as OggError

from .errors import UnreadableFile

Range = tuple[int, int]
ID3V1_SIZE = 128
APE_FOOTER_SIZE = 32
APE_HAS_HEADER = 1 << 31
LAST_PAGE_WINDOW = 65_307 + 1024  # the largest Ogg page (27 + 255 + 255 x 255 bytes) and more


def mp3_stream(file: BinaryIO, size: int) -> Range:
    """MPEG frames lie between the ID3v2 tags at the start and, at the end, an APEv2 tag
    (ReplayGain tools write one) followed by an ID3v1 tag, each there or not."""
    end = size - _id3v1_size(file, size)
    return _after_id3v2(file, 0), end - _apev2_size(file, end)


def flac_stream(file: BinaryIO, size: int) -> Range:
    """FLAC frames follow the metadata blocks (tags, pictures and padding are blocks)."""
    position = _after_id3v2(file, 0)
    file.seek(position)
    if file.read(4) != b"fLaC":
        raise UnreadableFile("not a valid FLAC file")
    position += 4
    last = False
    while not last:
        file.seek(position)
        header = file.read(4)
        if len(header) < 4:
            raise UnreadableFile("truncated FLAC metadata")
        last = bool(header[0] & 0x80)
        position += 4 + int.from_bytes(header[1:4], "big")
    return position, size - _id3v1_size(file, size)


def mp4_stream(file: BinaryIO, size: int) -> Range:
    """The samples are the payload of the largest top-level mdat atom (tags live in moov)."""
    file.seek(0)
    atoms = Atoms(file).atoms
    for atom in atoms:
        _declared_end(atom.offset + atom.length, size)
    mdats = [atom for atom in atoms if atom.name == b"mdat"]
    if not mdats:
        raise UnreadableFile("no audio data in the M4A file")
    mdat = max(mdats, key=lambda atom: atom.length)
    return mdat.offset + mdat.length - mdat.datalength, mdat.offset + mdat.length


def wav_stream(file: BinaryIO, size: int) -> Range:
    """The samples are the RIFF "data" chunk; the ID3 chunk may sit before or after it."""
    return _chunk(file, size, b"RIFF", "<", b"data", skip=0)


def aiff_stream(file: BinaryIO, size: int) -> Range:
    """The samples are the IFF "SSND" chunk after its offset and block size fields."""
    return _chunk(file, size, b"FORM", ">", b"SSND", skip=8)


def ogg_stream(file: BinaryIO, size: int, header_packets: int) -> Range:
    """Audio pages start after the page that ends the header packets (identification,
    comments and, for Vorbis, setup). A comment edit rewrites only those pages and renumbers
    the rest: the audio pages keep their bodies and sizes, only sequence numbers and CRCs change
    (which is why the digest of an Ogg stream hashes page bodies, see digest.py)."""
    file.seek(0)
    finished = 0
    while finished < header_packets:
        page = OggPage(file)
        finished += len(page.packets) - (0 if page.complete else 1)
    start = file.tell()
    _check_last_page(file, size)
    return start, size


def _after_id3v2(file: BinaryIO, position: int) -> int:
    """Past every ID3v2 tag at `position` (10-byte header, syncsafe size, optional footer)."""
    while True:
        file.seek(position)
        header = file.read(10)
        if len(header) < 10 or header[:3] != b"ID3":
            return position
        body = sum((byte & 0x7F) << (7 * (3 - index)) for index, byte in enumerate(header[6:10]))
        position += 10 + body + (10 if header[5] & 0x10 else 0)


def _id3v1_size(file: BinaryIO, size: int) -> int:
    if size < ID3V1_SIZE:
        return 0
    file.seek(size - ID3V1_SIZE)
    return ID3V1_SIZE if file.read(3) == b"TAG" else 0


def _apev2_size(file: BinaryIO, end: int) -> int:
    """An APEv2 tag ending at `end`: its 32-byte footer gives its size and whether a 32-byte
    header comes before it."""
    if end < APE_FOOTER_SIZE:
        return 0
    file.seek(end - APE_FOOTER_SIZE)
    footer = file.read(APE_FOOTER_SIZE)
    if footer[:8] != b"APETAGEX":
        return 0
    size = int.from_bytes(footer[12:16], "little")  # the items and the footer
    flags = int.from_bytes(footer[20:24], "little")
    return min(end, size + (APE_FOOTER_SIZE if flags & APE_HAS_HEADER else 0))


def _chunk(file: BinaryIO, size: int, form: bytes, order: str, wanted: bytes, skip: int) -> Range:
    file.seek(0)
    if file.read(4) != form:
        raise UnreadableFile(f"not a valid {form.decode()} file")
    position = 12
    while position + 8 <= size:
        file.seek(position)
        name, length = struct.unpack(order + "4sI", file.read(8))
        if name == wanted:
            return position + 8 + skip, _declared_end(position + 8 + length, size)
        position += 8 + length + (length & 1)  # chunks are padded to an even size
    raise UnreadableFile(f"no {wanted.decode().strip()} chunk")


def _declared_end(end: int, size: int) -> int:
    if end > size:
        raise UnreadableFile("truncated file: it ends before its declared length")
    return end


def _check_last_page(file: BinaryIO, size: int) -> None:
    """An Ogg stream ends with a whole page; a cut one means the file was truncated."""
    tail_start = max(0, size - LAST_PAGE_WINDOW)
    file.seek(tail_start)
    tail = file.read()
    found = tail.rfind(b"OggS")
    while found >= 0:  # from the end, as "OggS" may also occur inside a page's data
        file.seek(tail_start + found)
        try:
            OggPage(file)
            if file.tell() == size:
                return
        except (EOFError, OggError):
            pass
        found = tail.rfind(b"OggS", 0, found)
    raise UnreadableFile("truncated file: the last Ogg page is cut")
