"""Lay out one graphic: template + values + language + size (+ page) -> a Scene (pure data).

The scene says what goes where (background, laid-out text, logo and shape boxes) and what went
wrong, as diagnostics (text that cannot fit at its smallest size, a list or stack that overflows,
anything crossing the safe zone, characters no font has). Drawing it is `draw.draw_scene`'s job.
`check` calls exactly this for every output, so it sees what `build` sees.

The layout model (docs/layout-model.md has the whole story):

* Every element has a `box: [x, y, w, h]` in fractions of the canvas's safe area (the canvas
  less its margins; a story also less its top 250 / bottom 340 px).
* `shapes:` in a template re-arranges elements for `square`, `tall` and `wide` canvases, then
  for paper (`print`, `print-wide`: the print sizes), and then for one size by name (`story`,
  `link-card`, `a4`): each override replaces attributes.
* A `kind: stack` element is a column (elements/stack.py). An element with no value takes no
  room, so optional fields never leave holes.
* Type sizes are `[max, min]` px at 1080 on the shorter side; text takes the largest size that
  fits its box, and never less than the size's legible minimum (24 px at 1080 wide).
* Right-to-left languages mirror the layout: every box is flipped left to right.
"""
from __future__ import annotations

from dataclasses import replace

from pathlib import Path

from ..content.assets import AssetStore
from ..content.diagnostics import WARNING, CfpError
from ..content.font_library import FontLibrary
from .layout.frame import Frame, Source
from .layout.geometry import element_box, mirror
from .elements import KINDS
from ..content.model import Background, Brand, Template
from ..content.elements import Element
from .scene import PatternItem, PhotoItem, QRItem, Scene
from ..content.sizes import Size
from ..text.lang import is_rtl
from ..content.photos import parse_photo, print_dpi, probe, resolve
from ..content.values import normalise_values, with_brand_values
from .layout.draft import band_safe_top, place_draft_band, room_for_band

PRINT_PHOTO_DPI = 300  # a photo's pixels an inch on paper below which it prints soft

SAFE_TOLERANCE = 1.0  # px: anti-aliasing may touch the safe area's edge


def _background(brand: Brand, template: Template, values: dict, root: Path, size: Size):
    """(ground colour name, background items) for the template's background and photo."""
    bg: Background = brand.background(template.background)
    if bg.style == "duotone":
        photo_value = values.get(template.photo) if template.photo else None
        if photo_value:
            photo = parse_photo(photo_value)
            probe(resolve(root, photo.file), photo.file)  # a bad photo fails here, clearly
            return bg.shadows, [PhotoItem("background", root=root, photo=photo, shadows=brand.color(bg.shadows),
                                          highlights=brand.color(bg.highlights))]
        bg = brand.background(bg.fallback or bg.shadows)
    if bg.style == "pattern":
        step = (0.032 if bg.pattern == "dots" else 0.045) * min(size.width, size.height)
        return bg.color, [PatternItem("background", color=brand.color(bg.ink), pattern=bg.pattern, step=step)]
    return bg.color, []


def safe_zone_crossings(scene: Scene) -> list[tuple[str, str]]:
    """(element, how far it crosses) for everything but background outside the safe area."""
    if scene.safe_area is None:
        return []
    sx, sy, sw, sh = scene.safe_area
    out = []
    for item in scene.items:
        rect = item.rect()
        if rect is None or rect.w <= 0 or getattr(item, "overlay", False):
            continue
        over = {"left": sx - rect.x, "top": sy - rect.y, "right": rect.right - (sx + sw),
                "bottom": rect.bottom - (sy + sh)}
        sides = [f"{side} by {amount:.0f} px" for side, amount in over.items() if amount > SAFE_TOLERANCE]
        if sides:
            out.append((item.element, ", ".join(sides)))
    return out


def _report_safe_zone(frame: Frame, scene: Scene) -> None:
    for name, sides in safe_zone_crossings(scene):
        element = frame.template.elements_by_name.get(name.split(".")[0])
        frame.report("safe-zone", name, f"'{name}' crosses the safe zone ({sides})",
                     "shorten the text, or move the element inside the safe area in the template",
                     field_name=element.field if element else None)


