"""A palette PNG writer: filter 0 (palette images gain nothing from PNG's filters) and deflate
through zlib-ng, which compresses these images smaller than zlib at less than half the time
(benchmarks/peers_bench.py). The bytes decode to exactly the palette image given. Pillow's own
writer is the fallback where zlib-ng is not installed."""
from __future__ import annotations

import struct
import zlib

from PIL import Image

try:
    from zlib_ng import zlib_ng as _deflate
except ImportError:  # pragma: no cover - zlib-ng is a dependency; this keeps a broken install working
    _deflate = None

LEVEL = 6  # zlib-ng level 6: smaller than zlib at 4 (Pillow's writer here), about 2 ms a 1080x1080 card
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_palette(image: Image.Image) -> bytes | None:
    """PNG bytes of a mode-P image (None when zlib-ng is missing: use Pillow's writer)."""
    if _deflate is None or image.mode != "P":
        return None
    width, height = image.size
    pixels = image.tobytes()
    palette = (image.getpalette() or [0, 0, 0])[:768]
    rows = bytearray((width + 1) * height)  # each scanline: filter type 0, then its indices
    for y in range(height):
        start = y * (width + 1) + 1
        rows[start:start + width] = pixels[y * width:(y + 1) * width]
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", bytes(palette)),
                     _chunk(b"IDAT", _deflate.compress(bytes(rows), LEVEL)), _chunk(b"IEND", b"")))
