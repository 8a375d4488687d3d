"""Build speed, in one run:

(a) ms per image for the stat card at 1080x1080, against a naive baseline that draws the same
    card with bare Pillow calls and `Image.save` defaults (fonts loaded once for both), and
    the PNG sizes of each;
(b) a full build of the whole campaign (a temp copy of the project, empty output/);
(c) a no-op rebuild (nothing changed);
(d) a one-file change (one translation edited): time and how many outputs re-rendered;
(e) a synthetic campaign --scale times larger (default 10: 8,400 outputs), generated into a temp
    folder as copies of every graphic under new names: its full build and its no-op rebuild.

Each build runs in a fresh process (load + plan + build timed inside it, as `cfpgraphics build`
spends them), which reports its peak memory and its workers' (the largest worker's peak RSS,
from getrusage: forked workers share the loaded project with the main process).

Run: python benchmarks/build_bench.py [--repeat N] [--jobs N] [--scale N]   (--scale 0: skip (e))
"""
from __future__ import annotations

import argparse
import io
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from cfpgraphics.builder.runner import default_jobs, render_canvas  # noqa: E402
from cfpgraphics.builder.project import open_project  # noqa: E402
from cfpgraphics.content.assets import AssetStore  # noqa: E402
from cfpgraphics.content.sizes import PRESETS  # noqa: E402
from shared_bench import forget_text  # noqa: E402  (benchmarks/ is on the path: scripts run from it)

STAT = {"kicker": "Chicago", "stat": "95%",
        "statement": "of people on Chicago’s gang database were **Black and Latinx**",
        "source": "Source: a study cited in the Collective Freedom Project launch"}


def naive_card() -> bytes:
    """What a script without this tool would do: fixed positions, hand-wrapped lines."""
    image = Image.new("RGB", (1080, 1080), "#2B1E5C")
    draw = ImageDraw.Draw(image)
    draw.rectangle([81, 81, 163, 91], fill="#FFB81C")
    draw.text((81, 130), "CHICAGO", font=NAIVE["label34"], fill="#FFB81C")
    draw.text((81, 490), "95%", font=NAIVE["display"], fill="#FFB81C", anchor="ls")
    y = 600
    for line in ("of people on Chicago’s", "gang database were", "Black and Latinx"):
        draw.text((81, y), line, font=NAIVE["text"], fill="#FFF8EC", anchor="ls")
        y += 78
    draw.text((81, 830), STAT["source"], font=NAIVE["label26"], fill="#CFC8EE", anchor="ls")
    logo = NAIVE["logo"].resize((370, 102), Image.Resampling.LANCZOS)
    image.paste(logo, (81, 900), logo)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


NAIVE = {}


def bench_card(project, repeat: int) -> None:
    NAIVE.update({
        "display": ImageFont.truetype(str(ROOT / "fonts/league-spartan/LeagueSpartan-Black.otf"), 340),
        "text": ImageFont.truetype(str(ROOT / "fonts/inter/Inter-SemiBold.otf"), 64),
        "label34": ImageFont.truetype(str(ROOT / "fonts/inter/Inter-Medium.otf"), 34),
        "label26": ImageFont.truetype(str(ROOT / "fonts/inter/Inter-Medium.otf"), 26),
        "logo": Image.open(ROOT / "brand/logo/wordmark-on-dark.png").convert("RGBA"),
    })
    size = PRESETS["instagram-square"]

    def ours() -> bytes:
        forget_text(project, cold=False)  # laid out each time, as the naive card is
        canvas, _ = render_canvas(project, "stat", STAT, "en", size)
        return canvas.encode()

    results = {}
    for name, fn in (("cfpgraphics", ours), ("naive Pillow", naive_card)):
        fn()  # warm
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            data = fn()
            times.append((time.perf_counter() - t0) * 1000)
        results[name] = (statistics.median(times), len(data))
    print("(a) stat card 1080x1080, warm process, median of", repeat)
    for name, (ms, size_bytes) in results.items():
        print(f"    {name:<13} {ms:7.1f} ms/image   {size_bytes / 1024:7.1f} KiB")
    ratio = results["cfpgraphics"][0] / results["naive Pillow"][0]
    print(f"    time ratio {ratio:.2f} (target <= 0.5); size ratio "
          f"{results['cfpgraphics'][1] / results['naive Pillow'][1]:.2f} (target <= 1)")


BUILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
t0 = time.perf_counter()
from pathlib import Path
from cfpgraphics.builder.runner import BuildOptions, build
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
project = open_project(Path(sys.argv[2]), AssetStore())
report = build(project, plan_jobs(project), BuildOptions(jobs=int(sys.argv[3])))
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "rendered": report.count("rendered"), "skipped": report.count("skipped"),
                  "failed": report.count("failed"),
                  "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def timed_build(root: Path, jobs: int) -> dict:
    """One `build` in a fresh process: seconds, counts, peak memory (MB) of it and its workers."""
    run = subprocess.run([sys.executable, "-c", BUILD, str(ROOT), str(root), str(jobs)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"build failed: {run.stderr[-2000:]}")
    return json.loads(run.stdout.strip().splitlines()[-1])


def memory(result: dict, jobs: int) -> str:
    workers = f", peak per worker {result['worker_mb']:.0f} MB" if jobs > 1 else ""
    return f"peak main {result['main_mb']:.0f} MB{workers}"


def make_project(root: Path, scale: int = 1) -> None:
    """A temp copy of the project; with scale > 1 every graphic also copied scale-1 times under
    new names (so outputs, manifest entries and files are `scale` times as many)."""
    root.mkdir()
    for folder in ("brand", "templates", "fonts"):
        (root / folder).symlink_to(ROOT / folder) if folder == "fonts" else shutil.copytree(ROOT / folder, root / folder)
    shutil.copytree(ROOT / "content", root / "content")
    for graphic in sorted(p for p in (root / "content").iterdir() if p.is_dir()):
        for k in range(2, scale + 1):
            shutil.copytree(graphic, graphic.with_name(f"{graphic.name}-{k}"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--scale", type=int, default=10, help="size of the synthetic campaign (e), 0 to skip")
    args = parser.parse_args()
    bench_card(open_project(ROOT, AssetStore()), args.repeat)
    jobs = args.jobs
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        make_project(root)
        full = timed_build(root, jobs)
        n = full["rendered"]
        print(f"(b) full build: {n} images in {full['seconds']:.2f} s with {jobs} workers "
              f"({full['seconds'] / max(n, 1) * 1000:.0f} ms/image wall), {full['failed']} failed; {memory(full, jobs)}")
        result = timed_build(root, jobs)
        print(f"(c) no-op rebuild: {result['seconds']:.2f} s, {result['rendered']} rendered, "
              f"{result['skipped']} unchanged; {memory(result, jobs)}")
        translation = sorted(p for p in (root / "content").glob("*/*.yaml") if p.name not in ("graphic.yaml", "en.yaml"))
        target = translation[0] if translation else root / "content/chicago-gang-database/en.yaml"
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        # change one value (not a comment), so that language's outputs really change
        index = next(i for i, line in enumerate(lines)
                     if ":" in line and not line.startswith(("#", "status", "source_hash", " ", "-")) and line.rstrip().endswith('"'))
        lines[index] = lines[index].rstrip()[:-1] + ' ·"\n'
        target.write_text("".join(lines), encoding="utf-8")
        result = timed_build(root, jobs)
        print(f"(d) one file changed ({target.relative_to(root)}): {result['seconds']:.2f} s, "
              f"{result['rendered']} rendered, {result['skipped']} unchanged; {memory(result, jobs)}")
    if args.scale > 1:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "project"
            make_project(root, args.scale)
            big = timed_build(root, jobs)
            n = big["rendered"]
            print(f"(e) {args.scale}x campaign, full build: {n} images in {big['seconds']:.2f} s "
                  f"({big['seconds'] / full['seconds']:.1f}x the 1x build), {big['failed']} failed; {memory(big, jobs)}")
            result = timed_build(root, jobs)
            print(f"    {args.scale}x campaign, no-op rebuild: {result['seconds']:.2f} s, {result['skipped']} unchanged; "
                  f"{memory(result, jobs)}")


if __name__ == "__main__":
    main()
