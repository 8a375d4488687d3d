"""Clips for Stories and Reels (issue #26), checked with real tools: Debian's ffprobe/ffmpeg
read and decode the MP4s (skipped, with the reason, where they are missing), Pillow reads the
animated WebPs. The clip's last frame is compared with the still PNG of the same graphic, and
the frame where the figure finishes counting with the still's figure.

Bounds (stated once): the MP4 is lossy H.264 in yuv420p (colour at half resolution), so a
decoded frame differs from the lossless still most at coloured type's edges. Over the whole
frame the mean absolute difference per channel must be under LAST_FRAME_MAD (the campaign's
story clips measured 1.4-1.9 for MP4, 1.4-1.6 for WebP, the draft band's small type the
worst), and in the figure's box under FIGURE_MAD: a wrong digit there differs by 20 and more.
"""
from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.content.sizes import PRESETS
from cfpgraphics.builder.project import open_project
from cfpgraphics.render.clip import scene_clips
from cfpgraphics.render.compose import compose
from cfpgraphics.render.frames import ClipDrawer, counted_item, find_figure, text_part
from cfpgraphics.render.motion import POSTER_FRAMES, motion_for, timeline, word_spans

ROOT = Path(__file__).resolve().parent.parent
LAST_FRAME_MAD = 2.0
FIGURE_MAD = 4.0
STAT = {"kicker": "Chicago", "stat": "95%",
        "statement": "of people on Chicago's gang database were **Black and Latinx**",
        "source": "Source: a study cited in the Collective Freedom Project launch"}

needs_ffprobe = pytest.mark.skipif(shutil.which("ffprobe") is None or shutil.which("ffmpeg") is None,
                                   reason="Debian's ffmpeg (ffprobe) is not installed: apt-get install ffmpeg")


def cli(*args, cwd=ROOT, check=True):
    result = subprocess.run([sys.executable, "-m", "cfpgraphics", *args], cwd=cwd, capture_output=True, text=True,
                            timeout=600)
    if check:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def ffprobe(path: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-show_streams", "-show_format", "-of", "json",
                          str(path)], capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


