"""Draw a Scene onto a canvas (canvas.py). The only module that decides pixels.

Each item type has one drawing function, found in `DRAWERS`. Everything is drawn as coverage
masks blended in one ink colour (patterns, shapes, type, the logo's inks), so a flat graphic
stays a palette canvas from start to finish; photos start an RGB canvas. Masks, the patterned
background canvas and the logo's inks are kept in the asset store (one per worker), so a
replaced file is drawn afresh and nothing is cached in a module.
"""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from ...content.assets import AssetStore
from .canvas import Canvas, PaletteCanvas, RgbCanvas
from ...content.font_library import FontFace
from .glyphs import color_run, glyph_raster, run_mask
from ...content.photos import duotone, load_cover
from ..scene import (DraftBandItem, LogoItem, PagerItem, PanelItem, PatternItem, PhotoItem, QRItem, RuleItem, Scene,
                     TextItem, UnitChartItem, union)
from ...text.markup import EMPHASIS, HIGHLIGHT
from ...text.types import Box, LaidOutText

SUPERSAMPLE = 4  # shapes (panels, dots, arrows) are drawn this much larger, then reduced
LOGO_INKS = 16  # a logo with at most this many colours is drawn as one mask per colour
# A patterned canvas: every shade of a dot's edge under every shade of a glyph's edge is a
# colour of its own, so the pattern's edges have 4 levels (dusk on indigo differ by at most
# 28/255 a channel: 7/255 steps), which keeps the dotted quote and announcement cards within
# 256 colours (210 at most in the campaign, against 550).
PATTERN_LEVELS = 4


def draw_canvas(scene: Scene, faces: dict[str, FontFace], assets: AssetStore) -> Canvas:
    """The scene drawn: a PaletteCanvas for flat graphics, an RgbCanvas with a photo (or once
    a flat graphic needs more than 256 colours)."""
    items = scene.items
    if items and type(items[0]) is PatternItem:  # the patterned canvas: composed once per store
        canvas = _pattern_canvas(scene.width, scene.height, scene.background, items[0], assets).copy()
        items = items[1:]
    elif items and type(items[0]) is PhotoItem:
        canvas = RgbCanvas(scene.width, scene.height, scene.background)
    else:
        canvas = PaletteCanvas(scene.width, scene.height, scene.background)
    for item in items:
        DRAWERS[type(item)](canvas, item, faces, assets)
    return canvas


def draw_scene(scene: Scene, faces: dict[str, FontFace], assets: AssetStore) -> Image.Image:
    """The scene as a Pillow RGB image (tests, contact sheets)."""
    return draw_canvas(scene, faces, assets).to_image()


def _pattern_canvas(w: int, h: int, background, item: PatternItem, assets: AssetStore) -> PaletteCanvas:
    """The background colour with the pattern over it, per size, colours and pattern: the same
    pixels `_pattern` paints on a fresh canvas, made once per worker (and copied per image)."""
    def make() -> PaletteCanvas:
        canvas = PaletteCanvas(w, h, background)
        _pattern(canvas, item, None, assets)
        return canvas
    return assets.drawn(("pattern-canvas", w, h, tuple(background), item.pattern, item.step, tuple(item.color)), make)


def _photo(canvas: Canvas, item: PhotoItem, faces, assets: AssetStore) -> None:
    grey = load_cover(item.root, item.photo, (canvas.width, canvas.height), assets)
    canvas.paste_rgb(duotone(grey, item.shadows, item.highlights), 0, 0)


def _rule(canvas: Canvas, item: RuleItem, faces, assets) -> None:
    box = item.box
    canvas.fill_rect(round(box.x), round(box.y), round(box.right), round(box.bottom), item.color)


def _qr(canvas: Canvas, item: QRItem, faces, assets) -> None:
    """The light tile, then each run of dark modules: rectangles on whole pixels."""
    x, y = round(item.box.x), round(item.box.y)
    side = round(item.box.w)
    canvas.fill_rect(x, y, x + side, y + side, item.background)
    for x0, y0, x1, y1 in item.rects():
        canvas.fill_rect(x0, y0, x1, y1, item.color)


def _box_key(box) -> tuple:
    return (box.x, box.y, box.w, box.h)


def _panel(canvas: Canvas, item: PanelItem, faces, assets) -> None:
    _rounded_rect(canvas, item.box, item.radius, item.color, assets)


def _rounded_rect(canvas: Canvas, box, radius: float, colour, assets: AssetStore | None) -> None:
    _draw_shape(canvas, box, [(colour, lambda d, s, o: d.rounded_rectangle(
        _scaled(box, s, o), radius=radius * s, fill=255))], assets, ("rounded", _box_key(box), radius))


