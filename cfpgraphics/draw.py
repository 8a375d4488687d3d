"""Draw a Scene with Pillow. The only module that touches pixels.

Each item type has one drawing function, found in `DRAWERS`. Loaded and derived images (logos,
photos, background patterns) come from the asset store, so a replaced file is drawn afresh.
"""
from __future__ import annotations

from PIL import Image, ImageDraw

from .assets import AssetStore
from .fonts import FontFace
from .glyphs import color_run, run_mask
from .images import duotone, load_cover
from .scene import DraftBandItem, LogoItem, PagerItem, PanelItem, PatternItem, PhotoItem, RuleItem, Scene, TextItem, union
from .text.markup import EMPHASIS, HIGHLIGHT
from .text.model import LaidOutText

SUPERSAMPLE = 4  # shapes (panels, dots, arrows) are drawn this much larger, then reduced


def draw_scene(scene: Scene, faces: dict[str, FontFace], assets: AssetStore) -> Image.Image:
    items = scene.items
    if items and type(items[0]) is PatternItem:  # the patterned canvas: composed once per store
        image = _pattern_canvas(scene.width, scene.height, scene.background, items[0], assets).copy()
        items = items[1:]
    else:
        image = Image.new("RGB", (scene.width, scene.height), scene.background)
    for item in items:
        DRAWERS[type(item)](image, item, faces, assets)
    return image


def _pattern_canvas(w: int, h: int, background, item: PatternItem, assets: AssetStore) -> Image.Image:
    """The background colour with the pattern over it, per size, colours and pattern: the same
    pixels `_pattern` paints on a fresh canvas, made once per worker."""
    def make() -> Image.Image:
        image = Image.new("RGB", (w, h), background)
        _pattern(image, item, None, assets)
        return image
    return assets.drawn(("pattern-canvas", w, h, tuple(background), item.pattern, item.step, tuple(item.color)), make)


def _photo(image: Image.Image, item: PhotoItem, faces, assets: AssetStore) -> None:
    size = image.size
    grey = load_cover(item.root, item.photo, size, assets)
    image.paste(duotone(grey, item.shadows, item.highlights), (0, 0))


def _rule(image: Image.Image, item: RuleItem, faces, assets) -> None:
    box = item.box
    ImageDraw.Draw(image).rectangle(
        [round(box.x), round(box.y), round(box.right) - 1, round(box.bottom) - 1], fill=item.color)


def _panel(image: Image.Image, item: PanelItem, faces, assets) -> None:
    _draw_shape(image, item.box, lambda d, s, o: d.rounded_rectangle(
        _scaled(item.box, s, o), radius=item.radius * s, fill=item.color),
        assets, ("panel", _box_key(item.box), item.radius, tuple(item.color)))


def _box_key(box) -> tuple:
    return (box.x, box.y, box.w, box.h)


def _draft_band(image: Image.Image, item: DraftBandItem, faces, assets) -> None:
    _rule(image, item, faces, assets)
    for text in item.texts:
        _text(image, text, faces, assets)


def _text(image: Image.Image, item: TextItem, faces, assets) -> None:
    draw_text(image, item.layout, faces, item.color, item.emphasis_color, item.highlight_color,
              item.highlight_text_color, assets)


def draw_text(image: Image.Image, layout: LaidOutText, faces: dict[str, FontFace], color, emphasis_color,
              highlight_color=None, highlight_text_color=None, assets: AssetStore | None = None) -> None:
    assets = assets or AssetStore()  # a caller drawing one text alone (tools/hard_cases.py)
    draw = ImageDraw.Draw(image)
    for line in layout.lines:
        for run in line.runs:
            if HIGHLIGHT in run.styles and highlight_color:
                pad = 0.12 * layout.size
                draw.rounded_rectangle([run.x - pad, line.baseline - line.ascent - pad / 2,
                                        run.x + run.width + pad, line.baseline + line.descent + pad / 2],
                                       radius=pad, fill=highlight_color)
    for line in layout.lines:
        for run in line.runs:
            face = faces[run.font]
            fill = emphasis_color if EMPHASIS in run.styles else color
            if HIGHLIGHT in run.styles and highlight_color and highlight_text_color:
                fill = highlight_text_color  # text on a highlight: the colour that contrasts with it
            if face.bitmap_size:  # colour emoji: scaled PNG tiles
                for tile, x0, y0 in color_run(face, assets.glyph_raster(face).cache, run.glyphs, run.x,
                                              line.baseline, layout.size):
                    rgba = Image.fromarray(tile, "RGBA")
                    image.paste(rgba, (x0, y0), rgba)
                continue
            drawn = run_mask(assets.glyph_raster(face), run.glyphs, run.x, line.baseline, layout.size)
            if drawn is not None:
                mask, x0, y0 = drawn
                image.paste(fill, (x0, y0, x0 + mask.shape[1], y0 + mask.shape[0]), Image.fromarray(mask, "L"))


def _scaled(box, s, origin):
    ox, oy = origin
    return [(box.x - ox) * s, (box.y - oy) * s, (box.right - ox) * s, (box.bottom - oy) * s]


