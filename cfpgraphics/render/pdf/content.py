"""One page's content stream: the Scene drawn in PDF operators, one function per item type
(`DRAWERS`, as raster/draw.py has its own), in the scene's pixels (the page's matrix turns
them into points, y down, so every coordinate is the scene's own).

Text is the layout's glyph runs: each glyph by its id at the position the layout gave it, the
same ids and positions the raster backend draws. Shapes (rules, buttons, unit-chart dots, page
dots, arrows, the QR code, the background pattern) are vector paths; the logo (a PNG) and a
photo are images at their full resolution.
"""
from __future__ import annotations

import functools
import unicodedata

from PIL import Image

from ...content.assets import AssetStore
from ...text.fonts import FontFace
from ...text.markup import EMPHASIS, HIGHLIGHT
from ...text.types import Box, LaidOutText
from ..scene import (DraftBandItem, LogoItem, PagerItem, PanelItem, PatternItem, PhotoItem, QRItem, RuleItem, Scene,
                     TextItem, UnitChartItem)
from .document import Document, Name, Ref, Stream, deflate, number, text_string
from ..raster.glyphs import SUBPIXELS, color_run, glyph_raster
from .fonts import EmbeddedFont

KAPPA = 0.5522847498  # a quarter circle's Bézier handles, as a fraction of its radius


class Resources:
    """What the pages of one document draw with: fonts (one subset per face) and images (one
    object per image, shared by every page showing it)."""

    def __init__(self, doc: Document, faces: dict[str, FontFace], assets: AssetStore):
        self.doc, self.faces, self.assets = doc, faces, assets
        self.fonts: dict[str, EmbeddedFont] = {}  # face key -> its embedding
        self.images: dict[tuple, tuple[str, Ref]] = {}  # what the image is -> (/Im1, its object)
        self.warnings: list[str] = []

    def font(self, key: str) -> EmbeddedFont:
        if key not in self.fonts:
            self.fonts[key] = EmbeddedFont(self.faces[key], f"F{len(self.fonts) + 1}")
        return self.fonts[key]

    def image(self, what: tuple, make, source=None) -> str:
        """The resource name of an image (`make` gives an RGBA or RGB Pillow image), one object
        per document. With `source` (the file's identity in the asset store) its compressed
        pixels are kept in the store: the logo is encoded once a worker, not once a page."""
        if what not in self.images:
            encode = lambda: encode_image(make())  # noqa: E731
            encoded = self.assets.derived(source, ("pdf-image", *what), encode) if source else encode()
            self.images[what] = (f"Im{len(self.images) + 1}", _image_object(self.doc, encoded))
        return self.images[what][0]

    def dot(self) -> str:
        """The resource name of a filled circle of diameter 1 (a form, in the colour it is
        drawn in): a unit chart's hundred dots are four numbers each, not twenty-six."""
        if ("dot",) not in self.images:
            k = 0.5 * KAPPA
            path = (f"1 0.5 m 1 {number(0.5 + k)} {number(0.5 + k)} 1 0.5 1 c "
                    f"{number(0.5 - k)} 1 0 {number(0.5 + k)} 0 0.5 c "
                    f"0 {number(0.5 - k)} {number(0.5 - k)} 0 0.5 0 c "
                    f"{number(0.5 + k)} 0 1 {number(0.5 - k)} 1 0.5 c h f\n").encode()
            form = self.doc.add(Stream(path, {"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": [0, 0, 1, 1]}))
            self.images[("dot",)] = (f"Im{len(self.images) + 1}", form)
        return self.images[("dot",)][0]

    def dictionary(self) -> dict:
        fonts = {f.resource: f.embed(self.doc, self.assets) for f in self.fonts.values()}
        images = {name: ref for name, ref in self.images.values()}
        return {"Font": fonts, "XObject": images}


def encode_image(image: Image.Image) -> tuple[int, int, bytes, bytes | None]:
    """(width, height, RGB bytes compressed, alpha compressed or None if opaque)."""
    rgba = image.convert("RGBA")
    alpha = rgba.getchannel("A")
    opaque = alpha.getextrema() == (255, 255)
    return (image.width, image.height, deflate(rgba.convert("RGB").tobytes()),
            None if opaque else deflate(alpha.tobytes()))


