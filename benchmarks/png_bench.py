"""Deflate for our palette PNGs, measured: zlib-ng, isal (if installed) and zlib at several
levels, and Pillow's own writer, on the same filter-0 scanlines of the six peer stat cards
(../shared/bench/cards.json through our stat template at 1080x1080), or of the built-in stat
card where that file is missing. Prints ms per card (the deflate alone, min of --repeat) and
mean KiB of the whole PNG; and, for reference, the size the old inexact palette step gave
(Pillow's quantize(palette=...), which merged neighbouring shades).

Run: python benchmarks/png_bench.py [--repeat N]      (isal: pip install isal)
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


from shared_bench import SHARED  # noqa: E402  (benchmarks/ is on the path: scripts run from it)
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from PIL import Image  # noqa: E402

from cfpgraphics import png  # noqa: E402
from cfpgraphics.build import render_scene  # noqa: E402
from cfpgraphics.project import load_project  # noqa: E402
from cfpgraphics.sizes import PRESETS  # noqa: E402

STAT = {"stat": "95%", "statement": "of people on Chicago’s gang database were **Black and Latinx**",
        "source": "Source: a study cited in the Collective Freedom Project launch"}


def cards(project) -> list[Image.Image]:
    values = []
    if (SHARED / "cards.json").is_file():
        for tag, card in json.loads((SHARED / "cards.json").read_text(encoding="utf-8")).items():
            lang = {"zh": "zh-Hans"}.get(tag, tag)
            values.append((lang, {"stat": card["stat"], "statement": card["text"], "source": card["source"]}))
    else:
        values.append(("en", STAT))
    return [render_scene(project, "stat", v, lang, PRESETS["instagram-square"])[0] for lang, v in values]


def old_palette_size(image: Image.Image) -> int:
    colours = image.getcolors(8192)
    colours.sort(key=lambda item: (-item[0], item[1]))
    flat = [channel for _, colour in colours[:256] for channel in colour]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(flat) // 3))
    return len(png.encode_palette(image.quantize(palette=palette, dither=Image.Dither.NONE)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    project = load_project(ROOT)
    images = cards(project)
    mapped = [png.to_palette(image, 8192) for image in images]
    scanlines = []
    for image, (indices, _) in zip(images, mapped):
        rows = np.zeros((image.height, image.width + 1), np.uint8)
        rows[:, 1:] = indices.reshape(image.height, image.width)
        scanlines.append(rows.tobytes())
    overhead = len(png.encode_indexed(images[0].width, images[0].height, *mapped[0])) - len(
        png._deflate.compress(scanlines[0], png.LEVEL))  # signature, IHDR, PLTE, chunk framing

    coders = []
    try:
        from zlib_ng import zlib_ng
        coders += [(f"zlib-ng {level}", lambda data, level=level: zlib_ng.compress(data, level)) for level in range(1, 10)]
    except ImportError:
        print("zlib-ng: not installed")
    try:
        from isal import isal_zlib
        coders += [(f"isal {level}", lambda data, level=level: isal_zlib.compress(data, level)) for level in range(0, 4)]
    except ImportError:
        print("isal: not installed (pip install isal)")
    coders += [(f"zlib {level}", lambda data, level=level: zlib.compress(data, level)) for level in (1, 4, 6, 9)]

    print(f"{len(images)} stat cards 1080x1080, deflate of the filter-0 scanlines, min of {args.repeat}")
    print(f"{'coder':<12} {'ms/card':>8} {'KiB':>7}")
    for name, compress in coders:
        times, sizes = [], []
        for data in scanlines:
            best = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                out = compress(data)
                best = min(best, time.perf_counter() - start)
            times.append(best * 1000)
            sizes.append((len(out) + overhead) / 1024)
        mark = "   <- in use" if name == f"zlib-ng {png.LEVEL}" else ""
        print(f"{name:<12} {statistics.mean(times):8.2f} {statistics.mean(sizes):7.1f}{mark}")
    pillow_times, pillow_sizes = [], []
    for image, (indices, palette) in zip(images, mapped):
        p_image = png.palette_image(image.width, image.height, indices, palette)
        best = float("inf")
        for _ in range(max(1, args.repeat // 2)):
            buffer = io.BytesIO()
            start = time.perf_counter()
            p_image.save(buffer, format="PNG", compress_level=4)
            best = min(best, time.perf_counter() - start)
        pillow_times.append(best * 1000)
        pillow_sizes.append(len(buffer.getvalue()) / 1024)
    print(f"{'Pillow 4':<12} {statistics.mean(pillow_times):8.2f} {statistics.mean(pillow_sizes):7.1f}"
          "   (the fallback writer, whole PNG)")
    old = statistics.mean(old_palette_size(image) / 1024 for image in images)
    print(f"old inexact palette step + zlib-ng {png.LEVEL}: {old:.1f} KiB (pixels off by up to 33/255)")


if __name__ == "__main__":
    main()