def _unit_chart(canvas: Canvas, item: UnitChartItem, faces, assets) -> None:
    def dots(lit: bool):
        def paint(draw, s, origin):
            ox, oy = origin
            for i, dot in enumerate(item.dots):
                if (i < item.lit) == lit:
                    draw.ellipse(_scaled(dot, s, origin), fill=255)
        return paint

    _draw_shape(canvas, item.box, [(item.color, dots(True)), (item.inactive_color, dots(False))], assets,
                ("units", tuple(_box_key(dot) for dot in item.dots), item.lit))


def _draft_band(canvas: Canvas, item: DraftBandItem, faces, assets) -> None:
    _rule(canvas, item, faces, assets)
    for text in item.texts:
        _text(canvas, text, faces, assets)


def _text(canvas: Canvas, item: TextItem, faces, assets) -> None:
    draw_text(canvas, item.layout, faces, item.color, item.emphasis_color, item.highlight_color,
              item.highlight_text_color, assets=assets)


def draw_text(canvas: Canvas | Image.Image, layout: LaidOutText, faces: dict[str, FontFace], color, emphasis_color,
              highlight_color=None, highlight_text_color=None, *, assets: AssetStore) -> None:
    """Highlights first (behind every run), then each run's coverage mask in its colour. A
    Pillow image (tools/hard_cases.py) is drawn on through an RgbCanvas over its pixels."""
    if isinstance(canvas, Image.Image):
        image = canvas
        canvas = RgbCanvas(image.width, image.height, pixels=np.array(image.convert("RGB")))
        draw_text(canvas, layout, faces, color, emphasis_color, highlight_color, highlight_text_color, assets=assets)
        image.paste(canvas.to_image())
        return
    for line in layout.lines:
        for run in line.runs:
            if HIGHLIGHT in run.styles and highlight_color:
                pad = 0.12 * layout.size
                box = Box(run.x - pad, line.baseline - line.ascent - pad / 2,
                           run.width + 2 * pad, line.ascent + line.descent + pad)
                _rounded_rect(canvas, box, pad, highlight_color, assets)
    for line in layout.lines:
        for run in line.runs:
            face = faces[run.font]
            fill = emphasis_color if EMPHASIS in run.styles else color
            if HIGHLIGHT in run.styles and highlight_color and highlight_text_color:
                fill = highlight_text_color  # text on a highlight: the colour that contrasts with it
            if face.bitmap_size:  # colour emoji: the font's PNGs, scaled to the measured ink box
                for tile, x0, y0 in color_run(face, glyph_raster(assets, face).cache, run.glyphs, run.x,
                                              line.baseline, layout.size):
                    canvas.paste_rgba(tile, x0, y0)
                continue
            drawn = run_mask(glyph_raster(assets, face), run.glyphs, run.x, line.baseline, layout.size)
            if drawn is not None:
                mask, x0, y0 = drawn
                canvas.blend_mask(mask, x0, y0, fill)


def _scaled(box, s, origin):
    ox, oy = origin
    return [(box.x - ox) * s, (box.y - oy) * s, (box.right - ox) * s, (box.bottom - oy) * s]


def _draw_shape(canvas: Canvas, box, layers, assets: AssetStore | None = None, what: tuple | None = None) -> None:
    """Anti-aliased shapes: each (colour, paint) layer paints a supersampled 'L' mask over
    `box` (in white), reduced to its coverage and blended in its colour. With `what` (everything
    the masks depend on besides the colours: kind, geometry) the masks are kept in the asset
    store, so page dots or a button drawn again are blended, not redrawn."""
    x0, y0 = int(box.x) - 1, int(box.y) - 1
    x1, y1 = int(box.right) + 2, int(box.bottom) + 2
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    if assets is not None and what:
        masks = assets.drawn(("shape", x0, y0, w, h, *what), lambda: _shape_masks(w, h, (x0, y0), layers))
    else:
        masks = _shape_masks(w, h, (x0, y0), layers)
    for (colour, _), mask in zip(layers, masks):
        canvas.blend_mask(mask, x0, y0, colour)


def _shape_masks(w: int, h: int, origin, layers) -> list[np.ndarray]:
    s = SUPERSAMPLE
    masks = []
    for _, paint in layers:
        layer = Image.new("L", (w * s, h * s), 0)
        paint(ImageDraw.Draw(layer), s, origin)
        # each pixel's share of its s x s samples: the shape's area coverage (a box filter;
        # LANCZOS gave the same edges, 1/255 apart on average, in 15 times the time)
        masks.append(np.asarray(layer.reduce(s)))
    return masks