def decoded_frame(path: Path, index: int, size) -> np.ndarray:
    """Frame `index` decoded by Debian's ffmpeg, as RGB (BT.709, as the stream is tagged)."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-vf", f"select=eq(n\\,{index})",
                          "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         capture_output=True, check=True, timeout=120).stdout
    return np.frombuffer(raw, np.uint8).reshape(size[1], size[0], 3)


@pytest.fixture(scope="module")
def project():
    return open_project(ROOT, AssetStore())


@pytest.fixture(scope="module")
def stat_clip(tmp_path_factory):
    out = tmp_path_factory.mktemp("clip")
    sets = [a for k, v in STAT.items() for a in ("--set", f"{k}={v}")]
    cli("render", "stat", "--size", "story", "--lang", "en", *sets, "-o", str(out / "stat.png"))
    cli("render", "stat", "--size", "story", "--lang", "en", *sets, "-o", str(out / "stat.mp4"))
    cli("render", "stat", "--size", "story", "--lang", "en", *sets, "-o", str(out / "again.mp4"))
    cli("render", "stat", "--size", "story", "--lang", "en", *sets, "--format", "webp-anim",
        "-o", str(out / "stat.anim.webp"))
    return out


# --- the motion model ----------------------------------------------------------------------

def test_motion_mistakes_are_told_at_their_line(make_project):
    stat = (ROOT / "templates" / "stat.yaml").read_text(encoding="utf-8")
    root = make_project({"templates/stat.yaml": stat + "\nmotion:\n  stat: {enter: spin}\n  logo: {enter: count}\n"
                         "  statement: {enter: lines, duration: -1}\n  nothing: {enter: appear}\n  hold: 0.5\n"})
    result = cli("--project", str(root), "check", check=False)
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    lines = len(stat.splitlines())
    assert f"templates/stat.yaml:{lines + 3}:" in text and "'stat' cannot enter by 'spin'" in text
    assert "'logo' is a logo element: `enter: count` is for text elements" in text
    assert "`duration: -1` of 'statement' must be seconds" in text
    assert "motion names unknown element 'nothing'" in text
    assert "`hold: 0.5` must be seconds from 2" in text


def test_the_stat_default_counts_then_brings_the_lines(project):
    template = project.templates["stat"]
    scene = compose(project.brand, project.fonts, project.assets, template, STAT, "en", PRESETS["story"])
    tl = timeline(motion_for(template), scene, "en")
    t = tl.tracks
    assert t["kicker"].start == 0 and t["kicker"].duration == 0  # the first frame shows the kicker
    assert t["stat"].enter == "count" and t["chart"].enter == "fill"
    assert (t["chart"].start, t["chart"].duration) == (t["stat"].start, t["stat"].duration)
    assert t["statement"].enter == "lines" and t["statement"].start >= t["stat"].end
    assert t["statement"].units == len(scene.layouts["statement"].lines) > 1
    assert t["source"].start >= t["statement"].end and t["logo"].start == t["source"].start
    assert tl.seconds >= tl.length + 2  # holds the still at least 2 s


@pytest.mark.parametrize("text, steps", [("95%", ["0%", "48%", "95%"]), ("٩٥٪", ["٠٪", "٤٨٪", "٩٥٪"]),
                                         ("៩៥%", ["០%", "៤៨%", "៩៥%"]), ("1,200", ["0", "600", "1,200"]),
                                         ("3.5x", ["0.0x", "1.8x", "3.5x"])])
def test_the_figure_counts_in_its_own_digits(text, steps):
    figure = find_figure(text)
    assert [figure.text(text, v) for v in (0, figure.value * 0.5 + 0.01, figure.value)] == steps


@pytest.mark.parametrize("lang, text", [
    ("km", "ការបញ្ចប់ការចាប់ខ្លួនដ៏ធំនៅក្នុងសហគមន៍របស់យើង"),
    ("vi", "Chấm dứt việc bắt giữ hàng loạt trong cộng đồng của chúng ta"),
    ("ar", "إنهاء الاحتجاز الجماعي في مجتمعاتنا"),
])
def test_words_keep_every_cluster_whole(project, lang, text):
    """Word by word: every glyph is in exactly one word, and the glyphs of a cluster (a Khmer
    stack, a base and its marks, an Arabic ligature) are always in the same word."""
    template = project.templates["quote"]
    scene = compose(project.brand, project.fonts, project.assets, template,
                    {"quote": text, "attribution": "X"}, lang, PRESETS["story"])
    item = next(i for i in scene.items if i.element == "quote")
    spans = word_spans(item.layout.text, lang)
    assert len(spans) > 2
    assert spans[0][0] == 0 and spans[-1][1] == len(item.layout.text)

    def owner(c):
        return next(n for n, (a, b) in enumerate(spans) if a <= c < b)
    seen: dict[tuple, int] = {}
    for n in range(len(spans)):
        part = text_part(item, lambda li, c, keep=n: owner(c) == keep)
        for li, line in enumerate(part.layout.lines):
            for ri, run in enumerate(line.runs):
                for c in run.glyphs.clusters:
                    assert seen.setdefault((li, ri, run.start + c), n) == n, "a cluster was cut between words"
    every = {(li, ri, run.start + c) for li, line in enumerate(item.layout.lines)
             for ri, run in enumerate(line.runs) for c in run.glyphs.clusters}
    assert set(seen) == every


def test_a_counted_figure_keeps_its_start_edge(project):
    """The count is shaped again per value but keeps the line's start edge (the right edge in
    Arabic), its baseline and its size: nothing moves as it counts."""
    for lang, side in (("en", "left"), ("ar", "right")):
        scene = compose(project.brand, project.fonts, project.assets, project.templates["stat"], STAT, lang,
                        PRESETS["story"])
        item = next(i for i in scene.items if i.element == "stat")
        line = item.layout.lines[0]
        counted = counted_item(item, find_figure(item.layout.text).text(item.layout.text, 7), project.fonts.faces)
        new = counted.layout.lines[0]
        assert new.baseline == line.baseline and counted.layout.size == item.layout.size
        assert new.width < line.width
        edge = (lambda l: l.x) if side == "left" else (lambda l: l.x + l.width)
        assert abs(edge(new) - edge(line)) < 0.01


# --- the files, checked by ffprobe / ffmpeg / Pillow ------------------------------------

@needs_ffprobe
def test_the_mp4_is_what_it_declares(stat_clip, project):
    info = ffprobe(stat_clip / "stat.mp4")
    [stream] = info["streams"]  # silent: no audio stream
    assert (stream["codec_name"], stream["profile"], stream["pix_fmt"]) == ("h264", "High", "yuv420p")
    assert (stream["width"], stream["height"]) == (1080, 1920)
    assert stream["r_frame_rate"] == "30/1" and stream["avg_frame_rate"] == "30/1"
    template = project.templates["stat"]
    scene = compose(project.brand, project.fonts, project.assets, template, STAT, "en", PRESETS["story"])
    [clip] = scene_clips(template, [scene], "en")
    frames = POSTER_FRAMES + round(clip.seconds * 30)
    assert int(stream["nb_read_frames"]) == frames
    assert float(info["format"]["duration"]) == pytest.approx(frames / 30, abs=0.04)
    assert clip.seconds >= 5.5
    tags = info["format"].get("tags", {})
    assert "creation_time" not in tags and "creation_time" not in stream.get("tags", {})
    head = (stat_clip / "stat.mp4").read_bytes()[:64]
    assert head.index(b"moov") < 64 or b"mdat" not in head  # faststart: the index before the media


@needs_ffprobe
def test_the_clip_opens_on_the_still_as_its_poster_and_ends_on_it(stat_clip):
    """Frame 0 is the poster a feed or a paused player shows: the finished graphic, not a bar on
    an empty ground. The animation starts from the next frame, and the clip ends on the still."""
    still = np.asarray(Image.open(stat_clip / "stat.png").convert("RGB")).astype(np.int16)
    info = ffprobe(stat_clip / "stat.mp4")
    n = int(info["streams"][0]["nb_read_frames"])
    last = decoded_frame(stat_clip / "stat.mp4", n - 1, (1080, 1920)).astype(np.int16)
    assert np.abs(last - still).mean() < LAST_FRAME_MAD
    poster = decoded_frame(stat_clip / "stat.mp4", 0, (1080, 1920)).astype(np.int16)
    assert np.abs(poster - still).mean() < LAST_FRAME_MAD
    start = decoded_frame(stat_clip / "stat.mp4", POSTER_FRAMES, (1080, 1920)).astype(np.int16)
    assert np.abs(start - still).mean() > 4 * LAST_FRAME_MAD  # the figure and the words are still to come
    ground = start[1900, 540]
    assert (np.abs(start - ground).sum(axis=2) > 60).sum() > 500  # the bar and the kicker are there


@needs_ffprobe
def test_the_figure_is_exact_where_it_stops_counting(stat_clip, project):
    template = project.templates["stat"]
    scene = compose(project.brand, project.fonts, project.assets, template, STAT, "en", PRESETS["story"])
    tl = timeline(motion_for(template), scene, "en")
    done = POSTER_FRAMES + int(np.ceil(tl.tracks["stat"].end * 30))
    box = scene.boxes()["stat"]
    y0, y1, x0, x1 = int(box.y) - 4, int(box.bottom) + 4, int(box.x) - 4, int(box.right) + 4
    still = np.asarray(Image.open(stat_clip / "stat.png").convert("RGB")).astype(np.int16)[y0:y1, x0:x1]
    at = decoded_frame(stat_clip / "stat.mp4", done, (1080, 1920)).astype(np.int16)[y0:y1, x0:x1]
    assert np.abs(at - still).mean() < FIGURE_MAD
    before = decoded_frame(stat_clip / "stat.mp4", done - 12, (1080, 1920)).astype(np.int16)[y0:y1, x0:x1]
    assert np.abs(before - still).mean() > 2 * FIGURE_MAD  # still counting 0.4 s earlier


def test_the_same_inputs_give_the_same_bytes(stat_clip):
    assert (stat_clip / "stat.mp4").read_bytes() == (stat_clip / "again.mp4").read_bytes()
    assert (stat_clip / "stat.mp4.alt.txt").read_text(encoding="utf-8").startswith("95%") or \
        "95%" in (stat_clip / "stat.mp4.alt.txt").read_text(encoding="utf-8")


def test_the_animated_webp_loops_and_ends_on_the_still(stat_clip):
    with Image.open(stat_clip / "stat.anim.webp") as im:
        assert im.is_animated and im.info.get("loop", 0) == 0 and im.size == (1080, 1920)
        total = 0
        for i in range(im.n_frames):
            im.seek(i)
            im.load()  # a frame's duration is known once it is decoded
            total += im.info["duration"]
        last = np.asarray(im.convert("RGB")).astype(np.int16)
    assert total >= 5500
    still = np.asarray(Image.open(stat_clip / "stat.png").convert("RGB")).astype(np.int16)
    assert np.abs(last - still).mean() < LAST_FRAME_MAD


@needs_ffprobe
def test_nothing_flashes(stat_clip):
    """WCAG 2.3.1: no more than three flashes in any second. A flash is a pair of opposing
    changes in relative luminance of 10% or more; every cell of a 4 x 8 grid (each larger than
    the 'small area' WCAG exempts on a phone) is followed through the clip."""
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(stat_clip / "stat.mp4"), "-vf", "scale=4:8:flags=area",
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"], capture_output=True, check=True).stdout
    frames = np.frombuffer(raw, np.uint8).reshape(-1, 8, 4, 3) / 255.0
    lin = np.where(frames <= 0.04045, frames / 12.92, ((frames + 0.055) / 1.055) ** 2.4)
    lum = lin @ np.array([0.2126, 0.7152, 0.0722])
    for cell in lum.reshape(len(lum), -1).T:
        turns, direction, anchor = [], 0, cell[0]
        for i, value in enumerate(cell):
            if abs(value - anchor) >= 0.1:
                d = 1 if value > anchor else -1
                if d != direction:
                    turns.append(i)
                    direction = d
                anchor = value
        flashes = [t for t in turns[1:]]  # each change after the first makes a pair with the one before
        for t in flashes:
            assert sum(t <= u < t + 30 for u in flashes) <= 3


def test_build_makes_clips_incrementally_with_alt_text_and_gallery(make_project, tmp_path):
    """`build --format mp4 --format webp-anim`: a clip per story size, recorded in the manifest
    (a second build renders nothing), an alt text beside each, a playing preview in the gallery,
    the same bytes again with --force; a graphic's `formats:` asks for them too."""
    root = make_project({}, with_content=True)
    args = ("--project", str(root), "build", "--graphic", "chicago-gang-database", "--lang", "km", "--size", "story",
            "--format", "mp4", "--format", "webp-anim", "-j", "2")
    first = cli(*args)
    assert "2 rendered" in first.stdout
    clip = root / "output/km/chicago-gang-database/story.mp4"
    webp = root / "output/km/chicago-gang-database/story.anim.webp"
    assert clip.is_file() and webp.is_file()
    assert (root / "output/km/chicago-gang-database/story.mp4.alt.txt").read_text(encoding="utf-8").strip()
    assert not (root / "output/km/chicago-gang-database/story.png").exists()  # only what was asked
    page = (root / "output/index.html").read_text(encoding="utf-8")
    assert '<video src="km/chicago-gang-database/story.mp4"' in page and "story.anim.webp" in page
    data = clip.read_bytes(), webp.read_bytes()
    again = cli(*args, "--explain")
    assert "0 rendered, 2 unchanged" in again.stdout
    cli(*args, "--force")
    assert (clip.read_bytes(), webp.read_bytes()) == data
    (root / "content/chicago-gang-database/graphic.yaml").write_text(
        "template: stat\nsizes: [story]\nformats: [png, mp4]\n", encoding="utf-8")
    listed = cli("--project", str(root), "build", "--graphic", "chicago-gang-database", "--lang", "km", "-j", "2")
    assert "1 rendered, 1 unchanged" in listed.stdout  # the still is new; the MP4 is as it was


