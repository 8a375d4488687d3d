"""`kind: glyph`: a fixed, language-neutral mark set in type (a large quotation mark)."""
from __future__ import annotations

from ...content.elements import TYPE, Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.textblock import Placed, place_text


def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    return place_text(frame, element, box, element.text or "", lang="en")


KIND = ElementKind("glyph", TYPE | {"text", "emphasis_color"}, place, lambda element: {element.role})
