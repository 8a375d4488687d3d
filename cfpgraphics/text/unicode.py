"""Thin, index-safe wrappers over ICU: grapheme clusters and bidi levels.

ICU counts UTF-16 code units; Python strings count code points. Every offset that comes back
from ICU goes through `_to_py` so emoji and other astral characters never shift positions.
"""
from __future__ import annotations

import icu


def _utf16_to_py(text: str) -> list[int] | None:
    """Map UTF-16 offset -> code point index, or None when they coincide (BMP-only text)."""
    if all(ord(ch) < 0x10000 for ch in text):
        return None
    table = []
    for i, ch in enumerate(text):
        table.append(i)
        if ord(ch) >= 0x10000:
            table.append(i)  # the low surrogate belongs to the same character
    table.append(len(text))
    return table


def icu_boundaries(iterator: icu.BreakIterator, text: str) -> list[tuple[int, int]]:
    """(offset, rule status) for every boundary after the start, as code point indices."""
    iterator.setText(text)
    table = _utf16_to_py(text)
    out = []
    for offset in iterator:
        out.append((offset if table is None else table[offset], iterator.getRuleStatus()))
    return out


class BreakIterators:
    """ICU's break iterators, one of each kind per language, made on first use. They carry the
    text they last walked, so they belong to one caller (a Typesetter), never to the module."""

    def __init__(self) -> None:
        self._made: dict[tuple[str, str], icu.BreakIterator] = {}

    def _get(self, kind: str, lang: str, make) -> icu.BreakIterator:
        iterator = self._made.get((kind, lang))
        if iterator is None:
            iterator = self._made[(kind, lang)] = make(icu.Locale.forLanguageTag(lang))
        return iterator

    def character(self, lang: str) -> icu.BreakIterator:
        return self._get("character", lang, icu.BreakIterator.createCharacterInstance)

    def word(self, lang: str) -> icu.BreakIterator:
        return self._get("word", lang, icu.BreakIterator.createWordInstance)

    def line(self, lang: str) -> icu.BreakIterator:
        return self._get("line", lang, icu.BreakIterator.createLineInstance)


def grapheme_bounds(text: str, lang: str, iterators: BreakIterators | None = None) -> list[int]:
    """Start offsets of every extended grapheme cluster, plus len(text)."""
    if not text:
        return [0]
    return [0] + [offset for offset, _ in icu_boundaries((iterators or BreakIterators()).character(lang), text)]


def bidi_levels(text: str, rtl: bool) -> list[int]:
    """UAX #9 embedding level of every character, with the paragraph level set by the caller
    (from the language), never guessed from the first strong character."""
    if not text:
        return []
    bidi = icu.Bidi()
    bidi.setPara(icu.UnicodeString(text), 1 if rtl else 0)
    levels = bidi.getLevels()
    table = _utf16_to_py(text)
    if table is None:
        return list(levels)
    out = [0] * len(text)
    for unit, index in enumerate(table[:-1]):
        out[index] = levels[unit] if unit < len(levels) else (1 if rtl else 0)
    return out


def visual_order(levels: list[int]) -> list[int]:
    """UAX #9 rule L2: indices of items (runs) in visual order, given each item's level."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order
