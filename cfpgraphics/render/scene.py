"""The Scene: what goes where on one canvas, as plain data. Layout makes it, drawing reads it.

Every item knows the area it draws on (`rect()`, None for background) and how to move down
(`shift()`), so stacks and safe-zone checks need no knowledge of item kinds.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..content.diagnostics import Diagnostic
from ..text.types import Box, LaidOutText

RGB = tuple[int, int, int]


def union(a: Box, b: Box) -> Box:
    x, y = min(a.x, b.x), min(a.y, b.y)
    return Box(x, y, max(a.right, b.right) - x, max(a.bottom, b.bottom) - y)


def moved(box: Box, dy: float) -> Box:
    return Box(box.x, box.y + dy, box.w, box.h)


def text_rect(layout: LaidOutText) -> Box | None:
    if not layout.lines:
        return None
    left = min(l.x for l in layout.lines)
    right = max(l.x + l.width for l in layout.lines)
    return Box(left, layout.ink_top, right - left, layout.ink_bottom - layout.ink_top)


def shift_layout(layout: LaidOutText, dx: float, dy: float) -> None:
    layout.box = Box(layout.box.x + dx, layout.box.y + dy, layout.box.w, layout.box.h)
    for line in layout.lines:
        line.x += dx
        line.baseline += dy
        for run in line.runs:
            run.x += dx


@dataclass
class BoxItem:
    """An item drawn inside its box."""

    element: str
    box: Box

    def rect(self) -> Box | None:
        return self.box

    def shift(self, dy: float) -> None:
        self.box = moved(self.box, dy)


@dataclass
class TextItem:
    element: str
    layout: LaidOutText
    color: RGB
    emphasis_color: RGB
    highlight_color: RGB | None
    highlight_text_color: RGB | None = None

    def rect(self) -> Box | None:
        return text_rect(self.layout)

    def shift(self, dy: float) -> None:
        shift_layout(self.layout, 0, dy)


@dataclass
class LogoItem(BoxItem):
    path: Path = Path()
    align: str = "left"
    valign: str = "top"

    def placed(self, lw: int, lh: int) -> tuple[int, int, int, int]:
        """(x, y, w, h) whole pixels of a `lw` x `lh` logo fitted in the box by its alignment:
        where every backend draws it."""
        box = self.box
        factor = min(box.w / lw, box.h / lh)
        w, h = max(1, round(lw * factor)), max(1, round(lh * factor))
        x = {"right": box.right - w, "end": box.right - w, "center": box.x + (box.w - w) / 2}.get(self.align, box.x)
        y = {"top": box.y, "middle": box.y + (box.h - h) / 2}.get(self.valign, box.bottom - h)
        return round(x), round(y), w, h


@dataclass
class RuleItem(BoxItem):
    color: RGB = (0, 0, 0)


@dataclass
class PanelItem(BoxItem):
    """A filled rounded rectangle behind text (a call-to-action button)."""

    color: RGB = (0, 0, 0)
    radius: float = 0.0


@dataclass
class PagerItem(BoxItem):
    """Page dots (the current one in `color`) and, except on the last page, an arrow."""

    dots: list[tuple[float, float]] = field(default_factory=list)  # centres, in page order
    radius: float = 0.0
    current: int = 0  # 0-based
    color: RGB = (0, 0, 0)
    inactive_color: RGB = (0, 0, 0)
    arrow: Box | None = None
    arrow_rtl: bool = False

    def rect(self) -> Box | None:
        return union(self.box, self.arrow) if self.arrow else self.box

    def shift(self, dy: float) -> None:
        super().shift(dy)
        self.dots = [(x, y + dy) for x, y in self.dots]
        if self.arrow:
            self.arrow = moved(self.arrow, dy)


@dataclass
class UnitChartItem(BoxItem):
    """A unit chart: dots in fill order, the first `lit` in `color`, the rest in
    `inactive_color`. One item (drawn as one mask per colour), not a hundred panels."""

    dots: list[Box] = field(default_factory=list)
    lit: int = 0
    color: RGB = (0, 0, 0)
    inactive_color: RGB = (0, 0, 0)

    def dot_colors(self) -> list[tuple[Box, RGB]]:
        return [(dot, self.color if i < self.lit else self.inactive_color) for i, dot in enumerate(self.dots)]

    def shift(self, dy: float) -> None:
        super().shift(dy)
        self.dots = [moved(dot, dy) for dot in self.dots]


@dataclass
class QRItem(BoxItem):
    """A QR code as vector shapes: `box` is the whole light tile (the code and its quiet zone),
    `runs` the dark modules as (row, first column, length) in modules from the code's own
    top-left corner, each drawn as one rectangle `module` px high. Whole-pixel modules, so
    every module is the same size and its edges are sharp."""

    module: int = 1  # px per module
    quiet: int = 4  # light modules around the code
    runs: list[tuple[int, int, int]] = field(default_factory=list)
    color: RGB = (0, 0, 0)  # the dark modules
    background: RGB = (255, 255, 255)  # the tile
    field_name: str = ""  # the field whose printed address stands beside it
    url: str = ""  # what it encodes (the tests decode it back)

    def rects(self) -> list[tuple[int, int, int, int]]:
        """Each dark run as (x0, y0, x1, y1) whole pixels on the canvas."""
        ox, oy, m, q = round(self.box.x), round(self.box.y), self.module, self.quiet
        return [(ox + (q + c) * m, oy + (q + r) * m, ox + (q + c + n) * m, oy + (q + r + 1) * m)
                for r, c, n in self.runs]


@dataclass
class DraftBandItem(BoxItem):
    """The "draft, not for posting" band over the top margin. Not part of the design: it is
    drawn over everything and may lie outside the safe area (it is there to be seen)."""

    overlay = True  # not a field: the safe-zone check skips overlays
    color: RGB = (0, 0, 0)
    texts: list = field(default_factory=list)  # TextItems, in the band

    def shift(self, dy: float) -> None:
        super().shift(dy)
        for text in self.texts:
            text.shift(dy)


@dataclass
class BackgroundItem:
    """Drawn over the whole canvas, under everything; may cross the safe zone."""

    element: str

    def rect(self) -> Box | None:
        return None

    def shift(self, dy: float) -> None:
        pass


@dataclass
class PatternItem(BackgroundItem):
    color: RGB = (0, 0, 0)
    pattern: str = "dots"
    step: float = 32.0


@dataclass
class PhotoItem(BackgroundItem):
    root: Path = Path()
    photo: object = None  # images.Photo
    shadows: RGB = (0, 0, 0)
    highlights: RGB = (255, 255, 255)


@dataclass
class Scene:
    width: int
    height: int
    background: RGB
    items: list = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    safe_area: tuple[int, int, int, int] | None = None
    page: int = 1
    pages: int = 1
    rtl: bool = False
    bleed: int = 0  # px of background around the trim (print sizes): a PDF's TrimBox is inside it
    dpi: int = 0  # px a inch of a print size (0: a screen size, 96 px a inch in a PDF)

    @property
    def layouts(self) -> dict[str, LaidOutText]:
        return {i.element: i.layout for i in self.items if isinstance(i, TextItem)}

    @property
    def draft_band(self) -> "DraftBandItem | None":
        return next((i for i in self.items if isinstance(i, DraftBandItem)), None)

    @property
    def warnings(self) -> list[str]:
        """Every diagnostic as one line (for quick assertions and contact sheets)."""
        return [str(d) for d in self.diagnostics]

    def boxes(self) -> dict[str, Box]:
        """Where each element's ink (text) or shape ended up, for layout assertions."""
        out: dict[str, Box] = {}
        for item in self.items:
            rect = item.rect()
            if rect is not None:
                out[item.element] = rect if item.element not in out else union(out[item.element], rect)
        return out
