"""The colour and weight read from a format's free text."""

from __future__ import annotations

import pytest

from wax.discogs.format_text import colour_of, weight_of


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("Red Translucent", "Red Translucent"),
        ("White Marble", "White Marble"),
        ("Clear", "Clear"),
        ("Purple", "Purple"),
        ("Black", "Black"),
        ("Coke Bottle Clear", "Coke Bottle Clear"),
        ("Glow In The Dark", "Glow In The Dark"),
        ("Translucent Red With Black Splatter", "Translucent Red With Black Splatter"),
        ("Gold/Black Split", "Gold/Black Split"),
        ("Limited Edition Red Vinyl", "Red"),
        ("Limited Edition, Numbered, Blue", "Blue"),
        ("Red, Gatefold", "Red"),
        ("180g Clear Vinyl", "Clear"),
        ("Orange Coloured Vinyl", "Orange"),
        ("Red, red", "Red"),
    ],
)
def test_colour_words_are_kept(text: str, colour: str) -> None:
    assert colour_of([text]) == colour


@pytest.mark.parametrize(
    "text",
    [
        "White Label",
        "Trifold Cover, 180 g",
        "180 g",
        "180 Gram",
        "Gatefold",
        "Limited Edition",
        "Numbered",
        "No. 123 / 500",
        "Black Sleeve",
        "Gold Stamped Cover",
        "Picture Disc",
        "Test Pressing",
        "Etched B-Side",
        "320 kbps",
        "",
    ],
)
def test_packaging_weight_and_edition_text_is_not_a_colour(text: str) -> None:
    assert colour_of([text]) is None


def test_colours_from_several_texts_are_joined_in_order() -> None:
    assert colour_of(["White Marble, Gatefold", "Blue", "blue"]) == "White Marble, Blue"


@pytest.mark.parametrize(
    ("text", "grams"),
    [("180 g", 180), ("180g", 180), ("180 Gram", 180), ("200 grams", 200), ("140-gram", 140)],
)
def test_the_weight_is_read_in_grams(text: str, grams: int) -> None:
    assert weight_of(["Gatefold", text]) == grams


@pytest.mark.parametrize("text", ["Red", "45 RPM", '12"', "1g", "5000 g", "Side 2 gold"])
def test_text_without_a_plausible_weight_has_none(text: str) -> None:
    assert weight_of([text]) is None
