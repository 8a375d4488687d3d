"""Measure the empty space on every story: the tallest band of the safe area with nothing drawn.

A story is composed for its height (issue 24): no band of the safe area (y 250..1580 at
1080x1920, `Size.safe_area`) taller than 10% of the canvas may stay empty, in any language.
So is every feed page of a carousel (`--size feed`: the square, portrait and grid sizes,
whose safe area runs from the top margin to the bottom one, the page dots and wordmark
included): a set reads as a set, each slide filled, not its top 60%.
This reads the laid-out Scene of every story (no drawing), so it measures what `build` draws:
the ink of every text line, logo, rule, chart and panel; the background and the draft band
(an overlay) are not content.

Run: python tools/story_space.py [--lang L ...] [--graphic G ...] [--size S ...] [--all]
(`--size` is repeatable; `feed` names instagram-square, instagram-portrait and instagram-grid)
(prints the largest empty band of each story over the limit, or of all with --all, tallest
first, then a count; exits 1 if any story is over the limit)
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.builder.plan import plan_jobs  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.render.job import compose_job  # noqa: E402

LIMIT = 0.10  # of the canvas's height: 192 px on a 1080x1920 story
FEED = ("instagram-square", "instagram-portrait", "instagram-grid")  # `--size feed`


def spans(scene) -> list[tuple[float, float]]:
    """(top, bottom) of everything drawn but background and the draft band, top to bottom."""
    return sorted((r.y, r.bottom) for i in scene.items
                  if (r := i.rect()) is not None and r.w > 0 and not getattr(i, "overlay", False))


def largest_empty_band(scene) -> tuple[float, float]:
    """(top, bottom) of the tallest run of safe-area rows with nothing drawn, in px."""
    sx, sy, sw, sh = scene.safe_area
    best, y = (sy, sy), sy
    for top, bottom in spans(scene):
        if top - y > best[1] - best[0]:
            best = (y, top)
        y = max(y, bottom)
    end = sy + sh
    if end - y > best[1] - best[0]:
        best = (y, end)
    return best


def measure(project, langs=None, graphics=None, size="story") -> dict[str, tuple[float, float, int]]:
    """Output name -> (band top, band bottom, canvas height) for every planned output of `size`
    (a size preset's name, `feed`, or a collection of them)."""
    names = [size] if isinstance(size, str) else list(size)
    sizes = {s for name in names for s in (FEED if name == "feed" else (name,))}
    out = {}
    for job in plan_jobs(project, graphics=graphics, langs=langs, sizes=sizes):
        scene = compose_job(project, job)
        out[job.name] = (*largest_empty_band(scene), scene.height)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", action="append", help="only this language (repeatable)")
    parser.add_argument("--graphic", action="append", help="only this graphic (repeatable)")
    parser.add_argument("--size", action="append", help="a size preset to measure (repeatable; default: story;"
                        " `feed`: the square, portrait and grid sizes)")
    parser.add_argument("--limit", type=float, default=LIMIT, help="largest band allowed, of the height")
    parser.add_argument("--all", action="store_true", help="list every output, not only those over the limit")
    args = parser.parse_args(argv)
    project = open_project(ROOT, AssetStore())
    found = measure(project, set(args.lang) if args.lang else None,
                    set(args.graphic) if args.graphic else None, args.size or ["story"])
    rows = sorted(found.items(), key=lambda kv: kv[1][0] - kv[1][1])
    over = [name for name, (top, bottom, height) in rows if bottom - top > args.limit * height]
    for name, (top, bottom, height) in rows:
        if args.all or name in over:
            print(f"{bottom - top:6.0f} px  {(bottom - top) / height:5.1%}  y {top:.0f}..{bottom:.0f}  {name}")
    by_size: dict[str, list[float]] = {}
    for name, (top, bottom, height) in found.items():
        size = name.rsplit("/", 1)[-1].split(".")[0].rstrip("0123456789").rstrip("-")
        by_size.setdefault(size, []).append((bottom - top) / height)
    if len(by_size) > 1:
        for size, shares in sorted(by_size.items()):
            n = sum(share > args.limit for share in shares)
            print(f"  {size}: {n} of {len(shares)} over, largest {max(shares):.1%}")
    bands = sorted(bottom - top for top, bottom, _ in found.values()) or [0.0]
    print(f"{len(over)} of {len(found)} outputs have an empty band over {args.limit:.0%} of their height"
          f" (largest {bands[-1]:.0f} px, median {bands[len(bands) // 2]:.0f} px)")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
