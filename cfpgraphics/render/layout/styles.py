"""An element's text style (sizes scaled to the canvas) and the text a value shows."""
from __future__ import annotations

from ...content.font_library import FontLibrary
from ...content.model import Brand
from ...content.elements import Element
from ...content.sizes import Size
from ...text.types import TextStyle

INLINE_KEEP_WHOLE = 28  # inline lists: items up to this many characters never break inside


def text_style(element: Element, brand: Brand, fonts: FontLibrary, size: Size, *, fixed: int | None = None,
               role: str | None = None) -> TextStyle:
    """The engine's style for an element: sizes scaled to the canvas, and never below the
    canvas's legible minimum (`Size.min_text`); `fixed` pins the size."""
    role_spec = brand.type_roles[role or element.role]
    hi, lo = element.size
    floor = size.min_text if element.kind == "text" else 1
    min_size = max(floor, round(lo * size.scale))
    max_size = max(min_size, round(hi * size.scale))
    if fixed is not None:
        min_size = max_size = fixed
    return TextStyle(
        stack=fonts.stack(role_spec.stack),
        max_size=max_size,
        min_size=min_size,
        line_height=element.line_height or role_spec.line_height,
        max_lines=element.max_lines,
        align=element.align,
        valign=element.valign,
        transform=element.transform,
        wrap=element.wrap,
        features=tuple(element.features),
        keep_together=brand.keep_together,
        fewer_lines=element.fewer_lines or 0.0,
    )


def field_text(value) -> str:
    """Content value -> the text to lay out (list items one per line)."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def inline_items(items: list[str]) -> list[str]:
    """List items as set in one flowing paragraph: short ones made unbreakable (no-break
    spaces), long ones never broken just before their own dash."""
    out = []
    for item in items:
        item = str(item).strip()
        if len(item) <= INLINE_KEEP_WHOLE:
            item = item.replace(" ", "\u00a0")
        else:
            item = item.replace(" - ", "\u00a0- ").replace(" – ", "\u00a0– ")
        out.append(item)
    return out


def inline_text(items: list[str], separator: str) -> str:
    """A list as one flowing paragraph, each separator bound to the item before it (so no line
    starts with one; the engine drops one that would end a line, see TextStyle.hanging)."""
    return f"\u00a0**{separator}** ".join(inline_items(items))
