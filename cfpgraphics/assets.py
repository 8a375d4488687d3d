"""The asset store: every font, logo, photo and drawn pattern a build loads, in one object.

Entries are keyed by the file's identity (resolved path, size, mtime, inode), so a file replaced
in place (a new logo while `watch` runs, a second build in one process) is a new key and is
loaded afresh; entries of its old version are dropped. The same identity gives the digests that
go into the output keys (plan.py), so "what affects these pixels" and "what was drawn" come from
one place. The store is passed down the pipeline; each worker process has its own.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Callable

from PIL import Image

from .errors import CfpError
from .text.fonts import FontFace

FileId = tuple[str, int, int, int]  # resolved path, bytes, mtime_ns, inode


class AssetStore:
    def __init__(self) -> None:
        self._current: dict[str, FileId] = {}  # path -> the identity seen last
        self._entries: dict[tuple, object] = {}  # (FileId or kind, ...) -> loaded or derived thing
        self._face_files: dict[FontFace, FileId] = {}  # each face made here -> its file's identity

    # --- identity ------------------------------------------------------------------------

    def identity(self, path: Path | str) -> FileId:
        resolved = str(Path(path).resolve())
        stat = os.stat(resolved)
        ident = (resolved, stat.st_size, stat.st_mtime_ns, stat.st_ino)
        old = self._current.get(resolved)
        if old is not None and old != ident:  # replaced on disk: forget everything made from it
            for key in [k for k in self._entries if k[0] == old]:
                del self._entries[key]
            for face in [f for f, made_from in self._face_files.items() if made_from == old]:
                del self._face_files[face]
        self._current[resolved] = ident
        return ident

    def _get(self, key: tuple, make: Callable[[], object]):
        if key not in self._entries:
            self._entries[key] = make()
        return self._entries[key]

    def digest(self, path: Path | str) -> str:
        """sha256 of a file's bytes."""
        ident = self.identity(path)
        return self._get((ident, "sha256"), lambda: file_sha256(ident[0]))

    # --- fonts ---------------------------------------------------------------------------

    def face(self, key: str, path: Path, index: int = 0, license: str = "", emoji: bool = False) -> FontFace:
        """The face for a font file; a replaced file gives a new face (with empty caches)."""
        ident = self.identity(path)
        face = self._get((ident, "face", key, index, emoji), lambda: FontFace(key, Path(path), index, license, emoji))
        self._face_files[face] = ident
        return face

    def glyph_raster(self, face: FontFace):
        """The rasteriser of a face's font file (glyphs.py), drawing into the store's one glyph
        cache (a replaced file gets a new rasteriser; its old glyphs are never asked for again
        and age out of the cache)."""
        from .glyphs import GlyphCache, GlyphRaster
        # The file the face was made from (no stat for every run drawn): a replaced file makes
        # a new face, and its old entries, this rasteriser among them, are dropped with it.
        ident = self._face_files.get(face) or self.identity(face.path)
        cache = self._get(("scratch", "glyph-cache"), GlyphCache)
        return self._get((ident, "glyph-raster", face.index), lambda: GlyphRaster(str(face.path), face.index, cache))

    # --- images --------------------------------------------------------------------------

    def image(self, path: Path, what: str = "logo") -> Image.Image:
        """An image file as RGBA (logos). Unreadable files are a CfpError for that graphic."""
        ident = self.identity(path)

        def load() -> Image.Image:
            try:
                with Image.open(ident[0]) as img:
                    return img.convert("RGBA")
            except (OSError, Image.DecompressionBombError) as exc:
                raise CfpError(f"cannot read {what} image {Path(path).name}: {exc}") from None
        return self._get((ident, "image"), load)

    def image_size(self, path: Path, what: str = "logo") -> tuple[int, int]:
        return self.image(path, what).size

    def scaled_image(self, path: Path, width: int, height: int) -> Image.Image:
        ident = self.identity(path)
        return self._get((ident, "scaled", width, height),
                         lambda: self.image(path).resize((width, height), Image.Resampling.LANCZOS))

    def derived(self, ident: FileId, what: tuple, make: Callable[[], object]):
        """Anything computed from a file (a photo cropped for one canvas): dropped with the file."""
        return self._get((ident, *what), make)

    def drawn(self, what: tuple, make: Callable[[], object]):
        """Anything drawn from parameters alone (a background pattern for one canvas size)."""
        return self._get(("drawn", *what), make)

    def palette_lookup(self):
        """The colour -> palette index table the PNG encoder reuses for every image (png.py)."""
        from .png import new_lookup
        return self._get(("scratch", "palette-lookup"), new_lookup)


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
