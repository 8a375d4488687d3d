"""Measuring shaped text: the glyphs HarfBuzz gives (text/shape.py), per em.

Advances and ink extents of unhinted glyphs scale linearly with the size, so a piece of text is
shaped once and measured at any size by multiplying; fitting a box by trying many sizes needs no
re-shaping, and drawing places the same glyphs. Results are kept on the face
(`FontFace.measured`), which lives as long as its font file is unchanged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from .fonts import FontFace
from .shape import GlyphRun


@dataclass(frozen=True)
class Metrics:
    advance: float
    ink_top: float  # ink above the baseline (positive up); 0 for blank text
    ink_bottom: float  # ink below the baseline (positive down)

    def scaled(self, factor: float) -> "Metrics":
        return Metrics(self.advance * factor, self.ink_top * factor, self.ink_bottom * factor)


def shaped(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...]) -> GlyphRun:
    """The glyphs of `text` shaped as one run, per em."""
    key = ("shaped", text, rtl, lang, features)
    run = face.measured.get(key)
    if run is None:
        # hard breaks end lines; they are never drawn
        run = face.measured[key] = face.shaper.shape(text.replace("\n", ""), rtl, lang, features)
    return run


def measure(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...], size: float) -> Metrics:
    """Metrics of `text` at `size` px, shaped as one run. The ink is rounded out to whole pixels:
    anti-aliasing darkens every pixel the outline touches."""
    em = measure_em(face, text, rtl, lang, features)
    return Metrics(em.advance * size, math.ceil(em.ink_top * size - 0.05), math.ceil(em.ink_bottom * size - 0.05))


def measure_em(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...]) -> Metrics:
    """Metrics per em (multiply by a size in px)."""
    key = ("em", text, rtl, lang, features)
    cached = face.measured.get(key)
    if cached is None:
        run = shaped(face, text, rtl, lang, features)
        blank = not text or text.isspace()
        cached = face.measured[key] = Metrics(run.advance, 0.0 if blank else run.ink_top,
                                              0.0 if blank else run.ink_bottom)
    return cached
