"""Text no database stores is found wherever it hides in a client's value."""

from __future__ import annotations

import pytest

from wax.errors import InvalidInput, UnstorableText
from wax.resolvers.text import is_unstorable, refuse_unstorable, shown


@pytest.mark.parametrize(
    "value",
    ["a\x00b", "\ud800", "x\udfff", ["ok", "\x00"], {"key": "\udbff"}, {"\ud800": 1}],
)
def test_a_nul_or_a_lone_surrogate_anywhere_is_unstorable(value: object) -> None:
    assert is_unstorable(value)
    with pytest.raises(UnstorableText) as refused:
        refuse_unstorable("name", value)
    assert isinstance(refused.value, InvalidInput)
    assert refused.value.field == "name"


@pytest.mark.parametrize(
    "value", ["plain", "caf\u00e9", "\U0001f3b5 a note above the BMP", "", None, 42, ["a", "b"]]
)
def test_everything_else_is_storable(value: object) -> None:
    assert not is_unstorable(value)
    refuse_unstorable("name", value)


def test_a_lone_surrogate_is_shown_as_its_escape() -> None:
    assert shown("a\ud800b") == "a\\ud800b"
    assert shown("caf\u00e9 \U0001f3b5") == "caf\u00e9 \U0001f3b5"
    shown("\ud800").encode("utf-8")