def _report_lone_qr(frame: Frame, scene: Scene, elements: list[Element]) -> None:
    """A QR code always stands with its address in words: one drawn where no text element
    shows its field (an override hid it, or the template has none) is an error."""
    shown = set(scene.layouts)
    for item in scene.items:
        if isinstance(item, QRItem):
            texts = [e.name for e in elements if e.kind == "text" and e.field == item.field_name]
            if not shown.intersection(texts):
                frame.report("qr-alone", item.element, f"the QR code '{item.element}' is drawn without its address "
                             f"in words ('{item.field_name}' is shown by no text element here)",
                             f"show a text element with `field: {item.field_name}` wherever '{item.element}' shows")


def _report_photo_dpi(frame: Frame, scene: Scene) -> None:
    """A photo on paper below 300 pixels an inch prints soft: a warning, with its figure."""
    if not scene.dpi:
        return
    for item in scene.items:
        if isinstance(item, PhotoItem):
            dpi = print_dpi(probe(resolve(item.root, item.photo.file), item.photo.file),
                            (scene.width, scene.height), scene.dpi)
            if dpi < PRINT_PHOTO_DPI:
                frame.report("photo-dpi", item.element, f"the photo '{item.photo.file}' prints at {dpi:.0f} dpi "
                             f"on {frame.size.name}, under {PRINT_PHOTO_DPI}", "use a larger original of the photo",
                             field_name=frame.template.photo, severity=WARNING)


def compose(brand: Brand, fonts: FontLibrary, assets: AssetStore, template: Template, values: dict, lang: str,
            size: Size, page: int = 1, root: Path | None = None, source: Source | None = None,
            draft: bool = False) -> Scene:

    values = with_brand_values(template, normalise_values(template, values), brand, lang)
    missing = [name for name, spec in template.fields.items() if spec.required and not values.get(name)]
    if missing:
        raise CfpError(f"template '{template.name}' needs field '{missing[0]}'",
                       fix=f"pass --set {missing[0]}=...")
    plan = template.page_plan(values, size)
    if not 1 <= page <= len(plan):
        raise CfpError(f"template '{template.name}' has {len(plan)} page(s) for this content, not page {page}")
    page_spec, item = plan[page - 1]
    root = Path(root or brand.root or ".")
    ground_name, background_items = _background(brand, template, values, root, size)
    ground = brand.color(ground_name)
    rtl = is_rtl(lang)
    scene = Scene(size.width, size.height, ground, list(background_items), safe_area=size.safe_area,
                  page=page, pages=len(plan), rtl=rtl, bleed=size.bleed, dpi=size.dpi)
    elements = template.elements_for(size, page_spec.name if template.pages else None)
    if draft and size.safe_top != band_safe_top(size) and any(e.one_size for e in elements):
        # a kit's cards share one size: every draft card takes the band's full margin, not only
        # the cards whose words reach up to it, or the one size would differ between cards
        return compose(brand, fonts, assets, template, values, lang,
                       replace(size, safe_top=band_safe_top(size)), page, root, source, draft)
    if rtl:
        elements = [mirror(e) for e in elements]
    children: dict[str, list[Element]] = {}
    for element in elements:
        if element.stack:
            children.setdefault(element.stack, []).append(element)
    siblings = tuple(i for spec, i in plan if spec.name == page_spec.name) if item is not None else ()
    frame = Frame(brand, fonts, assets, template, values, item, lang, size, ground, page,
                  len(plan), rtl, source or Source(template.name), kinds=KINDS, children=children,
                  siblings=siblings)
    for element in elements:
        if element.stack:
            continue  # placed by its stack
        placed = frame.place(element, element_box(element, size))
        if placed is not None:
            scene.items.extend(placed.items)
    _report_photo_dpi(frame, scene)
    _report_safe_zone(frame, scene)
    _report_lone_qr(frame, scene, elements)
    if draft and not room_for_band(size, scene.items) and size.safe_top != band_safe_top(size):
        # the band needs a full margin under it: the design again, its safe area starting lower
        return compose(brand, fonts, assets, template, values, lang,
                       replace(size, safe_top=band_safe_top(size)), page, root, source, draft)
    if draft:
        scene.items.append(place_draft_band(frame))  # last: over everything
    scene.diagnostics = frame.diagnostics
    return scene
