"""Review sheets of the built outputs, for looking at every file: one sheet per graphic and
size (its pages too) with every language side by side, or per language and size for a graphic
with many cards (the member kit), each thumbnail labelled with its path. (tools/contact_sheet.py
draws each template once per size from the campaign's copy, for the README; this reads what
`build` wrote, all 2,650 files.)

Run: python tools/review_sheets.py [--output output] [--to DIR] [--width 300] [--graphic G ...]
(prints each sheet's path; a sheet stays under about 1,600 px high, more thumbnails start a new one)
"""
from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
GAP, LABEL, MAX_HEIGHT, COLUMNS = 12, 18, 1600, 5


def sheets(files: list[Path], root: Path, width: int) -> list[Image.Image]:
    thumbs = []
    for path in files:
        with Image.open(path) as image:
            image = image.convert("RGB")
            image.thumbnail((width, width * 4), Image.LANCZOS)
            thumbs.append((str(path.relative_to(root)), image))
    pages, row, rows = [], [], []
    for thumb in thumbs:
        row.append(thumb)
        if len(row) == COLUMNS:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    page: list = []
    height = 0
    for row in rows:
        row_height = max(t.height for _, t in row) + LABEL + GAP
        if page and height + row_height > MAX_HEIGHT:
            pages.append(page)
            page, height = [], 0
        page.append(row)
        height += row_height
    if page:
        pages.append(page)
    out = []
    for page in pages:
        heights = [max(t.height for _, t in row) + LABEL + GAP for row in page]
        sheet = Image.new("RGB", (COLUMNS * (width + GAP) + GAP, sum(heights) + GAP), (128, 128, 128))
        draw = ImageDraw.Draw(sheet)
        y = GAP
        for row, h in zip(page, heights):
            for i, (label, thumb) in enumerate(row):
                x = GAP + i * (width + GAP)
                draw.text((x, y), label[-48:], fill=(255, 255, 255))
                sheet.paste(thumb, (x, y + LABEL))
            y += h
        out.append(sheet)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=ROOT / "output", help="the built outputs (default output/)")
    parser.add_argument("--to", type=Path, default=Path("/tmp/review-sheets"), help="where the sheets go")
    parser.add_argument("--width", type=int, default=300, help="thumbnail width in px (default 300)")
    parser.add_argument("--graphic", action="append", help="only this graphic (repeatable)")
    parser.add_argument("--by-language", action="append", default=["member"],
                        help="graphics sheeted per language and size, not per size (default: member)")
    args = parser.parse_args()
    groups: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(args.output.glob("*/*/**/*.png")):
        lang, graphic = path.relative_to(args.output).parts[:2]
        name = path.name
        if args.graphic and graphic not in args.graphic:
            continue
        stem = name[:-4]
        size = stem.rsplit("-", 1)[0] if stem.rsplit("-", 1)[-1].isdigit() else stem
        key = f"{graphic}--{lang}--{size}" if graphic in args.by_language else f"{graphic}--{stem}"
        groups[key].append(path)
    args.to.mkdir(parents=True, exist_ok=True)
    for key, files in sorted(groups.items()):
        for n, sheet in enumerate(sheets(files, args.output, args.width)):
            target = args.to / f"{key}{'' if n == 0 else f'--{n + 1}'}.png"
            sheet.save(target)
            print(target)


if __name__ == "__main__":
    main()
