"""Shaping: a run of text in one font and direction -> glyphs, with HarfBuzz (uharfbuzz).

The engine measures and breaks from these glyphs, and drawing places the very same glyphs, so
what was measured is what is drawn. Everything is per em (font units / units per em) and
unhinted, so it scales linearly: a run is shaped once, whatever sizes fitting tries.

Like raqm (what Pillow shapes with), a run is cut where its script changes, characters of the
Common and Inherited scripts (spaces, digits, punctuation, marks) taking their neighbour's, and
each piece is shaped with its script, the paragraph's language and direction.
"""
from __future__ import annotations

from dataclasses import dataclass

import icu
import uharfbuzz as hb

_COMMON = (icu.UScriptCode.COMMON, icu.UScriptCode.INHERITED, icu.UScriptCode.UNKNOWN)
_SCRIPT = icu.UProperty.SCRIPT


@dataclass(frozen=True)
class GlyphRun:
    """Shaped glyphs in visual (left-to-right) order, positions per em from the run's origin
    on the baseline (y up, as fonts have it)."""

    glyphs: tuple[int, ...]
    x: tuple[float, ...]  # each glyph's origin, offsets included
    y: tuple[float, ...]
    clusters: tuple[int, ...]  # index into the run's text of each glyph's first character
    advance: float
    ink_top: float  # highest ink above the baseline (0 for blank text)
    ink_bottom: float  # lowest ink below the baseline, positive down


class Shaper:
    """One font file's HarfBuzz font, its glyph extents and features, for shaping runs."""

    def __init__(self, path: str, index: int = 0):
        face = hb.Face(hb.Blob.from_file_path(path), index)
        self.upem = face.upem
        self.font = hb.Font(face)  # scale = upem: positions come out in font units
        self._extents: dict[int, tuple[float, float]] = {}

    def shape(self, text: str, rtl: bool, lang: str, features: tuple[str, ...]) -> GlyphRun:
        glyphs: list[int] = []
        xs: list[float] = []
        ys: list[float] = []
        clusters: list[int] = []
        pen = 0.0
        pieces = script_pieces(text)
        for start, end, script in (reversed(pieces) if rtl else pieces):
            buf = hb.Buffer()
            buf.add_str(text[start:end])
            buf.direction = "rtl" if rtl else "ltr"
            buf.script = script
            buf.language = lang
            hb.shape(self.font, buf, _features(features))
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions):
                glyphs.append(info.codepoint)
                xs.append(pen + pos.x_offset)
                ys.append(pos.y_offset)
                clusters.append(start + info.cluster)
                pen += pos.x_advance
        scale = 1 / self.upem
        top = bottom = 0.0
        for gid, y in zip(glyphs, ys):
            above, below = self.extents(gid)
            if above == below == 0.0:
                continue  # no ink (a space)
            top, bottom = max(top, y + above), max(bottom, below - y)
        return GlyphRun(tuple(glyphs), tuple(v * scale for v in xs), tuple(v * scale for v in ys), tuple(clusters),
                        pen * scale, top * scale, bottom * scale)

    def extents(self, gid: int) -> tuple[float, float]:
        """(top above the baseline, bottom below it) of a glyph's outline, font units."""
        cached = self._extents.get(gid)
        if cached is None:
            e = self.font.get_glyph_extents(gid)
            cached = (0.0, 0.0) if e is None or (e.width == 0 and e.height == 0) else \
                (float(e.y_bearing), float(-(e.y_bearing + e.height)))
            self._extents[gid] = cached
        return cached


def _features(features: tuple[str, ...]) -> dict[str, bool] | None:
    """Pillow's feature list ("tnum", "-liga") as HarfBuzz's on/off map."""
    if not features:
        return None
    return {f.lstrip("+-"): not f.startswith("-") for f in features}


def script_pieces(text: str) -> list[tuple[int, int, str]]:
    """(start, end, ISO 15924 tag) pieces of one script, in logical order. Common and Inherited
    characters join the piece before them (at the start of the text, the first one after)."""
    starts: list[tuple[int, int]] = []  # (offset, script code) where a script begins
    for i, ch in enumerate(text):
        code = icu.Char.getIntPropertyValue(ch, _SCRIPT)
        if code not in _COMMON and (not starts or starts[-1][1] != code):
            starts.append((i, code))
    if not starts:
        return [(0, len(text), "Zyyy")] if text else []
    ends = [i for i, _ in starts[1:]] + [len(text)]
    return [(0 if n == 0 else i, end, _tag(code))
            for n, ((i, code), end) in enumerate(zip(starts, ends))]


def _tag(code: int) -> str:
    return icu.Char.getPropertyValueName(_SCRIPT, code, icu.UPropertyNameChoice.SHORT_PROPERTY_NAME)
