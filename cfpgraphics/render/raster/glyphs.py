"""The glyph cache: each glyph of a font rasterised once per size and quarter-pixel position,
and runs of shaped glyphs (text/shape.py) drawn from it as coverage masks.

Glyphs are rasterised by FreeType (freetype-py) from their outlines, unhinted: the layout
measured unhinted, linear advances, so the drawn glyphs land exactly where they were measured,
at a quarter of a pixel (x) and on whole pixels (y, where the baseline is). Overlapping glyphs
(Arabic joins, Khmer subscripts, stacked Vietnamese marks) combine by the larger coverage, as
FreeType's own run rendering in Pillow did. One `GlyphRaster` per font file and worker, kept in
the asset store; a replaced font file gets a new one. The cache also keeps small runs whole
(`run_mask`), since the same short texts come back to the same place in output after output.
"""
from __future__ import annotations

import ctypes
import io
import math

import freetype
import numpy as np
from PIL import Image

from ...text.lru import LeastRecentlyUsed

SUBPIXELS = 4  # positions per pixel along x
# Bytes of glyph bitmaps (and small run masks) a worker keeps; past that the least recently
# drawn go. A campaign build fills it; 16 MB builds it as fast as 24 did (9.1-10.0 s at -j1
# either way) in 8 MB less per worker.
BUDGET = 16 << 20
_FLAGS = freetype.FT_LOAD_RENDER | freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_NO_BITMAP
_IDENTITY = freetype.FT_Matrix(0x10000, 0, 0, 0x10000)

Bitmap = tuple[np.ndarray, int, int]  # coverage, left column and top row from the glyph's origin


class GlyphCache(LeastRecentlyUsed):
    """The bitmaps of every font a worker draws, in bytes, least recently drawn evicted first:
    display sizes make big bitmaps that are seldom drawn again, text sizes small ones drawn often."""

    def __init__(self, budget: int = BUDGET):
        super().__init__(budget, weigh=lambda entry: entry[0].nbytes)

    def get_or_render(self, key: tuple, render) -> Bitmap:
        cached = self.get(key)
        return cached if cached is not None else self.put(key, render())


