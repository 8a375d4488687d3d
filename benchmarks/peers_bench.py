"""Our stat card against the peer renderers, in one run on the same six cards.

The cards are ../shared/bench/cards.json (the gang-database stat in en, es, vi, km, ar, zh),
rendered through our `stat` template at 1080x1080 (layout, drawing and PNG encoding, warm, one
process: fonts loaded and each card's text prepared once, as a build prepares a text once for
all its sizes, but laid out afresh each time; "cold text" also prepares it each time), then by Takumi and satori + resvg through ../shared/bench (set up by its setup.sh,
which needs node and npm). Prints ms/image and KiB for each, and last `ratio to Takumi: X.XX`
(ours / theirs). The machine is shared: compare the ratio, not the absolute times.

Run: python benchmarks/peers_bench.py [--repeat N] [--rounds N] [--no-peers]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


from shared_bench import SHARED, forget_text  # noqa: E402  (benchmarks/ is on the path: scripts run from it)
sys.path.insert(0, str(ROOT))

from cfpgraphics.builder.runner import render_canvas  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.sizes import PRESETS  # noqa: E402

LANG = {"zh": "zh-Hans"}  # the cards' tags -> ours


def ours(repeat: int, out: Path, cold: bool = False) -> dict:
    cards = json.loads((SHARED / "cards.json").read_text(encoding="utf-8"))
    project = open_project(ROOT, AssetStore())
    size = PRESETS["instagram-square"]
    by_lang, sizes = {}, []
    for tag, card in cards.items():
        lang = LANG.get(tag, tag)
        values = {"stat": card["stat"], "statement": card["text"], "source": card["source"]}
        canvas, scene = render_canvas(project, "stat", values, lang, size)  # warm-up, kept for eyes
        data = canvas.encode()
        (out / f"cfpgraphics-{tag}.png").write_bytes(data)
        sizes.append(len(data) / 1024)
        assert not scene.diagnostics, [str(d) for d in scene.diagnostics]
        times = []
        for _ in range(repeat):
            forget_text(project, cold)
            start = time.perf_counter()
            canvas, _ = render_canvas(project, "stat", values, lang, size)
            canvas.encode()
            times.append((time.perf_counter() - start) * 1000)
        by_lang[tag] = statistics.median(times)
    return {"peer": "cfpgraphics" + (" (cold text)" if cold else ""), "ms_per_image": statistics.mean(by_lang.values()), "by_lang": by_lang,
            "kib": statistics.mean(sizes)}


def peers(repeat: int, out: Path) -> list[dict]:
    if shutil.which("node") is None:
        print("peers: skipped (no node on this machine)")
        return []
    setup = subprocess.run(["bash", str(SHARED / "setup.sh")], capture_output=True, text=True)
    if setup.returncode != 0:
        print(f"peers: skipped (setup.sh failed: {setup.stderr.strip()[-300:]})")
        return []
    cache = Path(setup.stdout.strip().splitlines()[-1])
    run = subprocess.run(["node", str(cache / "peers.mjs"), str(out), str(repeat), "takumi,satori"],
                         capture_output=True, text=True, env={**os.environ})
    results = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    if run.returncode != 0 or not results:
        print(f"peers: failed ({run.stderr.strip()[-300:]})")
    for result in results:
        files = sorted(out.glob(f"{result['peer']}-*.png"))
        result["kib"] = statistics.mean(f.stat().st_size / 1024 for f in files) if files else float("nan")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="renders per card and peer in a round (default 20)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="rounds of ours then the peers (default 3): load that comes and goes on a "
                             "shared machine falls on both; the ratio is the median of the rounds'")
    parser.add_argument("--no-peers", action="store_true", help="only our own figures")
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="peers-"))
    rounds = []
    for number in range(args.rounds):
        rows = [ours(args.repeat, out), ours(args.repeat, out, cold=True)]
        if not args.no_peers:
            rows += peers(args.repeat, out)
        rounds.append(rows)
        takumi = next((r for r in rows if r["peer"] == "takumi"), None)
        if takumi:
            print(f"round {number + 1}: cold text, ratio to Takumi: {rows[1]['ms_per_image'] / takumi['ms_per_image']:.2f}; "
                  f"warm: {rows[0]['ms_per_image'] / takumi['ms_per_image']:.2f}")
    print(f"{'renderer':<26} {'ms/image':>9} {'KiB':>7}   by language (ms, median of the rounds)")
    for i, row in enumerate(rounds[0]):
        same = [r[i] for r in rounds if len(r) > i]
        langs = " ".join(f"{k} {statistics.median(r['by_lang'][k] for r in same):.1f}" for k in row["by_lang"])
        ms = statistics.median(r["ms_per_image"] for r in same)
        print(f"{row['peer']:<26} {ms:>9.1f} {row['kib']:>7.1f}   {langs}")
    print(f"images for eyes: {out}")
    if all(any(r["peer"] == "takumi" for r in rows) for rows in rounds):
        ratios = [(rows[1]["ms_per_image"] / t, rows[0]["ms_per_image"] / t)
                  for rows in rounds for t in [next(r["ms_per_image"] for r in rows if r["peer"] == "takumi")]]
        print(f"cold text, ratio to Takumi: {statistics.median(c for c, _ in ratios):.2f}")
        print(f"ratio to Takumi: {statistics.median(w for _, w in ratios):.2f}")


if __name__ == "__main__":
    main()
