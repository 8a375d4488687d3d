"""The drawing seam: a backend turns a Scene (pure data: boxes, glyph runs, shapes, images)
into the bytes of one output format. Layout and the scene know nothing of pixels or files;
the build asks `backend(format)` and writes what it returns.

Today there is one backend, the raster one (raster/: palette or RGB canvas, encoded as PNG).
A PDF backend draws the same glyph ids at the same positions; a frames backend draws the same
scene at time t. Each is one class here with `format`, `suffix` and `encode`.
"""
from __future__ import annotations

from typing import Protocol

from ..content.assets import AssetStore
from ..content.diagnostics import CfpError
from ..text.fonts import FontFace
from .scene import Scene


class Backend(Protocol):
    format: str  # the name users type: --format png
    suffix: str  # the output file's extension

    def encode(self, scene: Scene, faces: dict[str, FontFace], assets: AssetStore) -> bytes:
        """The scene drawn and encoded, deterministically: equal scenes give equal bytes."""


class RasterPNG:
    """Coverage masks blended onto a palette canvas (an RGB one under a photo), as PNG."""

    format = "png"
    suffix = ".png"

    def encode(self, scene: Scene, faces: dict[str, FontFace], assets: AssetStore) -> bytes:
        return self.draw(scene, faces, assets).encode()

    @staticmethod
    def draw(scene: Scene, faces: dict[str, FontFace], assets: AssetStore):
        """The canvas itself (`render` and the tests look at its pixels)."""
        # Imported here: a build with nothing to draw never loads numpy or FreeType.
        from .raster.draw import draw_canvas
        return draw_canvas(scene, faces, assets)


BACKENDS: dict[str, Backend] = {backend.format: backend for backend in (RasterPNG(),)}


def backend(format: str) -> Backend:
    try:
        return BACKENDS[format]
    except KeyError:
        raise CfpError(f"no backend writes '{format}'", fix="formats: " + ", ".join(BACKENDS)) from None
