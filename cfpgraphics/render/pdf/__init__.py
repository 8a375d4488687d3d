"""The PDF backend: Scenes -> one PDF, a page each, every glyph, shape and image of the scene
drawn by content.py, its fonts embedded as subsets by fonts.py, written by document.py.

Why our own writer: the PDF must draw the engine's own glyph ids at the engine's positions
(so it cannot differ from the PNG) and say which characters each cluster stands for. Tried on
Khmer and Arabic runs (README, "Print: the PDF"): fpdf2 and ReportLab take text, not glyph ids
(and broke Khmer); skia-python takes glyph ids but maps each glyph back through the cmap only
(Khmer copied out of order and with letters missing, Arabic as presentation forms); pycairo
(clusters and ActualText) has no wheel on PyPI. fontTools, already here, subsets the fonts.

Geometry: the scene is in pixels, y down; a page's matrix scales them to points (72/dpi: 0.48
pt a pixel at 150 dpi; a screen size, 0.75: 96 px an inch). The MediaBox is the canvas, bleed
included (= BleedBox); the TrimBox is the canvas less its bleed. With crop marks the MediaBox
grows by CROP_AREA on every side and the trim marks are drawn there, outside the bleed.
"""
from __future__ import annotations

from ...content.assets import AssetStore
from ...text.fonts import FontFace
from ..scene import Scene
from .content import Page, Resources, draw_page
from .document import Document, Name, Stream, number

SCREEN_DPI = 96  # a screen size's pixel in a PDF: a CSS pixel
MM = 72 / 25.4
CROP_AREA = 12 * MM  # room for trim marks around the bleed, points
MARK_GAP = 1 * MM  # between the bleed's edge and a mark (a mark never touches the printed area)
MARK_WIDTH = 0.25  # points: a hairline


def encode_pdf(scenes: list[Scene], faces: dict[str, FontFace], assets: AssetStore, crop_marks: bool = False) -> bytes:
    """One PDF, a page per scene in order, deterministic: equal scenes give equal bytes."""
    if not scenes:
        raise ValueError("a PDF needs at least one page")
    doc = Document()
    resources = Resources(doc, faces, assets)
    pages_ref = doc.reserve()
    res_ref = doc.reserve()
    kids, drawn = [], []
    for scene in scenes:
        page = Page(resources, scene)
        k = 72 / (scene.dpi or SCREEN_DPI)
        width, height = scene.width * k, scene.height * k
        extra = CROP_AREA if crop_marks else 0.0
        # the scene's pixels, y down, on a page whose origin is the canvas's bottom-left corner
        page.add(k, 0, 0, -k, 0, height, "cm")
        draw_page(page)
        contents = doc.reserve()  # written once the fonts are embedded (glyph codes)
        drawn.append((page, contents, _crop_marks(width, height, scene.bleed * k) if crop_marks else b""))
        b = scene.bleed * k
        kids.append(doc.add({
            "Type": Name("Page"), "Parent": pages_ref, "Resources": res_ref,
            "MediaBox": [-extra, -extra, width + extra, height + extra], "BleedBox": [0, 0, width, height],
            "TrimBox": [b, b, width - b, height - b], "Contents": contents,
        }))
    doc.set(res_ref, resources.dictionary())
    for page, contents, marks in drawn:
        doc.set(contents, Stream(b"q\n" + page.stream() + b"Q\n" + marks))
    doc.set(pages_ref, {"Type": Name("Pages"), "Kids": kids, "Count": len(kids)})
    root = doc.add({"Type": Name("Catalog"), "Pages": pages_ref})
    return doc.write(root)


def _crop_marks(width: float, height: float, bleed: float) -> bytes:
    """Trim marks at each corner, in registration black (every ink), from just outside the
    bleed to the page's edge, in line with the trim's edges."""
    ops = [f"q 1 1 1 1 K {number(MARK_WIDTH)} w"]
    start, end = bleed + MARK_GAP, bleed + CROP_AREA  # out from the trim, outside the bleed
    for x in (bleed, width - bleed):  # vertical marks above and below the trim's corners
        for y0, y1 in ((-(end - bleed), -(start - bleed)), (height + start - bleed, height + end - bleed)):
            ops.append(f"{number(x)} {number(y0)} m {number(x)} {number(y1)} l S")
    for y in (bleed, height - bleed):  # horizontal marks left and right of them
        for x0, x1 in ((-(end - bleed), -(start - bleed)), (width + start - bleed, width + end - bleed)):
            ops.append(f"{number(x0)} {number(y)} m {number(x1)} {number(y)} l S")
    ops.append("Q")
    return ("\n".join(ops) + "\n").encode()
