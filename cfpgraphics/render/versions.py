"""The versions stamp: what rasterises and shapes our pixels. Output keys, golden layouts and
golden images all record this one dict."""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import features

from .. import __version__


def shaping_versions() -> dict:
    """What breaks lines (ICU), shapes and rasterises text (uharfbuzz's HarfBuzz, freetype-py's
    FreeType), draws the rest (Pillow) and compresses the PNG (zlib-ng): a change in any may
    move pixels or bytes. constraints.txt pins the versions the golden images were made with."""
    # The shaper and rasteriser are loaded only when their versions are asked for.
    import freetype
    import icu
    import uharfbuzz
    from zlib_ng import zlib_ng
    return {"pillow": PIL.__version__, "harfbuzz": uharfbuzz.__version__ + "/" + uharfbuzz.version_string(),
            "freetype": ".".join(map(str, freetype.version())), "pillow-freetype": features.version("freetype2"),
            "icu": icu.ICU_VERSION, "zlib-ng": zlib_ng.ZLIBNG_VERSION}


@lru_cache(maxsize=1)  # the code loaded in this process does not change under it
def code_digest() -> str:
    """Hash of cfpgraphics' own source: a code change re-renders, even without a version bump."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # all of cfpgraphics, not only render/
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def engine_versions() -> dict:
    return {"cfpgraphics": __version__, "code": code_digest(), **shaping_versions(), **encoding_versions()}


def encoding_versions() -> dict:
    """What else moves an output's bytes: the JPEG and WebP encoders Pillow was built with, and
    segno, which lays out a QR code's modules."""
    # Loaded only when an output key is made: `--help` and a usage error never import segno.
    import segno
    return {"libjpeg": f"{features.version('jpg')}/{features.version('libjpeg_turbo')}", "libwebp": features.version("webp"), "segno": segno.__version__}


def value_digest(value) -> str:
    """sha256 of a plain value (content, template parts), independent of dict order."""
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()
