"""`kind: pager`: on a carousel's pages, a dot per page (this one in `color`) and an arrow
to swipe on, mirrored for right-to-left languages; nothing on a single page."""
from __future__ import annotations

from ...content.contrast import AA_GRAPHIC
from ...content.elements import Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.geometry import side
from ..layout.textblock import Placed
from ..scene import PagerItem


def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    if frame.pages < 2:
        return None
    d = box.h
    step = d * 1.9
    arrow = frame.page < frame.pages
    arrow_w = 2.6 * d if arrow else 0.0
    width = d + step * (frame.pages - 1) + (arrow_w + 1.6 * d if arrow else 0.0)
    align = side(element.align, frame.rtl)
    x0 = {"right": box.right - width, "center": box.x + (box.w - width) / 2}.get(align, box.x)
    cy = box.y + d / 2
    order = range(frame.pages)
    if frame.rtl:  # page 1 on the right; the arrow points left, on the left
        xs = [x0 + width - d / 2 - i * step for i in order]
        arrow_box = Box(x0, box.y - 0.4 * d, arrow_w, 1.8 * d) if arrow else None
    else:
        xs = [x0 + d / 2 + i * step for i in order]
        arrow_box = Box(x0 + width - arrow_w, box.y - 0.4 * d, arrow_w, 1.8 * d) if arrow else None
    item = PagerItem(element.name, Box(x0, box.y, width, d), dots=[(x, cy) for x in xs], radius=d / 2,
                     current=frame.page - 1, color=frame.brand.color(element.color),
                     inactive_color=frame.color(element.inactive_color, frame.brand.color(element.color)),
                     arrow=arrow_box, arrow_rtl=frame.rtl)
    rect = item.rect()
    return Placed([item], rect.y, rect.bottom)


def contrast(element: Element, grounds: list[str], brand) -> list:
    return [("current page dot", element.color, bg, AA_GRAPHIC) for bg in grounds]


KIND = ElementKind("pager", frozenset({"color", "inactive_color", "align"}), place, contrast=contrast)