def _pager(canvas: Canvas, item: PagerItem, faces, assets) -> None:
    area = item.arrow and union(item.box, item.arrow) or item.box
    r = item.radius

    def dots(current: bool):
        def paint(draw, s, origin):
            ox, oy = origin
            for i, (cx, cy) in enumerate(item.dots):
                if (i == item.current) == current:
                    rr = r if current else r * 0.72
                    draw.ellipse([(cx - rr - ox) * s, (cy - rr - oy) * s, (cx + rr - ox) * s, (cy + rr - oy) * s],
                                 fill=255)
        return paint

    def arrow(draw, s, origin):
        ox, oy = origin
        a = item.arrow
        cy = (a.y + a.h / 2 - oy) * s
        stroke = max(1, round(r * 0.55 * s))
        head = a.h * 0.42 * s
        left, right = (a.x - ox) * s + stroke, (a.right - ox) * s - stroke
        tip, tail = (left, right) if item.arrow_rtl else (right, left)
        back = tip + head if item.arrow_rtl else tip - head
        draw.line([(tail, cy), (tip, cy)], fill=255, width=stroke)
        draw.line([(back, cy - head), (tip, cy), (back, cy + head)], fill=255, width=stroke, joint="curve")
        for px, py in ((tail, cy), (back, cy - head), (back, cy + head), (tip, cy)):
            draw.ellipse([px - stroke / 2, py - stroke / 2, px + stroke / 2, py + stroke / 2], fill=255)

    layers = [(item.inactive_color, dots(False)), (item.color, dots(True))]
    if item.arrow:
        layers.append((item.color, arrow))
    _draw_shape(canvas, area, layers, assets, (
        "pager", _box_key(area), tuple(map(tuple, item.dots)), item.radius, item.current,
        item.arrow and _box_key(item.arrow), item.arrow_rtl))


def _pattern(canvas: Canvas, item: PatternItem, faces, assets: AssetStore) -> None:
    """A quiet background pattern over the whole canvas (it is background: it may cross the
    safe zone). The mask depends only on the canvas and the pattern: drawn once per store."""
    w, h = canvas.width, canvas.height
    def make() -> np.ndarray:
        coverage = np.asarray(_pattern_mask(w, h, item)).astype(np.int32)
        return ((coverage * PATTERN_LEVELS + 127) // 255 * 255 // PATTERN_LEVELS).astype(np.uint8)
    mask = assets.drawn(("pattern", w, h, item.pattern, item.step), make)
    canvas.blend_mask(mask, 0, 0, item.color)


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
    return layer.reduce(s)


def _logo(canvas: Canvas, item: LogoItem, faces, assets: AssetStore) -> None:
    x, y, w, h = item.placed(*assets.image_size(item.path))
    inks = assets.derived(assets.identity(item.path), ("logo-inks", w, h), lambda: _logo_inks(item.path, w, h, assets))
    if inks is None:  # many colours (a photo-like logo): composite the scaled RGBA
        canvas.paste_rgba(assets.scaled_image(item.path, w, h), x, y)
        return
    for colour, mask in inks:
        canvas.blend_mask(mask, x, y, colour)


def _logo_inks(path, w: int, h: int, assets: AssetStore) -> list | None:
    """A flat logo (a wordmark: a few colours with anti-aliased edges) as one scaled coverage
    mask per colour, or None for a many-coloured one. Composited whole, the scaled RGBA edges
    would mix neighbouring inks into hundreds of colours, more than a palette canvas holds;
    as masks each ink is a ramp on the background like type."""
    full = assets.derived(assets.identity(path), ("logo-ink-masks",), lambda: _ink_masks(assets.image(path)))
    if full is None:
        return None
    return [(colour, np.asarray(mask.resize((w, h), Image.Resampling.LANCZOS))) for colour, mask in full]


def _ink_masks(image: Image.Image) -> list | None:
    """(colour, 'L' coverage) per colour of an RGBA image, the largest ink first; None when it
    has more than LOGO_INKS colours."""
    rgba = np.asarray(image)
    alpha = rgba[..., 3]
    packed = rgba[..., 0].astype(np.int32) << 16 | rgba[..., 1].astype(np.int32) << 8 | rgba[..., 2]
    colours, counts = np.unique(packed[alpha > 0], return_counts=True)
    if len(colours) > LOGO_INKS:
        return None
    return [((int(c) >> 16, int(c) >> 8 & 255, int(c) & 255),
             Image.fromarray(np.where(packed == c, alpha, 0).astype(np.uint8), "L"))
            for c in colours[np.argsort(-counts, kind="stable")]]


DRAWERS = {
    PhotoItem: _photo,
    PatternItem: _pattern,
    RuleItem: _rule,
    PanelItem: _panel,
    UnitChartItem: _unit_chart,
    PagerItem: _pager,
    LogoItem: _logo,
    TextItem: _text,
    DraftBandItem: _draft_band,
    QRItem: _qr,
}
