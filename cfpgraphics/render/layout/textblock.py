"""A block of text placed in its box: the engine's layout with its problems reported at the
element's field, as a scene item (over a panel for a button), and what it takes up (`Placed`)."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from ...content.elements import Element
from ..scene import PanelItem, TextItem
from ...text.fonts import NoFontError
from ...text.types import Box, LaidOutText, TextStyle
from .frame import Frame
from .styles import text_style

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
               hanging: str = "", units: tuple[str, ...] = (), fixed: int | None = None,
               align: str | None = None) -> Placed | None:
    """`fixed`: set at this size (a size shared with other outputs, which a stack must not change);
    `align`: instead of the element's (a text in a language of its own, aligned as the card is)."""
    pad_x, pad_y = (p * frame.size.scale for p in element.padding) if element.fill else (0.0, 0.0)
    inner = Box(box.x + pad_x, box.y + pad_y, max(1.0, box.w - 2 * pad_x), max(1.0, box.h - 2 * pad_y))
    style = text_style(element, frame.brand, frame.fonts, frame.size, fixed=fixed)
    style = replace(style, hanging=hanging, keep_together=style.keep_together + units, align=align or style.align)
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
