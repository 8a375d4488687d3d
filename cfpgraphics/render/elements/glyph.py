"""`kind: glyph`: a fixed, language-neutral mark set in type (a large quotation mark)."""
from __future__ import annotations

from ...content.contrast import type_pairs
from ...content.elements import TYPE, Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.textblock import Placed, place_text


def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    return place_text(frame, element, box, element.text or "", lang="en")


def contrast(element: Element, grounds: list[str], brand) -> list:
    return type_pairs(element, grounds, brand, large=True)  # a mark, not reading text: 3:1


KIND = ElementKind("glyph", TYPE | {"text", "emphasis_color"}, place, lambda element: {element.role}, contrast)