def test_a_carousel_page_fades_to_its_furniture_not_a_bare_ground(project):
    """Between a carousel's pages the words fade out; the draft band and the logo, there on
    every page, stay put instead of blinking out and back."""
    from cfpgraphics.builder.plan import plan_jobs
    from cfpgraphics.render.clip import job_scenes

    [job] = [j for j in plan_jobs(project, graphics=["four-places"], langs=["km"], sizes=["story"],
                                  formats=("mp4",))]
    template = project.templates[job.template]
    scenes = job_scenes(project, job)[:2]
    clips = scene_clips(template, scenes, "km")
    assert not clips[0].last and "draft-band" in {i.element for i in scenes[0].items}
    logo, words = scenes[0].boxes()["logo"], scenes[0].boxes()["title"]
    drawer = ClipDrawer(clips, project.fonts.faces, project.assets)
    n = POSTER_FRAMES + round(clips[0].seconds * 30)
    frames = [f.astype(np.int16) for f, _ in itertools.islice(drawer.frames(), n)]

    def part(frame, box, pad=4):
        return frame[int(box.y) - pad:int(box.bottom) + pad, int(box.x) - pad:int(box.right) + pad]

    band = scenes[0].boxes()["draft-band"]
    for frame in frames[-9:]:  # the fade, to its last frame
        assert np.array_equal(part(frame, logo), part(frames[-1], logo))
        assert np.array_equal(part(frame, band, 0), part(frames[POSTER_FRAMES], band, 0))
    assert np.abs(part(frames[-1], words) - part(frames[-12], words)).mean() > 10, "the words fade out"
