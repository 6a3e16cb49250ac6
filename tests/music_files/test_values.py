"""How tag text and numbers are made safe: clean text, dates to years, "n/m" numbers."""

from __future__ import annotations

import pytest

from wax.music_files.values import clean_text, is_true, joined_text, number_pair, year_of


def test_text_is_stripped_and_loses_its_nul_characters() -> None:
    assert clean_text("  Blue\x00 Monday \n", 512) == "Blue Monday"


def test_a_lone_surrogate_becomes_the_replacement_character() -> None:
    assert clean_text("caf\udce9", 512) == "caf\ufffd"


def test_empty_or_blank_text_is_missing() -> None:
    assert clean_text("", 512) is None
    assert clean_text(" \x00 ", 512) is None
    assert clean_text(None, 512) is None


def test_text_is_cut_to_its_column_size() -> None:
    assert clean_text("x" * 600, 512) == "x" * 512


def test_several_values_of_one_tag_are_joined() -> None:
    assert joined_text(["Simon", " ", "Garfunkel"], 512) == "Simon; Garfunkel"
    assert joined_text(["", None], 512) is None


@pytest.mark.parametrize(
    ("date", "year"),
    [
        ("2001", 2001),
        ("2001-05-03", 2001),
        ("2001-05", 2001),
        ("20010503", 2001),
        ("2001-05-03T10:20:30Z", 2001),
        ("03/05/2001", 2001),
        ("May 2001", 2001),
        ("0", 0),
        ("987", 987),
    ],
)
def test_the_year_is_found_in_every_usual_date_form(date: str, year: int) -> None:
    assert year_of(date) == year


@pytest.mark.parametrize("date", ["", "unknown", "12345", "2001000"])
def test_a_date_without_a_year_has_none(date: str) -> None:
    assert year_of(date) is None


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("3", (3, None)),
        ("3/12", (3, 12)),
        (" 03 / 12 ", (3, 12)),
        ("3 of 12", (3, 12)),
        ("/12", (None, 12)),
        ("A1", (None, None)),
        ("", (None, None)),
    ],
)
def test_a_number_and_its_total_are_read_from_one_text(
    text: str, pair: tuple[int | None, int | None]
) -> None:
    assert number_pair(text) == pair


@pytest.mark.parametrize(("text", "flag"), [("1", True), ("true", True), ("0", False), ("", False)])
def test_a_flag_is_true_only_when_it_says_so(text: str, flag: bool) -> None:
    assert is_true(text) is flag
