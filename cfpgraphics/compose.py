"""Lay out one graphic: template + values + language + size -> a Scene (pure data).

The scene says what goes where (colours, laid-out text, logo boxes) and what went wrong
(overflow, missing glyphs); drawing it is `draw.draw_scene`'s job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import CfpError
from .fonts import FontLibrary
from .model import Brand, Element, Template
from .sizes import Size
from .text.engine import layout_text
from .text.model import Box, LaidOutText, TextStyle

RGB = tuple[int, int, int]


@dataclass
class TextItem:
    element: str
    layout: LaidOutText
    color: RGB
    emphasis_color: RGB
    highlight_color: RGB | None


@dataclass
class LogoItem:
    element: str
    path: Path
    box: Box
    align: str
    valign: str


@dataclass
class RuleItem:
    element: str
    box: Box
    color: RGB


@dataclass
class Scene:
    width: int
    height: int
    background: RGB
    items: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def layouts(self) -> dict[str, LaidOutText]:
        return {i.element: i.layout for i in self.items if isinstance(i, TextItem)}


def element_box(element: Element, size: Size) -> Box:
    sx, sy, sw, sh = size.safe_area
    fx, fy, fw, fh = element.box
    return Box(sx + fx * sw, sy + fy * sh, fw * sw, fh * sh)


def text_style(element: Element, brand: Brand, fonts: FontLibrary, size: Size) -> TextStyle:
    role = brand.type_roles[element.role]
    hi, lo = element.size
    max_size = max(1, round(hi * size.scale))
    return TextStyle(
        stack=fonts.stack(role.stack),
        max_size=max_size,
        min_size=min(max_size, max(1, round(lo * size.scale))),
        line_height=element.line_height or role.line_height,
        max_lines=element.max_lines,
        align=element.align,
        valign=element.valign,
        transform=element.transform,
        wrap=element.wrap,
        features=tuple(element.features),
    )


def field_text(value) -> str:
    """Content value -> the text to lay out (list items one per line)."""
    if isinstance(value, list):
        return "\n".join(value)
    return str(value)


def compose(brand: Brand, fonts: FontLibrary, template: Template, values: dict, lang: str, size: Size) -> Scene:
    missing = [name for name, spec in template.fields.items() if spec.required and not values.get(name)]
    if missing:
        raise CfpError(f"template '{template.name}' needs field '{missing[0]}'",
                       fix=f"pass --set {missing[0]}=...")
    scene = Scene(size.width, size.height, brand.color(template.background))
    for element in template.elements_for(size):
        box = element_box(element, size)
        if element.kind == "rule":
            scene.items.append(RuleItem(element.name, box, brand.color(element.color)))
        elif element.kind == "logo":
            if element.variant not in brand.logos:
                raise CfpError(f"brand has no logo variant '{element.variant}'")
            scene.items.append(LogoItem(element.name, brand.logos[element.variant], box, element.align, element.valign))
        elif element.kind == "text":
            value = values.get(element.field)
            if value in (None, "", []):
                continue  # optional field left empty: the element is simply not drawn
            layout = layout_text(field_text(value), text_style(element, brand, fonts, size), box, lang)
            scene.items.append(TextItem(
                element.name, layout, brand.color(element.color),
                brand.color(element.emphasis_color or element.color),
                brand.color(element.highlight_color) if element.highlight_color else None,
            ))
            if layout.overflow:
                scene.warnings.append(f"{element.name}: does not fit its box: {layout.overflow.message}")
            if layout.missing:
                chars = " ".join(sorted({m.text for m in layout.missing}))
                scene.warnings.append(f"{element.name}: no font has a glyph for {chars} "
                                      f"(tried {', '.join(layout.missing[0].fonts_tried)})")
        else:
            raise CfpError(f"unknown element kind '{element.kind}' in template '{template.name}'")
    return scene
