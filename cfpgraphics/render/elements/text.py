"""`kind: text`: a content field set in type; a list field as lines, inline items with
separators, numbered items or columns; with `fill:`, on a panel (a button)."""
from __future__ import annotations

from ...content.contrast import type_pairs
from ...content.elements import TYPE, Element, ElementKind
from ...text.types import Box
from ..layout.columns import place_columns
from ..layout.frame import Frame
from ..layout.numbered import place_numbered
from ..layout.styles import field_text, inline_items, inline_text
from ..layout.textblock import Placed, place_text


def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    value = frame.value(element.field)
    if isinstance(value, list) and element.item_key:  # a list of mappings: one key of each item
        value = [item.get(element.item_key) for item in value if isinstance(item, dict) and item.get(element.item_key)]
    if isinstance(value, list) and element.list_style == "columns":
        return place_columns(frame, element, box, [str(v) for v in value])
    if isinstance(value, list) and element.list_style == "numbered":
        return place_numbered(frame, element, box, [str(v) for v in value])
    if isinstance(value, list) and element.list_style == "inline":
        # Each item is a unit (a break inside costs like one inside the brand's name), and a
        # separator that would end a line is dropped: separators stand only between items.
        units = tuple(item for item in inline_items(value) if " " in item)
        return place_text(frame, element, box, inline_text(value, element.separator),
                          hanging=element.separator + "\u00a0", units=units)
    return place_text(frame, element, box, field_text(value))


def roles(element: Element) -> set[str]:
    """Numbered lists draw their numbers in the display role."""
    return {element.role, "display"} if element.list_style == "numbered" else {element.role}


KIND = ElementKind("text", TYPE | {"field", "emphasis_color", "highlight_color", "highlight_text_color", "wrap",
                                   "list_style", "separator", "marker_color", "fill", "padding", "item_key",
                                   "columns"}, place, roles, type_pairs)
