"""Writing files so that nothing is ever half-written: temp file in the same folder, then
os.replace (atomic on POSIX and Windows)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PIL import Image

from ..render.raster.png import encode_png


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give: mkstemp's files are private (0600)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    tmp = write_beside(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_beside(path: Path, data: bytes) -> Path:
    """`data` in a new temporary file beside `path` (renamed into place by the caller); on a
    failure (read-only folder, disk full) nothing is left behind and OSError is raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, _FILE_MODE)  # published files must be readable by a web server
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_output(path: Path, data: bytes) -> None:
    """An output file (an image, in whatever format its backend encoded), atomically."""
    write_bytes_atomic(path, data)


def write_png(image, path: Path, assets=None) -> None:
    """Write a drawn canvas (canvas.py: encoded exactly as drawn) or a Pillow image."""
    write_output(path, encode_png(image, assets) if isinstance(image, Image.Image) else image.encode())
