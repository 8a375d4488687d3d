"""Drawing surfaces: one interface, two ways to hold the pixels.

`PaletteCanvas` keeps one uint8 palette index per pixel and a palette that grows as colours
appear (at most 256): flat graphics (type, shapes, logos on a solid or patterned background)
are drawn straight into what a palette PNG stores, so writing one needs no RGB->palette step.
`RgbCanvas` keeps (H, W, 3) uint8 pixels, for photos and for anything with more colours.

Both blend with ONE formula (`blend`): coverage 0..255 becomes one of `steps` + 1 levels, and
each channel moves from the old colour towards the ink by level / steps, in integers. So a
palette canvas decodes to exactly the pixels an RGB canvas would have drawn, and one that would
need a 257th colour turns itself into an RgbCanvas and goes on. The levels are what keeps a
flat graphic within 256 colours: each ink on each background is a ramp of `steps` shades
(Pillow's 255 anti-aliasing shades per ink would overflow any palette with two inks). A canvas
has its steps from its creation (STEPS unless told), the same whichever way it holds pixels.

Blending on a palette canvas never touches a pixel in Python: each ink colour has a table from
(old index, level) to new index, filled lazily (every coverage of a colour at once when a blend
lies on that one colour, else the pairs the blend meets), and a blend is one gather through it.
"""
from __future__ import annotations

import numpy as np
from PIL import Image

from . import png

RGB = tuple[int, int, int]

# Coverage levels per ink (at most 64). 16: at most 8/255 off a shade, on 2% of a stat card's
# pixels, at its edges; beside 32 levels it cannot be told apart even at 3x, and the stat card's
# PNG is 16% smaller (32.4 against 38.5 KiB at zlib-ng 5): fewer distinct edge shades repeat more.
STEPS = 16
MAX_COLOURS = 256  # what a palette PNG holds


def levels(steps: int) -> np.ndarray:
    """Coverage 0..255 -> level 0..steps (rounded), as a lookup table."""
    return ((np.arange(256) * steps + 127) // 255).astype(np.int16)


def blend(old: np.ndarray, ink: np.ndarray, level: np.ndarray, steps: int) -> np.ndarray:
    """The one blend: per channel old + (ink - old) * level / steps, rounded, in int16 (every
    term fits: |ink - old| * level <= 255 * 64). Level 0 keeps old, `steps` gives the ink."""
    return old + ((ink - old) * level + steps // 2) // steps


def _clip(width: int, height: int, shape: tuple[int, int], x: int, y: int):
    """The canvas slices and the source slices of a (h, w) source placed at (x, y); None when
    nothing of it is on the canvas."""
    h, w = shape[:2]
    x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + w, width), min(y + h, height)
    if x0 >= x1 or y0 >= y1:
        return None
    return (slice(y0, y1), slice(x0, x1)), (slice(y0 - y, y1 - y), slice(x0 - x, x1 - x))


def _rgba_array(rgba) -> np.ndarray:
    if isinstance(rgba, Image.Image):
        rgba = np.asarray(rgba.convert("RGBA"))
    return rgba


class Canvas:
    """What draw.py draws on. Coordinates are integer pixels; everything is clipped."""

    width: int
    height: int
    steps: int  # coverage levels (see blend)
    level: np.ndarray  # levels(steps)
    mode: str  # "P" (palette) or "RGB"

    def fill_rect(self, x0: int, y0: int, x1: int, y1: int, colour: RGB) -> None:
        """Set [x0, x1) x [y0, y1) to `colour` (no anti-aliasing: rules, the draft band)."""
        raise NotImplementedError

    def blend_mask(self, mask: np.ndarray, x: int, y: int, colour: RGB) -> None:
        """Ink `colour` through a uint8 coverage mask whose top-left is at (x, y)."""
        raise NotImplementedError

    def paste_rgba(self, rgba, x: int, y: int) -> None:
        """An RGBA array or image (emoji, a many-coloured logo) composited over what is there."""
        raise NotImplementedError

    def paste_rgb(self, rgb, x: int, y: int) -> None:
        """Opaque RGB pixels (a photo)."""
        raise NotImplementedError

    def rgb(self) -> np.ndarray:
        """The pixels as (H, W, 3) uint8."""
        raise NotImplementedError

    def to_image(self) -> Image.Image:
        return Image.fromarray(self.rgb(), "RGB")

    def encode(self) -> bytes:
        raise NotImplementedError

    def copy(self) -> "Canvas":
        raise NotImplementedError

    def _clip(self, shape, x: int, y: int):
        return _clip(self.width, self.height, shape, int(x), int(y))

    def _region_rgb(self, at) -> np.ndarray:
        """The RGB pixels under the canvas slices `at`."""
        raise NotImplementedError

    def _composited(self, rgba, x: int, y: int):
        """(canvas slices, the RGBA source blended over the pixels there by its alpha), or None
        when none of it is on the canvas: what either canvas then writes back its own way."""
        rgba = _rgba_array(rgba)
        clipped = self._clip(rgba.shape, x, y)
        if clipped is None:
            return None
        at, part = clipped
        src = rgba[part]
        return at, blend(self._region_rgb(at).astype(np.int16), src[..., :3].astype(np.int16),
                         self.level[src[..., 3]][..., None], self.steps)


class RgbCanvas(Canvas):
    mode = "RGB"

    def __init__(self, width: int, height: int, background: RGB = (0, 0, 0), pixels: np.ndarray | None = None,
                 steps: int = STEPS):
        self.width, self.height = width, height
        self.steps, self.level = steps, levels(steps)
        if pixels is None:
            pixels = np.empty((height, width, 3), np.uint8)
            pixels[:] = background
        self.pixels = pixels

    def fill_rect(self, x0, y0, x1, y1, colour) -> None:
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, self.width), min(y1, self.height)
        if x0 < x1 and y0 < y1:
            self.pixels[y0:y1, x0:x1] = colour

    def blend_mask(self, mask, x, y, colour) -> None:
        clipped = self._clip(mask.shape, x, y)
        if clipped is None:
            return
        at, part = clipped
        region = self.pixels[at]
        level = self.level[mask[part]][..., None]
        region[:] = blend(region.astype(np.int16), np.array(colour, np.int16), level, self.steps)

    def _region_rgb(self, at) -> np.ndarray:
        return self.pixels[at]

    def paste_rgba(self, rgba, x, y) -> None:
        done = self._composited(rgba, x, y)
        if done is not None:
            at, rgb = done
            self.pixels[at] = rgb

    def paste_rgb(self, rgb, x, y) -> None:
        rgb = np.asarray(rgb.convert("RGB")) if isinstance(rgb, Image.Image) else rgb
        clipped = self._clip(rgb.shape, x, y)
        if clipped is not None:
            at, part = clipped
            self.pixels[at] = rgb[part]

    def rgb(self) -> np.ndarray:
        return self.pixels

    def encode(self) -> bytes:
        """An exact palette PNG when there are 256 colours or fewer, else an RGB PNG: either
        way it decodes to exactly these pixels."""
        return png.encode_rgb(self.to_image())

    def copy(self) -> "RgbCanvas":
        return RgbCanvas(self.width, self.height, pixels=self.pixels.copy(), steps=self.steps)


