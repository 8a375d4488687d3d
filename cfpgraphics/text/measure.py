"""Measuring shaped text with the same shaper that draws it (Pillow's raqm: HarfBuzz + FriBiDi).

Pieces are measured once at a reference size and kept per em: advance widths and ink extents
scale linearly, so fitting a box by trying many sizes needs no re-shaping. Final lines are
measured again at their real size before drawing. Results are kept on the face
(`FontFace.measured`), which lives as long as its font file is unchanged.
"""
from __future__ import annotations

from dataclasses import dataclass

from .fonts import FontFace

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
        return measure_em(face, text, rtl, lang, features).scaled(size)
    return _measure_px(face, text, rtl, lang, features, int(size))


def advance(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...], size: int) -> float:
    """Advance width only (no ink box): what line breaking needs, at half the cost."""
    if face.bitmap_size:
        return measure_em(face, text, rtl, lang, features).advance * size
    key = ("advance", text, rtl, lang, features, int(size))
    cached = face.measured.get(key)
    if cached is None:
        cached = face.measured[key] = face.pil(int(size)).getlength(text.replace("\n", ""), **_options(rtl, lang, features))
    return cached


def measure_em(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...]) -> Metrics:
    """Metrics per em (multiply by a size in px)."""
    key = ("em", text, rtl, lang, features)
    cached = face.measured.get(key)
    if cached is None:
        native = face.bitmap_size or REFERENCE_SIZE
        cached = face.measured[key] = _measure_px(face, text, rtl, lang, features, native).scaled(1 / native)
    return cached


def _options(rtl: bool, lang: str, features: tuple[str, ...]) -> dict:
    return {"direction": "rtl" if rtl else "ltr", "language": lang, "features": list(features) or None}


def _measure_px(face: FontFace, text: str, rtl: bool, lang: str, features: tuple[str, ...], size: int) -> Metrics:
    key = ("px", text, rtl, lang, features, size)
    cached = face.measured.get(key)
    if cached is not None:
        return cached
    text = text.replace("\n", "")  # hard breaks end lines; they are never drawn (and raqm rejects them)
    font = face.pil(size)
    options = _options(rtl, lang, features)
    width = font.getlength(text, **options)
    if not text or text.isspace():
        metrics = Metrics(width, 0.0, 0.0)
    else:
        left, top, right, bottom = font.getbbox(text, anchor="ls", **options)
        metrics = Metrics(width, float(-top), float(bottom))
    face.measured[key] = metrics
    return metrics
