"""Photos for image fields: read safely, cover-cropped around a focal point, duotoned.

An image is read only from inside the project folder (no absolute paths, no `..`, no symlink
out). Its header is checked before any pixel is decoded: a file that is missing, is not an
image, is larger than `MAX_FILE_BYTES` or has more than `MAX_PIXELS` pixels (a decompression
bomb) is a `CfpError` for that one graphic, never a crash or a memory blow-up. JPEGs are
decoded at a reduced scale when the canvas needs fewer pixels (`Image.draft`).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .diagnostics import CfpError

MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone photo, far less than a bomb
MAX_FILE_BYTES = 60_000_000
FORMATS = ("JPEG", "PNG", "WEBP")

Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, as a second line of defence


@dataclass(frozen=True)
class Photo:
    """An image field's value: a file inside the project and the point to keep in view."""

    file: str
    focus: tuple[float, float] = (0.5, 0.5)  # fractions of the width and height


def parse_photo(value) -> Photo:
    """`photos/a.jpg` or `{file: photos/a.jpg, focus: [0.5, 0.3]}` -> Photo."""
    if isinstance(value, Photo):
        return value
    if isinstance(value, dict):
        file = value.get("file")
        focus = value.get("focus", (0.5, 0.5))
        if not isinstance(file, str) or not file:
            raise CfpError("a photo needs `file: path/inside/the/project.jpg`")
        if not (isinstance(focus, (list, tuple)) and len(focus) == 2
                and all(isinstance(v, (int, float)) and 0 <= v <= 1 for v in focus)):
            raise CfpError("a photo's `focus` is [x, y] as fractions of the photo (0 to 1), e.g. [0.5, 0.3]")
        return Photo(file, (float(focus[0]), float(focus[1])))
    if isinstance(value, str) and value.strip():
        return Photo(value.strip())
    raise CfpError("a photo is a file path, or `{file: ..., focus: [x, y]}`")


def resolve(root: Path, file: str) -> Path:
    """The photo's path, refusing anything outside the project folder."""
    root = Path(root).resolve()
    if Path(file).is_absolute() or "\\" in file:
        raise CfpError(f"photo '{file}': give a path inside the project folder, like photos/name.jpg")
    path = (root / file).resolve()
    if not path.is_relative_to(root):
        raise CfpError(f"photo '{file}' is outside the project folder; images are read only from inside it")
    if not path.is_file():
        raise CfpError(f"photo '{file}' does not exist", fix="check the path; it is relative to the project folder")
    return path


def probe(path: Path, name: str) -> tuple[int, int]:
    """(width, height) from the header only; every reason not to decode it is a CfpError."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise CfpError(f"photo '{name}' is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB",
                       fix="export it smaller (2000-4000 px on the long side is plenty)")
    try:
        with Image.open(path) as img:
            fmt, (w, h) = img.format, img.size
    except Image.DecompressionBombError:
        raise CfpError(f"photo '{name}' claims more than {2 * MAX_PIXELS / 1e6:.0f} megapixels (a decompression "
                       f"bomb?); the limit is {MAX_PIXELS / 1e6:.0f}; not read") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise CfpError(f"photo '{name}' is not a readable image ({exc.__class__.__name__})",
                       fix="save it again as JPEG or PNG") from None
    if fmt not in FORMATS:
        raise CfpError(f"photo '{name}' is {fmt}; use JPEG, PNG or WebP")
    if w * h > MAX_PIXELS:
        raise CfpError(f"photo '{name}' is {w}x{h} ({w * h / 1e6:.0f} megapixels); the limit is "
                       f"{MAX_PIXELS / 1e6:.0f}", fix="export it smaller (2000-4000 px on the long side is plenty)")
    if w < 1 or h < 1:
        raise CfpError(f"photo '{name}' is empty")
    return w, h


def cover_box(src: tuple[int, int], dst: tuple[int, int], focus: tuple[float, float]) -> tuple[float, float, float, float]:
    """The largest crop of `src` with `dst`'s shape, centred on `focus` as far as the edges allow."""
    sw, sh = src
    dw, dh = dst
    scale = max(dw / sw, dh / sh)
    cw, ch = dw / scale, dh / scale
    fx, fy = focus[0] * sw, focus[1] * sh
    left = min(max(fx - cw / 2, 0), sw - cw)
    top = min(max(fy - ch / 2, 0), sh - ch)
    return left, top, left + cw, top + ch


def load_cover(root: Path, photo: Photo, size: tuple[int, int], assets) -> Image.Image:
    """The photo cover-cropped to `size` around its focal point, as 8-bit grey; kept in the
    asset store (an `AssetStore`) while the file is unchanged."""
    path = resolve(root, photo.file)
    return assets.derived(assets.identity(path), ("cover", photo.focus, tuple(size)),
                          lambda: _cover(path, photo, size))


def load_cover_crop(root: Path, photo: Photo, size: tuple[int, int], assets) -> Image.Image:
    """The same crop as `load_cover`, at the file's own resolution (a PDF embeds every pixel)."""
    path = resolve(root, photo.file)
    return assets.derived(assets.identity(path), ("cover-crop", photo.focus, tuple(size)),
                          lambda: _cover(path, photo, size, full=True))


def print_dpi(src: tuple[int, int], canvas: tuple[int, int], dpi: int) -> float:
    """The photo's pixels per inch where it prints: its cover crop over the canvas's inches."""
    left, top, right, bottom = cover_box(src, canvas, (0.5, 0.5))
    return (right - left) / (canvas[0] / dpi)


def _cover(path: Path, photo: Photo, size: tuple[int, int], full: bool = False) -> Image.Image:
    probe(path, photo.file)
    try:
        with Image.open(path) as img:
            if img.format == "JPEG" and not full:
                img.draft("RGB", (size[0], size[1]))  # decode at 1/2, 1/4, 1/8 when that is enough
            img = ImageOps.exif_transpose(img)
            grey = img.convert("L")
    except (Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise CfpError(f"photo '{photo.file}' could not be decoded ({exc.__class__.__name__}: {exc})",
                       fix="open it in an image editor and save it again") from None
    box = cover_box(grey.size, size, photo.focus)
    if full:
        return grey.crop(tuple(round(v) for v in box))
    return grey.resize(size, Image.Resampling.LANCZOS, box=box)


def duotone(grey: Image.Image, shadows, highlights) -> Image.Image:
    """Map grey levels onto the line between two brand colours (contrast stretched first)."""
    grey = ImageOps.autocontrast(grey, cutoff=1)
    return ImageOps.colorize(grey, black=shadows, white=highlights)
