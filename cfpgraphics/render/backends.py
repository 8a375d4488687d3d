"""The drawing seam: a backend turns a Scene (pure data: boxes, glyph runs, shapes, images)
into the bytes of one output format. Layout and the scene know nothing of pixels or files;
the build asks `encode_formats(scene, ..., formats)` and writes what it returns.

Stills are raster ones: the scene is drawn once (raster/: a palette or RGB canvas) and each
still format encodes that one canvas (PNG exact; JPEG and WebP with the brand kit's quality,
raster/formats.py). Clips are motion ones (issue #26): the same scene at time t, frame after
frame (frames.py), encoded as MP4 or animated WebP (video.py). A PDF backend would draw the
same glyph ids at the same positions from the same scene. Each is one class here with
`format`, `suffix` and `encode`, and one entry in BACKENDS (which is also the list of formats
`--format` and graphic.yaml accept: content/formats.py is the one registry of names, still,
clip and PDF, and says "not available yet" for a name with no backend here).
"""
from __future__ import annotations

from typing import Protocol

from ..content.assets import AssetStore
from ..content.diagnostics import CfpError
from ..content.formats import FORMATS, is_clip, suffix, unavailable
from ..text.fonts import FontFace
from .scene import PhotoItem, Scene


class Backend(Protocol):
    format: str  # the name users type: --format png
    suffix: str  # the output file's extension

    def encode(self, scene: Scene, faces: dict[str, FontFace], assets: AssetStore,
               settings: dict | None = None) -> bytes:
        """The scene drawn and encoded, deterministically: equal scenes give equal bytes.
        `settings`: the brand kit's for this format (brand.yaml `formats:`)."""


class Raster:
    """A format encoded from the drawn canvas (coverage masks blended onto a palette canvas, an
    RGB one under a photo): several raster formats of one output share one drawing."""

    format = ""
    suffix = ""

    def encode(self, scene: Scene, faces: dict[str, FontFace], assets: AssetStore,
               settings: dict | None = None) -> bytes:
        return self.encode_canvas(self.draw(scene, faces, assets), scene, settings or {})

    @staticmethod
    def draw(scene: Scene, faces: dict[str, FontFace], assets: AssetStore):
        """The canvas itself (`render` and the tests look at its pixels)."""
        # Imported here: a build with nothing to draw never loads numpy or FreeType.
        from .raster.draw import draw_canvas
        return draw_canvas(scene, faces, assets)

    def encode_canvas(self, canvas, scene: Scene, settings: dict) -> bytes:
        raise NotImplementedError


class RasterPNG(Raster):
    """An exact PNG (palette or RGB): decodes to the very pixels drawn."""

    format = "png"
    suffix = suffix("png")

    def encode_canvas(self, canvas, scene: Scene, settings: dict) -> bytes:
        return canvas.encode()


class RasterJPEG(Raster):
    format = "jpeg"
    suffix = suffix("jpeg")

    def encode_canvas(self, canvas, scene: Scene, settings: dict) -> bytes:
        # Imported here: only a build that writes JPEG needs it.
        from .raster.formats import encode_jpeg
        return encode_jpeg(canvas.to_image(), settings.get("quality", 90))


class RasterWebP(Raster):
    format = "webp"
    suffix = suffix("webp")

    def encode_canvas(self, canvas, scene: Scene, settings: dict) -> bytes:
        # Imported here: only a build that writes WebP needs it.
        from .raster.formats import encode_webp
        # lossless unless a photo is behind the design (type on flat colour keeps every edge)
        flat = not any(isinstance(item, PhotoItem) for item in scene.items)
        return encode_webp(canvas.to_image(), settings.get("quality", 90), flat=flat)


