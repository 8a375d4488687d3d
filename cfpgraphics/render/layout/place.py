"""One placer per element kind, in one table: element + box -> what it draws (`Placed`)."""
from __future__ import annotations


from ...content.contrast import is_dark
from ...content.diagnostics import CfpError
from ...content.model import Element
from ..scene import LogoItem, PagerItem, RuleItem
from ...text.types import Box
from .frame import Frame
from .geometry import side
from .columns import place_columns
from .languages import place_languages
from .numbered import place_numbered
from .styles import field_text, inline_items, inline_text
from .textblock import Placed, place_text
from .units import place_units

def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    if not frame.shown(element):
        return None
    return PLACERS[element.kind](frame, element, box)


def _text_element(frame: Frame, element: Element, box: Box) -> Placed | None:
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


def _glyph(frame: Frame, element: Element, box: Box) -> Placed | None:
    return place_text(frame, element, box, element.text or "", lang="en")


# --- shapes --------------------------------------------------------------------------------

def _rule(frame: Frame, element: Element, box: Box) -> Placed:
    return Placed([RuleItem(element.name, box, color=frame.brand.color(element.color))], box.y, box.bottom)


def _logo(frame: Frame, element: Element, box: Box) -> Placed:
    variant = element.variant
    if variant == "auto":
        variant = "on-dark" if is_dark(frame.ground) else "on-light"
    if variant not in frame.brand.logos:
        raise CfpError(f"brand has no logo variant '{variant}'")
    path = frame.brand.logos[variant]
    lw, lh = frame.assets.image_size(path)
    factor = min(box.w / lw, box.h / lh)
    w, h = lw * factor, lh * factor
    align = side(element.align, frame.rtl)
    x = {"right": box.right - w, "center": box.x + (box.w - w) / 2}.get(align, box.x)
    y = {"top": box.y, "middle": box.y + (box.h - h) / 2}.get(element.valign, box.bottom - h)
    rect = Box(round(x), round(y), round(w), round(h))
    return Placed([LogoItem(element.name, rect, path=path)], rect.y, rect.bottom)


def _pager(frame: Frame, element: Element, box: Box) -> Placed | None:
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


PLACERS = {
    "text": _text_element,
    "languages": place_languages,
    "units": place_units,
    "glyph": _glyph,
    "rule": _rule,
    "logo": _logo,
    "pager": _pager,
}
