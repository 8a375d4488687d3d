"""The drawing seam: a backend turns a Scene (pure data: boxes, glyph runs, shapes, images)
into the bytes of one output format. Layout and the scene know nothing of pixels or files;
the build asks `backend(format)` and writes what it returns.

The raster one (raster/: palette or RGB canvas, encoded as PNG) and the motion ones (the same
scene at time t, frames.py, encoded as MP4 or animated WebP, video.py). Each is one class here
with `format`, `suffix` and `encode`.
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


class Motion:
    """A clip (issue #26): the scene drawn at time t, frame after frame (frames.py), each
    element entering as the template's motion says, then encoded (video.py). `encode` takes one
    Scene or a list of SceneClips (a carousel's pages, one story clip)."""

    format = ""
    suffix = ""
    clip = True

    def encode(self, scene, faces: dict[str, FontFace], assets: AssetStore, template=None, lang: str = "en",
               timer=None, drawer_out: list | None = None) -> bytes:
        # Imported here: a still build never loads the frame drawer nor FFmpeg.
        from .clip import scene_clips
        from .frames import ClipDrawer
        clips = scene_clips(template, [scene], lang) if isinstance(scene, Scene) else scene
        drawer = ClipDrawer(clips, faces, assets)
        if drawer_out is not None:
            drawer_out.append(drawer)
        return self._encode(drawer.frames(), drawer.width, drawer.height, timer)

    def _encode(self, frames, width: int, height: int, timer) -> bytes:
        raise NotImplementedError


class MotionMP4(Motion):
    """H.264 in MP4, yuv420p, 30 fps, faststart, silent (libx264 from PyAV's wheel)."""

    format = "mp4"
    suffix = ".mp4"

    def _encode(self, frames, width, height, timer) -> bytes:
        # Imported here: a still build never loads FFmpeg.
        from .video import encode_mp4
        return encode_mp4(frames, width, height, timer=timer)


class MotionWebP(Motion):
    """An animated, looping, lossy WebP (libwebp from PyAV's wheel)."""

    format = "webp-anim"
    suffix = ".webp"

    def _encode(self, frames, width, height, timer) -> bytes:
        # Imported here: a still build never loads FFmpeg.
        from .video import encode_webp_anim
        return encode_webp_anim(frames, width, height, timer=timer)


BACKENDS: dict[str, Backend] = {backend.format: backend for backend in (RasterPNG(), MotionMP4(), MotionWebP())}


def is_clip(format: str) -> bool:
    return bool(getattr(BACKENDS.get(format), "clip", False))


def backend(format: str) -> Backend:
    try:
        return BACKENDS[format]
    except KeyError:
        raise CfpError(f"no backend writes '{format}'", fix="formats: " + ", ".join(BACKENDS)) from None
