"""Layout time per text box, per script: median and p90 over repeated runs in a warm process.

Two figures per row:
- "new text": the measurement caches and the typesetter's prepared texts are cleared before
  every call (fonts and ICU's break iterators stay loaded), the cost of laying out text the
  process has not seen, as in a build of fresh copy;
- "cached": the same text again, prepared once, as when one graphic is rendered at several
  sizes. The typesetter's layout memo is cleared before every call in both figures: they time
  laying out, not handing back a remembered copy.

Run: python benchmarks/layout_bench.py [--repeat N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.diagnostics import Diagnostics  # noqa: E402
from cfpgraphics.content.font_library import load_fonts  # noqa: E402
from cfpgraphics.text.engine import Typesetter  # noqa: E402
from cfpgraphics.text.types import Box, TextStyle  # noqa: E402

HEADLINES = {c["lang"] + ":" + c["id"]: (c["lang"], c["text"])
             for c in yaml.safe_load((ROOT / "tests/corpus/hard-cases.yaml").read_text(encoding="utf-8"))}


def timed(fn, repeat: int, faces, typesetter: Typesetter, clear: bool) -> list[float]:
    out = []
    for _ in range(repeat):
        typesetter.forget(prepared=clear)
        if clear:
            for face in faces:  # measurements live on each face (fonts stay loaded)
                face.measured.clear()
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    fonts = load_fonts(ROOT / "fonts", ROOT, Diagnostics(), AssetStore())
    headline = TextStyle(fonts.stack("display"), 96, 32, line_height=1.0)
    body = TextStyle(fonts.stack("text"), 40, 18, wrap="pretty")
    cases = []
    seen_langs = set()
    for key, (lang, text) in HEADLINES.items():
        if lang in seen_langs:
            continue
        seen_langs.add(lang)
        cases.append((lang, "headline", text, headline, Box(0, 0, 900, 500)))
        long_text = " ".join([text] * 6) if lang not in ("km", "lo", "zh-Hans") else "".join([text] * 6)
        cases.append((lang, "body", long_text, body, Box(0, 0, 900, 1400)))
    typesetter = Typesetter()
    typesetter.layout("warm up", headline, Box(0, 0, 900, 500), "en")
    print(f"{'lang':<8} {'kind':<9} {'chars':>5} {'lines':>5} {'new text ms':>16} {'cached ms':>14}")
    print(f"{'':<8} {'':<9} {'':>5} {'':>5} {'median':>8}{'p90':>8} {'median':>7}{'p90':>7}")
    medians = {"headline": [], "body": []}
    for lang, kind, text, style, box in cases:
        run = lambda: typesetter.layout(text, style, box, lang)  # noqa: E731
        for face in style.stack.for_language(lang):  # fonts loaded: a warm process
            face.shaper
        faces = style.stack.for_language(lang)
        cold = timed(run, args.repeat, faces, typesetter, clear=True)
        warm = timed(run, args.repeat, faces, typesetter, clear=False)
        lines = len(run().lines)
        p90 = lambda xs: sorted(xs)[int(0.9 * (len(xs) - 1))]  # noqa: E731
        medians[kind].append(statistics.median(cold))
        print(f"{lang:<8} {kind:<9} {len(text):>5} {lines:>5} {statistics.median(cold):>8.2f}{p90(cold):>8.2f}"
              f" {statistics.median(warm):>7.2f}{p90(warm):>7.2f}")
    for kind, values in medians.items():
        print(f"median over languages, {kind}, new text: {statistics.median(values):.2f} ms "
              f"(worst {max(values):.2f} ms)")


if __name__ == "__main__":
    main()
