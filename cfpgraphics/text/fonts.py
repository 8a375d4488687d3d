"""Font faces and fallback stacks as the text engine sees them.

A `FontFace` is one font file (or one face of a collection) and owns everything derived from
it: its cmap, metrics, Pillow font objects per size and measured text. Those caches live on the
face, and faces are made by whoever owns the files (cfpgraphics' asset store, keyed by file
identity), so a font replaced on disk gets a new face and is never measured from stale data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .lang import lang_matches

if TYPE_CHECKING:  # loaded when a face is first read: a no-op build reads no font
    from fontTools.ttLib import TTFont

    from .shape import Shaper


@dataclass(eq=False)
class FontFace:
    key: str
    path: Path
    index: int = 0
    license: str = ""
    emoji: bool = False  # colour emoji: preferred for clusters with emoji presentation
    # Derived from the file, filled as needed (see text/measure.py).
    measured: dict = field(default_factory=dict, repr=False)
    covered: dict = field(default_factory=dict, repr=False)  # code point -> in the cmap
    covered_clusters: dict = field(default_factory=dict, repr=False)  # cluster -> every character mapped

    def __repr__(self) -> str:
        return f"FontFace({self.key})"

    @cached_property
    def _tt(self) -> TTFont:
        # Loaded on first use: a no-op build never opens a font file.
        from fontTools.ttLib import TTFont
        return TTFont(self.path, fontNumber=self.index, lazy=True)

    @cached_property
    def shaper(self) -> Shaper:
        # Loaded on first use: a no-op build never opens a font file.
        from .shape import Shaper
        return Shaper(str(self.path), self.index)

    def has_char(self, cp: int) -> bool:
        """Does the font's cmap map this code point? Asked of HarfBuzz's cmap, which reads the
        table in place (fontTools' whole cmap of a CJK face was 30 MB of Python objects)."""
        known = self.covered.get(cp)
        if known is None:
            known = self.covered[cp] = self.shaper.font.get_nominal_glyph(cp) is not None
        return known

    def covers(self, text: str) -> bool:
        """Does the font map every character of this cluster? Remembered per cluster: itemizing
        asks again at each space and punctuation mark, and for every new text."""
        known = self.covered_clusters.get(text)
        if known is None:
            # Joiners and variation selectors are format controls a shaper handles; fonts rarely map them.
            known = self.covered_clusters[text] = all(self.has_char(ord(ch)) or _is_ignorable(ch) for ch in text)
        return known

    @cached_property
    def bitmap_size(self) -> int | None:
        """Pixel size of the only strike of a bitmap (colour emoji) font, else None."""
        tt = self._tt
        if "glyf" in tt or "CFF " in tt or "CFF2" in tt:
            return None
        if "CBLC" in tt:
            return max(s.bitmapSizeTable.ppemY for s in tt["CBLC"].strikes)
        if "sbix" in tt:
            return max(tt["sbix"].strikes)
        return None

    @cached_property
    def metrics(self) -> tuple[float, float]:
        """(ascender, descender) per em, positive numbers, as a browser reads them."""
        tt = self._tt
        upem = tt["head"].unitsPerEm
        os2 = tt["OS/2"] if "OS/2" in tt else None
        if os2 is not None and os2.fsSelection & (1 << 7):  # USE_TYPO_METRICS
            return os2.sTypoAscender / upem, -os2.sTypoDescender / upem
        hhea = tt["hhea"]
        return hhea.ascent / upem, -hhea.descent / upem

    @cached_property
    def small_heights(self) -> tuple[float, float]:
        """(x-height, cap height) per em: OS/2's, else the ink of `x` and `H`; 0 where the
        face has neither (how big its Latin reads at a small size: render/legibility.py)."""
        tt = self._tt
        upem = tt["head"].unitsPerEm
        os2 = tt["OS/2"] if "OS/2" in tt else None
        heights = []
        for attr, char in (("sxHeight", "x"), ("sCapHeight", "H")):
            value = getattr(os2, attr, 0) if os2 is not None else 0
            if not value:
                extents = self.shaper.font.get_glyph_extents(self.shaper.font.get_nominal_glyph(ord(char)) or 0) \
                    if self.has_char(ord(char)) else None
                value = extents.y_bearing if extents else 0
            heights.append(max(0.0, value / upem))
        return heights[0], heights[1]


def _is_ignorable(ch: str) -> bool:
    cp = ord(ch)
    return cp in (0x200C, 0x200D, 0x200B, 0x2060, 0xFEFF) or 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF


@dataclass(frozen=True)
class StackEntry:
    face: FontFace
    langs: tuple[str, ...] = ()  # empty: every language


@dataclass(frozen=True)
class FontStack:
    name: str
    entries: tuple[StackEntry, ...]
    _by_lang: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __hash__(self) -> int:
        # by name only (equal stacks have equal names): a style, which holds its stack, is
        # hashed for every layout looked up, and hashing every entry's face cost more than that
        return hash(self.name)

    def for_language(self, lang: str) -> tuple[FontFace, ...]:
        """The faces that serve `lang`, in fallback order."""
        faces = self._by_lang.get(lang)
        if faces is None:
            faces = self._by_lang[lang] = tuple(
                e.face for e in self.entries if not e.langs or any(lang_matches(tag, lang) for tag in e.langs))
        return faces

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return tuple(e.face for e in self.entries)


class NoFontError(ValueError):
    """A stack has no face for a language: a mistake in the font configuration, not a bug."""

    def __init__(self, stack: str, lang: str):
        self.stack, self.lang = stack, lang
        super().__init__(f"font stack '{stack}' has no font for language '{lang}'")
