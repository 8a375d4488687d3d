"""A before/after contact sheet: the same outputs rendered by an older commit and by this tree.

Checks the older commit out into a temporary git worktree, builds only the outputs asked for
there and here (each with its own code, fonts and content), and sets each pair side by side
with its name, so a change can be looked at rather than guessed.

Run: python tools/before_after.py --before REV -o docs/sheet.png en/stat/instagram-square.png ...
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
LABEL_FONT = ROOT / "fonts" / "inter" / "Inter-SemiBold.otf"
THUMB = 420  # px, the longer side of each picture


def build(tree: Path, outputs: list[str]) -> None:
    """Render `outputs` (lang/graphic/size.png) with the code of `tree`, into tree/output."""
    wanted: dict[tuple[str, str], None] = {}
    for name in outputs:
        lang, graphic, _ = name.split("/", 2)
        wanted[(lang, graphic)] = None
    env = {**os.environ, "PYTHONPATH": str(tree)}
    for lang, graphic in wanted:
        subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(tree), "build", "--lang", lang,
                        "--graphic", graphic, "--jobs", "1"], check=False, env=env, cwd=tree,
                       stdout=subprocess.DEVNULL)


def thumb(path: Path) -> Image.Image:
    image = Image.open(path).convert("RGB")
    image.thumbnail((THUMB, THUMB), Image.Resampling.LANCZOS)
    return image


def sheet(pairs: list[tuple[str, Path, Path]], before: str, out: Path) -> None:
    font = ImageFont.truetype(str(LABEL_FONT), 18)
    gap, label = 16, 30
    cell = THUMB + gap
    width = 2 * cell + gap
    height = label + sum(label + max(thumb(a).height, thumb(b).height) + gap for _, a, b in pairs)
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    draw.text((gap, 6), f"before ({before})", fill="black", font=font)
    draw.text((gap + cell, 6), "after", fill="black", font=font)
    y = label
    for name, old, new in pairs:
        draw.text((gap, y + 4), name, fill="#444444", font=font)
        a, b = thumb(old), thumb(new)
        canvas.paste(a, (gap, y + label))
        canvas.paste(b, (gap + cell, y + label))
        y += label + max(a.height, b.height) + gap
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas.quantize(256, dither=Image.Dither.NONE).save(out, optimize=True)  # a docs picture: small beats exact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the older commit (any git revision)")
    parser.add_argument("-o", "--out", type=Path, required=True, help="the PNG to write")
    parser.add_argument("outputs", nargs="+", help="outputs as lang/graphic/size.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp) / "before"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(old), args.before],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            build(old, args.outputs)
            build(ROOT, args.outputs)
            pairs = [(name, old / "output" / name, ROOT / "output" / name) for name in args.outputs]
            missing = [str(p) for _, a, b in pairs for p in (a, b) if not p.is_file()]
            if missing:
                sys.exit("not rendered: " + ", ".join(missing))
            sheet(pairs, args.before, args.out)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(old)], check=False)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
