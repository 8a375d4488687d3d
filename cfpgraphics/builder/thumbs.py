"""Thumbnails for the review page: one small WebP per output image, made when the image is
written, so the gallery of 745 images loads a few MB, not the 200 MB of full-size PNGs.

`output/.thumbs/<lang>/<graphic>/<size>.webp` beside the image it shows (a hidden folder: a
site that publishes output/ shows no extra files; `*.png` globs never see them). A thumbnail is
one of its output's files in the manifest, so it is checked, rewritten and pruned with it. Its
bytes depend only on the image's pixels (no metadata, fixed size, quality and method), so an
unchanged image gives an identical thumbnail.
"""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from ..content.files import read_regular
from .output import write_bytes_atomic

THUMBS_DIR = ".thumbs"
# A card's picture box is 226 x 186 CSS px: thumbnails fit a box 1.4 times that (sharp on a
# zoomed or HiDPI screen), ~7 kB each. A tall story (9:16) is limited by its height.
THUMB_WIDTH = 320
THUMB_MAX_HEIGHT = 264
THUMB_QUALITY = 75
MAX_PNG_BYTES = 256 << 20
THUMB_METHOD = 2  # libwebp effort 0-6, fixed so the bytes are: 2 is half the time of 4 for 3% more bytes


def thumb_name(name: str) -> str:
    """The thumbnail of output `name`, relative to output/: en/x/story.png -> .thumbs/en/x/story.webp"""
    stem = name[:-4] if name.endswith(".png") else name
    return f"{THUMBS_DIR}/{stem}.webp"


def is_thumb(path: Path, output_dir: Path) -> bool:
    """Whether `path` is a thumbnail (the page's own file, not an output a report counts)."""
    return path.is_relative_to(output_dir / THUMBS_DIR)


def is_thumb_name(rel: str) -> bool:
    """Whether a path relative to output/ is a thumbnail's."""
    return rel.split("/", 1)[0] == THUMBS_DIR


def thumb_size(width: int, height: int) -> tuple[int, int]:
    """The thumbnail's pixel size for an image of `width` x `height` (never enlarged)."""
    scale = min(1.0, THUMB_WIDTH / width, THUMB_MAX_HEIGHT / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def encode_thumb(image: Image.Image) -> bytes:
    """WebP bytes of `image` scaled to thumb_size: deterministic (no EXIF, ICC or XMP)."""
    image.load()
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
    # Bicubic after a box reduction to twice the size: as sharp as Lanczos at this scale, in
    # half its time (the thumbnail is most of what it adds to a build: ~7 ms a PNG decode,
    # ~6 ms palette to RGB, ~7 ms this, ~4 ms the WebP encode).
    small = image.resize(thumb_size(*image.size), Image.Resampling.BICUBIC, reducing_gap=2.0)
    out = io.BytesIO()
    small.save(out, "WEBP", quality=THUMB_QUALITY, method=THUMB_METHOD, exact=False)
    return out.getvalue()


def write_thumb(output_dir: Path, name: str, png: bytes | Path | Image.Image) -> Path:
    """Write the thumbnail of output `name` (relative to output/) from its drawn image, or its
    image file (PNG, WebP or JPEG) or that file's bytes, atomically; returns its path. A folder on the way that is a link out of output/ is refused
    (OSError), as for the image itself."""
    path = output_dir / thumb_name(name)
    folder = output_dir
    for part in Path(thumb_name(name)).parent.parts:  # checked before anything is created in it
        folder = folder / part
        if folder.is_symlink() and not folder.resolve().is_relative_to(output_dir.resolve()):
            raise OSError(f"{folder.relative_to(output_dir)} inside output/ is a link to a folder outside it; "
                          "no thumbnail is written through it")
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(png, Image.Image):
        write_bytes_atomic(path, encode_thumb(png))
        return path
    if isinstance(png, Path):
        png = read_regular(png, MAX_PNG_BYTES)  # a FIFO in its place is never waited on
    with Image.open(io.BytesIO(png)) as image:
        write_bytes_atomic(path, encode_thumb(image))
    return path
