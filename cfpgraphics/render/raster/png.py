"""Palette PNGs: an RGB image mapped exactly onto its own palette, and a writer for it.

`to_palette` is the palette step. Pillow's `quantize(palette=...)` looks colours up through a
cache of 4x4x4 colour cells, so two colours of one cell share an index and about 13% of a stat
card's pixels came out as a neighbour's colour (up to 33/255 off) though their own colour was in
the palette. Here every colour of the palette maps to its own entry, and every other colour to
its nearest entry (squared RGB distance, the lower index on a tie): with 256 colours or fewer
the PNG decodes to exactly the drawn pixels.

`encode_indexed` writes filter 0 (palette images gain nothing from PNG's filters) and deflates
through zlib-ng, which compresses these images smaller than zlib at a fraction of the time
(benchmarks/png_bench.py). Pillow's own writer is the fallback where zlib-ng is not installed.
Palette canvases (canvas.py) are written by `encode_indexed` directly; `to_palette` serves
RGB images (an RGB canvas, `encode_rgb`, and Pillow images given to encode_png).
"""
from __future__ import annotations

import io
import struct
import zlib

from typing import TYPE_CHECKING

from PIL import Image

if TYPE_CHECKING:
    import numpy as np

try:
    from zlib_ng import zlib_ng as _deflate
except ImportError:  # pragma: no cover - zlib-ng is a dependency; this keeps a broken install working
    _deflate = None

# zlib-ng level 4 (benchmarks/png_bench.py, on the palette canvases as drawn, in 16 levels):
# the stat card 35.8 KiB in 1.77 ms, the campaign 40.5 KiB a PNG in 1.81 ms, both smaller than
# level 5 made them when type had 32 levels (38.5 and 41 KiB, in 2.0-2.6 ms). Level 3 is
# 0.35 ms faster but makes campaign files larger than before (42.3 KiB); level 5 buys 3 KiB for
# 0.4 ms. The RLE strategy and the Up filter make larger files; isal level 1 (0.3 ms) makes
# 44.5 KiB stat cards, so neither is used.
LEVEL = 4
CODER = f"zlib-ng {LEVEL}"  # as benchmarks/png_bench.py names it
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def new_lookup() -> np.ndarray:
    """A table from packed colour (R | G << 8 | B << 16) to palette index. 16 MB of address
    space, of which only the pages of colours seen are backed; reusable across images (each
    call writes every colour its image has before reading), so keep one per worker (AssetStore)."""
    # Here, not at the top: a no-op build never imports numpy.
    import numpy as np
    return np.zeros(1 << 24, np.uint8)


def to_palette(image: Image.Image, max_colours: int,
               lookup: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray] | None:
    """(indices, palette) of an RGB image with at most `max_colours` colours, else None.

    The palette is the image's 256 most frequent colours (ties by colour value, so equal images
    give equal palettes); indices is one uint8 per pixel, row by row; palette is (n, 3) uint8.
    """
    import numpy as np  # here, not at the top: a no-op build never pays for importing numpy

    colours = image.getcolors(max_colours)
    if colours is None:
        return None
    counts = np.fromiter((c for c, _ in colours), np.int64, len(colours))
    rgb = np.array([c for _, c in colours], np.int64).reshape(-1, 3)
    value = rgb[:, 0] << 16 | rgb[:, 1] << 8 | rgb[:, 2]
    order = np.lexsort((value, -counts))  # most frequent first; ties by colour value
    rgb = rgb[order]
    palette = rgb[:256]
    nearest = np.arange(len(rgb), dtype=np.int64)  # a palette colour is its own entry
    rest = rgb[256:]
    if len(rest):
        nearest[256:] = _nearest(rest.astype(np.int32), palette.astype(np.int32))
    if lookup is None:
        lookup = new_lookup()
    lookup[rgb[:, 0] | rgb[:, 1] << 8 | rgb[:, 2] << 16] = nearest
    return _indices(image, lookup), palette.astype(np.uint8)


def _nearest(colours: np.ndarray, palette: np.ndarray, chunk: int = 256) -> np.ndarray:
    """For each colour, the index of the nearest palette colour (squared RGB distance, exact in
    int32; argmin takes the first, so the lower index wins a tie). In chunks that stay in cache."""
    # Here, not at the top: a no-op build never imports numpy.
    import numpy as np
    out = np.empty(len(colours), np.int64)
    for start in range(0, len(colours), chunk):
        part = colours[start:start + chunk]
        distance = np.zeros((len(part), len(palette)), np.int32)
        for channel in range(3):
            step = part[:, channel, None] - palette[None, :, channel]
            step *= step
            distance += step
        out[start:start + chunk] = distance.argmin(axis=1)
    return out


