"""Writing files so that nothing is ever half-written: temp file in the same folder, then
os.replace (atomic on POSIX and Windows)."""
from __future__ import annotations

import errno
import os
import stat as stat_module
import tempfile
from pathlib import Path

from PIL import Image

from .png import encode_indexed, encode_palette, encode_pillow, palette_image, to_palette


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


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words for a message."""
    return ("a folder" if stat_module.S_ISDIR(mode) else "a named pipe (FIFO)" if stat_module.S_ISFIFO(mode)
            else "a device" if stat_module.S_ISCHR(mode) or stat_module.S_ISBLK(mode)
            else "a socket" if stat_module.S_ISSOCK(mode) else "not a regular file")


def open_regular(path: Path | str) -> int:
    """A read-only descriptor of `path`, which must be a regular file. Opened without blocking
    (a FIFO put in output/ would otherwise hold the build, and its lock, forever) and checked
    with fstat, so the file read is the file checked. Raises OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat_module.S_ISREG(mode):
        os.close(fd)
        raise OSError(errno.EINVAL, f"it is {kind_of(mode)}, not a file", str(path))
    return fd


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of a regular file (see `open_regular`); ValueError if it holds more than `limit`."""
    fd = open_regular(path)
    try:
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise ValueError("it is larger than any build writes")
    return b"".join(chunks)


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