class Motion:
    """A clip (issue #26): the scene drawn at time t, frame after frame (frames.py), each
    element entering as the template's motion says, then encoded (video.py). `encode` takes one
    Scene or a list of SceneClips (a carousel's pages, one story clip)."""

    format = ""
    suffix = ""
    clip = True

    def encode(self, scene, faces: dict[str, FontFace], assets: AssetStore, template=None, lang: str = "en",
               timer=None, drawer_out: list | None = None, scratch: str | None = None) -> bytes:
        """`scratch`: the folder the encoder's temporary file goes in (the clip's own)."""
        # Imported here: a still build never loads the frame drawer nor FFmpeg.
        from .clip import scene_clips
        from .frames import ClipDrawer
        clips = scene_clips(template, [scene], lang) if isinstance(scene, Scene) else scene
        drawer = ClipDrawer(clips, faces, assets)
        if drawer_out is not None:
            drawer_out.append(drawer)
        return self._encode(drawer.frames(), drawer.width, drawer.height, timer, scratch)

    def _encode(self, frames, width: int, height: int, timer, scratch) -> bytes:
        raise NotImplementedError


class MotionMP4(Motion):
    """H.264 in MP4, yuv420p, 30 fps, faststart, silent (libx264 from PyAV's wheel)."""

    format = "mp4"
    suffix = suffix("mp4")

    def _encode(self, frames, width, height, timer, scratch) -> bytes:
        # Imported here: a still build never loads FFmpeg.
        from .video import encode_mp4
        return encode_mp4(frames, width, height, timer=timer, scratch=scratch)


class MotionWebP(Motion):
    """An animated, looping, lossy WebP (libwebp from PyAV's wheel)."""

    format = "webp-anim"
    suffix = suffix("webp-anim")  # .anim.webp: .webp alone is the WebP still's

    def _encode(self, frames, width, height, timer, scratch) -> bytes:
        # Imported here: a still build never loads FFmpeg.
        from .video import encode_webp_anim
        return encode_webp_anim(frames, width, height, timer=timer, scratch=scratch)


class Vector:
    """A PDF (pdf/): the scene's own glyph ids, positions, shapes and images, as vectors and
    embedded subset fonts; its pages in one file with `encode_pages` (a print pack)."""

    format = "pdf"
    suffix = suffix("pdf")

    def encode(self, scene: Scene, faces: dict[str, FontFace], assets: AssetStore,
               settings: dict | None = None) -> bytes:
        return self.encode_pages([scene], faces, assets, settings)

    def encode_pages(self, scenes: list[Scene], faces: dict[str, FontFace], assets: AssetStore,
                     settings: dict | None = None) -> bytes:
        """`settings`: `crop_marks` (trim marks outside the bleed)."""
        # Imported here: only a PDF loads the PDF writer and the font subsetter.
        from .pdf import encode_pdf
        return encode_pdf(scenes, faces, assets, crop_marks=bool((settings or {}).get("crop_marks")))


BACKENDS: dict[str, Backend] = {b.format: b for b in (RasterPNG(), RasterJPEG(), RasterWebP(), MotionMP4(),
                                                        MotionWebP(), Vector())}
assert set(BACKENDS) <= set(FORMATS)
assert all(getattr(b, "clip", False) == is_clip(name) for name, b in BACKENDS.items())


def backend(format: str) -> Backend:
    try:
        return BACKENDS[format]
    except KeyError:
        if format in FORMATS:
            raise unavailable(format, BACKENDS) from None
        raise CfpError(f"no backend writes '{format}'", fix="formats: " + ", ".join(BACKENDS)) from None


def encode_formats(scene: Scene, faces: dict[str, FontFace], assets: AssetStore, formats, encoding: dict,
                   canvas=None) -> tuple[dict[str, bytes], object]:
    """{format: bytes} of one scene in each of `formats` (in that order), and the raster canvas
    they were encoded from (None when no raster format was asked for): the scene is drawn once
    for all raster formats. `encoding`: the brand kit's settings by format. `canvas`: one
    already drawn from this scene. Stills only: a clip is all of an output's pages played in
    time, encoded by its own backend (builder/runner.render_clip_job, builder/clips.py)."""
    if any(is_clip(f) for f in formats):
        raise ValueError(f"encode_formats writes stills, not clips: {', '.join(formats)}")
    backends = [backend(f) for f in formats]
    out = {}
    for b in backends:
        if isinstance(b, Raster):
            if canvas is None:
                canvas = b.draw(scene, faces, assets)
            out[b.format] = b.encode_canvas(canvas, scene, encoding.get(b.format, {}))
        else:
            out[b.format] = b.encode(scene, faces, assets, encoding.get(b.format, {}))
    return out, canvas
