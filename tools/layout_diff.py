"""Compare the text layout of every shipped output before and after an engine change.

  python tools/layout_diff.py dump before.json     # on the old tree (or an old commit's checkout)
  python tools/layout_diff.py dump after.json      # on the new tree
  python tools/layout_diff.py compare before.json after.json [--show N]

`dump` lays out every planned output (no drawing) and writes, per output and text element, the
size and each line's text, break class, width, baseline, ascent and descent. `compare` reports
texts whose size or line texts changed (exit 1 if any did: the lines a reader sees) and, apart,
the largest moves of widths and ink extents in px (shaping or ink measured another way moves
them a little; they are reported, not failed).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def dump(path: Path) -> None:
    from cfpgraphics.render.job import compose_job
    from cfpgraphics.content.diagnostics import CfpError
    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.builder.project import open_project
    from cfpgraphics.content.assets import AssetStore
    from cfpgraphics.render.scene import TextItem

    project = open_project(ROOT, AssetStore())
    out: dict[str, dict] = {}
    for job in plan_jobs(project):
        try:
            scene = compose_job(project, job)
        except CfpError as exc:
            out[job.name] = {"error": str(exc)}
            continue
        texts = {}
        for item in scene.items:
            for text in [item, *getattr(item, "texts", ())]:
                if isinstance(text, TextItem):
                    layout = text.layout
                    texts[text.element] = {"size": layout.size, "fits": layout.fits, "lines": [
                        {"text": l.text, "break": l.break_class, "width": l.width, "baseline": l.baseline,
                         "ascent": l.ascent, "descent": l.descent, "x": l.x} for l in layout.lines]}
        out[job.name] = texts
    path.write_text(json.dumps(out, ensure_ascii=False, indent=0))
    print(f"{len(out)} outputs laid out into {path}")


def compare(before_path: Path, after_path: Path, show: int) -> int:
    before, after = json.loads(before_path.read_text()), json.loads(after_path.read_text())
    changed, moves = [], {"width": [], "baseline": [], "ascent": [], "descent": [], "x": []}
    texts = 0
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old is None or new is None:
            changed.append(f"{name}: only {'after' if old is None else 'before'}")
            continue
        for element in sorted(set(old) | set(new)):
            a, b = old.get(element), new.get(element)
            texts += 1
            if not isinstance(a, dict) or not isinstance(b, dict) or "size" not in a or "size" not in b:
                if a != b:
                    changed.append(f"{name} {element}: {a!r} -> {b!r}")
                continue
            lines_a, lines_b = [l["text"] for l in a["lines"]], [l["text"] for l in b["lines"]]
            if a["size"] != b["size"] or lines_a != lines_b:
                changed.append(f"{name} {element}: {a['size']} px {lines_a} -> {b['size']} px {lines_b}")
                continue
            for la, lb in zip(a["lines"], b["lines"]):
                for key in moves:
                    moves[key].append((abs(la[key] - lb[key]), f"{name} {element} '{la['text'][:30]}'"))
    print(f"{texts} texts compared; {len(changed)} changed their size or lines")
    for line in changed[:show]:
        print("  " + line)
    for key, values in moves.items():
        if values:
            values.sort(reverse=True)
            over = sum(1 for v, _ in values if v >= 0.5)
            print(f"{key}: largest move {values[0][0]:.2f} px ({values[0][1]}); {over} of {len(values)} lines moved 0.5 px or more")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="lay out every output into a JSON file")
    d.add_argument("file", type=Path)
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=30, help="changed texts to list (default 30)")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.file)
        return 0
    return compare(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
