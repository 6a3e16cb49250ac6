"""The Range header (RFC 9110 section 14): which bytes of a file a client asks for.

One range is served as asked (206). A header wax does not understand, or one asking for
several ranges, is ignored and the whole file served (200), which RFC 9110 allows: no client
that plays audio asks for several, and one range at a time keeps the serving simple.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPEC = re.compile(r"^\s*([0-9]*)\s*-\s*([0-9]*)\s*$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # the last byte, inclusive, as Content-Range writes it

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


class RangeNotSatisfiable(Exception):
    """The range starts past the end of the file (416, with `bytes */size`)."""

    def __init__(self, size: int) -> None:
        super().__init__(f"bytes */{size}")
        self.size = size


def requested_range(header: str | None, size: int) -> ByteRange | None:
    """The one range `header` asks for in a file of `size` bytes; None: serve it whole.

    `bytes=0-99`, `bytes=100-` (to the end) and `bytes=-100` (the last 100) are understood;
    an end past the file is the file's end. RangeNotSatisfiable when no byte is in the file.
    """
    if header is None:
        return None
    unit, _, specs = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in specs:
        return None
    match = _SPEC.match(specs)
    if match is None:
        return None
    first, last = match.group(1), match.group(2)
    if not first and not last:
        return None
    if not first:  # a suffix: the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(size)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None  # not a valid range-spec: ignored, as RFC 9110 says
    if start >= size:
        raise RangeNotSatisfiable(size)
    return ByteRange(start, min(int(last), size - 1) if last else size - 1)
