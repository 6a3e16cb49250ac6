"""The Range header: one range served as asked, anything else the whole file or a 416."""

from __future__ import annotations

import pytest

from wax.resolvers.media.ranges import ByteRange, RangeNotSatisfiable, requested_range

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", ByteRange(0, 99)),
        ("bytes=100-", ByteRange(100, 999)),
        ("bytes=-100", ByteRange(900, 999)),
        ("bytes=-5000", ByteRange(0, 999)),  # a suffix longer than the file: all of it
        ("bytes=900-5000", ByteRange(900, 999)),  # an end past the file: the file's end
        ("bytes=999-999", ByteRange(999, 999)),
        ("BYTES = 10 - 19", ByteRange(10, 19)),
    ],
)
def test_one_range_is_read_as_rfc_9110_says(header: str, expected: ByteRange) -> None:
    assert requested_range(header, SIZE) == expected


@pytest.mark.parametrize(
    "header",
    [
        None,
        "bytes=0-1,5-6",  # several ranges: the whole file (see the module's docstring)
        "items=0-10",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=20-10",
        "bytes=1-2-3",
        "bytes=0x10-",
    ],
)
def test_a_header_not_naming_one_range_is_ignored(header: str | None) -> None:
    assert requested_range(header, SIZE) is None


@pytest.mark.parametrize(
    ("header", "size"),
    [("bytes=1000-", 1000), ("bytes=-0", 1000), ("bytes=-1", 0), ("bytes=0-", 0)],
)
def test_a_range_with_no_byte_in_the_file_is_not_satisfiable(header: str, size: int) -> None:
    with pytest.raises(RangeNotSatisfiable) as caught:
        requested_range(header, size)
    assert caught.value.size == size


def test_a_range_writes_its_content_range() -> None:
    assert ByteRange(0, 99).content_range(SIZE) == "bytes 0-99/1000"
    assert ByteRange(0, 99).length == 100
