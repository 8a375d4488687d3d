"""`kind: text`: a content field set in type; a list field as lines, inline items with
separators, numbered items or columns; with `fill:`, on a panel (a button)."""
from __future__ import annotations

from dataclasses import replace

from ...content.contrast import type_pairs
from ...content.elements import TYPE, Element, ElementKind
from ...content.members import EACH
from ...text.types import Box
from ..layout.columns import place_columns
from ..layout.frame import Frame
from ..layout.geometry import side
from ..layout.numbered import place_numbered
from ..layout.styles import field_text, inline_items, inline_text, text_style
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
    kit = frame.values.get(EACH)
    if isinstance(kit, dict) and kit.get("field") == element.field:
        # an item of a kit (a member's name) is laid out in its own language, aligned as the card
        # is; `one_size`: at the kit's one size (a story, seen alone, fits each name on its own)
        lang = kit.get("lang")
        fixed = kit_size(frame, element, box) if element.one_size else None
        return place_text(frame, element, box, field_text(value), lang=lang, fixed=fixed,
                          align=side(element.align, frame.rtl) if lang else None)
    return place_text(frame, element, box, field_text(value))


def kit_size(frame: Frame, element: Element, box: Box) -> int | None:
    """One size for every output of a graphic made for each item of a list (content/members.py):
    the items' one size in this box (text/fit.py `one_size`: the largest at which each fits
    whole, with no word alone where it leaves a hole), asked once per worker of its typesetter.
    None when this output is not one of a kit (a `render` of one card: it fits its own text),
    or when even the smallest size leaves some item over (each is then fitted on its own, and
    the one that does not fit is reported)."""
    kit = frame.values.get(EACH)
    if not isinstance(kit, dict) or kit.get("field") != element.field or not kit.get("items"):
        return None
    texts = tuple(field_text(item) for item in kit["items"])
    return frame.typesetter.one_size(texts, item_style(frame, element), box, kit.get("lang") or frame.lang)


def item_style(frame: Frame, element: Element):
    """The element's style for an item of a kit, aligned as the card's language aligns (an item
    is laid out in its own language: a name written in English stays a left-to-right block, set
    against the right edge of an Arabic card)."""
    style = text_style(element, frame.brand, frame.fonts, frame.size)
    return replace(style, align=side(element.align, frame.rtl))

def roles(element: Element) -> set[str]:
    """Numbered lists draw their numbers in the display role."""
    return {element.role, "display"} if element.list_style == "numbered" else {element.role}


KIND = ElementKind("text", TYPE | {"field", "emphasis_color", "highlight_color", "highlight_text_color", "wrap",
                                   "list_style", "separator", "marker_color", "fill", "padding", "item_key",
                                   "columns", "one_size", "fewer_lines"}, place, roles, type_pairs)
