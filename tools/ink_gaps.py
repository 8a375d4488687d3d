"""Measure the clear space between the ink of neighbouring lines and elements, across every
shipped output (issue #24 item 3: Arabic dots touching a Latin capital, an accent bar touching
an alif).

Lays out every planned still (no drawing). Each text line's ink is its box from the layout:
its width, from its ink above the baseline (at least the fonts' cap band) to its ink below
(descenders, marks stacked below: Vietnamese, Khmer, Arabic dots), so a measured gap is never
more than the real one. Every other element is its box (a rule, the logo, the unit chart, the
QR code, page dots). For each line or element, the nearest one below it that shares some of
its width gives one gap:

- line: two lines of one text: at least LINE_GAP em of the text (the engine's INK_GAP);
- element: two elements: at least ELEMENT_GAP em of the smaller text beside the gap (of the
  text, beside a shape; ELEMENT_PX at 1080 between two shapes), and never overlapping. A
  label may sit close over a big figure; what matters is that the smaller type keeps clear.

Text over a panel (a button), the draft band (drawn over the design) and backgrounds are left
out: they are meant to overlap.

Run: python tools/ink_gaps.py [--lang L ...] [--graphic G ...] [--show N]
(prints the smallest gaps and every one under its minimum; exits 1 if any is under)
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.builder.plan import plan_jobs  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.diagnostics import CfpError  # noqa: E402
from cfpgraphics.render.job import compose_job  # noqa: E402
from cfpgraphics.render.scene import BackgroundItem, DraftBandItem, PanelItem, TextItem  # noqa: E402
from cfpgraphics.text.engine import INK_GAP  # noqa: E402

LINE_GAP = INK_GAP  # em, between two lines of one text
ELEMENT_GAP = 0.10  # em of the smaller neighbouring text, between two elements
ELEMENT_PX = 12  # px at 1080, between two shapes (no text beside the gap)
ROUNDING = 1.0  # px: positions are rounded to whole pixels when drawn


@dataclass(frozen=True)
class Ink:
    element: str
    line: int | None  # the line of a text element; None: a whole element
    x0: float
    y0: float
    x1: float
    y1: float
    size: float  # the text's size in px; 0 for a shape


@dataclass(frozen=True)
class Gap:
    output: str
    above: Ink
    below: Ink
    px: float
    needed: float

    @property
    def kind(self) -> str:
        return "line" if self.above.element == self.below.element else "element"

    def __str__(self) -> str:
        def name(ink: Ink) -> str:
            return ink.element + (f" line {ink.line + 1}" if ink.line is not None else "")
        return (f"{self.output}: {name(self.above)} / {name(self.below)}: {self.px:.1f} px of clear space, "
                f"needs {self.needed:.1f}")


def inks(scene) -> list[Ink]:
    """The ink of every line and element that must keep clear of its neighbours."""
    out = []
    panels = [i.box for i in scene.items if isinstance(i, PanelItem)]
    for item in scene.items:
        if isinstance(item, (BackgroundItem, DraftBandItem, PanelItem)):
            continue
        if isinstance(item, TextItem):
            for n, line in enumerate(item.layout.lines):
                if not line.text.strip():
                    continue
                ink = Ink(item.element, n, line.x, line.baseline - line.ascent, line.x + line.width,
                          line.baseline + line.descent, item.layout.size)
                if any(p.x <= ink.x0 and ink.x1 <= p.x + p.w and p.y <= ink.y0 and ink.y1 <= p.y + p.h
                       for p in panels):
                    continue  # the words on a button
                out.append(ink)
        else:
            box = item.rect()
            if box is not None and box.w > 0 and box.h > 0:
                out.append(Ink(item.element, None, box.x, box.y, box.x + box.w, box.y + box.h, 0.0))
    return out


def gaps(name: str, scene) -> list[Gap]:
    """For each line or element, the gap to the nearest one below it sharing some width; and
    every overlap (ink of two elements over each other) as a negative gap."""
    found = []
    items = inks(scene)
    scale = min(scene.width, scene.height) / 1080
    for a in items:
        nearest = None
        for b in items:
            if b is a or min(a.x1, b.x1) - max(a.x0, b.x0) <= 0:
                continue  # side by side, not one over the other
            if a.element == b.element and (a.line is None or b.line is None or b.line != a.line + 1):
                continue  # a text's own lines: only each with the next
            px = b.y0 - a.y1
            if px < 0 and b.y0 < a.y0:
                continue  # b is above a (or they overlap and b starts higher: measured from b)
            if nearest is None or px < nearest[1]:
                nearest = (b, px)
        if nearest is None:
            continue
        b, px = nearest
        if a.element == b.element:
            needed = LINE_GAP * a.size - ROUNDING
        else:
            sizes = [s for s in (a.size, b.size) if s]
            needed = ELEMENT_GAP * min(sizes) if sizes else ELEMENT_PX * scale
        found.append(Gap(name, a, b, px, needed))
    return found


def measure(root: Path = ROOT, langs=None, graphics=None) -> list[Gap]:
    project = open_project(root, AssetStore())
    out = []
    for job in plan_jobs(project, graphics=graphics, langs=langs):
        if job.clip:
            continue
        try:
            scene = compose_job(project, job)
        except CfpError:
            continue  # `check` reports it
        out.extend(gaps(job.name, scene))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append")
    parser.add_argument("--graphic", action="append")
    parser.add_argument("--show", type=int, default=15)
    args = parser.parse_args()
    found = measure(langs=args.lang, graphics=args.graphic)
    short = [g for g in found if g.px < g.needed]
    for kind in ("line", "element"):
        some = sorted((g for g in found if g.kind == kind), key=lambda g: g.px - g.needed)
        print(f"{kind} gaps: {len(some)}, under their minimum: {sum(g.px < g.needed for g in some)}")
        for g in some[:args.show]:
            print("  " + str(g))
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