def _image_object(doc: Document, encoded) -> Ref:
    """An image XObject, its alpha (if any) as a soft mask."""
    width, height, rgb, alpha = encoded
    entries = {"Type": Name("XObject"), "Subtype": Name("Image"), "Width": width, "Height": height,
               "ColorSpace": Name("DeviceRGB"), "BitsPerComponent": 8, "Filter": Name("FlateDecode")}
    if alpha is not None:
        entries["SMask"] = doc.add(Stream(alpha, {
            "Type": Name("XObject"), "Subtype": Name("Image"), "Width": width, "Height": height,
            "ColorSpace": Name("DeviceGray"), "BitsPerComponent": 8, "Filter": Name("FlateDecode")}, compress=False))
    return doc.add(Stream(rgb, entries, compress=False))


class Page:
    """The operators of one page, written as they are drawn."""

    def __init__(self, resources: Resources, scene: Scene):
        self.res = resources
        self.scene = scene
        self.ops: list[bytes] = []

    def add(self, *parts) -> None:
        self.ops.append(" ".join(p if isinstance(p, str) else number(p) for p in parts).encode())

    def fill_color(self, rgb) -> None:
        self.add(*(c / 255 for c in rgb), "rg")

    def rect(self, x0, y0, x1, y1) -> None:
        self.add(x0, y0, x1 - x0, y1 - y0, "re")

    def ellipse(self, cx, cy, rx, ry) -> None:
        kx, ky = rx * KAPPA, ry * KAPPA
        self.add(cx + rx, cy, "m")
        self.add(cx + rx, cy + ky, cx + kx, cy + ry, cx, cy + ry, "c")
        self.add(cx - kx, cy + ry, cx - rx, cy + ky, cx - rx, cy, "c")
        self.add(cx - rx, cy - ky, cx - kx, cy - ry, cx, cy - ry, "c")
        self.add(cx + kx, cy - ry, cx + rx, cy - ky, cx + rx, cy, "c")
        self.add("h")

    def rounded(self, box: Box, radius: float) -> None:
        r = max(0.0, min(radius, box.w / 2, box.h / 2))
        if r == 0:
            self.rect(box.x, box.y, box.right, box.bottom)
            return
        k = r * (1 - KAPPA)
        x0, y0, x1, y1 = box.x, box.y, box.right, box.bottom
        self.add(x0 + r, y0, "m")
        self.add(x1 - r, y0, "l")
        self.add(x1 - k, y0, x1, y0 + k, x1, y0 + r, "c")
        self.add(x1, y1 - r, "l")
        self.add(x1, y1 - k, x1 - k, y1, x1 - r, y1, "c")
        self.add(x0 + r, y1, "l")
        self.add(x0 + k, y1, x0, y1 - k, x0, y1 - r, "c")
        self.add(x0, y0 + r, "l")
        self.add(x0, y0 + k, x0 + k, y0, x0 + r, y0, "c")
        self.add("h")

    def image(self, name: str, x, y, w, h) -> None:
        """An image over (x, y, w, h): images are drawn in a unit square, y up, so flip it."""
        self.add("q", w, 0, 0, -h, x, y + h, "cm", f"/{name}", "Do", "Q")

    def glyph(self, font: EmbeddedFont, gid: int, operator: bytes = b"Tj") -> None:
        """A glyph drawn by its code, which is known once its font is embedded (`stream`)."""
        self.ops.append((font, gid, operator))

    def stream(self) -> bytes:
        """The operators, after the fonts are embedded (glyph codes resolved)."""
        return b"\n".join(op if isinstance(op, bytes) else b"<%04X> %s" % (op[0].code(op[1]), op[2])
                          for op in self.ops) + b"\n"


def draw_page(page: Page) -> None:
    scene = page.scene
    page.fill_color(scene.background)  # the whole canvas, bleed included
    page.rect(0, 0, scene.width, scene.height)
    page.add("f")
    for item in scene.items:
        DRAWERS[type(item)](page, item)


def _photo(page: Page, item: PhotoItem) -> None:
    """The duotone photo at the resolution of its crop in the file (not the canvas's): a
    print keeps every pixel the photographer gave (compose warns below 300 dpi)."""
    # Imported here: only a page with a photo reads one.
    from ...content.photos import duotone, load_cover_crop, resolve
    scene = page.scene
    assets = page.res.assets
    name = page.res.image(("photo", item.photo.focus, scene.width, scene.height, item.shadows, item.highlights),
                          lambda: duotone(load_cover_crop(item.root, item.photo, (scene.width, scene.height), assets),
                                          item.shadows, item.highlights),
                          source=assets.identity(resolve(item.root, item.photo.file)))
    page.image(name, 0, 0, scene.width, scene.height)


