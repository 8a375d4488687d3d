"""Boxes: elements give theirs as fractions of the canvas's safe area; RTL mirrors them."""
from __future__ import annotations

from dataclasses import replace

from ...content.elements import Element
from ...content.sizes import Size
from ...text.types import Box

_MIRROR_ALIGN = {"left": "right", "right": "left"}
_MIRROR_GLYPH = {"“": "”", "‘": "’", "«": "»"}


def within(frac, outer: Box) -> Box:
    fx, fy, fw, fh = frac
    return Box(outer.x + fx * outer.w, outer.y + fy * outer.h, fw * outer.w, fh * outer.h)


def element_box(element: Element, size: Size) -> Box:
    """A top-level element's box in canvas pixels."""
    sx, sy, sw, sh = size.safe_area
    return within(element.box, Box(sx, sy, sw, sh))


def mirror(element: Element) -> Element:
    """The element for a right-to-left layout: its box flipped left to right."""
    x, y, w, h = element.box
    return replace(element, box=(round(1 - x - w, 6), y, w, h), align=_MIRROR_ALIGN.get(element.align, element.align),
                   text=_MIRROR_GLYPH.get(element.text, element.text) if element.text else element.text)


def side(align: str, rtl: bool) -> str:
    """`start`/`end` as `left`/`right` for the language's direction."""
    return {"start": "right" if rtl else "left", "end": "left" if rtl else "right"}.get(align, align)
