"""The font library: which files exist, what they cover, and ordered stacks per type role.

`fonts/fonts.yaml` names every face (file, collection index, licence) and the stacks a brand's
type roles point at. A stack entry may apply only to some languages (`langs:`), which is how
Chinese (Traditional) gets the TC cut of Noto Sans CJK and Korean the KR cut: locale-specific
glyph forms come from the right font, not just from the `locl` feature.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from PIL import ImageFont
from fontTools.ttLib import TTFont

from .errors import CfpError, Diagnostics
from .langs import lang_matches
from .yamlio import Located, LocatedDict, load_mapping


@dataclass(eq=False)
class FontFace:
    """One font file (or one face of a collection)."""

    key: str
    path: Path
    index: int = 0
    license: str = ""
    emoji: bool = False  # colour emoji: preferred for clusters with emoji presentation

    def __repr__(self) -> str:
        return f"FontFace({self.key})"

    @cached_property
    def _tt(self) -> TTFont:
        return TTFont(self.path, fontNumber=self.index, lazy=True)

    @cached_property
    def cmap(self) -> frozenset[int]:
        return frozenset(self._tt.getBestCmap() or ())

    def covers(self, text: str) -> bool:
        cmap = self.cmap
        # Joiners and variation selectors are format controls a shaper handles; fonts rarely map them.
        return all(ord(ch) in cmap or _is_ignorable(ch) for ch in text)

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
    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()

    def pil(self, size: int) -> ImageFont.FreeTypeFont:
        """Pillow font at `size` px (bitmap fonts: at their one strike; callers scale)."""
        return _pil_font(str(self.path), self.index, self.bitmap_size or size)

    def scale(self, size: float) -> float:
        """Factor from what `pil(size)` draws to `size` px."""
        return size / self.bitmap_size if self.bitmap_size else 1.0


@lru_cache(maxsize=512)
def _pil_font(path: str, index: int, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.RAQM)


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

    def for_language(self, lang: str) -> tuple[FontFace, ...]:
        """The faces that serve `lang`, in fallback order."""
        return _faces_for(self, lang)

    @property
    def faces(self) -> tuple[FontFace, ...]:
        return tuple(e.face for e in self.entries)


@lru_cache(maxsize=256)
def _faces_for(stack: FontStack, lang: str) -> tuple[FontFace, ...]:
    return tuple(e.face for e in stack.entries
                 if not e.langs or any(lang_matches(tag, lang) for tag in e.langs))


@dataclass
class FontLibrary:
    root: Path
    faces: dict[str, FontFace] = field(default_factory=dict)
    stacks: dict[str, FontStack] = field(default_factory=dict)

    def stack(self, name: str) -> FontStack:
        try:
            return self.stacks[name]
        except KeyError:
            raise CfpError(f"unknown font stack '{name}'",
                           fix="known stacks: " + ", ".join(sorted(self.stacks))) from None


def load_fonts(fonts_dir: Path, project_root: Path, problems: Diagnostics) -> FontLibrary:
    """Read fonts/fonts.yaml; every problem is collected, faces that exist are kept."""
    manifest = fonts_dir / "fonts.yaml"
    library = FontLibrary(fonts_dir)
    data = load_mapping(manifest, project_root, "fonts/fonts.yaml", problems)
    if data is None:
        return library
    faces = data.get("faces") or LocatedDict()
    for key, spec in faces.items():
        if isinstance(spec, str):
            spec = {"file": spec}
        if not isinstance(spec, dict) or "file" not in spec:
            problems.add(f"font '{key}' needs a `file:`", faces.where(key))
            continue
        path = fonts_dir / str(spec["file"])
        if not path.is_file():
            problems.add(f"font file '{spec['file']}' for '{key}' does not exist", faces.where(key),
                         fix=f"put the file under {fonts_dir.name}/ or correct the path")
            continue
        library.faces[key] = FontFace(key, path, int(spec.get("index", 0)), str(spec.get("license", "")),
                                      bool(spec.get("emoji", False)))
    stacks = data.get("stacks") or LocatedDict()
    for name, entries in stacks.items():
        resolved = []
        for i, entry in enumerate(entries or ()):
            face_key, langs = (entry, ()) if isinstance(entry, str) else (entry.get("face"), tuple(entry.get("langs") or ()))
            where = entries.where(i) if isinstance(entries, Located) else stacks.where(name)
            if face_key not in library.faces:
                if face_key not in faces:  # a missing file was reported above already
                    problems.add(f"stack '{name}' names unknown font '{face_key}'", where,
                                 fix="add it under `faces:` or remove it from the stack")
                continue
            resolved.append(StackEntry(library.faces[face_key], langs))
        library.stacks[name] = FontStack(name, tuple(resolved))
    return library
