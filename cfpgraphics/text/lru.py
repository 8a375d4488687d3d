"""A dict that keeps to a budget, the least recently used entries dropped first: the layouts a
typesetter remembers (counted) and a worker's glyph bitmaps (weighed in bytes, glyphs.py).

Kept rather than cachetools' LRUCache: benchmarks/lru_bench.py times that 1.23x slower on the
glyph cache's pattern, and it raises on an entry heavier than the whole budget, where this
keeps the newest entry whatever it weighs."""
from __future__ import annotations

from typing import Any, Callable, Hashable


class LeastRecentlyUsed:
    def __init__(self, budget: int, weigh: Callable[[Any], int] | None = None):
        self.budget = budget  # most total weight kept; an entry weighs 1 unless `weigh` says
        self.used = 0
        self._weigh = weigh or (lambda value: 1)
        self._entries: dict = {}  # least recently used first (dicts keep insertion order)

    def get(self, key: Hashable):
        """The entry (now the most recently used), or None."""
        value = self._entries.pop(key, None)
        if value is not None:
            self._entries[key] = value
        return value

    def put(self, key: Hashable, value):
        """Keep `value` (the most recently used) and drop the oldest past the budget; never the
        newest, however heavy."""
        entries = self._entries
        old = entries.pop(key, None)
        if old is not None:
            self.used -= self._weigh(old)
        entries[key] = value
        self.used += self._weigh(value)
        while self.used > self.budget and len(entries) > 1:
            self.used -= self._weigh(entries.pop(next(iter(entries))))
        return value

    def keys(self):
        return self._entries.keys()

    def clear(self) -> None:
        self._entries.clear()
        self.used = 0

    def __len__(self) -> int:
        return len(self._entries)