def _indices(image: Image.Image, lookup: np.ndarray, rows: int = 64) -> np.ndarray:
    """Each pixel's palette index: its colour packed as R | G << 8 | B << 16 (4-byte reads 3
    bytes apart over the RGB bytes, the fourth byte masked off; one padding byte keeps the last
    read inside), looked up. A band of rows at a time, so the packed colours stay in cache
    (a third faster than the whole image at once, right after drawing)."""
    # Here, not at the top: a no-op build never imports numpy.
    import numpy as np
    data = image.tobytes() + b"\0"
    count = image.width * image.height
    out = np.empty(count, np.uint8)
    step = rows * image.width
    for start in range(0, count, step):
        n = min(step, count - start)
        packed = np.ndarray((n,), "<u4", data, start * 3, (3,)) & np.uint32(0xFFFFFF)
        np.take(lookup, packed, out=out[start:start + n])
    return out


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_indexed(width: int, height: int, indices: np.ndarray, palette: np.ndarray) -> bytes | None:
    """PNG bytes of an 8-bit palette image (None when zlib-ng is missing: use Pillow's writer)."""
    # Here, not at the top: a no-op build never imports numpy.
    import numpy as np
    if _deflate is None:
        return None
    rows = np.empty((height, width + 1), np.uint8)  # each scanline: filter type 0, then its indices
    rows[:, 0] = 0
    rows[:, 1:] = indices.reshape(height, width)
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", palette.tobytes()),
                     _chunk(b"IDAT", _deflate.compress(memoryview(rows).cast("B"), LEVEL)), _chunk(b"IEND", b"")))


def encode_palette(image: Image.Image) -> bytes | None:
    """PNG bytes of a mode-P image (None when zlib-ng is missing: use Pillow's writer)."""
    # Here, not at the top: a no-op build never imports numpy.
    import numpy as np
    if image.mode != "P":
        return None
    palette = np.frombuffer(bytes((image.getpalette() or [0, 0, 0])[:768]), np.uint8)
    return encode_indexed(image.width, image.height, np.frombuffer(image.tobytes(), np.uint8), palette)


def encode_rgb(image: Image.Image) -> bytes:
    """PNG bytes that decode to exactly these RGB pixels: a palette PNG when there are 256
    colours or fewer (an RGB canvas's flat graphics), else an RGB PNG (photos)."""
    mapped = to_palette(image, 256)
    if mapped is None:
        return encode_pillow(image)
    indices, palette = mapped
    data = encode_indexed(image.width, image.height, indices, palette)
    return data if data is not None else encode_pillow(palette_image(image.width, image.height, indices, palette))


def encode_pillow(image: Image.Image) -> bytes:
    """Pillow's writer: RGB images, and palette ones where zlib-ng is missing."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=4)  # 4: most of 6's size, 30% less time
    return buffer.getvalue()


def palette_image(width: int, height: int, indices: np.ndarray, palette: np.ndarray) -> Image.Image:
    """The same as a Pillow mode-P image (for Pillow's writer)."""
    image = Image.frombytes("P", (width, height), indices.tobytes())
    image.putpalette(palette.tobytes())
    return image


FLAT_COLOURS = 8192  # up to this many colours an image is "flat" (type, shapes, logos)


def encode_png(image: Image.Image, assets=None) -> bytes:
    """PNG bytes with no timestamps or other metadata, so equal inputs give equal files.

    Flat graphics (at most FLAT_COLOURS colours: type, shapes, logos) are stored as 8-bit
    palette PNGs: the palette is the image's 256 most frequent colours, and every pixel keeps
    its own colour when that is in the palette (all of them when there are no more than 256
    colours); only rarer anti-aliasing shades move to the nearest palette colour (below). That
    encodes in a fraction of the time at under half the bytes of RGB. Colourful images
    (photos, emoji) stay full RGB. `assets` (the worker's AssetStore) lends its colour lookup
    table, so it is not made afresh for each image.
    """
    if image.mode == "RGB":
        mapped = to_palette(image, FLAT_COLOURS, assets.scratch("palette-lookup", new_lookup) if assets is not None else None)
        if mapped is not None:
            indices, palette = mapped
            data = encode_indexed(image.width, image.height, indices, palette)
            if data is not None:
                return data
            image = palette_image(image.width, image.height, indices, palette)
    data = encode_palette(image)
    return data if data is not None else encode_pillow(image)
