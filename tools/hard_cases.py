"""Render every case of tests/corpus/hard-cases.yaml to one PNG, to look at the layout engine.

Each case in the display and text stacks at line-height 1.0 and 1.2, in a box drawn as a thin
frame: lines must stay inside it, marks must not touch, nothing may show as a box (tofu).

Run: python tools/hard_cases.py [--width 420] [-o docs/hard-cases.png]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402

from cfpgraphics.render.raster.draw import draw_text  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.diagnostics import Diagnostics  # noqa: E402
from cfpgraphics.content.font_library import load_fonts  # noqa: E402
from cfpgraphics.text.engine import layout_text  # noqa: E402
from cfpgraphics.text.types import Box, TextStyle  # noqa: E402

INDIGO, PAPER, MARIGOLD, FRAME = (43, 30, 92), (255, 248, 236), (255, 184, 28), (110, 100, 160)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--width", type=int, default=420, help="box width in px")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "hard-cases.png")
    args = parser.parse_args()
    assets = AssetStore()
    fonts = load_fonts(ROOT / "fonts", ROOT, Diagnostics(), assets)
    cases = yaml.safe_load((ROOT / "tests/corpus/hard-cases.yaml").read_text(encoding="utf-8"))
    w, h = args.width, 300
    tiles = []
    for case in cases:
        for stack, line_height in (("display", 1.0), ("text", 1.2)):
            transform = "uppercase" if case["id"] == "case-transform" else "none"
            style = TextStyle(fonts.stack(stack), 72, 28, line_height=line_height, transform=transform)
            layout = layout_text(case["text"], style, Box(20, 40, w, h), case["lang"])
            tile = Image.new("RGB", (w + 40, h + 80), INDIGO)
            draw = ImageDraw.Draw(tile)
            draw.rectangle([20, 40, 20 + w, 40 + h], outline=FRAME)
            status = (" OVERFLOW" if layout.overflow else "") + (" MISSING GLYPHS" if layout.missing else "")
            draw.text((6, 8), f"{case['id']} / {stack} / {layout.size}px{status}", fill=PAPER)
            draw_text(tile, layout, fonts.faces, PAPER, MARIGOLD, assets=assets)
            tiles.append(tile)
    columns = 4
    rows = -(-len(tiles) // columns)
    sheet = Image.new("RGB", (columns * (w + 40), rows * (h + 80)), "white")
    for i, tile in enumerate(tiles):
        sheet.paste(tile, ((i % columns) * (w + 40), (i // columns) * (h + 80)))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.output)
    print(f"wrote {args.output} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
