"""Numbered points at one common size: the largest at which all of them fit, the numbers in a
column on the start side, each aligned to its point's first baseline."""
from __future__ import annotations

from dataclasses import replace

from ...content.elements import Element
from ..scene import TextItem, shift_layout
from ...text.engine import FLAW_SHRINK, layout_flaws, shrink_cost
from ...text.fit import largest_fitting
from ...text.fonts import NoFontError
from ...text.types import Box
from .frame import Frame
from .textblock import Placed, lay_out, report_no_font, text_item
from .styles import text_style

MARKER_WIDTH = 1.35  # the number column, in ems of the points' size
POINT_GAP = 1.05  # between points, in ems


def _fewest_flaws(attempt, fitted, min_size: int):
    """A point set as "Demand / prosecutorial accountability" reads badly: rather the points a
    little smaller (down to FLAW_SHRINK), where their flaws plus shrink_cost are least."""
    px = fitted[2]
    best, score = fitted, sum(layout_flaws(layout) for layout in fitted[1])
    for size in range(px - 1, max(min_size, int(px * FLAW_SHRINK)) - 1, -1):
        if shrink_cost(size, px) >= score:
            break
        trial = attempt(size)
        if trial[0]:
            fewer = sum(layout_flaws(layout) for layout in trial[1]) + shrink_cost(size, px)
            if fewer < score - 1e-9:
                best, score = trial, fewer
    return best


def place_numbered(frame: Frame, element: Element, box: Box, texts: list[str]) -> Placed | None:
    base = text_style(element, frame.brand, frame.fonts, frame.size)

    def attempt(px: int):
        marker_w = MARKER_WIDTH * px
        tx = box.x if frame.rtl else box.x + marker_w
        style = replace(base, max_size=px, min_size=px, valign="top", max_lines=None)
        layouts = [frame.layout(text, style, Box(tx, box.y, box.w - marker_w, box.h), frame.lang) for text in texts]
        height = sum(l.ink_bottom - l.ink_top for l in layouts) + POINT_GAP * px * (len(layouts) - 1)
        return all(l.fits for l in layouts) and height <= box.h + 0.5, layouts, px

    try:
        ok, layouts, px = largest_fitting(base.min_size, base.max_size, attempt, lambda trial: trial[0])
        if ok:
            ok, layouts, px = _fewest_flaws(attempt, (ok, layouts, px), base.min_size)
    except NoFontError as exc:
        report_no_font(frame, element.name, exc)
        return None
    if not ok:
        frame.report("overflow", element.name, f"the points do not fit their box even at {base.min_size} px "
                     f"(the legible minimum is {frame.size.min_text} px)", "shorten them", field_name=element.field)
    marker_w, gap = MARKER_WIDTH * px, POINT_GAP * px
    marker_el = replace(element, color=element.marker_color or element.emphasis_color or element.color,
                        emphasis_color=None, highlight_color=None, align="start", transform="none")
    items: list = []
    y = box.y
    top = None
    for index, layout in enumerate(layouts, 1):
        name = f"{element.name}.{index}"
        shift_layout(layout, 0, y - layout.ink_top)
        for missing in dict.fromkeys(m.text for m in layout.missing):
            frame.report("missing-glyph", name, f"no font has a glyph for {missing} in '{element.field}'",
                         field_name=element.field)
        size = layout.size
        mx = box.right - marker_w if frame.rtl else box.x
        marker_style = text_style(marker_el, frame.brand, frame.fonts, frame.size, fixed=round(size * 1.18),
                                  role="display")
        marker = lay_out(frame, marker_el, str(index), replace(marker_style, features=("tnum",)),
                         Box(mx, 0, marker_w, 4 * size), name=f"{name}.number")
        if marker is None:
            return None
        if marker.lines and layout.lines:
            shift_layout(marker, 0, layout.lines[0].baseline - marker.lines[0].baseline)
        items.append(text_item(frame, element, layout, name))
        color = frame.brand.color(marker_el.color)
        items.append(TextItem(f"{name}.number", marker, color, color, None))
        first = min(layout.ink_top, marker.ink_top)
        top = first if top is None else min(top, first)
        y = layout.ink_bottom + gap
    bottom = y - gap if layouts else box.y
    at_min = not layouts or layouts[0].size <= base.min_size
    return Placed(items, top if top is not None else box.y, bottom, texts=len(items), at_min=at_min)