class GlyphRaster:
    """One font file's FreeType face, rasterising into the worker's glyph cache."""

    def __init__(self, path: str, index: int = 0, cache: GlyphCache | None = None):
        self._face = freetype.Face(path, index)
        self._size: int | None = None
        self.cache = cache if cache is not None else GlyphCache()

    def glyph(self, gid: int, size: int, sub: int) -> Bitmap:
        """(coverage, left, top) of glyph `gid` at `size` px, its origin `sub` quarters of a
        pixel right of a whole pixel: the bitmap's left column and top row from the origin."""
        return self.cache.get_or_render((self, gid, size, sub), lambda: self._render(gid, size, sub))

    def _render(self, gid: int, size: int, sub: int) -> tuple[np.ndarray, int, int]:
        face = self._face
        if self._size != size:
            face.set_char_size(size * 64)  # 72 dpi: one point a pixel
            self._size = size
        face.set_transform(_IDENTITY, freetype.FT_Vector(sub * 64 // SUBPIXELS, 0))
        face.load_glyph(gid, _FLAGS)
        slot = face.glyph
        bitmap = slot.bitmap
        rows, width, pitch = bitmap.rows, bitmap.width, bitmap.pitch
        if rows == 0 or width == 0:
            return np.zeros((0, 0), np.uint8), 0, 0
        raw = ctypes.string_at(bitmap._FT_Bitmap.buffer, rows * abs(pitch))
        coverage = np.frombuffer(raw, np.uint8).reshape(rows, abs(pitch))[:, :width].copy()
        return coverage, slot.bitmap_left, slot.bitmap_top


RUN_KEPT_BYTES = 16 << 10  # runs whose mask is at most this are kept whole in the cache


def run_mask(raster: GlyphRaster, glyphs, x: float, baseline: float, size: int):
    """A shaped run (per em glyph positions, text/shape.GlyphRun) drawn at `size` px with its
    origin at (x, baseline): (coverage mask, left, top) in canvas pixels, or None if no ink.

    Small masks are kept in the glyph cache by run, size and the origin's fraction of a pixel
    (which is all they depend on): the draft band, a source line, a name come back to the same
    place in output after output, a third of all runs drawn."""
    whole = math.floor(x)
    fraction = round(x - whole, 6)  # the same for 10.3 and 211.3 (0.3000000000000007 and ...1137)
    if fraction == 1.0:
        whole, fraction = whole + 1, 0.0
    key = (raster, "run", glyphs, size, fraction)
    cached = raster.cache.get(key)
    if cached is None:
        cached = _run_mask(raster, glyphs, fraction, size)
        if cached[0].nbytes <= RUN_KEPT_BYTES:
            raster.cache.put(key, cached)
    mask, left, top = cached
    if not mask.size:
        return None
    return mask, whole + left, round(baseline) + top


def _run_mask(raster: GlyphRaster, glyphs, x: float, size: int) -> Bitmap:
    """The run's mask with its origin at (x, 0): an empty mask if it has no ink."""
    placed = []
    for gid, gx, gy in zip(glyphs.glyphs, glyphs.x, glyphs.y):
        pen = x + gx * size
        whole = math.floor(pen)
        sub = round((pen - whole) * SUBPIXELS)
        if sub == SUBPIXELS:
            whole, sub = whole + 1, 0
        coverage, left, top = raster.glyph(gid, size, sub)
        if coverage.size:
            placed.append((coverage, whole + left, -round(gy * size) - top))
    if not placed:
        return np.zeros((0, 0), np.uint8), 0, 0
    x0 = min(px for _, px, _ in placed)
    y0 = min(py for _, _, py in placed)
    x1 = max(px + c.shape[1] for c, px, _ in placed)
    y1 = max(py + c.shape[0] for c, _, py in placed)
    mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
    for coverage, px, py in placed:
        h, w = coverage.shape
        region = mask[py - y0:py - y0 + h, px - x0:px - x0 + w]
        np.maximum(region, coverage, out=region)
    return mask, x0, y0


def color_run(face, cache: GlyphCache, glyphs, x: float, baseline: float, size: int):
    """A run in a colour bitmap font (emoji): [(RGBA tile, left, top)] in canvas pixels. Each
    glyph's PNG (HarfBuzz reads it from the font's CBDT or sbix table) is scaled to its ink box
    at `size`, as the layout measured it from the same glyph extents."""
    font, scale = face.shaper.font, size / face.shaper.upem
    tiles = []
    for gid, gx, gy in zip(glyphs.glyphs, glyphs.x, glyphs.y):
        extents = font.get_glyph_extents(gid)
        if extents is None or not extents.width or not extents.height:
            continue
        left = x + (gx * face.shaper.upem + extents.x_bearing) * scale
        top = baseline - (gy * face.shaper.upem + extents.y_bearing) * scale
        w, h = max(1, round(extents.width * scale)), max(1, round(-extents.height * scale))

        def render(gid=gid, w=w, h=h):
            png = font.get_glyph_color_png(gid).data
            if not png:
                return np.zeros((0, 0, 4), np.uint8), 0, 0
            with Image.open(io.BytesIO(bytes(png))) as image:
                tile = image.convert("RGBA").resize((w, h), Image.Resampling.LANCZOS)
            return np.asarray(tile).copy(), 0, 0

        tile, _, _ = cache.get_or_render((face.shaper, "color", gid, w, h), render)
        if tile.size:
            tiles.append((tile, round(left), round(top)))
    return tiles


def glyph_raster(assets, face) -> GlyphRaster:
    """The rasteriser of a face's font file, drawing into the store's one glyph cache (a
    replaced file gets a new rasteriser; its old glyphs are never asked for again and age out
    of the cache)."""
    cache = assets.scratch("glyph-cache", GlyphCache)
    return assets.derived(assets.face_file(face), ("glyph-raster", face.index),
                          lambda: GlyphRaster(str(face.path), face.index, cache))
