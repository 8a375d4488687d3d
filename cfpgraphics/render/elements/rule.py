"""`kind: rule`: a line (a filled box) in one colour."""
from __future__ import annotations

from ...content.elements import Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.textblock import Placed
from ..scene import RuleItem


def place(frame: Frame, element: Element, box: Box) -> Placed:
    return Placed([RuleItem(element.name, box, color=frame.brand.color(element.color))], box.y, box.bottom)


KIND = ElementKind("rule", frozenset({"color"}), place)
