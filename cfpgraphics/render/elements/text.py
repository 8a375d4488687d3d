"""`kind: text`: a content field set in type; a list field as lines, inline items with
separators, numbered items or columns; with `fill:`, on a panel (a button)."""
from __future__ import annotations

from ...content.contrast import type_pairs
from ...content.elements import TYPE, Element, ElementKind
from dataclasses import replace

from ...content.members import EACH
from ...text.fit import largest_fitting
from ...text.fonts import NoFontError
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
    if element.one_size:
        kit = frame.values.get(EACH)
        lang = kit.get("lang") if isinstance(kit, dict) and kit.get("field") == element.field else None
        return place_text(frame, element, box, field_text(value), lang=lang, fixed=kit_size(frame, element, box),
                          align=side(element.align, frame.rtl) if lang else None)
    return place_text(frame, element, box, field_text(value))


def kit_size(frame: Frame, element: Element, box: Box) -> int | None:
    """One size for every output of a graphic made for each item of a list (content/members.py):
    the largest in the element's range at which every item fits this box whole, with no word cut
    between letters; from there down (at most 15%), the first at which no item leaves a word
    alone where a reader would see a hole: a first or last line of one word when there are words
    enough for two a line ("National / Immigration Project / ..."), or a short word alone on any
    line ("Houston Immigration / Legal / Services Collaborative"), as display type avoids them. None when this output is not one of a kit (a `render` of one card: it fits its own
    text), or when even the smallest size leaves some item over (each is then fitted on its own,
    and the one that does not fit is reported)."""
    kit = frame.values.get(EACH)
    if not isinstance(kit, dict) or kit.get("field") != element.field or not kit.get("items"):
        return None
    base = item_style(frame, element)
    texts = [field_text(item) for item in kit["items"]]
    lang = kit.get("lang") or frame.lang

    def attempt(px: int):
        style = replace(base, max_size=px, min_size=px)
        try:
            return px, [frame.layout(text, style, box, lang) for text in texts]
        except NoFontError:
            return px, []

    def whole(result) -> bool:
        return bool(result[1]) and all(_whole(layout) for layout in result[1])

    px, layouts = largest_fitting(base.min_size, base.max_size, attempt, whole)
    if not whole((px, layouts)):
        return None
    # a short word alone on a line comes and goes as the size moves (the breaker's choices are
    # not monotone in size), so the sizes below are tried one by one; usually the first is kept
    for smaller in range(px, max(base.min_size, round(px * 0.85)) - 1, -1):
        result = attempt(smaller)
        if whole(result) and not any(_word_alone(layout) for layout in result[1]):
            return smaller
    return px


def item_style(frame: Frame, element: Element):
    """The element's style for an item of a kit, aligned as the card's language aligns (an item
    is laid out in its own language: a name written in English stays a left-to-right block, set
    against the right edge of an Arabic card)."""
    style = text_style(element, frame.brand, frame.fonts, frame.size)
    return replace(style, align=side(element.align, frame.rtl))


SHORT_WORD = 6  # a word of fewer letters alone on a line of a name leaves a hole


def _whole(layout) -> bool:
    return layout.fits and bool(layout.lines) and not layout.emergency_breaks and not layout.splits_forced


def _word_alone(layout) -> bool:
    words = [line.text.split() for line in layout.lines]
    if len(words) < 2:
        return False
    if sum(map(len, words)) >= 2 * len(words) and (len(words[0]) == 1 or len(words[-1]) == 1):
        return True  # a lone first or last word (tools/break_audit.py's "lone word")
    return any(len(w) == 1 and len(w[0]) < SHORT_WORD for w in words)

def roles(element: Element) -> set[str]:
    """Numbered lists draw their numbers in the display role."""
    return {element.role, "display"} if element.list_style == "numbered" else {element.role}


KIND = ElementKind("text", TYPE | {"field", "emphasis_color", "highlight_color", "highlight_text_color", "wrap",
                                   "list_style", "separator", "marker_color", "fill", "padding", "item_key",
                                   "columns", "one_size"}, place, roles, type_pairs)
