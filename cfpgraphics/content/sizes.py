"""Platform size presets and their safe areas.

The safe area is where text and logos may go: the canvas less a margin of 7.5% of the shorter
side (81 px at 1080) on every edge. For stories the apps draw their own UI over the top ~250 px
(profile, progress bar) and the bottom ~340 px (reply box, buttons) of a 1080x1920 frame, so
the safe area starts 250 px from the top and ends 340 px from the bottom; nothing but
background goes there.

Type sizes in templates are px at 1080 on the canvas's shorter side (`Size.scale`). Whatever a
template asks for, text is never set smaller than `Size.min_text`: 24 px at 1080 px wide,
scaled with the width, because feeds show every image at the width of the phone.

Print sizes (`letter`, `a4`, `tabloid`, `a3`, each also `-landscape`) are laid out in pixels of
1/150 inch (PRINT_DPI): an A4 page is 1240x1754 px at its trim, about a story's size, so the
templates' type sizes and the engine's limits need no second unit. The PDF draws the same
scene in points (72/150 pt a px), so its vectors and type print sharp at any resolution; the
PNG of a print size is the same page at 150 dpi (a proof, not the file to print). Trim sizes
are whole pixels, within 0.09 mm of the paper's size. Around the trim is a 3 mm bleed (18 px:
the background runs into it, nothing else), and inside it the standard margin (7.5% of the
shorter trim side, 15.7 mm on A4) keeps text, logo and QR code clear of the cut.
They are never part of `sizes: all`: a poster is asked for (`--size a4`, `cfpgraphics print`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import CfpError

MARGIN = 0.075  # of the shorter side: 81 px at 1080
MIN_TEXT = 24  # px at 1080 px wide: the smallest legible text
PRINT_DPI = 150  # pixels per inch of the print sizes' layout (and of their PNG proofs)
BLEED_MM = 3.0


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int
    description: str = ""
    safe_top: int | None = None  # px kept clear at the top; None: the standard margin
    safe_bottom: int | None = None
    bleed: int = 0  # px of background around the trim on every side (print sizes)
    dpi: int = 0  # pixels per inch of a print size's layout; 0: a screen size

    @property
    def printed(self) -> bool:
        return self.dpi > 0

    @property
    def trim(self) -> tuple[int, int, int, int]:
        """(x, y, w, h) of the page as cut: the canvas less its bleed."""
        b = self.bleed
        return b, b, self.width - 2 * b, self.height - 2 * b

    @property
    def margin(self) -> int:
        """From the canvas's edge to the safe area (a print size's bleed included)."""
        _, _, w, h = self.trim
        return self.bleed + round(MARGIN * min(w, h))

    @property
    def safe_area(self) -> tuple[int, int, int, int]:
        """(x, y, w, h) of the area text and logos may use."""
        m = self.margin
        top = max(m, self.safe_top or 0)
        bottom = max(m, self.safe_bottom or 0)
        return m, top, self.width - 2 * m, self.height - top - bottom

    @property
    def shape(self) -> str:
        """Which layout a template uses: `wide` (wider than 5:4: x-post, link-card), `tall`
        (4:5 and taller: instagram-portrait, instagram-grid, story) or `square` (in between)."""
        _, _, w, h = self.trim
        ratio = w / h
        return "wide" if ratio > 1.25 else "tall" if ratio <= 0.8 else "square"

    @property
    def layers(self) -> tuple[str, ...]:
        """The template's `shapes:` entries this size takes, in order (later ones win): its
        shape; for print sizes `print` (portrait) or `print-wide` (landscape), since a poster is
        read from a few steps away with a QR code to scan, not a stretched feed image; its name."""
        if not self.printed:
            return self.shape, self.name
        return self.shape, "print-wide" if self.shape == "wide" else "print", self.name

    @property
    def scale(self) -> float:
        """Type sizes in templates are px at 1080 on the shorter side; scale by this."""
        _, _, w, h = self.trim
        return min(w, h) / 1080

    @property
    def min_text(self) -> int:
        """The smallest text size allowed on this canvas, px (24 at 1080 wide; on paper, 24 at
        1080 on the shorter side: a page is not shown at a phone's width)."""
        _, _, w, h = self.trim
        return round(MIN_TEXT * (min(w, h) if self.printed else w) / 1080)

    @property
    def points_per_px(self) -> float:
        """A print size's pixel in PDF points (72 a inch); 1 for a screen size's."""
        return 72 / self.dpi if self.printed else 1.0

    def safe_zone_note(self) -> str:
        x, y, w, h = self.safe_area
        return f"text and logos within x {x}..{x + w}, y {y}..{y + h}"


PRESETS: dict[str, Size] = {s.name: s for s in (
    Size("instagram-square", 1080, 1080, "Instagram and Facebook feed, square"),
    Size("instagram-portrait", 1080, 1350, "Instagram and Facebook feed, 4:5 portrait"),
    Size("instagram-grid", 1080, 1440, "Instagram profile grid, 3:4"),
    Size("story", 1080, 1920, "Stories (Instagram, Facebook, WhatsApp) and TikTok; "
         "top 250 px and bottom 340 px kept clear of text", safe_top=250, safe_bottom=340),
    Size("x-post", 1600, 900, "X (Twitter) in-feed image, 16:9"),
    Size("link-card", 1200, 630, "Open Graph link card: Facebook, LinkedIn, Bluesky"),
)}


def _paper(name: str, w_mm: float, h_mm: float, description: str) -> tuple[Size, Size]:
    """A paper size, portrait and landscape, with its bleed, in px of 1/PRINT_DPI inch."""
    px = lambda mm: round(mm / 25.4 * PRINT_DPI)  # noqa: E731
    w, h, b = px(w_mm), px(h_mm), px(BLEED_MM)
    return (Size(name, w + 2 * b, h + 2 * b, f"{description}, portrait, {w_mm:g} x {h_mm:g} mm + 3 mm bleed",
                 bleed=b, dpi=PRINT_DPI),
            Size(f"{name}-landscape", h + 2 * b, w + 2 * b, f"{description}, landscape", bleed=b, dpi=PRINT_DPI))


# Asked for by name only (`--size a4`, `cfpgraphics print`): not in `sizes: all`.
PRINT_PRESETS: dict[str, Size] = {s.name: s for pair in (
    _paper("letter", 215.9, 279.4, "US Letter flyer"),
    _paper("a4", 210, 297, "A4 flyer"),
    _paper("tabloid", 279.4, 431.8, "US Tabloid poster"),
    _paper("a3", 297, 420, "A3 poster"),
) for s in pair}
ALL_SIZES: dict[str, Size] = {**PRESETS, **PRINT_PRESETS}

_CUSTOM = re.compile(r"^(\d{2,5})x(\d{2,5})$")


def parse_size(text: str) -> Size:
    """A preset name, or WIDTHxHEIGHT in pixels (e.g. 1400x700)."""
    if text in ALL_SIZES:
        return ALL_SIZES[text]
    match = _CUSTOM.match(text.strip().lower())
    if match:
        width, height = int(match[1]), int(match[2])
        if not (200 <= width <= 8000 and 200 <= height <= 8000):
            raise CfpError(f"size {text} is out of range", fix="use 200 to 8000 px per side")
        return Size(text, width, height, "custom size")
    raise CfpError(f"unknown size '{text}'",
                   fix="use one of " + ", ".join(ALL_SIZES) + ", or WIDTHxHEIGHT such as 1400x700")
