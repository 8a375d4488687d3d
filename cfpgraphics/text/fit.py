"""The one "largest size that fits" search, for text boxes and for groups laid out at one size."""
from __future__ import annotations

from typing import Callable, TypeVar

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
