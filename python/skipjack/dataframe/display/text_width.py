"""Display width of text in terminal columns, as ``unicode_width::UnicodeWidthStr::width`` computes it."""

from __future__ import annotations

import unicodedata

from .unicode_properties import (
    ALEF_GROUP,
    DEFAULT_IGNORABLE,
    EMOJI_MODIFIER_BASE,
    HANGUL_VT,
    LAM_GROUP,
    OTHER_GRAPHEME_EXTEND,
    VS15,
    VS16,
    WIDE_TEXT_PICTOGRAPHS,
    ZWJ,
    in_ranges,
    is_emoji_modifier,
    is_pictographic,
    is_regional_indicator,
)

# What follows the character being measured, in unicode-width's right-to-left scan.
(
    _NEXT_PLAIN, _NEXT_VS15, _NEXT_VS16, _NEXT_EMOJI, _NEXT_MODIFIER, _NEXT_RI, _NEXT_SEVERAL_RI,
    _NEXT_ZWJ_EMOJI, _NEXT_VS16_ZWJ_EMOJI, _NEXT_RI_ZWJ, _NEXT_EVEN_RI_ZWJ, _NEXT_ODD_RI_ZWJ, _NEXT_ALEF,
) = range(13)  # fmt: skip


def str_width(text: str) -> int:
    """Display width of a line as ``unicode_width::UnicodeWidthStr::width`` computes it.

    Like unicode-width, scan right to left so emoji, flag and ZWJ sequences collapse.
    """
    if text.isascii():
        return len(text)  # every ASCII character, control ones included, is one column
    total, following = 0, _NEXT_PLAIN
    for ch in reversed(text):
        width, following = _width_in_str(ch, following)
        total += width
    return total


def _has_emoji_presentation(cp: int) -> bool:
    """Emoji_Presentation: pictographs that are 2 columns wide on their own."""
    return cp not in WIDE_TEXT_PICTOGRAPHS and is_pictographic(cp) and _char_width(chr(cp)) == 2


def _takes_emoji_presentation(cp: int) -> bool:
    """Bases that VS16 turns into a 2-column emoji (pictographs plus keycap bases)."""
    return cp in (0x23, 0x2A) or 0x30 <= cp <= 0x39 or is_pictographic(cp)


def _char_width(ch: str) -> int:
    cp = ord(ch)
    if cp == 0x115F:
        return 2
    if any(in_ranges(cp, ranges) for ranges in (DEFAULT_IGNORABLE, OTHER_GRAPHEME_EXTEND, HANGUL_VT)):
        return 0
    if unicodedata.category(ch) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _lookup(ch: str) -> tuple[int, int]:
    """Width of a character alone, and what it means for the character before it."""
    cp = ord(ch)
    if cp == VS15:
        return 0, _NEXT_VS15
    if cp == VS16:
        return 0, _NEXT_VS16
    if is_regional_indicator(cp):
        return 1, _NEXT_RI
    if is_emoji_modifier(cp):
        return 2, _NEXT_MODIFIER
    if cp in ALEF_GROUP:
        return 1, _NEXT_ALEF
    width = _char_width(ch)
    return width, _NEXT_EMOJI if width == 2 and _has_emoji_presentation(cp) else _NEXT_PLAIN


def _width_in_str(ch: str, following: int) -> tuple[int, int]:
    """Width a character adds given what follows it (unicode-width's ``width_in_str``)."""
    cp = ord(ch)
    if following in (_NEXT_VS16, _NEXT_VS16_ZWJ_EMOJI):
        if _takes_emoji_presentation(cp):
            return (0 if following == _NEXT_VS16_ZWJ_EMOJI else 2), _NEXT_EMOJI
        following = _NEXT_PLAIN
    if cp <= 0xA0:
        return 1, _NEXT_PLAIN
    if following == _NEXT_PLAIN:
        return _lookup(ch)
    if cp == VS16:
        return 0, _NEXT_VS16_ZWJ_EMOJI if following == _NEXT_ZWJ_EMOJI else _NEXT_VS16
    if cp == VS15:
        return 0, _NEXT_VS15
    if following == _NEXT_VS15:
        if _has_emoji_presentation(cp) and not 0x1F200 <= cp <= 0x1F2FF:
            return 1, _NEXT_PLAIN  # text presentation sequence
        return _lookup(ch)
    if following == _NEXT_ALEF:
        if cp in LAM_GROUP:
            return 0, _NEXT_PLAIN
        if _char_width(ch) == 0 and unicodedata.category(ch) in ("Mn", "Me"):
            return 0, _NEXT_ALEF
    if following == _NEXT_MODIFIER and in_ranges(cp, EMOJI_MODIFIER_BASE):
        return 0, _NEXT_EMOJI
    if following in (_NEXT_RI, _NEXT_SEVERAL_RI) and is_regional_indicator(cp):
        return 1, _NEXT_SEVERAL_RI
    zwj_joinable = (_NEXT_EMOJI, _NEXT_SEVERAL_RI, _NEXT_EVEN_RI_ZWJ, _NEXT_ODD_RI_ZWJ, _NEXT_MODIFIER)
    if cp == ZWJ and following in zwj_joinable:
        return 0, _NEXT_ZWJ_EMOJI
    if following == _NEXT_ZWJ_EMOJI:
        if is_regional_indicator(cp):
            return 1, _NEXT_RI_ZWJ
        if is_emoji_modifier(cp):
            return 0, _NEXT_MODIFIER
        if _has_emoji_presentation(cp):
            return 0, _NEXT_EMOJI  # part of an emoji ZWJ sequence
    if is_regional_indicator(cp):
        if following in (_NEXT_RI_ZWJ, _NEXT_ODD_RI_ZWJ):
            return -1, _NEXT_EVEN_RI_ZWJ
        if following == _NEXT_EVEN_RI_ZWJ:
            return 3, _NEXT_ODD_RI_ZWJ
    return _lookup(ch)
