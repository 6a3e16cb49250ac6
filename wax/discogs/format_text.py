"""Reading the free text of a Discogs format ("Red Translucent, Gatefold, 180 g").

Discogs lets people type anything there: colours, packaging, weight, edition notes.
The colour is what is left of a comma-separated part once packaging parts are dropped
and edition and weight words are trimmed, provided a colour word remains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(words.split())


COLOUR_WORDS = _vocabulary(
    """
    red blue green yellow orange purple violet pink black white grey gray silver gold golden
    clear transparent translucent transluscent brown beige cream bone ivory amber aqua teal
    turquoise cyan magenta maroon burgundy crimson scarlet navy olive lime mint tan copper
    bronze lavender lilac peach salmon coral rose ruby emerald sapphire jade indigo mustard
    ochre khaki champagne oxblood blood milky smoke smokey smoky marble marbled marbleized
    splatter splattered swirl swirled haze hazy galaxy starburst neon glow opaque rainbow
    multicolor multicolour multicolored multicoloured tricolor color colour colored coloured
    sky ocean sea seafoam electric fluorescent metallic cloudy crystal glitter sparkle dye
    coke bottle aquamarine charcoal plum cherry lemon tangerine sunflower sunburst snow ice
    frosted opal pearl sunset tortoiseshell tortoise honey caramel cobalt royal baby
    """
)
# a part naming any of these describes the packaging or pressing, not the vinyl's colour
# ("White Label" is a promo pressing; "Black Sleeve" is the sleeve)
PACKAGING_WORDS = _vocabulary(
    """
    cover covers sleeve sleeves jacket label labels box insert inserts poster posters booklet
    sticker stickered obi gatefold trifold foldout stamped stamp print printed printing signed
    autographed download card bag slipcase envelope case book lyric lyrics sheet embossed
    diecut die spine hype test promo etched etching tin
    """
)
# trimmed from either end of a part: "Limited Edition Red Vinyl" is "Red"
EDGE_NOISE = _vocabulary(
    """
    limited ltd edition numbered vinyl vinyls pressing pressed variant exclusive reissue repress
    special lp lps ep eps copies copy only of on to in the a an and with record records disc
    discs wax version first indie store retail deluxe anniversary edt ed x w
    """
)
TINT_WORDS = frozenset({"color", "colour", "colored", "coloured"})

_WEIGHT = re.compile(r"(?<![\d.])(\d{2,3})\s*-?\s*(?:grams?|gr|gm|g)(?![a-z])\.?", re.I)
_WORD = re.compile(r"[a-z]+")
_PARTS = re.compile(r"[,;]")
_EDGE_PUNCTUATION = "\"'()[]{}.,:;-+&/#*"
MIN_GRAMS, MAX_GRAMS = 30, 400


def colour_of(texts: Iterable[str]) -> str | None:
    """The colour parts of the format texts, in order and without repeats, or None."""
    colours: list[str] = []
    for text in texts:
        for part in _PARTS.split(text):
            found = _colour_in(part)
            if found and found.lower() not in (c.lower() for c in colours):
                colours.append(found)
    return ", ".join(colours) or None


def weight_of(values: Iterable[str]) -> int | None:
    """Grams from the first plausible weight ("180 g", "180 Gram", "180g")."""
    for value in values:
        for match in _WEIGHT.finditer(value):
            grams = int(match.group(1))
            if MIN_GRAMS <= grams <= MAX_GRAMS:
                return grams
    return None


def _colour_in(part: str) -> str | None:
    if _words(part) & PACKAGING_WORDS:
        return None
    tokens = _WEIGHT.sub(" ", part).split()
    tokens = _trim(tokens, EDGE_NOISE)
    if _words(" ".join(tokens)) - TINT_WORDS:
        tokens = _trim(tokens, EDGE_NOISE | TINT_WORDS)
    kept = " ".join(tokens).strip(_EDGE_PUNCTUATION + " ")
    return kept if _words(kept) & COLOUR_WORDS else None


def _trim(tokens: list[str], noise: frozenset[str]) -> list[str]:
    start, end = 0, len(tokens)
    while start < end and _is_noise(tokens[start], noise):
        start += 1
    while end > start and _is_noise(tokens[end - 1], noise):
        end -= 1
    return tokens[start:end]


def _is_noise(token: str, noise: frozenset[str]) -> bool:
    bare = token.strip(_EDGE_PUNCTUATION).lower()
    if not bare or bare.isdigit() or bare in noise:
        return True
    # "2xLP", "No.", "#12", "1st"
    return re.fullmatch(r"\d*x?(lp|ep)s?|no|\d+(st|nd|rd|th)|\d+/\d+", bare) is not None


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))
