"""JPEG and WebP from a drawn canvas: fixed settings, an sRGB profile, nothing that changes
between runs (no EXIF, XMP, timestamps or comments), so equal canvases give equal bytes.

- JPEG: the brand kit's quality, no chroma subsampling (4:4:4: with the usual 4:2:0, a
  marigold letter on indigo gets a smeared colour fringe, since colour is kept at half the
  resolution), baseline, Huffman tables optimised (deterministic: computed from the pixels).
- WebP: a graphic with no photo behind it (type, shapes and logos on flat colour) is
  lossless, so every text edge is exactly as drawn and the file is small; lossy WebP has no
  4:4:4 mode (VP8 always halves colour), so it is used only for graphics over a photo, at the
  brand kit's quality.
- Both carry `data/sRGB.icc` (see data/README.md).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from PIL import Image

PROFILE = Path(__file__).with_name("data") / "sRGB.icc"
WEBP_METHOD = 4  # libwebp effort 0-6 (lossy), fixed so the bytes are
# Lossless: method 2 and effort (`quality`) 60 make a story 4% larger than 100 and method 4,
# in a third of the time (about 0.1 s; effort 100 at method 6 takes 10 s).
WEBP_LOSSLESS_METHOD = 2
WEBP_LOSSLESS_EFFORT = 60


@lru_cache(maxsize=1)
def srgb_profile() -> bytes:
    """The sRGB ICC profile's bytes (a memo of a constant file shipped in the package)."""
    return PROFILE.read_bytes()


def encode_jpeg(image: Image.Image, quality: int) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=quality, subsampling=0, optimize=True, progressive=False,
                              icc_profile=srgb_profile())
    return out.getvalue()


def encode_webp(image: Image.Image, quality: int, flat: bool) -> bytes:
    out = io.BytesIO()
    image = image.convert("RGB")
    if flat:
        image.save(out, "WEBP", lossless=True, quality=WEBP_LOSSLESS_EFFORT, method=WEBP_LOSSLESS_METHOD, exact=True,
                   icc_profile=srgb_profile())
    else:
        image.save(out, "WEBP", lossless=False, quality=quality, method=WEBP_METHOD, icc_profile=srgb_profile())
    return out.getvalue()
