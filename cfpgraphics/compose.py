"""Lay out one graphic: template + values + language + size (+ page) -> a Scene (pure data).

The scene says what goes where (background, laid-out text, logo and shape boxes) and what went
wrong (overflow, text below the legible minimum, anything crossing the safe zone); drawing it
is `draw.draw_scene`'s job.

The layout model (docs/layout-model.md has the whole story):

* Every element has a `box: [x, y, w, h]` in fractions of the canvas's safe area (the canvas
  less its margins; a story also less its top 250 / bottom 340 px).
* `shapes:` in a template re-arranges elements for `square`, `tall` and `wide` canvases, and
  then for one size by name (`story`, `link-card`): each override replaces attributes.
* A `kind: stack` element is a column: its children (`stack: <name>`) have boxes in fractions
  of the stack, where `y` is ignored and `h` is the most they may use. They are laid out at
  their real height one after another, `gap` px (at 1080) apart, and the column is aligned
  `top`, `middle` or `bottom` in the stack's box. An element with no value (an optional field
  left empty, or `when: <field>` with that field empty) takes no room, so optional fields
  never leave holes.
* Type sizes are `[max, min]` px at 1080 on the shorter side; text takes the largest size that
  fits its box, and never less than the size's legible minimum (24 px at 1080 wide).
* Right-to-left languages mirror the layout: every box is flipped left to right.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .contrast import is_dark
from .errors import CfpError
from .fonts import FontLibrary
from .langs import is_rtl
from .model import Background, Brand, Element, Template
from .sizes import Size
from .text.engine import layout_text
from .text.model import Box, LaidOutText, TextStyle

RGB = tuple[int, int, int]
_MIRROR_ALIGN = {"left": "right", "right": "left"}
_MIRROR_GLYPH = {"“": "”", "‘": "’", "«": "»"}
SAFE_TOLERANCE = 1.0  # px: anti-aliasing may touch the safe area's edge
INLINE_KEEP_WHOLE = 28  # inline lists: items up to this many characters never break inside


@dataclass
class TextItem:
    element: str
    layout: LaidOutText
    color: RGB
    emphasis_color: RGB
    highlight_color: RGB | None
    highlight_text_color: RGB | None = None


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
class PanelItem:
    """A filled rounded rectangle behind text (a call-to-action button)."""

    element: str
    box: Box
    color: RGB
    radius: float


@dataclass
class PagerItem:
    """Page dots (the current one in `color`) and, except on the last page, an arrow."""

    element: str
    box: Box
    dots: list[tuple[float, float]]  # centres, in page order
    radius: float
    current: int  # 0-based
    color: RGB
    inactive_color: RGB
    arrow: Box | None = None
    arrow_rtl: bool = False


@dataclass
class PatternItem:
    element: str
    color: RGB
    pattern: str
    step: float


@dataclass
class PhotoItem:
    element: str
    root: Path
    photo: object  # images.Photo
    shadows: RGB
    highlights: RGB


@dataclass
class Scene:
    width: int
    height: int
    background: RGB
    items: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    safe_area: tuple[int, int, int, int] | None = None
    page: int = 1
    pages: int = 1
    rtl: bool = False

    @property
    def layouts(self) -> dict[str, LaidOutText]:
        return {i.element: i.layout for i in self.items if isinstance(i, TextItem)}

    def boxes(self) -> dict[str, Box]:
        """Where each element's ink (text) or shape ended up, for layout assertions."""
        out: dict[str, Box] = {}
        for item in self.items:
            rect = item_rect(item)
            if rect is not None:
                out[item.element] = rect if item.element not in out else union(out[item.element], rect)
        return out


# --- geometry ----------------------------------------------------------------------------

def union(a: Box, b: Box) -> Box:
    x, y = min(a.x, b.x), min(a.y, b.y)
    return Box(x, y, max(a.right, b.right) - x, max(a.bottom, b.bottom) - y)


def text_rect(layout: LaidOutText) -> Box | None:
    if not layout.lines:
        return None
    left = min(l.x for l in layout.lines)
    right = max(l.x + l.width for l in layout.lines)
    return Box(left, layout.ink_top, right - left, layout.ink_bottom - layout.ink_top)


def item_rect(item) -> Box | None:
    """The area an item draws on (None for background items)."""
    if isinstance(item, TextItem):
        return text_rect(item.layout)
    if isinstance(item, (LogoItem, RuleItem, PanelItem)):
        return item.box
    if isinstance(item, PagerItem):
        return union(item.box, item.arrow) if item.arrow else item.box
    return None


