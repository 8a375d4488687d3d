"""Writing files so that nothing is ever half-written: temp file in the same folder, then
os.replace (atomic on POSIX and Windows)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PIL import Image

from ..render.raster.png import encode_indexed, encode_palette, encode_pillow, palette_image, to_palette


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp's files are private (0600)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _FILE_MODE)  # published files must be readable by a web server
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


FLAT_COLOURS = 8192  # up to this many colours an image is "flat" (type, shapes, logos)


def encode_png(image: Image.Image, assets=None) -> bytes:
    """PNG bytes with no timestamps or other metadata, so equal inputs give equal files.

    Flat graphics (at most FLAT_COLOURS colours: type, shapes, logos) are stored as 8-bit
    palette PNGs: the palette is the image's 256 most frequent colours, and every pixel keeps
    its own colour when that is in the palette (all of them when there are no more than 256
    colours); only rarer anti-aliasing shades move to the nearest palette colour (png.py). That
    encodes in a fraction of the time at under half the bytes of RGB. Colourful images
    (photos, emoji) stay full RGB. `assets` (the worker's AssetStore) lends its colour lookup
    table, so it is not made afresh for each image.
    """
    if image.mode == "RGB":
        mapped = to_palette(image, FLAT_COLOURS, assets.palette_lookup() if assets is not None else None)
        if mapped is not None:
            indices, palette = mapped
            data = encode_indexed(image.width, image.height, indices, palette)
            if data is not None:
                return data
            image = palette_image(image.width, image.height, indices, palette)
    data = encode_palette(image)
    return data if data is not None else encode_pillow(image)


def write_png(image, path: Path, assets=None) -> None:
    """Write a drawn canvas (canvas.py: encoded exactly as drawn) or a Pillow image."""
    data = encode_png(image, assets) if isinstance(image, Image.Image) else image.encode()
    write_bytes_atomic(path, data)