def _draw_shape(image: Image.Image, box, paint, assets: AssetStore | None = None, what: tuple | None = None) -> None:
    """Anti-aliased shapes: paint a supersampled mask over `box`, reduce it, composite. With
    `what` (everything the shape's pixels depend on: kind, geometry, colours) the reduced layer
    is kept in the asset store, so page dots or a button drawn again are pasted, not redrawn."""
    x0, y0 = int(box.x) - 1, int(box.y) - 1
    x1, y1 = int(box.right) + 2, int(box.bottom) + 2
    w, h = max(1, x1 - x0), max(1, y1 - y0)

    def make() -> Image.Image:
        s = SUPERSAMPLE
        layer = Image.new("RGBA", (w * s, h * s), (0, 0, 0, 0))
        paint(ImageDraw.Draw(layer), s, (x0, y0))
        return layer.resize((w, h), Image.Resampling.LANCZOS)

    layer = assets.drawn(("shape", x0, y0, w, h, *what), make) if assets is not None and what else make()
    image.paste(layer, (x0, y0), layer)


def _pager(image: Image.Image, item: PagerItem, faces, assets) -> None:
    area = item.arrow and union(item.box, item.arrow) or item.box

    def paint(draw, s, origin):
        ox, oy = origin
        r = item.radius
        for i, (cx, cy) in enumerate(item.dots):
            colour = item.color if i == item.current else item.inactive_color
            rr = r if i == item.current else r * 0.72
            draw.ellipse([(cx - rr - ox) * s, (cy - rr - oy) * s, (cx + rr - ox) * s, (cy + rr - oy) * s], fill=colour)
        if item.arrow:
            a = item.arrow
            cy = (a.y + a.h / 2 - oy) * s
            stroke = max(1, round(r * 0.55 * s))
            head = a.h * 0.42 * s
            left, right = (a.x - ox) * s + stroke, (a.right - ox) * s - stroke
            tip, tail = (left, right) if item.arrow_rtl else (right, left)
            back = tip + head if item.arrow_rtl else tip - head
            draw.line([(tail, cy), (tip, cy)], fill=item.color, width=stroke)
            draw.line([(back, cy - head), (tip, cy), (back, cy + head)], fill=item.color, width=stroke, joint="curve")
            for px, py in ((tail, cy), (back, cy - head), (back, cy + head), (tip, cy)):
                draw.ellipse([px - stroke / 2, py - stroke / 2, px + stroke / 2, py + stroke / 2], fill=item.color)

    _draw_shape(image, area, paint, assets, (
        "pager", _box_key(area), tuple(map(tuple, item.dots)), item.radius, item.current, tuple(item.color),
        tuple(item.inactive_color), item.arrow and _box_key(item.arrow), item.arrow_rtl))


def _pattern(image: Image.Image, item: PatternItem, faces, assets: AssetStore) -> None:
    """A quiet background pattern over the whole canvas (it is background: it may cross the
    safe zone). The mask depends only on the canvas and the pattern: drawn once per store."""
    w, h = image.size
    mask = assets.drawn(("pattern", w, h, item.pattern, item.step), lambda: _pattern_mask(w, h, item))
    image.paste(Image.new("RGB", (w, h), item.color), (0, 0), mask)


def _pattern_mask(w: int, h: int, item: PatternItem) -> Image.Image:
    step = max(8.0, item.step)
    s = 2
    layer = Image.new("L", (w * s, h * s), 0)
    draw = ImageDraw.Draw(layer)
    if item.pattern == "dots":
        r = step * 0.09 * s
        y = step / 2
        while y < h:
            x = step / 2
            while x < w:
                draw.ellipse([x * s - r, y * s - r, x * s + r, y * s + r], fill=255)
                x += step
            y += step
    else:  # diagonal lines
        width = max(1, round(step * 0.08 * s))
        for k in range(-int(h / step) - 2, int(w / step) + 2):
            x = k * step
            draw.line([(x * s, h * s), ((x + h) * s, 0)], fill=255, width=width)
    return layer.resize((w, h), Image.Resampling.LANCZOS)


def _logo(image: Image.Image, item: LogoItem, faces, assets: AssetStore) -> None:
    lw, lh = assets.image_size(item.path)
    box = item.box
    factor = min(box.w / lw, box.h / lh)
    w, h = max(1, round(lw * factor)), max(1, round(lh * factor))
    scaled = assets.scaled_image(item.path, w, h)
    x = {"right": box.right - w, "end": box.right - w, "center": box.x + (box.w - w) / 2}.get(item.align, box.x)
    y = {"top": box.y, "middle": box.y + (box.h - h) / 2}.get(item.valign, box.bottom - h)
    image.paste(scaled, (round(x), round(y)), scaled)


DRAWERS = {
    PhotoItem: _photo,
    PatternItem: _pattern,
    RuleItem: _rule,
    PanelItem: _panel,
    PagerItem: _pager,
    LogoItem: _logo,
    TextItem: _text,
    DraftBandItem: _draft_band,
}