def element_box(element: Element, size: Size) -> Box:
    """A top-level element's box in canvas pixels."""
    sx, sy, sw, sh = size.safe_area
    return _within(element.box, Box(sx, sy, sw, sh))


def _within(frac, outer: Box) -> Box:
    fx, fy, fw, fh = frac
    return Box(outer.x + fx * outer.w, outer.y + fy * outer.h, fw * outer.w, fh * outer.h)


def mirror(element: Element) -> Element:
    """The element for a right-to-left layout: its box flipped left to right."""
    x, y, w, h = element.box
    return replace(element, box=(round(1 - x - w, 6), y, w, h), align=_MIRROR_ALIGN.get(element.align, element.align),
                   text=_MIRROR_GLYPH.get(element.text, element.text) if element.text else element.text)


def _shift_layout(layout: LaidOutText, dx: float, dy: float) -> None:
    layout.box = Box(layout.box.x + dx, layout.box.y + dy, layout.box.w, layout.box.h)
    for line in layout.lines:
        line.x += dx
        line.baseline += dy
        for run in line.runs:
            run.x += dx


# --- styles ------------------------------------------------------------------------------

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
    )


def field_text(value) -> str:
    """Content value -> the text to lay out (list items one per line)."""
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return str(value)


def inline_text(items: list[str], separator: str) -> str:
    """A list as one flowing paragraph: short items kept whole (no-break spaces), each
    separator bound to the item before it, so no line starts with one and a line that ends
    without one ends inside a long name."""
    pieces = []
    for item in items:
        item = str(item).strip()
        if len(item) <= INLINE_KEEP_WHOLE:
            item = item.replace(" ", "\u00a0")
        else:  # a long name may break, but never just before its own dash
            item = item.replace(" - ", "\u00a0- ").replace(" – ", "\u00a0– ")
        pieces.append(item)
    return f"\u00a0**{separator}** ".join(pieces)


# --- placing elements --------------------------------------------------------------------

@dataclass
class _Placed:
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
            if isinstance(item, TextItem):
                _shift_layout(item.layout, 0, dy)
            elif isinstance(item, PagerItem):
                item.box = Box(item.box.x, item.box.y + dy, item.box.w, item.box.h)
                item.dots = [(x, y + dy) for x, y in item.dots]
                if item.arrow:
                    item.arrow = Box(item.arrow.x, item.arrow.y + dy, item.arrow.w, item.arrow.h)
            elif hasattr(item, "box"):
                item.box = Box(item.box.x, item.box.y + dy, item.box.w, item.box.h)
        self.top += dy
        self.bottom += dy


