"""A unit chart (`kind: units`): 10 x 10 dots, as many of them in `color` as the percentage its
field holds ("95%" -> 95), the rest in `inactive_color`. The number is read from the content,
never written in the template, so the chart follows the copy; a field that is not a whole
percentage from 0 to 100 ("24+", "1 in 3", "95.5%") gets no chart, and takes no room.

The dots fill in the reading order of the graphic's language: rows from the top, each row
from the start side (left to right; right to left in Arabic), so the highlighted run starts
where a reader starts. The chart is a square as large as its box allows, set against the box's
`align` side (`align: end` beside a figure on the start side) and `valign` edge.

The chart is one `UnitChartItem` (drawn as one mask per colour).
"""
from __future__ import annotations

import re
import unicodedata

from ...content.contrast import AA_GRAPHIC
from ...content.elements import Element, ElementKind
from ..scene import UnitChartItem
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.geometry import side
from ..layout.textblock import Placed

GRID = 10  # dots per row and per column
DOT = 0.72  # a dot's diameter, of the pitch (centre to centre)
_PERCENT = re.compile(r"^\s*(\d{1,3})\s*[%\uFF05\u066A\uFE6A]\s*$")  # %, full-width, Arabic, small


def percentage(value) -> int | None:
    """The whole percentage a figure states ("95%", "95 %", "٩٥٪"), or None if it is not one."""
    if not isinstance(value, str):
        return None
    digits = "".join(str(unicodedata.digit(ch)) if unicodedata.digit(ch, None) is not None else ch for ch in value)
    match = _PERCENT.match(digits)
    if not match:
        return None
    n = int(match.group(1))
    return n if 0 <= n <= 100 else None


def dot_order(rtl: bool) -> list[tuple[int, int]]:
    """(row, column) of each dot in fill order; column 0 is the left one."""
    return [(row, GRID - 1 - col if rtl else col) for row in range(GRID) for col in range(GRID)]


def place_units(frame: Frame, element: Element, box: Box):

    n = percentage(frame.value(element.field))
    if n is None:
        return None
    length = min(box.w, box.h)
    pitch = length / GRID
    d = DOT * pitch
    align = side(element.align, frame.rtl)
    x0 = {"left": box.x, "center": box.x + (box.w - length) / 2}.get(align, box.right - length)
    y0 = {"middle": box.y + (box.h - length) / 2, "bottom": box.bottom - length}.get(element.valign, box.y)
    on, off = frame.brand.color(element.color), frame.color(element.inactive_color, frame.ground)
    inset = (pitch - d) / 2
    dots = [Box(x0 + col * pitch + inset, y0 + row * pitch + inset, d, d) for row, col in dot_order(frame.rtl)]
    top, bottom = y0 + inset, y0 + length - inset
    chart = UnitChartItem(element.name, Box(x0 + inset, top, length - 2 * inset, bottom - top), dots=dots, lit=n,
                          color=on, inactive_color=off)
    return Placed([chart], top, bottom)


def contrast(element: Element, grounds: list[str], brand) -> list:
    """The highlighted dots carry the chart: 3:1 on the ground and against the quiet dots. The
    quiet dots are decoration (the figure beside them and the alt text say the number), like
    the background pattern: exempt, so they can stay quiet."""
    quiet = element.inactive_color
    return [("highlighted dot", element.color, bg, AA_GRAPHIC) for bg in [*grounds, *([quiet] if quiet else [])]]


KIND = ElementKind("units", frozenset({"field", "color", "inactive_color", "align", "valign"}), place_units,
                   contrast=contrast)