def _pattern(page: Page, item: PatternItem) -> None:
    scene = page.scene
    w, h = scene.width, scene.height
    step = max(8.0, item.step)
    page.fill_color(item.color)
    if item.pattern == "dots":
        r = step * 0.09
        y = step / 2
        while y < h:
            x = step / 2
            while x < w:
                page.ellipse(x, y, r, r)
                x += step
            y += step
        page.add("f")
        return
    width = max(1, round(step * 0.08 * 2)) / 2  # the raster's line width (drawn at twice the size)
    page.add("q", *(c / 255 for c in item.color), "RG", width, "w")
    page.rect(0, 0, w, h)
    page.add("W", "n")  # clipped to the canvas
    for k in range(-int(h / step) - 2, int(w / step) + 2):
        x = k * step
        page.add(x, h, "m", x + h, 0, "l")
    page.add("S", "Q")


def _rule(page: Page, item: RuleItem) -> None:
    box = item.box
    page.fill_color(item.color)
    page.rect(round(box.x), round(box.y), round(box.right), round(box.bottom))
    page.add("f")


def _panel(page: Page, item: PanelItem) -> None:
    page.fill_color(item.color)
    page.rounded(item.box, item.radius)
    page.add("f")


def _qr(page: Page, item: QRItem) -> None:
    x, y = round(item.box.x), round(item.box.y)
    side = round(item.box.w)
    page.fill_color(item.background)
    page.rect(x, y, x + side, y + side)
    page.add("f")
    page.fill_color(item.color)
    for x0, y0, x1, y1 in item.rects():
        page.rect(x0, y0, x1, y1)
    page.add("f")


def _unit_chart(page: Page, item: UnitChartItem) -> None:
    for lit, colour in ((True, item.color), (False, item.inactive_color)):
        dots = [dot for i, dot in enumerate(item.dots) if (i < item.lit) == lit]
        if not dots:
            continue
        page.fill_color(colour)
        name = f"/{page.res.dot()}"
        for dot in dots:
            page.add("q", dot.w, 0, 0, dot.h, dot.x, dot.y, "cm", name, "Do", "Q")


def _pager(page: Page, item: PagerItem) -> None:
    r = item.radius
    for current, colour in ((False, item.inactive_color), (True, item.color)):
        page.fill_color(colour)
        for i, (cx, cy) in enumerate(item.dots):
            if (i == item.current) == current:
                rr = r if current else r * 0.72
                page.ellipse(cx, cy, rr, rr)
        page.add("f")
    if item.arrow:
        a = item.arrow
        cy = a.y + a.h / 2
        stroke = max(1 / 4, round(r * 0.55 * 4) / 4)  # the raster's stroke (drawn 4 times larger)
        head = a.h * 0.42
        left, right = a.x + stroke, a.right - stroke
        tip, tail = (left, right) if item.arrow_rtl else (right, left)
        back = tip + head if item.arrow_rtl else tip - head
        page.add("q", *(c / 255 for c in item.color), "RG", stroke, "w", 1, "J", 1, "j")
        page.add(tail, cy, "m", tip, cy, "l", "S")
        page.add(back, cy - head, "m", tip, cy, "l", back, cy + head, "l", "S", "Q")


def _logo(page: Page, item: LogoItem) -> None:
    assets = page.res.assets
    lw, lh = assets.image_size(item.path)
    x, y, w, h = item.placed(lw, lh)
    name = page.res.image(("logo",), lambda: assets.image(item.path), source=assets.identity(item.path))
    page.image(name, x, y, w, h)


def _draft_band(page: Page, item: DraftBandItem) -> None:
    _rule(page, item)
    for text in item.texts:
        _text(page, text)


def _text(page: Page, item: TextItem) -> None:
    draw_text(page, item.layout, item.color, item.emphasis_color, item.highlight_color, item.highlight_text_color)