class _Composer:
    def __init__(self, brand: Brand, fonts: FontLibrary, template: Template, values: dict, item: dict | None,
                 lang: str, size: Size, ground: RGB, ground_name: str, page: int, pages: int):
        self.brand, self.fonts, self.template = brand, fonts, template
        self.values, self.item, self.lang, self.size = values, item, lang, size
        self.ground, self.ground_name = ground, ground_name
        self.page, self.pages = page, pages
        self.rtl = is_rtl(lang)
        self.warnings: list[str] = []

    # values
    def value(self, name: str | None):
        if name is None:
            return None
        if self.item is not None and name in self.item:
            return self.item[name]
        return self.values.get(name)

    def shown(self, element: Element) -> bool:
        if element.when is not None and self.value(element.when) in (None, "", []):
            return False
        if element.kind == "text" and self.value(element.field) in (None, "", []):
            return False  # optional field left empty: the element is simply not drawn
        return True

    def color(self, name: str | None, default: RGB | None = None) -> RGB | None:
        return self.brand.color(name) if name else default

    # layout
    def place(self, element: Element, box: Box) -> _Placed | None:
        if not self.shown(element):
            return None
        kind = element.kind
        if kind == "rule":
            return _Placed([RuleItem(element.name, box, self.brand.color(element.color))], box.y, box.bottom)
        if kind == "logo":
            return self._logo(element, box)
        if kind == "pager":
            return self._pager(element, box)
        if kind == "glyph":
            return self._text(element, box, element.text or "", lang="en")
        if kind == "text":
            value = self.value(element.field)
            if isinstance(value, list) and element.list_style == "numbered":
                return self._numbered(element, box, [str(v) for v in value])
            if isinstance(value, list) and element.list_style == "inline":
                return self._text(element, box, inline_text(value, element.separator))
            return self._text(element, box, field_text(value))
        raise CfpError(f"unknown element kind '{kind}' in template '{self.template.name}'")

    def _text_item(self, element: Element, layout: LaidOutText) -> TextItem:
        highlight = self.color(element.highlight_color)
        return TextItem(element.name, layout, self.brand.color(element.color),
                        self.brand.color(element.emphasis_color or element.color), highlight,
                        self.color(element.highlight_text_color, self.color(element.fill, self.ground)))

    def _report(self, name: str, layout: LaidOutText, style: TextStyle) -> None:
        if layout.overflow:
            floor = " (the legible minimum for this size)" if style.min_size == self.size.min_text else ""
            self.warnings.append(f"{name}: does not fit its box even at {style.min_size} px{floor}: "
                                 f"{layout.overflow.message}; shorten the text")
        if layout.missing:
            chars = " ".join(sorted({m.text for m in layout.missing}))
            self.warnings.append(f"{name}: no font has a glyph for {chars} "
                                 f"(tried {', '.join(layout.missing[0].fonts_tried)})")

    def _text(self, element: Element, box: Box, text: str, lang: str | None = None) -> _Placed:
        pad_x, pad_y = (p * self.size.scale for p in element.padding) if element.fill else (0.0, 0.0)
        inner = Box(box.x + pad_x, box.y + pad_y, max(1.0, box.w - 2 * pad_x), max(1.0, box.h - 2 * pad_y))
        style = text_style(element, self.brand, self.fonts, self.size)
        layout = layout_text(text, style, inner, lang or self.lang)
        self._report(element.name, layout, style)
        items: list = [self._text_item(element, layout)]
        rect = text_rect(layout) or Box(inner.x, inner.y, 0, 0)
        top, bottom = rect.y, rect.bottom
        if element.fill:
            panel = Box(rect.x - pad_x, rect.y - pad_y, rect.w + 2 * pad_x, rect.h + 2 * pad_y)
            items.insert(0, PanelItem(element.name + ".panel", panel, self.brand.color(element.fill),
                                      radius=min(panel.h / 2, 0.5 * pad_y + 0.25 * layout.size)))
            top, bottom = panel.y, panel.bottom
        return _Placed(items, top, bottom, texts=1, at_min=layout.size <= style.min_size)

    def _numbered(self, element: Element, box: Box, texts: list[str]) -> _Placed:
        """Numbered points at one common size (the largest at which all fit), the numbers in a
        column on the start side, each aligned to its point's first baseline."""
        base = text_style(element, self.brand, self.fonts, self.size)

        def trial(px: int):
            marker_w = 1.35 * px
            gap = 1.05 * px
            tx = box.x if self.rtl else box.x + marker_w
            out = []
            for text in texts:
                style = replace(base, max_size=px, min_size=px, valign="top", max_lines=None)
                out.append(layout_text(text, style, Box(tx, box.y, box.w - marker_w, box.h), self.lang))
            height = sum(l.ink_bottom - l.ink_top for l in out) + gap * (len(out) - 1)
            ok = all(l.fits for l in out) and height <= box.h + 0.5
            return ok, out, marker_w, gap

        lo, hi = base.min_size, base.max_size
        best = trial(lo)
        if best[0]:
            while lo < hi:
                mid = (lo + hi + 1) // 2
                attempt = trial(mid)
                if attempt[0]:
                    lo, best = mid, attempt
                else:
                    hi = mid - 1
        ok, layouts, marker_w, gap = best
        if not ok:
            self.warnings.append(f"{element.name}: the points do not fit their box even at {base.min_size} px "
                                 f"(the legible minimum is {self.size.min_text} px); shorten them")
        items: list = []
        y = box.y
        top = None
        marker_el = replace(element, color=element.marker_color or element.emphasis_color or element.color,
                            emphasis_color=None, highlight_color=None, align="start", transform="none")
        for index, layout in enumerate(layouts, 1):
            _shift_layout(layout, 0, y - layout.ink_top)
            for missing in layout.missing:
                self.warnings.append(f"{element.name}: no font has a glyph for {missing.text}")
            px = layout.size
            mx = box.right - marker_w if self.rtl else box.x
            marker_style = text_style(marker_el, self.brand, self.fonts, self.size, fixed=round(px * 1.18),
                                      role="display")
            marker = layout_text(str(index), replace(marker_style, features=("tnum",)),
                                 Box(mx, 0, marker_w, 4 * px), self.lang)
            if marker.lines and layout.lines:
                _shift_layout(marker, 0, layout.lines[0].baseline - marker.lines[0].baseline)
            items.append(self._text_item(element, layout))
            items[-1].element = f"{element.name}.{index}"
            items.append(TextItem(f"{element.name}.{index}.number", marker, self.brand.color(marker_el.color),
                                  self.brand.color(marker_el.color), None))
            first = min(layout.ink_top, marker.ink_top)
            top = first if top is None else min(top, first)
            y = layout.ink_bottom + gap
        bottom = y - gap if layouts else box.y
        at_min = not layouts or layouts[0].size <= base.min_size
        return _Placed(items, top if top is not None else box.y, bottom, texts=len(items), at_min=at_min)

    def _logo(self, element: Element, box: Box) -> _Placed:
        variant = element.variant
        if variant == "auto":
            variant = "on-dark" if is_dark(self.ground) else "on-light"
        if variant not in self.brand.logos:
            raise CfpError(f"brand has no logo variant '{variant}'")
        path = self.brand.logos[variant]
        lw, lh = _logo_size(path)
        factor = min(box.w / lw, box.h / lh)
        w, h = lw * factor, lh * factor
        align = {"start": "right" if self.rtl else "left", "end": "left" if self.rtl else "right"}.get(
            element.align, element.align)
        x = {"right": box.right - w, "center": box.x + (box.w - w) / 2}.get(align, box.x)
        y = {"top": box.y, "middle": box.y + (box.h - h) / 2}.get(element.valign, box.bottom - h)
        rect = Box(round(x), round(y), round(w), round(h))
        return _Placed([LogoItem(element.name, path, rect, "left", "top")], rect.y, rect.bottom)

    def _pager(self, element: Element, box: Box) -> _Placed | None:
        if self.pages < 2:
            return None
        d = box.h
        step = d * 1.9
        arrow = self.page < self.pages
        arrow_w = 2.6 * d if arrow else 0.0
        width = d + step * (self.pages - 1) + (arrow_w + 1.6 * d if arrow else 0.0)
        align = {"start": "right" if self.rtl else "left", "end": "left" if self.rtl else "right"}.get(
            element.align, element.align)
        x0 = {"right": box.right - width, "center": box.x + (box.w - width) / 2}.get(align, box.x)
        cy = box.y + d / 2
        order = range(self.pages)
        if self.rtl:  # page 1 on the right; the arrow points left, on the left
            xs = [x0 + width - d / 2 - i * step for i in order]
            arrow_box = Box(x0, box.y - 0.4 * d, arrow_w, 1.8 * d) if arrow else None
        else:
            xs = [x0 + d / 2 + i * step for i in order]
            arrow_box = Box(x0 + width - arrow_w, box.y - 0.4 * d, arrow_w, 1.8 * d) if arrow else None
        item = PagerItem(element.name, Box(x0, box.y, width, d), [(x, cy) for x in xs], d / 2, self.page - 1,
                         self.brand.color(element.color),
                         self.color(element.inactive_color, self.brand.color(element.color)), arrow_box, self.rtl)
        rect = item_rect(item)
        return _Placed([item], rect.y, rect.bottom)

    def _place_quietly(self, element: Element, box: Box) -> tuple[_Placed | None, list[str]]:
        saved, self.warnings = self.warnings, []
        try:
            return self.place(element, box), self.warnings
        finally:
            self.warnings = saved

    def place_stack(self, stack: Element, children: list[Element]) -> list:
        region = element_box(stack, self.size)
        parts: list[list] = []  # [child, placed, box, warnings]
        for child in children:
            cbox = _within(child.box, region)
            cbox = Box(cbox.x, region.y, cbox.w, cbox.h)
            placed, warnings = self._place_quietly(child, cbox)
            if placed is not None:
                parts.append([child, placed, cbox, warnings])

        def gap(child: Element) -> float:
            value = child.gap if child.gap is not None else (stack.gap or 0.0)
            return value * self.size.scale

        def total() -> float:
            return sum(p.bottom - p.top for _, p, _, _ in parts) + sum(gap(c) for c, _, _, _ in parts[1:])

        for _ in range(4):  # not enough room: shrink the text children in proportion, re-fit
            need = total()
            if need <= region.h + 0.5:
                break
            texts = sum(p.bottom - p.top for _, p, _, _ in parts if p.texts and not p.at_min)
            if not texts:
                break
            factor = max(0.3, (region.h - (need - texts)) / texts) * 0.98
            for part in parts:
                child, placed, cbox, _ = part
                if placed.texts and not placed.at_min:
                    smaller = Box(cbox.x, cbox.y, cbox.w, max(1.0, (placed.bottom - placed.top) * factor))
                    part[1], part[3] = self._place_quietly(child, smaller)
                    part[2] = smaller
        for part in parts:
            self.warnings.extend(part[3])
        need = total()
        if need > region.h + 0.5:
            self.warnings.append(f"{stack.name}: its elements need {need:.0f} px of height; the stack has "
                                 f"{region.h:.0f} px; shorten the text")
        free = max(0.0, region.h - need)
        y = region.y + {"top": 0.0, "middle": free / 2, "bottom": free}.get(stack.valign, 0.0)
        items = []
        for i, (child, placed, _, _) in enumerate(parts):
            if i:
                y += gap(child)
            placed.shift(y - placed.top)
            y = placed.bottom
            items.extend(placed.items)
        return items


