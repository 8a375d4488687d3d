"""Platform size presets and their safe areas.

The safe area is where text and logos may go: the canvas less a margin of 7.5% of the shorter
side (81 px at 1080) on every edge. For stories the apps draw their own UI over the top ~250 px
(profile, progress bar) and the bottom ~340 px (reply box, buttons) of a 1080x1920 frame, so
the safe area starts 250 px from the top and ends 340 px from the bottom; nothing but
background goes there.

Type sizes in templates are px at 1080 on the canvas's shorter side (`Size.scale`). Whatever a
template asks for, text is never set smaller than `Size.min_text`: 24 px at 1080 px wide,
scaled with the width, because feeds show every image at the width of the phone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import CfpError

MARGIN = 0.075  # of the shorter side: 81 px at 1080
MIN_TEXT = 24  # px at 1080 px wide: the smallest legible text


@dataclass(frozen=True)
class Size:
    name: str
    width: int
    height: int
    description: str = ""
    safe_top: int | None = None  # px kept clear at the top; None: the standard margin
    safe_bottom: int | None = None

    @property
    def margin(self) -> int:
        return round(MARGIN * min(self.width, self.height))

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
        ratio = self.width / self.height
        return "wide" if ratio > 1.25 else "tall" if ratio <= 0.8 else "square"

    @property
    def scale(self) -> float:
        """Type sizes in templates are px at 1080 on the shorter side; scale by this."""
        return min(self.width, self.height) / 1080

    @property
    def min_text(self) -> int:
        """The smallest text size allowed on this canvas, px (24 at 1080 wide)."""
        return round(MIN_TEXT * self.width / 1080)

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

_CUSTOM = re.compile(r"^(\d{2,5})x(\d{2,5})$")


def parse_size(text: str) -> Size:
    """A preset name, or WIDTHxHEIGHT in pixels (e.g. 1400x700)."""
    if text in PRESETS:
        return PRESETS[text]
    match = _CUSTOM.match(text.strip().lower())
    if match:
        width, height = int(match[1]), int(match[2])
        if not (200 <= width <= 8000 and 200 <= height <= 8000):
            raise CfpError(f"size {text} is out of range", fix="use 200 to 8000 px per side")
        return Size(text, width, height, "custom size")
    raise CfpError(f"unknown size '{text}'",
                   fix="use one of " + ", ".join(PRESETS) + ", or WIDTHxHEIGHT such as 1400x700")
