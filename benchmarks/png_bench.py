"""Deflate for our palette PNGs, measured: zlib-ng, isal (if installed) and zlib at several
levels, and Pillow's own writer, on the filter-0 scanlines of the palette canvases as drawn
(canvas.py): (1) the six peer stat cards (../shared/bench/cards.json through our stat template
at 1080x1080, or the built-in stat card where that file is missing) and (2) every --every'th
output of the campaign (all templates, sizes and languages). Prints ms per image (the deflate
alone, min of --repeat) and mean KiB of the whole PNG.

Run: python benchmarks/png_bench.py [--repeat N] [--every N]      (isal: pip install isal)
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

from cfpgraphics.render.raster import png  # noqa: E402
from cfpgraphics.builder.runner import render_canvas  # noqa: E402
from cfpgraphics.render.job import compose_job  # noqa: E402
from cfpgraphics.render.raster.draw import draw_canvas  # noqa: E402
from cfpgraphics.builder.plan import plan_jobs  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.sizes import PRESETS  # noqa: E402

STAT = {"stat": "95%", "statement": "of people on Chicago’s gang database were **Black and Latinx**",
        "source": "Source: a study cited in the Collective Freedom Project launch"}


def cards(project) -> list:
    values = []
    if (SHARED / "cards.json").is_file():
        for tag, card in json.loads((SHARED / "cards.json").read_text(encoding="utf-8")).items():
            lang = {"zh": "zh-Hans"}.get(tag, tag)
            values.append((lang, {"stat": card["stat"], "statement": card["text"], "source": card["source"]}))
    else:
        values.append(("en", STAT))
    return [render_canvas(project, "stat", v, lang, PRESETS["instagram-square"])[0] for lang, v in values]


def campaign(project, every: int) -> list:
    return [draw_canvas(compose_job(project, job), project.fonts.faces, project.assets)
            for job in plan_jobs(project)[::every]]


def coders() -> list:
    found = []
    try:
        from zlib_ng import zlib_ng
        found += [(f"zlib-ng {level}", lambda data, level=level: zlib_ng.compress(data, level)) for level in range(1, 10)]
    except ImportError:
        print("zlib-ng: not installed")
    try:
        from isal import isal_zlib
        found += [(f"isal {level}", lambda data, level=level: isal_zlib.compress(data, level)) for level in range(0, 4)]
    except ImportError:
        print("isal: not installed (pip install isal)")
    return found + [(f"zlib {level}", lambda data, level=level: zlib.compress(data, level)) for level in (1, 4, 6, 9)]


def measure(title: str, canvases: list, repeat: int) -> None:
    canvases = [c for c in canvases if c.mode == "P"]
    scanlines, overheads = [], []
    for canvas in canvases:
        rows = np.zeros((canvas.height, canvas.width + 1), np.uint8)
        rows[:, 1:] = canvas.indices
        scanlines.append(rows.tobytes())
        # signature, IHDR, PLTE, chunk framing: the whole file less its deflated scanlines
        overheads.append(len(canvas.encode()) - len(png._deflate.compress(scanlines[-1], png.LEVEL)))
    pixels = statistics.mean(c.width * c.height for c in canvases) / 1e6
    print(f"{title}: {len(canvases)} palette canvases, {pixels:.2f} Mpx each on average; deflate of the filter-0 "
          f"scanlines, min of {repeat}")
    print(f"{'coder':<12} {'ms/image':>8} {'KiB':>7}")
    for name, compress in coders():
        times, sizes = [], []
        for data, overhead in zip(scanlines, overheads):
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                out = compress(data)
                best = min(best, time.perf_counter() - start)
            times.append(best * 1000)
            sizes.append((len(out) + overhead) / 1024)
        mark = "   <- in use" if name == png.CODER else ""
        print(f"{name:<12} {statistics.mean(times):8.2f} {statistics.mean(sizes):7.1f}{mark}")
    pillow_times, pillow_sizes = [], []
    for canvas in canvases:
        p_image = png.palette_image(canvas.width, canvas.height, canvas.indices, canvas.palette[:len(canvas.index)]
                                    .astype(np.uint8))
        best = float("inf")
        for _ in range(max(1, repeat // 2)):
            buffer = io.BytesIO()
            start = time.perf_counter()
            p_image.save(buffer, format="PNG", compress_level=4)
            best = min(best, time.perf_counter() - start)
        pillow_times.append(best * 1000)
        pillow_sizes.append(len(buffer.getvalue()) / 1024)
    print(f"{'Pillow 4':<12} {statistics.mean(pillow_times):8.2f} {statistics.mean(pillow_sizes):7.1f}"
          "   (the fallback writer, whole PNG)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--every", type=int, default=5, help="every N'th campaign output (default 5), 0: none")
    args = parser.parse_args()
    project = open_project(ROOT, AssetStore())
    measure("stat cards 1080x1080", cards(project), args.repeat)
    if args.every:
        print()
        measure(f"campaign, every {args.every}th output", campaign(project, args.every), max(1, args.repeat // 3))


if __name__ == "__main__":
    main()
