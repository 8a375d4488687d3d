"""Build speed, in one run:

(a) ms per image for the stat card at 1080x1080, against a naive baseline that draws the same
    card with bare Pillow calls and `Image.save` defaults (fonts loaded once for both), and
    the PNG sizes of each;
(b) a full build of the whole campaign (a temp copy of the project, empty output/);
(c) a no-op rebuild (nothing changed);
(d) a one-file change (one translation edited): time and how many outputs re-rendered.

Run: python benchmarks/build_bench.py [--repeat N] [--jobs N]
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from cfpgraphics.build import BuildOptions, build, default_jobs, render_scene  # noqa: E402
from cfpgraphics.output import encode_png  # noqa: E402
from cfpgraphics.plan import plan_jobs  # noqa: E402
from cfpgraphics.project import load_project  # noqa: E402
from cfpgraphics.sizes import PRESETS  # noqa: E402

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
        image, _ = render_scene(project, "stat", STAT, "en", size)
        return encode_png(image, project.assets)

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


def timed_build(root: Path, jobs: int) -> tuple[float, object]:
    t0 = time.perf_counter()
    project = load_project(root)
    report = build(project, plan_jobs(project), BuildOptions(jobs=jobs))
    return time.perf_counter() - t0, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=default_jobs())
    args = parser.parse_args()
    bench_card(load_project(ROOT), args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        root.mkdir()
        for folder in ("brand", "templates", "content", "fonts"):
            (root / folder).symlink_to(ROOT / folder) if folder == "fonts" else shutil.copytree(ROOT / folder, root / folder)
        seconds, report = timed_build(root, args.jobs)
        n = report.count("rendered")
        print(f"(b) full build: {n} images in {seconds:.2f} s with {args.jobs} workers "
              f"({seconds / max(n, 1) * 1000:.0f} ms/image wall), {report.count('failed')} failed")
        seconds, report = timed_build(root, args.jobs)
        print(f"(c) no-op rebuild: {seconds:.2f} s, {report.count('rendered')} rendered, "
              f"{report.count('skipped')} unchanged (target < 1 s)")
        translation = sorted(p for p in (root / "content").glob("*/*.yaml") if p.name not in ("graphic.yaml", "en.yaml"))
        target = translation[0] if translation else root / "content/chicago-gang-database/en.yaml"
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        # change one value (not a comment), so that language's outputs really change
        index = next(i for i, line in enumerate(lines)
                     if ":" in line and not line.startswith(("#", "status", "source_hash", " ", "-")) and line.rstrip().endswith('"'))
        lines[index] = lines[index].rstrip()[:-1] + ' ·"\n'
        target.write_text("".join(lines), encoding="utf-8")
        seconds, report = timed_build(root, args.jobs)
        print(f"(d) one file changed ({target.relative_to(root)}): {seconds:.2f} s, "
              f"{report.count('rendered')} rendered, {report.count('skipped')} unchanged")


if __name__ == "__main__":
    main()
