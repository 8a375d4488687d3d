"""Where a line may break: ICU's UAX #14 line breaker for the paragraph's language, with the
fixes headlines need.

ICU gives dictionary breaks for Khmer, Lao, Thai and Burmese and kinsoku for CJK. On top we
take away breaks a designer would reject: inside `#hashtags` and `@handles`, between a number
and a `%` or currency sign set off by a space (`50 %`, `₱ 1,500`), inside URLs except after `/`,
before a dash set off by spaces (`California Alliance - | Youth`: a line never starts with it);
and for Korean we keep words whole (ICU breaks between any two syllables).

Every break that is left gets a class (see the constants below): a space between words, a space
between phrases, a dictionary break inside a phrase, a break inside a word (Chinese characters,
Vietnamese syllables), after a hyphen, next to a short function word, inside a name kept
together. The line breaker charges each class its cost, so a worse break is taken only when
nothing better fits.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import icu

from .lang import CJK_SCRIPTS, KOREAN_SCRIPTS, PHRASE_SCRIPTS, script_of
from .unicode import BreakIterators, icu_boundaries
from .wordrules import (SPLIT_NAME, first_word, glued_after, glued_before, last_word, word_spans, word_splits,
                        year_word_before)

# Break classes. Each break opportunity gets one; linebreak.BREAK_COST says what each costs.
SPACE = "space"  # at a space between words
PHRASE = "phrase"  # at a space between phrases (Khmer, Lao, Thai, Burmese put spaces only there)
WORD = "word"  # between two words with no space between them (Chinese, Japanese)
DICTIONARY = "dictionary"  # between two dictionary words inside a phrase (Khmer, Lao, Thai, Burmese)
INWORD = "inword"  # inside a word: 人民, 组织|者, Khmer ជន|ស្បែក|ខ្មៅ, Korean 맞서고 | 있을까 (wordrules.word_splits)
SYLLABLE = "syllable"  # between two syllables of one Vietnamese word (tổ | chức)
GLUE = "glue"  # would leave a short function word alone at a line's end (es "no"), or start one
HYPHEN = "hyphen"  # after a hyphen inside a word
NAME = "name"  # inside a name kept together (the brand kit's, {markup}, an item of a list of names,
#                a Khmer or Lao foreign name the dictionary cannot segment)
QUOTE = "quote"  # inside a short quoted or emphasised phrase
JOINT = "joint"  # where a name allows a break ("Collective | Freedom Project" in the brand kit)
HARD = "hard"  # a forced break (newline) or the end of the text
_HARD_STATUS = icu.ULineBreakTag.HARD  # rule status of a mandatory break (after \n)
_HYPHENS = "-\u2010\u00AD"
_PERCENT = "%\u2030\u2031\u066A"  # % ‰ ‱ and the Arabic percent sign
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_TAG = re.compile(r"[#@][\w\u00B7\u200C\u200D]+")


@dataclass(frozen=True)
class Break:
    offset: int  # a line may end before text[offset]
    kind: str  # its class: SPACE, PHRASE, ... HARD (above)


def _is_number_unit_gap(text: str, i: int) -> bool:
    """A break at i would split `50 %` or `₱ 1,500` / `1,500 €` at their space."""
    if i < 2 or i >= len(text) or not text[i - 1].isspace():
        return False
    before, after = text[i - 2], text[i]
    if before.isdigit() and (after in _PERCENT or unicodedata.category(after) == "Sc"):
        return True
    return unicodedata.category(before) == "Sc" and after.isdigit()


_DASHES = "-\u2013\u2014"  # a hyphen-minus, an en or an em dash used as a dash (spaces around it)


def _before_spaced_dash(text: str, i: int) -> bool:
    """A break at i would start a line with a dash or an ampersand set off by spaces:
    `Alliance | - Youth`, `Youth | & Community` (either belongs to the line it continues)."""
    return (0 < i < len(text) - 1 and text[i - 1].isspace() and text[i] in _DASHES + "&"
            and text[i + 1].isspace())


_HAN_NUMERALS = "〇零一二三四五六七八九十百千万萬亿億两兩"


def _between_han_numerals(text: str, i: int) -> bool:
    """七十 | 五 splits the number 75 (ICU's dictionary does not always keep numerals together)."""
    return text[i - 1] in _HAN_NUMERALS and text[i] in _HAN_NUMERALS


def _protected_ranges(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_url) spans in which breaks are removed (URLs keep breaks after '/')."""
    spans = [(m.start(), m.end(), False) for m in _TAG.finditer(text)]
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)»”’\"'":
            end -= 1  # sentence punctuation after a URL is not part of it
        spans.append((m.start(), end, True))
    return spans


def compound_ranges(text: str, names: list[tuple[int, int, frozenset[int]]]) -> tuple[tuple[int, int], ...]:
    """Of `name_ranges`, the ones that are one word: no `|` and no space inside (a compound
    the brand kit lists because a dictionary splits it: ទទួលបាន, ຍົກເລີກ). The word rules take
    each as one dictionary piece; callers ask only in scripts that do not space their words."""
    return tuple((a, b) for a, b, allowed in names
                 if not allowed and not any(ch.isspace() for ch in text[a:b]))


def name_ranges(text: str, names: tuple[str, ...]) -> list[tuple[int, int, frozenset[int]]]:
    """Where each name occurs: (start, end, offsets where it may still break). In a name, a
    `|` marks where it may break ("Collective | Freedom Project"): breaks there cost nothing."""
    folded = text.casefold()
    spans = []
    for name in names:
        parts = [part.strip() for part in name.split("|")]
        whole = " ".join(parts).casefold()
        allowed, at = [], 0
        for part in parts[:-1]:
            at += len(part) + 1
            allowed.append(at)
        start = folded.find(whole)
        while start >= 0 and whole:
            spans.append((start, start + len(whole), frozenset(start + a for a in allowed)))
            start = folded.find(whole, start + 1)
    return spans


_QUOTES = re.compile(r'“[^”]+”|„[^“”]+[“”]|«[^»]+»|"[^"]+"|「[^」]+」|『[^』]+』')
QUOTE_WORDS = 4  # a quoted or emphasised phrase of up to this many words is kept together


def phrase_ranges(text: str, emphasis: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """Short quoted or emphasised phrases ("community over cages", **cross-movement**), kept
    together."""
    spans = [(m.start(), m.end()) for m in _QUOTES.finditer(text)] + list(emphasis)
    return [(a, b) for a, b in spans if len(text[a:b].split()) <= QUOTE_WORDS]


def break_opportunities(text: str, lang: str, keep_together: tuple[str, ...] = (),
                        kept: tuple[tuple[int, int], ...] = (),
                        phrases: tuple[tuple[int, int], ...] = (),
                        iterators: BreakIterators | None = None) -> list[Break]:
    """Every place a line may end, in order, each with its class; the end of the text is always
    a HARD break. `keep_together` are names (the brand kit's) and `kept` ranges of the text
    ({markup}) never to break if the text can fit without; `phrases` ranges better not broken
    (short quoted or emphasised phrases: `phrase_ranges`)."""
    if not text:
        return []
    iterators = iterators or BreakIterators()
    script = script_of(lang)
    keep_all = script in KOREAN_SCRIPTS
    words = script in CJK_SCRIPTS
    names = name_ranges(text, keep_together)
    compounds = compound_ranges(text, names) if script in PHRASE_SCRIPTS else ()
    splits = word_splits(text, lang, iterators, compounds)  # inside a word or a foreign name (wordrules)
    edges = {offset for span in compounds for offset in span  # (between two letters: a space has its own break)
             if 0 < offset < len(text) and not text[offset].isspace() and not text[offset - 1].isspace()}
    inside_words = word_spans(text, lang)
    protected = _protected_ranges(text)
    breaks = []
    # ICU's line breaks, and the ends of a kept compound where ICU's dictionary cut elsewhere
    # (ການຍົກ | ເລີກ: a line may end before ຍົກເລີກ)
    found = icu_boundaries(iterators.line(lang), text)
    known = {offset for offset, _ in found}
    for offset, status in sorted(found + [(edge, 0) for edge in edges - known]):
        if offset >= len(text):
            break
        if status >= _HARD_STATUS:
            breaks.append(Break(offset, HARD))
            continue
        after_space = text[offset - 1].isspace()
        if keep_all and not after_space:
            continue
        if _is_number_unit_gap(text, offset) or _before_spaced_dash(text, offset):
            continue
        if any(start < offset < end and not (is_url and text[offset - 1] == "/" and text[offset] != "/")
               for start, end, is_url in protected):
            continue
        if any(start < offset < end and offset not in allowed for start, end, allowed in names) or \
                any(start < offset < end for start, end in kept):
            kind = NAME
        elif any(offset in allowed for _, _, allowed in names):
            kind = JOINT
        elif text[offset - 1] in _HYPHENS:
            kind = HYPHEN  # (inside a quote too: "cross- | movement" is the worse of the two)
        elif splits.get(offset) == SPLIT_NAME:
            kind = NAME  # a foreign name the dictionary does not know (ແອັດ|ແລນ|ຕາ)
        elif any(start < offset < end for start, end in inside_words):
            kind = SYLLABLE  # (inside a quote too: a split word is the worse of the two)
        elif offset in splits or (words and _between_han_numerals(text, offset)):
            kind = INWORD  # 组织|者, ជន|ស្បែក, 맞서고 | 있을까
        elif glued_after(lang, last_word(text, offset)) or glued_before(lang, first_word(text, offset)) or \
                year_word_before(lang, text, offset):
            kind = GLUE  # (inside a quote too: a dangling "la" is the worse of the two)
        elif any(start < offset < end for start, end in phrases):
            kind = QUOTE
        elif script in PHRASE_SCRIPTS:
            kind = PHRASE if after_space else DICTIONARY
        elif words:
            kind = WORD
        else:
            kind = SPACE
        breaks.append(Break(offset, kind))
    breaks.append(Break(len(text), HARD))
    return breaks
