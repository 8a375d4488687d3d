"""Our weighted least-recently-used dict (text/lru.py) against cachetools' LRUCache, the
well-kept library that does the same, on the glyph cache's pattern: 200,000 lookups of 5,000
run masks of 100 B to 5 KB in a 2 MB budget, a put after every miss.

cachetools is not a dependency; install it to compare (`pip install cachetools`).
Run: python benchmarks/lru_bench.py [--repeat N]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.text.lru import LeastRecentlyUsed  # noqa: E402


def workload():
    rng = random.Random(1)
    keys = [("run", i % 5000, 3) for i in range(200_000)]
    rng.shuffle(keys)
    return keys, {k: b"x" * (100 + (k[1] % 50) * 100) for k in set(keys)}


def ours(keys, values) -> None:
    cache = LeastRecentlyUsed(2_000_000, weigh=len)
    for key in keys:
        if cache.get(key) is None:
            cache.put(key, values[key])


def cachetools_lru(keys, values) -> None:
    from cachetools import LRUCache
    cache = LRUCache(2_000_000, getsizeof=len)
    for key in keys:
        if cache.get(key) is None:
            cache[key] = values[key]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    keys, values = workload()
    contenders = [("ours", ours)]
    try:
        import cachetools  # noqa: F401
        contenders.append(("cachetools.LRUCache", cachetools_lru))
    except ImportError:
        print("cachetools is not installed: only ours is timed")
    times = {name: [] for name, _ in contenders}
    for _ in range(args.repeat):  # alternated, so the machine's noise falls on both
        for name, run in contenders:
            started = time.perf_counter()
            run(keys, values)
            times[name].append((time.perf_counter() - started) * 1000)
    for name, values_ms in times.items():
        print(f"{name:<20} {statistics.median(values_ms):7.1f} ms median for 200,000 lookups")
    if len(times) == 2:
        print(f"ratio cachetools / ours: {statistics.median(times['cachetools.LRUCache']) / statistics.median(times['ours']):.2f}")


if __name__ == "__main__":
    main()