class PaletteCanvas(Canvas):
    mode = "P"

    def __init__(self, width: int, height: int, background: RGB, steps: int = STEPS):
        self.width, self.height = width, height
        self.steps, self.level = steps, levels(steps)
        self.indices = np.zeros((height, width), np.uint8)
        self.palette = np.zeros((MAX_COLOURS, 3), np.int16)  # the first len(self.index) rows are used
        self.index: dict[RGB, int] = {}  # colour -> its palette index
        self._ramps: dict[RGB, np.ndarray] = {}  # ink -> new index at old << 8 | coverage; -1 unknown
        self._indices_of([tuple(background)])

    # --- the palette -----------------------------------------------------------------------

    def _indices_of(self, colours) -> np.ndarray | None:
        """Palette indices of RGB colours (an (n, 3) array or a list of tuples), new ones
        appended; None when they would not fit in 256 (then nothing is appended)."""
        keys = [tuple(c) for c in np.asarray(colours, np.int64).tolist()]
        new = dict.fromkeys(k for k in keys if k not in self.index)
        if len(self.index) + len(new) > MAX_COLOURS:
            return None
        for colour in new:
            self.palette[len(self.index)] = colour
            self.index[colour] = len(self.index)
        return np.array([self.index[k] for k in keys], np.uint8)

    def _become_rgb(self) -> None:
        """A 257th colour is needed: from now on this is an RgbCanvas with the same pixels.
        (Changing the class keeps every holder of this canvas drawing on the right surface.)"""
        pixels = self.palette[:len(self.index)].astype(np.uint8)[self.indices]
        state = RgbCanvas(self.width, self.height, pixels=pixels, steps=self.steps).__dict__
        self.__class__ = RgbCanvas
        self.__dict__ = state

    def _put_rgb(self, at, rgb: np.ndarray) -> bool:
        """Write RGB pixels into the index slices `at`; False (nothing written) if the palette
        cannot take their colours."""
        packed = rgb[..., 0].astype(np.int32) << 16 | rgb[..., 1].astype(np.int32) << 8 | rgb[..., 2]
        values, inverse = np.unique(packed, return_inverse=True)
        indices = self._indices_of(np.stack([values >> 16, values >> 8 & 255, values & 255], axis=1))
        if indices is None:
            return False
        self.indices[at] = indices[inverse.reshape(packed.shape)]
        return True

    # --- drawing ---------------------------------------------------------------------------

    def fill_rect(self, x0, y0, x1, y1, colour) -> None:
        x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, self.width), min(y1, self.height)
        if x0 < x1 and y0 < y1:
            index = self._indices_of([tuple(colour)])
            if index is None:
                self._become_rgb()
                return self.fill_rect(x0, y0, x1, y1, colour)
            self.indices[y0:y1, x0:x1] = index[0]

    def blend_mask(self, mask, x, y, colour) -> None:
        clipped = self._clip(mask.shape, x, y)
        if clipped is None:
            return
        at, part = clipped
        colour = tuple(colour)
        ramp = self._ramps.get(colour)
        first = ramp is None
        if first:
            ramp = self._ramps[colour] = np.full(MAX_COLOURS << 8, -1, np.int16)
            ramp[::256] = np.arange(MAX_COLOURS)  # no coverage keeps the old index
        # (old index, coverage) as one uint16, old << 8 | coverage: one gather from the ink's
        # table, which maps coverage through its level (a third of the time of gathering both)
        pair = self.indices[at].astype(np.uint16)
        pair <<= 8
        pair |= mask[part]
        new = None if first else np.take(ramp, pair)  # an ink's first blend meets only new pairs
        if new is None or new.min() < 0:  # pairs this ink has not met yet: blend their colours once
            unknown = self._unmet_pairs(ramp, pair, at)
            # many coverages share a level: blend and look up each (old, level) once
            shades, which = np.unique((unknown >> 8) * (self.steps + 1) + self.level[unknown & 255],
                                      return_inverse=True)
            old, level = np.divmod(shades, self.steps + 1)
            colours = blend(self.palette[old], np.array(colour, np.int16), level[:, None].astype(np.int16),
                            self.steps)
            indices = self._indices_of(colours)
            if indices is None:
                self._become_rgb()
                return self.blend_mask(mask, x, y, colour)
            ramp[unknown] = indices[which]
            new = np.take(ramp, pair)
        self.indices[at] = new

    def _unmet_pairs(self, ramp: np.ndarray, pair: np.ndarray, at) -> np.ndarray:
        """The (old << 8 | coverage) pairs of a blend that its ink's table does not know yet."""
        region = self.indices[at]
        if region.min() == region.max():
            # Type on one flat colour (each ink's first blend on a new canvas, mostly): every
            # coverage over that colour, without finding which occur (counting the pairs costs
            # several times as much, and the shades are the ones the next line meets anyway).
            every = (int(region.flat[0]) << 8) | np.arange(1, 256)
            return every[ramp[every] < 0]
        # which pairs: a count per pair, over the pixels with some coverage (no coverage keeps
        # the old index, known from the start; a shape's second ink covers little of its box)
        covered = pair[pair & 255 != 0]
        return np.flatnonzero((np.bincount(covered, minlength=MAX_COLOURS << 8) > 0) & (ramp < 0))

    def _region_rgb(self, at) -> np.ndarray:
        return self.palette[self.indices[at]]

    def paste_rgba(self, rgba, x, y) -> None:
        done = self._composited(rgba, x, y)
        if done is not None and not self._put_rgb(*done):
            self._become_rgb()
            self.paste_rgba(rgba, x, y)

    def paste_rgb(self, rgb, x, y) -> None:
        array = np.asarray(rgb.convert("RGB")) if isinstance(rgb, Image.Image) else rgb
        clipped = self._clip(array.shape, x, y)
        if clipped is None:
            return
        at, part = clipped
        if not self._put_rgb(at, array[part]):
            self._become_rgb()
            self.paste_rgb(array, x, y)

    # --- out -------------------------------------------------------------------------------

    def rgb(self) -> np.ndarray:
        return self.palette[:len(self.index)].astype(np.uint8)[self.indices]

    def encode(self) -> bytes:
        """A palette PNG of the indices as drawn: no conversion, exact by construction."""
        palette = self.palette[:len(self.index)].astype(np.uint8)
        data = png.encode_indexed(self.width, self.height, self.indices, palette)
        if data is None:  # no zlib-ng: Pillow's writer
            data = png.encode_pillow(png.palette_image(self.width, self.height, self.indices, palette))
        return data

    def copy(self) -> "PaletteCanvas":
        """An independent canvas with the same pixels and palette (and the ramps met so far,
        which stay right as long as the palette is the same)."""
        other = PaletteCanvas.__new__(PaletteCanvas)
        other.width, other.height, other.steps, other.level = self.width, self.height, self.steps, self.level
        other.indices = self.indices.copy()
        other.palette = self.palette.copy()
        other.index = dict(self.index)
        other._ramps = {colour: ramp.copy() for colour, ramp in self._ramps.items()}
        return other
