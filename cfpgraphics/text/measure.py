"""Measuring shaped text with the same shaper that draws it (Pillow's raqm: HarfBuzz + FriBiDi).

Pieces are measured once at a reference size and kept per em: advance widths and ink extents
scale linearly, so fitting a box by trying many sizes needs no re-shaping. Final lines are
measured again at their real size before drawing.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..fonts import FontFace

REFERENCE_SIZE = 200


@dataclass(frozen=True)
class Metrics:
    advance: float
    ink_top: float  # ink above the baseline (positive up); 0 for blank text
    ink_bottom: float  # ink below the baseline (positive down)

    def scaled(self, factor: float) -> "Metrics":
        return Metrics(self.advance * factor, self.ink_top * factor, self.ink_bottom * factor)


def measure(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...], size: float) -> Metrics:
    """Metrics of `text` at `size` px, shaped as one run."""
    if size == REFERENCE_SIZE or face.bitmap_size:
        return _measure_em(face, text, rtl, lang, features).scaled(size)
    return _measure_px(face, text, rtl, lang, features, int(size))


def advance(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...], size: int) -> float:
    """Advance width only (no ink box): what line breaking needs, at half the cost."""
    if face.bitmap_size:
        return _measure_em(face, text, rtl, lang, features).advance * size
    return _advance_px(face, text, rtl, lang, features, int(size))


@lru_cache(maxsize=65536)
def _advance_px(face, text, rtl, lang, features, size) -> float:
    options = {"direction": "rtl" if rtl else "ltr", "language": lang, "features": list(features) or None}
    return face.pil(size).getlength(text.replace("\n", ""), **options)


def measure_em(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...]) -> Metrics:
    """Metrics per em (multiply by a size in px)."""
    return _measure_em(face, text, rtl, lang, features)


@lru_cache(maxsize=65536)
def _measure_em(face, text, rtl, lang, features) -> Metrics:
    native = face.bitmap_size or REFERENCE_SIZE
    return _measure_px(face, text, rtl, lang, features, native).scaled(1 / native)


@lru_cache(maxsize=65536)
def _measure_px(face, text, rtl, lang, features, size) -> Metrics:
    text = text.replace("\n", "")  # hard breaks end lines; they are never drawn (and raqm rejects them)
    font = face.pil(size)
    options = {"direction": "rtl" if rtl else "ltr", "language": lang, "features": list(features) or None}
    advance = font.getlength(text, **options)
    if not text or text.isspace():
        return Metrics(advance, 0.0, 0.0)
    left, top, right, bottom = font.getbbox(text, anchor="ls", **options)
    return Metrics(advance, float(-top), float(bottom))
