"""WCAG 2 contrast: every text colour against every colour it can stand on.

A template is checked when it loads, for every shape and size override and every page: each
text element's colour, emphasis colour and highlight colours against the template's background
(all of its colours: a pattern's ink, both ends of a duotone photo, the fallback) or against its
own panel (`fill`). AA needs 4.5:1 for text and 3:1 for large text; the logo's lettering needs
3:1 (a graphic). A failing pair is an error naming the element, the colours and the ratio.

Large text, in WCAG terms, is 18.66 CSS px bold or 24 px regular. Feed images are shown at
roughly 40% of their pixel width on a phone, so here an element is large when it is set in a
bold role (display, text) and can never be smaller than `LARGE_TEXT_PX` px at 1080.
"""
from __future__ import annotations

from dataclasses import dataclass

AA_TEXT = 4.5
AA_LARGE = 3.0
AA_GRAPHIC = 3.0
LARGE_TEXT_PX = 48
BOLD_ROLES = ("display", "text")

RGB = tuple[int, int, int]


def luminance(rgb: RGB) -> float:
    """Relative luminance (WCAG 2.x, sRGB)."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: RGB, b: RGB) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(rgb: RGB) -> bool:
    """Dark enough that light text and the on-dark logo belong on it."""
    return contrast_ratio(rgb, (255, 255, 255)) >= contrast_ratio(rgb, (0, 0, 0))


@dataclass(frozen=True)
class ContrastFailure:
    element: str
    what: str  # "text", "emphasis", "highlight text", "logo", ...
    fg: str
    bg: str
    ratio: float
    needed: float

    def __str__(self) -> str:
        return (f"element '{self.element}': {self.what} colour {self.fg} on {self.bg} has contrast "
                f"{self.ratio:.2f}:1; WCAG AA needs {self.needed:g}:1")


def background_colors(template, brand) -> list[str]:
    """Every palette colour the template's background can show."""
    names: list[str] = []
    seen = set()
    todo = [template.background]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        bg = brand.background(name)
        names.extend(bg.colors())
        if bg.fallback:
            todo.append(bg.fallback)
    return list(dict.fromkeys(names))


def is_large(element) -> bool:
    return element.role in BOLD_ROLES and min(element.size) >= LARGE_TEXT_PX


# What a kind must keep legible: (what, foreground colour, background colour, ratio needed),
# each a palette name. Each element kind declares its own (ElementKind.contrast).
Pair = tuple[str, str, str, float]


def type_pairs(element, grounds: list[str], brand, large: bool = False) -> list[Pair]:
    """The pairs of an element set in type: its colour, emphasis colour and list numbers on
    every ground (or its own panel), and the text on a highlight. `large`: always large text
    (a glyph is a mark, not reading text)."""
    needed = AA_LARGE if large or is_large(element) else AA_TEXT
    under = [element.fill] if element.fill else grounds
    colours = [("text", element.color)]
    if element.emphasis_color and element.emphasis_color != element.color:
        colours.append(("emphasis", element.emphasis_color))
    if element.list_style == "numbered":
        colours.append(("number", element.marker_color or element.emphasis_color or element.color))
    pairs = [(what, fg, bg, needed) for what, fg in colours for bg in under]
    if element.highlight_color:
        pairs.append(("highlight text", element.highlight_text_color or under[0], element.highlight_color, needed))
    return pairs


def check_element(element, grounds: list[str], brand, kind) -> list[ContrastFailure]:
    """Contrast failures of one (already overridden) element on the given ground colours,
    for the pairs its kind declares."""
    failures = []
    for what, fg, bg, needed in kind.contrast(element, grounds, brand):
        if fg not in brand.palette or bg not in brand.palette:
            continue  # a colour the brand kit lost to a mistake: reported at brand.yaml already
        ratio = contrast_ratio(brand.color(fg), brand.color(bg))
        if ratio < needed - 1e-9:
            failures.append(ContrastFailure(element.name, what, fg, bg, ratio, needed))
    return failures


def check_template(template, brand, sizes, kinds) -> list[ContrastFailure]:
    """Every failing pair, over every size's overrides (each failure reported once)."""
    grounds = background_colors(template, brand)
    failures: dict[tuple, ContrastFailure] = {}
    for size in sizes:
        for element in template.elements_for(size):
            for failure in check_element(element, grounds, brand, kinds[element.kind]):
                failures.setdefault((failure.element, failure.what, failure.fg, failure.bg), failure)
    return list(failures.values())