def draw_text(page: Page, layout: LaidOutText, color, emphasis_color, highlight_color=None,
              highlight_text_color=None) -> None:
    """Highlights first (behind every run), then each run's glyphs in its colour."""
    for line in layout.lines:
        for run in line.runs:
            if HIGHLIGHT in run.styles and highlight_color:
                pad = 0.12 * layout.size
                box = Box(run.x - pad, line.baseline - line.ascent - pad / 2,
                          run.width + 2 * pad, line.ascent + line.descent + pad)
                page.fill_color(highlight_color)
                page.rounded(box, pad)
                page.add("f")
    for line in layout.lines:
        # in reading order: the page's text is then in the order it is read (a reader that
        # takes the content's order copies right-to-left and mixed lines right), wherever the
        # glyphs stand; absolute positions make the drawing order invisible
        for run in sorted(line.runs, key=lambda r: r.start):
            if run.glyphs is None or not run.glyphs.glyphs:
                continue
            fill = emphasis_color if EMPHASIS in run.styles else color
            if HIGHLIGHT in run.styles and highlight_color and highlight_text_color:
                fill = highlight_text_color
            face = page.res.faces[run.font]
            if face.bitmap_size:
                _bitmap_run(page, face, run, line.baseline, layout.size)
            else:
                page.fill_color(fill)
                _glyph_run(page, run, line.baseline, layout.size)


def clusters(run) -> list[tuple[str, list[int]]]:
    """The run's clusters in visual order: (their characters, indexes of their glyphs). HarfBuzz
    gives each glyph the offset of its cluster's first character; a cluster's text runs to the
    next cluster's offset in logical order."""
    glyphs = run.glyphs
    starts = sorted(set(glyphs.clusters))
    ends = {s: e for s, e in zip(starts, starts[1:] + [len(run.text)])}
    out: list[tuple[str, list[int]]] = []
    for i, start in enumerate(glyphs.clusters):
        if out and glyphs.clusters[i - 1] == start:
            out[-1][1].append(i)
        else:
            out.append((run.text[start:ends[start]], [i]))
    return out


def _glyph_run(page: Page, run, baseline: float, size: float) -> None:
    """Each glyph by id at its layout position; a cluster whose glyphs cannot stand for its
    characters in the ToUnicode map (several glyphs, or a glyph that stands for other text
    elsewhere) is wrapped in /ActualText, so copying gives the text as typed."""
    font = page.res.font(run.font)
    glyphs = run.glyphs
    page.add("BT", f"/{font.resource}", size, "Tf")
    for text, indexes in (reversed(clusters(run)) if run.rtl else clusters(run)):
        if run.rtl:
            indexes = indexes[::-1]  # a letter before its marks
        ids = [glyphs.glyphs[i] for i in indexes]
        if run.rtl:
            simple = _map_rtl(font, text, ids)
        elif len(ids) == 1:
            simple = font.map(ids[0], text)
        else:
            for gid in ids:
                font.map(gid, "")  # in the font, with no text of its own
            simple = False
        if not simple and run.rtl and _rtl_letters(page, font, run, baseline, size, text, indexes):
            continue
        span = not simple
        closing = None
        if span:
            page.ops.append(b"/Span <</ActualText " + text_string(text) + b">> BDC")
            indexes, closing = _span_order(font, glyphs, indexes)
        for i in indexes:
            page.add(1, 0, 0, -1, *_origin(run, baseline, size, i), "Tm")
            page.glyph(font, glyphs.glyphs[i])
        if closing is not None:
            page.add(3, "Tr", 1, 0, 0, -1, *_origin(run, baseline, size, closing), "Tm")
            page.glyph(font, glyphs.glyphs[closing], b"Tj 0 Tr")
        if span:
            page.add("EMC")
    page.add("ET")


