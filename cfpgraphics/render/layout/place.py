"""One placer per element kind, in one table: element + box -> what it draws (`Placed`)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from ...content.contrast import is_dark
from ...content.diagnostics import CfpError
from ...content.model import Element
from ..scene import LogoItem, PagerItem, PanelItem, RuleItem, TextItem
from ...text.fonts import NoFontError
from ...text.types import Box, LaidOutText, TextStyle
from .frame import Frame
from .geometry import side
from .styles import field_text, inline_items, inline_text, text_style

MISSING_FIX = "replace it, or add a font that covers it to fonts/fonts.yaml"


@dataclass
class Placed:
    """What one element drew, and the vertical extent a stack uses to place it."""

    items: list
    top: float
    bottom: float
    texts: int = 0  # how many of the items are text (a stack shrinks those when short of room)
    at_min: bool = False  # its text is at its smallest size already: shrinking cannot help

    def shift(self, dy: float) -> None:
        if not dy:
            return
        for item in self.items:
            item.shift(dy)
        self.top += dy
        self.bottom += dy


def place(frame: Frame, element: Element, box: Box) -> Placed | None:
    if not frame.shown(element):
        return None
    return PLACERS[element.kind](frame, element, box)


# --- text ----------------------------------------------------------------------------------

def lay_out(frame: Frame, element: Element, text: str, style: TextStyle, box: Box, lang: str | None = None,
            name: str | None = None) -> LaidOutText | None:
    """The engine's layout, with its problems reported at the element's content field.
    None when the fonts cannot serve the language at all (reported at fonts.yaml)."""
    name = name or element.name
    try:
        layout = frame.layout(text, style, box, lang or frame.lang)
    except NoFontError as exc:
        report_no_font(frame, name, exc)
        return None
    label = element.field or element.name
    if layout.overflow:
        floor = " (the legible minimum for this size)" if style.min_size == frame.size.min_text else ""
        frame.report("overflow", name, f"'{label}' does not fit its box even at {style.min_size} px{floor}: "
                     f"{layout.overflow.message}", "shorten the text", field_name=element.field)
    for text_missing in dict.fromkeys(m.text for m in layout.missing):
        chars = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in text_missing)
        frame.report("missing-glyph", name, f"no font has the character '{text_missing}' ({chars}) in '{label}'",
                     MISSING_FIX, field_name=element.field)
    return layout


def report_no_font(frame: Frame, name: str, exc: NoFontError) -> None:
    frame.report("font-stack", name, str(exc), location=frame.fonts.locations.get(exc.stack),
                 fix=f"add a font for '{exc.lang}' (or one with no `langs:`) to stack '{exc.stack}'")


def text_item(frame: Frame, element: Element, layout: LaidOutText, name: str | None = None) -> TextItem:
    return TextItem(name or element.name, layout, frame.brand.color(element.color),
                    frame.brand.color(element.emphasis_color or element.color), frame.color(element.highlight_color),
                    frame.color(element.highlight_text_color, frame.color(element.fill, frame.ground)))


def place_text(frame: Frame, element: Element, box: Box, text: str, lang: str | None = None,
               hanging: str = "", units: tuple[str, ...] = ()) -> Placed | None:
    pad_x, pad_y = (p * frame.size.scale for p in element.padding) if element.fill else (0.0, 0.0)
    inner = Box(box.x + pad_x, box.y + pad_y, max(1.0, box.w - 2 * pad_x), max(1.0, box.h - 2 * pad_y))
    style = text_style(element, frame.brand, frame.fonts, frame.size)
    style = replace(style, hanging=hanging, keep_together=style.keep_together + units)
    layout = lay_out(frame, element, text, style, inner, lang)
    if layout is None:
        return None
    items: list = [text_item(frame, element, layout)]
    rect = items[0].rect() or Box(inner.x, inner.y, 0, 0)
    top, bottom = rect.y, rect.bottom
    if element.fill:
        panel = Box(rect.x - pad_x, rect.y - pad_y, rect.w + 2 * pad_x, rect.h + 2 * pad_y)
        items.insert(0, PanelItem(element.name + ".panel", panel, color=frame.brand.color(element.fill),
                                  radius=min(panel.h / 2, 0.5 * pad_y + 0.25 * layout.size)))
        top, bottom = panel.y, panel.bottom
    return Placed(items, top, bottom, texts=1, at_min=layout.size <= style.min_size)


def _text_element(frame: Frame, element: Element, box: Box) -> Placed | None:
    value = frame.value(element.field)
    if isinstance(value, list) and element.item_key:  # a list of mappings: one key of each item
        value = [item.get(element.item_key) for item in value if isinstance(item, dict) and item.get(element.item_key)]
    if isinstance(value, list) and element.list_style == "columns":
        from .columns import place_columns
        return place_columns(frame, element, box, [str(v) for v in value])
    if isinstance(value, list) and element.list_style == "numbered":
        from .numbered import place_numbered
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


def _units(frame: Frame, element: Element, box: Box) -> Placed | None:
    from .units import place_units
    return place_units(frame, element, box)


def _languages(frame: Frame, element: Element, box: Box) -> Placed | None:
    from .languages import place_languages
    return place_languages(frame, element, box)


PLACERS = {
    "text": _text_element,
    "languages": _languages,
    "units": _units,
    "glyph": _glyph,
    "rule": _rule,
    "logo": _logo,
    "pager": _pager,
}
