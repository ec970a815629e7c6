"""Grapheme clusters: comfy-table cuts a word too long for its column between them, never inside one."""

from __future__ import annotations

import unicodedata

from .unicode_properties import (
    OTHER_GRAPHEME_EXTEND,
    ZWJ,
    in_ranges,
    is_emoji_modifier,
    is_pictographic,
    is_regional_indicator,
)

_HANGUL_JOINS = {("L", "L"), ("L", "V"), ("L", "LV"), ("L", "LVT"), ("LV", "V"), ("LV", "T"), ("V", "V"), ("V", "T"),
                 ("LVT", "T"), ("T", "T")}  # fmt: skip

# Indic_Conjunct_Break (UAX #29 rule GB9c): consonant + virama + consonant stays one cluster.
_INDIC_LINKERS = frozenset((0x094D, 0x09CD, 0x0ACD, 0x0B4D, 0x0C4D, 0x0D4D))
_INDIC_CONSONANTS = (
    (0x0915, 0x0939), (0x0958, 0x095F), (0x0978, 0x097F), (0x0995, 0x09A8), (0x09AA, 0x09B0),
    (0x09B2, 0x09B2), (0x09B6, 0x09B9), (0x09DC, 0x09DD), (0x09DF, 0x09DF), (0x09F0, 0x09F1),
    (0x0A95, 0x0AA8), (0x0AAA, 0x0AB0), (0x0AB2, 0x0AB3), (0x0AB5, 0x0AB9), (0x0AF9, 0x0AF9),
    (0x0B15, 0x0B28), (0x0B2A, 0x0B30), (0x0B32, 0x0B33), (0x0B35, 0x0B39), (0x0B5C, 0x0B5D),
    (0x0B5F, 0x0B5F), (0x0B71, 0x0B71), (0x0C15, 0x0C28), (0x0C2A, 0x0C39), (0x0C58, 0x0C5A),
    (0x0D15, 0x0D3A),
)  # fmt: skip


def graphemes(text: str) -> list[str]:
    """Extended grapheme clusters (UAX #29) as unicode-segmentation splits them."""
    clusters: list[str] = []
    previous = None
    emoji_zwj = False  # inside "Extended_Pictographic Extend* ZWJ"
    odd_ri = False  # an unpaired regional indicator precedes
    conjunct = None  # None, "consonant" or "linked" (a virama followed the consonant)
    for ch in text:
        cp = ord(ch)
        current = _grapheme_break_class(ch)
        consonant = in_ranges(cp, _INDIC_CONSONANTS)
        joins = previous is not None and (
            (previous == "CR" and current == "LF")
            or (previous not in ("Control", "CR", "LF") and current in ("Extend", "ZWJ", "SpacingMark"))
            or (previous, current) in _HANGUL_JOINS
            or (emoji_zwj and previous == "ZWJ" and is_pictographic(cp))
            or (previous == "RI" and current == "RI" and odd_ri)
            or (conjunct == "linked" and consonant)
        )
        if joins:
            clusters[-1] += ch
        else:
            clusters.append(ch)
        odd_ri = current == "RI" and not (joins and previous == "RI")
        if current == "Other" and is_pictographic(cp):
            emoji_zwj = True
        elif current not in ("Extend", "ZWJ"):
            emoji_zwj = False
        if consonant:
            conjunct = "consonant"
        elif cp in _INDIC_LINKERS and conjunct:
            conjunct = "linked"
        elif current not in ("Extend", "ZWJ"):
            conjunct = None
        previous = current
    return clusters


def _grapheme_break_class(ch: str) -> str:
    cp = ord(ch)
    if ch == "\r":
        return "CR"
    if ch == "\n":
        return "LF"
    if cp == ZWJ:
        return "ZWJ"
    if is_regional_indicator(cp):
        return "RI"
    category = unicodedata.category(ch)
    if category in ("Mn", "Me") or in_ranges(cp, OTHER_GRAPHEME_EXTEND) or is_emoji_modifier(cp):
        return "Extend"
    if category == "Mc" or cp in (0x0E33, 0x0EB3):  # Thai and Lao AM are spacing marks too
        return "SpacingMark"
    if category in ("Cc", "Zl", "Zp") or (category == "Cf" and cp != 0x200C):
        return "Control"
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return "L"
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return "V"
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return "T"
    if 0xAC00 <= cp <= 0xD7A3:
        return "LV" if (cp - 0xAC00) % 28 == 0 else "LVT"
    return "Other"
