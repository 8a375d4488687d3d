"""The one "largest size that fits" search, for text boxes and for groups laid out at one size;
and the one size of a set of texts shown one per image (a kit of cards, `one_size`)."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, TypeVar

from .fonts import NoFontError
from .linebreak import is_lone_short_word

T = TypeVar("T")


def largest_fitting(lo: int, hi: int, attempt: Callable[[int], T], fits: Callable[[T], bool]) -> T:
    """The attempt at the largest size in [lo, hi] that fits, by binary search (fitting is
    monotone in size); the attempt at `lo` when even that does not fit, to report it."""
    best = attempt(lo)
    if not fits(best):
        return best
    while lo < hi:  # invariant: lo fits
        mid = (lo + hi + 1) // 2
        trial = attempt(mid)
        if fits(trial):
            lo, best = mid, trial
        else:
            hi = mid - 1
    return best


SET_SHRINK = 0.85  # one_size looks this far below the largest whole size for one with no word alone


def one_size(sources, style, box, lang: str, layout: Callable) -> int | None:
    """One size for a set of texts, each shown alone in the same box on its own image (the names
    of a member kit): the largest in the style's range at which every text fits whole, with no
    word cut between letters; then, at most 15% below it, the largest at which no text leaves a
    word alone where a reader sees a hole: a lone first or last word ("National / Immigration
    Project / ..."), as display type avoids, else a short word alone on any line ("Houston
    Immigration / Legal / Services Collaborative"). None when even the smallest size leaves some
    text over. `layout(text, style, box, lang)` lays one out (a typesetter's, remembered)."""

    def attempt(px: int):
        pinned = replace(style, max_size=px, min_size=px)
        try:
            return px, [layout(text, pinned, box, lang) for text in sources]
        except NoFontError:
            return px, []

    def whole(result) -> bool:
        return bool(result[1]) and all(t.fits and t.lines and not t.emergency_breaks and not t.splits_forced
                                       for t in result[1])

    result = largest_fitting(style.min_size, style.max_size, attempt, whole)
    if not whole(result):
        return None
    # a word alone comes and goes as the size moves (the breaker's choices are not monotone in
    # size), so the sizes below are tried one by one: the largest with neither flaw, else the
    # largest with no lone first or last word (the break audit's gate), else the largest whole
    best = (False, False, result[0])
    for px in range(result[0], max(style.min_size, round(result[0] * SET_SHRINK)) - 1, -1):
        trial = attempt(px)
        if not whole(trial):
            continue
        lone = any(_lone_end(t) for t in trial[1])
        best = max(best, (not lone, not lone and not any(_short_alone(t) for t in trial[1]), px))
        if best[1]:
            break
    return best[2]


def _words(layout) -> list[list[str]]:
    """Each line's words: what has a letter or digit ("Youth &" is one word; "&" is none)."""
    return [[w for w in line.text.split() if any(ch.isalnum() for ch in w)] for line in layout.lines]


def _lone_end(layout) -> bool:
    """A lone first or last word when there are words enough for two a line."""
    words = _words(layout)
    return len(words) > 1 and sum(map(len, words)) >= 2 * len(words) and (len(words[0]) == 1 or len(words[-1]) == 1)


def _short_alone(layout) -> bool:
    """A short word alone on any line (linebreak.SHORT_WORD_LETTERS: the one definition)."""
    return len(layout.lines) > 1 and any(is_lone_short_word(line.text, layout.lang) for line in layout.lines)
