"""Where a line may break: ICU's UAX #14 line breaker for the paragraph's language, with the
fixes headlines need.

ICU gives dictionary breaks for Khmer, Lao, Thai and Burmese and kinsoku for CJK. On top we
take away breaks a designer would reject: inside `#hashtags` and `@handles`, between a number
and a `%` or currency sign set off by a space (`50 %`, `₱ 1,500`), inside URLs except after `/`;
and for Korean we keep words whole (ICU breaks between any two syllables).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import icu

from .lang import script_of
from .unicode import icu_boundaries

NORMAL, HYPHEN, HARD = "normal", "hyphen", "hard"
INWORD = "inword"  # Chinese/Japanese: allowed between any two characters, better between words
PHRASE = "phrase"  # inside a phrase that should stay together (the brand's name)
_WORD_SCRIPTS = ("Hani", "Hans", "Hant", "Jpan")
_HARD_STATUS = icu.ULineBreakTag.HARD  # rule status of a mandatory break (after \n)
_HYPHENS = "-\u2010\u00AD"
_PERCENT = "%\u2030\u2031\u066A"  # % ‰ ‱ and the Arabic percent sign
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_TAG = re.compile(r"[#@][\w\u00B7\u200C\u200D]+")


@dataclass(frozen=True)
class Break:
    offset: int  # a line may end before text[offset]
    kind: str  # NORMAL, HYPHEN (after a hyphen: allowed, but a space is better) or HARD


@lru_cache(maxsize=64)
def _line_iterator(lang: str) -> icu.BreakIterator:
    return icu.BreakIterator.createLineInstance(icu.Locale.forLanguageTag(lang))


def _is_number_unit_gap(text: str, i: int) -> bool:
    """A break at i would split `50 %` or `₱ 1,500` / `1,500 €` at their space."""
    if i < 2 or i >= len(text) or not text[i - 1].isspace():
        return False
    before, after = text[i - 2], text[i]
    if before.isdigit() and (after in _PERCENT or unicodedata.category(after) == "Sc"):
        return True
    return unicodedata.category(before) == "Sc" and after.isdigit()


def _protected_ranges(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_url) spans in which breaks are removed (URLs keep breaks after '/')."""
    spans = [(m.start(), m.end(), False) for m in _TAG.finditer(text)]
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)»”’\"'":
            end -= 1  # sentence punctuation after a URL is not part of it
        spans.append((m.start(), end, True))
    return spans


@lru_cache(maxsize=64)
def _word_iterator(lang: str) -> icu.BreakIterator:
    return icu.BreakIterator.createWordInstance(icu.Locale.forLanguageTag(lang))


def _phrase_ranges(text: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    folded = text.casefold()
    spans = []
    for phrase in phrases:
        start = folded.find(phrase.casefold())
        while start >= 0:
            spans.append((start, start + len(phrase)))
            start = folded.find(phrase.casefold(), start + 1)
    return spans


def break_opportunities(text: str, lang: str, keep_together: tuple[str, ...] = ()) -> list[Break]:
    """Every place a line may end, in order; the end of the text is always a HARD break.

    Breaks that are allowed but worse get a kind the line breaker charges for: after a hyphen,
    inside a Chinese or Japanese word (ICU's dictionary word boundaries), inside a phrase of
    `keep_together`."""
    if not text:
        return []
    script = script_of(lang)
    keep_all = script in ("Kore", "Hang")
    words = ({offset for offset, _ in icu_boundaries(_word_iterator(lang), text)}
             if script in _WORD_SCRIPTS else None)
    phrases = _phrase_ranges(text, keep_together)
    protected = _protected_ranges(text)
    breaks = []
    for offset, status in icu_boundaries(_line_iterator(lang), text):
        if offset >= len(text):
            break
        if status >= _HARD_STATUS:
            breaks.append(Break(offset, HARD))
            continue
        if keep_all and not text[offset - 1].isspace():
            continue
        if _is_number_unit_gap(text, offset):
            continue
        if any(start < offset < end and not (is_url and text[offset - 1] == "/" and text[offset] != "/")
               for start, end, is_url in protected):
            continue
        if any(start < offset < end for start, end in phrases):
            kind = PHRASE
        elif words is not None and offset not in words:
            kind = INWORD
        elif text[offset - 1] in _HYPHENS:
            kind = HYPHEN
        else:
            kind = NORMAL
        breaks.append(Break(offset, kind))
    breaks.append(Break(len(text), HARD))
    return breaks
