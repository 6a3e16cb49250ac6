"""Request bodies are read the one way: JSON in, a clear refusal for anything else."""

from __future__ import annotations

import json

import pytest

from wax import json_body
from wax.json_body import NOT_AN_OBJECT, NOT_JSON, MalformedBody, read_object


def test_escaped_lone_surrogates_are_read_for_the_domain_to_refuse() -> None:
    assert json_body.loads(b'{"name": "a\\ud800"}') == {"name": "a\ud800"}
    assert json_body.loads(b'"\\ud83c\\udfb5"') == "\U0001f3b5"


@pytest.mark.parametrize(
    "body",
    [
        b"{",
        b"[NaN]",
        b'{"x": Infinity}',
        b"\xff\xfe",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a": ' * 100_000 + b"1" + b"}" * 100_000,
    ],
    ids=["cut short", "NaN", "Infinity", "not UTF-8", "deep lists", "deep objects"],
)
def test_what_is_not_json_fails_as_a_json_error(body: bytes) -> None:
    with pytest.raises(json.JSONDecodeError):
        json_body.loads(body)
    with pytest.raises(MalformedBody) as refused:
        read_object(body)
    assert refused.value.message == NOT_JSON


@pytest.mark.parametrize("body", [b"[]", b"1", b'"x"', b"null", b""])
def test_a_body_that_is_not_an_object_is_refused(body: bytes) -> None:
    with pytest.raises(MalformedBody) as refused:
        read_object(body)
    assert refused.value.message == NOT_AN_OBJECT


def test_an_empty_body_can_stand_for_an_empty_object() -> None:
    assert read_object(b"", empty={}) == {}
    assert read_object(b'{"a": 1}', empty={}) == {"a": 1}


def test_a_body_of_only_whitespace_is_not_json_even_where_no_body_is_fine() -> None:
    with pytest.raises(MalformedBody) as refused:
        read_object(b"\n", empty={})
    assert refused.value.message == NOT_AN_OBJECT
