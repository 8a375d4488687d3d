"""A PDF page against the PNG of the same page (issue #25, item 7), in one run.

For each language, one graphic's A4 page is laid out once (the layout is shared: both backends
draw the same Scene), then drawn and encoded by each backend, --repeat times (median, after a
first, untimed drawing that warms the glyph caches and opens the fonts):

- PNG: the raster backend (draw the canvas, encode the PNG), at the layout's 150 dpi;
- PDF: the vector backend, one page alone (its fonts subset and embedded for that page);
- pack: the print pack's cost per page (every language's page in one PDF, fonts embedded once).

and prints each time with the ratio PDF / PNG (the target: a PDF page costs no more than its PNG).

Run: python benchmarks/pdf_bench.py [--graphic chicago-gang-database] [--size a4] [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cfpgraphics.builder.print_pack import print_pack  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.render.backends import BACKENDS  # noqa: E402


def timed(fn, repeat: int) -> tuple[float, object]:
    out = fn()  # warm: fonts opened, glyphs rasterised once
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphic", default="chicago-gang-database")
    parser.add_argument("--size", default="a4")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    project = open_project(ROOT, AssetStore())
    faces, assets = project.fonts.faces, project.assets
    pack = print_pack(project, args.graphic, args.size)  # every language's page, laid out once
    png, pdf = BACKENDS["png"], BACKENDS["pdf"]
    print(f"{args.graphic} at {args.size}, median of {args.repeat} after one warm-up; ms per page")
    print(f"{'page':<34} {'PNG':>8} {'PDF':>8} {'PDF/PNG':>8} {'PNG KB':>8} {'PDF KB':>8}")
    total_png = total_pdf = 0.0
    for name, scene in zip(pack.pages, pack.scenes):
        t_png, png_bytes = timed(lambda: png.encode(scene, faces, assets), args.repeat)
        t_pdf, pdf_bytes = timed(lambda: pdf.encode(scene, faces, assets), args.repeat)
        total_png += t_png
        total_pdf += t_pdf
        print(f"{name:<34} {t_png * 1000:8.0f} {t_pdf * 1000:8.0f} {t_pdf / t_png:8.2f} "
              f"{len(png_bytes) / 1024:8.0f} {len(pdf_bytes) / 1024:8.0f}")
    n = len(pack.scenes)
    t_pack, pack_bytes = timed(lambda: pdf.encode_pages(pack.scenes, faces, assets), max(1, args.repeat // 2))
    print(f"{'all pages, each alone':<34} {total_png / n * 1000:8.0f} {total_pdf / n * 1000:8.0f} "
          f"{total_pdf / total_png:8.2f}")
    print(f"{'the pack (one PDF), per page':<34} {total_png / n * 1000:8.0f} {t_pack / n * 1000:8.0f} "
          f"{t_pack / total_png:8.2f} {'':>8} {len(pack_bytes) / 1024 / n:8.0f}")


if __name__ == "__main__":
    main()