_LOGO_SIZES: dict[Path, tuple[int, int]] = {}


def _logo_size(path: Path) -> tuple[int, int]:
    if path not in _LOGO_SIZES:
        from PIL import Image
        try:
            with Image.open(path) as img:
                _LOGO_SIZES[path] = img.size
        except (OSError, Image.DecompressionBombError) as exc:
            raise CfpError(f"cannot read logo image {path.name}: {exc}") from None
    return _LOGO_SIZES[path]


# --- the scene ---------------------------------------------------------------------------

def _background(brand: Brand, template: Template, values: dict, root: Path | None, size: Size):
    """(ground colour name, background items) for the template's background and photo."""
    bg: Background = brand.background(template.background)
    if bg.style == "duotone":
        photo_value = values.get(template.photo) if template.photo else None
        if photo_value:
            from .images import parse_photo, probe, resolve
            photo = parse_photo(photo_value)
            base = Path(root or brand.root or ".")
            probe(resolve(base, photo.file), photo.file)  # a bad photo fails here, clearly
            return bg.shadows, [PhotoItem("background", base, photo, brand.color(bg.shadows),
                                          brand.color(bg.highlights))]
        bg = brand.background(bg.fallback or bg.shadows)
    if bg.style == "pattern":
        step = (0.032 if bg.pattern == "dots" else 0.045) * min(size.width, size.height)
        return bg.color, [PatternItem("background", brand.color(bg.ink), bg.pattern, step)]
    return bg.color, []


