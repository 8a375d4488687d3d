"""How fast a 1080x1920 story clip renders (issue #26): frames a second, and the split between
drawing the frames (frames.py) and encoding them (video.py). Not a timed test: the goal is a
6 s clip in no more than 6 s of wall time on a 2-core machine (faster than real time).

    python benchmarks/motion_bench.py                  # the stat story, English, MP4
    python benchmarks/motion_bench.py --lang km --format webp-anim --runs 3

Wall time depends on what else the machine runs: it prints the load average and the process's
CPU time beside it.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.sizes import PRESETS
from cfpgraphics.render.backends import backend
from cfpgraphics.render.clip import scene_clips
from cfpgraphics.render.compose import compose
from cfpgraphics.render.video import EncodeTimer

ROOT = Path(__file__).resolve().parent.parent
STAT = {"kicker": "Chicago", "stat": "95%",
        "statement": "of people on Chicago's gang database were **Black and Latinx**",
        "source": "Source: a study cited in the Collective Freedom Project launch"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--format", default="mp4", choices=["mp4", "webp-anim"])
    parser.add_argument("--runs", type=int, default=2, help="the first run also warms the glyph cache")
    args = parser.parse_args()
    project = open_project(ROOT, AssetStore())
    template = project.templates["stat"]
    values = project.graphics["chicago-gang-database"].translations[args.lang].values if args.lang != "en" else STAT
    for run in range(args.runs):
        wall, cpu = time.perf_counter(), time.process_time()
        scene = compose(project.brand, project.fonts, project.assets, template, values, args.lang, PRESETS["story"])
        clips = scene_clips(template, [scene], args.lang)
        laid_out = time.perf_counter() - wall
        timer, drawers = EncodeTimer(), []
        data = backend(args.format).encode(clips, project.fonts.faces, project.assets, timer=timer,
                                           drawer_out=drawers)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        drawer = drawers[0]
        frames, seconds = drawer.frame_count, drawer.frame_count / 30
        print(f"run {run + 1}: {frames} frames ({seconds:.1f} s clip, 1080x1920, {args.format}, {args.lang}) in "
              f"{wall:.2f} s wall = {frames / wall:.1f} fps ({seconds / wall:.2f}x real time); "
              f"layout {laid_out:.2f} s, drawing {drawer.draw_seconds:.2f} s, encoding {timer.seconds:.2f} s; "
              f"CPU {cpu:.2f} s; {len(data) // 1024} KiB; load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