def _rtl_letters(page: Page, font: EmbeddedFont, run, baseline: float, size: float, text: str,
                 indexes: list[int]) -> bool:
    """A right-to-left cluster no glyph can stand for alone (lam-alef with a mark between its
    letters): its glyphs drawn with no text of their own (an empty ActualText), then each of
    its characters as the font's own glyph for it, invisible (text render mode 3), right to
    left across the cluster in reading order. Readers that rebuild RTL text from positions
    (poppler reverses an ActualText's characters) and those that read the content's order
    then both copy the characters as typed. False (nothing drawn) if the font lacks one."""
    letters = [font.face.shaper.font.get_nominal_glyph(ord(ch)) for ch in text]
    if not all(letters) or not all([font.map(gid, ch) for gid, ch in zip(letters, text)]):
        return False
    glyphs = run.glyphs
    page.ops.append(b"/Span <</ActualText <FEFF>>> BDC")
    for i in indexes:
        page.add(1, 0, 0, -1, *_origin(run, baseline, size, i), "Tm")
        page.glyph(font, glyphs.glyphs[i])
    page.add("EMC")
    left = min(_origin(run, baseline, size, i)[0] for i in indexes)
    right = max(_origin(run, baseline, size, i)[0] + font.advance(glyphs.glyphs[i]) * size for i in indexes)
    step = (right - left) / len(text)
    page.add(3, "Tr")
    for k, gid in enumerate(letters):
        page.add(1, 0, 0, -1, right - (k + 1) * step, round(baseline), "Tm")
        page.glyph(font, gid)
    page.add(0, "Tr")
    return True


def _origin(run, baseline: float, size: float, i: int) -> tuple[float, float]:
    """Where glyph `i` of a run is drawn: where the raster draws it (raster/glyphs.py: a quarter
    of a pixel across, whole pixels down), so the PDF and the PNG place every glyph alike
    (at most 1/600 inch from the layout's own position)."""
    glyphs = run.glyphs
    x = round((run.x + glyphs.x[i] * size) * SUBPIXELS) / SUBPIXELS
    return x, round(baseline) - round(glyphs.y[i] * size)


def _span_order(font: EmbeddedFont, glyphs, indexes: list[int]) -> tuple[list[int], int | None]:
    """A span's glyphs leftmost first, and the one reaching furthest right if it is not the
    last of them. Readers (poppler) take a span's extent from its first glyph's start to its
    last glyph's end, and read a gap as a space: a Khmer cluster ending in a subscript drawn
    back under its consonant would be followed by a space that is not there. That glyph is
    drawn once more, invisibly (text render mode 3: no ink), to close the span."""
    order = sorted(indexes, key=lambda i: (glyphs.x[i], i))
    ends = {i: glyphs.x[i] + font.advance(glyphs.glyphs[i]) for i in indexes}
    last = max(order, key=lambda i: ends[i])
    return order, (last if ends[last] > ends[order[-1]] else None)


@functools.cache  # a pure function of Unicode's data: built once, on the first ligature
def presentation_forms() -> dict[str, str]:
    """Letters -> the one character Unicode has for their ligature (Arabic presentation forms:
    lam-alef, lam with alef maksura ...; NFKC gives the letters back)."""
    forms: dict[str, str] = {}
    for cp in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        letters = unicodedata.normalize("NFKC", chr(cp))
        if len(letters) > 1:
            forms.setdefault(letters, chr(cp))
    return forms


def _map_rtl(font: EmbeddedFont, text: str, ids: list[int]) -> bool:
    """A right-to-left cluster in the ToUnicode map if it can be, one character a glyph (`ids`
    in logical order: a letter, then its marks); False: it needs ActualText.
    Readers (poppler) rebuild right-to-left text from where glyphs stand, so a glyph that
    stands for two letters, or a span's ActualText, comes out reversed; a ligature is
    therefore mapped to Unicode's own character for it where there is one."""
    if len(ids) == 1 and len(text) > 1:
        text = presentation_forms().get(text, text)
    if len(ids) == 1:
        return font.map(ids[0], text) if len(text) == 1 else _no_text(font, ids)
    if len(ids) == len(text):
        return all([font.map(gid, ch) for gid, ch in zip(ids, text)])
    return _no_text(font, ids)


def _no_text(font: EmbeddedFont, ids: list[int]) -> bool:
    for gid in ids:
        font.map(gid, "")  # in the font, with no text of its own
    return False


def _bitmap_run(page: Page, face: FontFace, run, baseline: float, size: float) -> None:
    """Colour emoji: the font's own PNG of each glyph (as the raster draws it), with the
    cluster's characters as ActualText."""
    tiles = color_run(face, glyph_raster(page.res.assets, face).cache, run.glyphs, run.x, baseline, size)
    page.ops.append(b"/Span <</ActualText " + text_string(run.text) + b">> BDC")
    for tile, x0, y0 in tiles:
        image = Image.fromarray(tile, "RGBA")
        name = page.res.image(("tile", tile.tobytes()), lambda image=image: image)
        page.image(name, x0, y0, image.width, image.height)
    page.add("EMC")


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