def check_safe_zone(scene: Scene) -> list[str]:
    """Nothing but background may cross the safe area's edges."""
    if scene.safe_area is None:
        return []
    sx, sy, sw, sh = scene.safe_area
    out = []
    for item in scene.items:
        rect = item_rect(item)
        if rect is None or rect.w <= 0:
            continue
        over = {"left": sx - rect.x, "top": sy - rect.y, "right": rect.right - (sx + sw),
                "bottom": rect.bottom - (sy + sh)}
        sides = [f"{side} by {amount:.0f} px" for side, amount in over.items() if amount > SAFE_TOLERANCE]
        if sides:
            out.append(f"{item.element}: crosses the safe zone ({', '.join(sides)})")
    return out


def compose(brand: Brand, fonts: FontLibrary, template: Template, values: dict, lang: str, size: Size,
            page: int = 1, root: Path | None = None) -> Scene:
    from .project import normalise_values

    values = normalise_values(template, values)
    missing = [name for name, spec in template.fields.items() if spec.required and not values.get(name)]
    if missing:
        raise CfpError(f"template '{template.name}' needs field '{missing[0]}'",
                       fix=f"pass --set {missing[0]}=...")
    plan = template.page_plan(values)
    if not 1 <= page <= len(plan):
        raise CfpError(f"template '{template.name}' has {len(plan)} page(s) for this content, not page {page}")
    page_spec, item = plan[page - 1]
    ground_name, background_items = _background(brand, template, values, root, size)
    ground = brand.color(ground_name)
    scene = Scene(size.width, size.height, ground, list(background_items), safe_area=size.safe_area,
                  page=page, pages=len(plan), rtl=is_rtl(lang))
    composer = _Composer(brand, fonts, template, values, item, lang, size, ground, ground_name, page, len(plan))
    elements = template.elements_for(size, page_spec.name if template.pages else None)
    if composer.rtl:
        elements = [mirror(e) for e in elements]
    children: dict[str, list[Element]] = {}
    for element in elements:
        if element.stack:
            children.setdefault(element.stack, []).append(element)
    for element in elements:
        if element.stack:
            continue  # placed by its stack
        if element.kind == "stack":
            scene.items.extend(composer.place_stack(element, children.get(element.name, [])))
            continue
        placed = composer.place(element, element_box(element, size))
        if placed is not None:
            scene.items.extend(placed.items)
    scene.warnings.extend(composer.warnings)
    scene.warnings.extend(check_safe_zone(scene))
    return scene
