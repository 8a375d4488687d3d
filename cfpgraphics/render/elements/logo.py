"""`kind: logo`: the brand's logo variant for the ground it stands on, fitted in its box."""
from __future__ import annotations

from ...content.contrast import AA_GRAPHIC, is_dark
from ...content.diagnostics import CfpError
from ...content.elements import Element, ElementKind
from ...text.types import Box
from ..layout.frame import Frame
from ..layout.geometry import side
from ..layout.textblock import Placed
from ..scene import LogoItem


def place(frame: Frame, element: Element, box: Box) -> Placed:
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


def contrast(element: Element, grounds: list[str], brand) -> list:
    """A chosen variant's lettering is a graphic: 3:1 on every ground (`auto` picks by the ground)."""
    fg = brand.logo_colors.get(element.variant) if element.variant != "auto" else None
    return [(f"logo '{element.variant}' ({fg})", fg, bg, AA_GRAPHIC) for bg in grounds] if fg else []


KIND = ElementKind("logo", frozenset({"variant", "align", "valign"}), place, contrast=contrast)
