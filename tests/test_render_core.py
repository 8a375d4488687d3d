"""The render core's promises: no stale assets, `check` sees exactly what `build` sees, and a
broken font configuration is a located diagnostic, never a traceback."""
from __future__ import annotations

import re

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageOps

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.builder.runner import BuildOptions, build
from cfpgraphics.builder.check import check_project
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.builder.watch import watch

ROOT = Path(__file__).resolve().parent.parent

STAT = "template: stat\nsizes: [instagram-square]\n"
STAT_EN = 'stat: "95%"\nstatement: "of people on the database were **Black and Latinx**"\n'
ANNOUNCEMENT = "template: announcement\nsizes: [link-card]\n"
ANNOUNCEMENT_EN = 'headline: "Launch"\nsubline: "Sub"\ncta: "Watch"\nphoto: photos/a.png\n'


def own_fonts(root: Path, fonts_yaml: str | None = None) -> None:
    """Replace the project's symlinked fonts/ by a folder of its own: League Spartan copied (so
    a test can replace it in place), the other font folders linked, fonts.yaml optionally new."""
    (root / "fonts").unlink()
    (root / "fonts").mkdir()
    for entry in (ROOT / "fonts").iterdir():
        if entry.name == "league-spartan":
            shutil.copytree(entry, root / "fonts" / entry.name)
        elif entry.name != "fonts.yaml":
            (root / "fonts" / entry.name).symlink_to(entry)
    text = fonts_yaml if fonts_yaml is not None else (ROOT / "fonts/fonts.yaml").read_text(encoding="utf-8")
    (root / "fonts/fonts.yaml").write_text(text, encoding="utf-8")


def pixels(path: Path) -> bytes:
    with Image.open(path) as img:
        return img.convert("RGB").tobytes()


def build_all(root: Path, assets: AssetStore):
    project = open_project(root, assets)
    report = build(project, plan_jobs(project), BuildOptions(jobs=1))
    assert report.ok, [str(p) for p in report.problems] + [r.error for r in report.results if r.error]
    return report


def fresh_render(root: Path, rel: str, tmp: Path) -> bytes:
    """What a brand-new process (an empty asset store) draws for the same output."""
    other = tmp / "fresh"
    shutil.rmtree(other, ignore_errors=True)
    shutil.copytree(root, other, symlinks=True, ignore=shutil.ignore_patterns("output"))
    build_all(other, AssetStore())
    return pixels(other / "output" / rel)


def replace_logo(root: Path) -> None:
    logo = root / "brand/logo/wordmark-on-dark.png"
    with Image.open(logo) as img:
        rgba = img.convert("RGBA")
    r, g, b, a = rgba.split()
    swapped = Image.merge("RGBA", (ImageOps.invert(r), b, g, a))  # same shape, other colours
    swapped.save(logo)


def replace_font(root: Path) -> None:
    """League Spartan Black replaced in place by the Bold cut: other glyphs, same path."""
    black = root / "fonts/league-spartan/LeagueSpartan-Black.otf"
    black.write_bytes((root / "fonts/league-spartan/LeagueSpartan-Bold.otf").read_bytes())


def replace_photo(root: Path) -> None:
    Image.new("RGB", (300, 200), (20, 200, 40)).save(root / "photos/a.png")
    img = Image.open(root / "photos/a.png")
    img.close()


@pytest.mark.parametrize("replace, rel, reason", [
    (replace_logo, "en/s/instagram-square.png", "brand changed"),
    (replace_font, "en/s/instagram-square.png", "font files changed"),
    (replace_photo, "en/a/link-card.png", "content changed"),
])
def test_a_file_replaced_in_place_is_drawn_afresh_in_the_same_process(make_project, tmp_path, replace, rel, reason):
    root = make_project({"content/s/graphic.yaml": STAT, "content/s/en.yaml": STAT_EN,
                         "content/a/graphic.yaml": ANNOUNCEMENT, "content/a/en.yaml": ANNOUNCEMENT_EN})
    own_fonts(root)
    (root / "photos").mkdir()
    gradient = Image.linear_gradient("L").resize((300, 200)).convert("RGB")
    gradient.save(root / "photos/a.png")
    assets = AssetStore()  # one store for both builds, as in `watch` or a long-lived process
    build_all(root, assets)
    before = pixels(root / "output" / rel)
    replace(root)
    report = build_all(root, assets)
    rerendered = {r.job.name: r.reason for r in report.results if r.status == "rendered"}
    assert reason in rerendered[rel], rerendered
    after = pixels(root / "output" / rel)
    assert after != before
    assert after == fresh_render(root, rel, tmp_path)


def test_watch_draws_a_replaced_logo(make_project, tmp_path):
    root = make_project({"content/s/graphic.yaml": STAT, "content/s/en.yaml": STAT_EN})
    assets = AssetStore()
    build_all(root, assets)
    before = pixels(root / "output/en/s/instagram-square.png")
    stop = threading.Event()
    reports = []

    def rebuild(changed):  # what `cfpgraphics watch` does on a change
        reports.append((changed, build_all(root, assets)))
        stop.set()

    thread = threading.Thread(target=watch, args=(root, rebuild),
                              kwargs={"interval": 0.05, "settle": 0.05, "stop": stop})
    thread.start()
    time.sleep(0.3)
    replace_logo(root)
    thread.join(timeout=30)
    assert not thread.is_alive()
    changed, report = reports[0]
    assert changed == ["brand/logo/wordmark-on-dark.png"]
    assert [r.job.name for r in report.results if r.status == "rendered"] == ["en/s/instagram-square.png"]
    after = pixels(root / "output/en/s/instagram-square.png")
    assert after != before and after == fresh_render(root, "en/s/instagram-square.png", tmp_path)


# --- check sees what build sees ------------------------------------------------------------

LONG = "WWWWWWWWW " * 14  # within each field's character limit, but words too wide to set small
CRAFTED = {
    # numbered points that cannot all fit, even at the smallest size
    "content/points/graphic.yaml": "template: list\nsizes: [instagram-square]\n",
    "content/points/en.yaml": 'headline: "Our agenda"\npoints:\n' + "".join(f'  - "{LONG[:138]}"\n' for _ in range(5)),
    # a stack whose parts cannot fit, and text that does not fit at the minimum size
    "content/stat/graphic.yaml": "template: stat\nsizes: [instagram-square, story]\n",
    "content/stat/en.yaml": f'stat: "95%"\nstatement: "{LONG[:120]}"\nsource: "{LONG[:138]}"\n',
    # a quote pushed across the story's bottom safe zone
    "content/quote/graphic.yaml": "template: quote\nsizes: [story, link-card]\n",
    "content/quote/en.yaml": f'quote: "{LONG[:120]}"\nattribution: "{LONG[:120]}"\n',
}
# A font stack that serves only Japanese: every text in another language has no font.
BAD_FONTS = (ROOT / "fonts/fonts.yaml").read_text(encoding="utf-8").replace(
    "    - league-spartan-black\n", "    - {face: league-spartan-black, langs: [ja]}\n", 1)


def crafted_project(make_project, broken_fonts: bool = False) -> Path:
    root = make_project(CRAFTED)
    if broken_fonts:
        fonts = BAD_FONTS
        start = fonts.index("  display:\n")
        end = fonts.index("  # Statements")
        fonts = fonts[:start] + "  display:\n    - {face: league-spartan-black, langs: [ja]}\n" + fonts[end:]
        own_fonts(root, fonts)
    return root


def lines(diagnostics) -> list[str]:
    return [str(d) for d in diagnostics]


@pytest.mark.parametrize("broken_fonts", [False, True])
def test_check_and_build_report_the_same_diagnostics(make_project, broken_fonts):
    root = crafted_project(make_project, broken_fonts)
    project = open_project(root, AssetStore())
    checked = lines(check_project(project))
    built = build(project, plan_jobs(project), BuildOptions(jobs=2))
    assert lines(built.problems) == checked
    again = build(open_project(root, AssetStore()), plan_jobs(open_project(root, AssetStore())), BuildOptions(jobs=1))
    assert again.count("rendered") == 0 and lines(again.problems) == checked  # a no-op build says the same
    codes = {d.code for d in check_project(project)}
    if broken_fonts:
        assert "font-stack" in codes
    else:
        assert {"overflow", "safe-zone"} <= codes
        text = "\n".join(checked)
        assert "content/points/en.yaml:3:3: the points do not fit their box even at 24 px" in text
        assert "[en/points/instagram-square.png: points]" in text
        assert "the elements of 'main' need" in text and "[en/points/instagram-square.png: main]" in text
        # at the template's smallest size for the source (27 px on the square: legible in the feed)
        assert re.search(r"content/stat/en\.yaml:3:9: 'source' does not fit its box even at \d+ px: .*"
                         r"about \d+ characters fit at the smallest size", text)
        assert "the elements of 'footer' need" in text and "[en/stat/story.png: footer]" in text
        assert "'logo' crosses the safe zone (bottom by" in text
    assert all(p.severity == "error" for p in check_project(project) if p.code in ("overflow", "safe-zone"))


def _cli(root: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cfpgraphics", "--project", str(root), *args],
                          capture_output=True, text=True, timeout=300, **kw)


def test_crafted_set_exits_1_from_check_and_build_with_the_same_lines(make_project):
    root = crafted_project(make_project)
    check = _cli(root, "check")
    build_run = _cli(root, "build", "--jobs", "2")
    assert check.returncode == 1 and build_run.returncode == 1, (check.stderr, build_run.stderr)
    problems = [l for l in check.stdout.splitlines() if l]
    assert problems and all(p in build_run.stderr.splitlines() for p in problems)
    assert "Traceback" not in check.stderr + build_run.stderr
    assert (root / "output/en/stat/story.png").is_file(), "an overflowing graphic is still written"
    gallery = (root / "output/index.html").read_text(encoding="utf-8")
    card = gallery[gallery.index('data-size="story"', gallery.index('data-graphic="stat"')):]
    card = card[:card.index("</article>")]
    assert '<span class="badge badge-warn">3 errors</span>' in card, card  # the gallery flags it
    # each problem as `check` prints it (file:line:col first), marked as an error
    assert '<li class="error">content/stat/en.yaml:3:9: &#x27;source&#x27; does not fit' in card or \
           '<li class="error">content/stat/en.yaml:3:9: \'source\' does not fit' in card, card
    relaxed = _cli(root, "check", "--allow-overflow")
    assert relaxed.returncode == 0 and "warning: " in relaxed.stdout


def test_broken_font_stack_is_a_located_error_without_a_traceback(make_project):
    root = make_project({"content/s/graphic.yaml": STAT, "content/s/en.yaml": STAT_EN})
    fonts = (ROOT / "fonts/fonts.yaml").read_text(encoding="utf-8")
    start, end = fonts.index("  display:\n"), fonts.index("  # Statements")
    own_fonts(root, fonts[:start] + "  display:\n    - {face: noto-cjk-jp-bold, langs: [ja]}\n" + fonts[end:])
    line = (root / "fonts/fonts.yaml").read_text(encoding="utf-8").splitlines().index("  display:") + 1
    for args in (["check"], ["build", "--jobs", "2"]):
        run = _cli(root, *args)
        out = run.stdout + run.stderr
        assert run.returncode == 1, out
        assert "Traceback" not in out and "internal error" not in out, out
        assert f"fonts/fonts.yaml:{line}:3: font stack 'display' has no font for every language (only for ja) " \
               "(end the stack with a face that has no `langs:`" in out
        assert f"fonts/fonts.yaml:{line}:3: font stack 'display' has no font for language 'en'" in out
        assert "[en/s/instagram-square.png: stat]" in out


def test_the_shipped_campaign_checks_and_builds_with_no_diagnostics(tmp_path):
    root = tmp_path / "campaign"
    for folder in ("brand", "templates", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    (root / "fonts").symlink_to(ROOT / "fonts")
    check = _cli(root, "check")
    # the one thing said: the campaign's address is the brand kit's marked placeholder (issue #25)
    said = check.stdout.splitlines()
    assert check.returncode == 0 and len(said) == 1 and "warning: the campaign's address" in said[0] and \
        "placeholder" in said[0], check.stdout
    built = _cli(root, "build", "--jobs", "2", env={**os.environ, "CI": "true"})
    assert built.returncode == 0, built.stderr[-2000:]
    assert said[0] in built.stderr.splitlines()
    # 9 graphics x 10 languages x 6 sizes, the carousel with 6 pages on feeds and stories, one
    # image on X and on link cards: 80 x 6 + 10 x (4 x 6 + 2); one message in every language,
    # one image per language at 5 sizes (each language's cell first); and the member kit, a card
    # per name of the coalition in 10 languages x 6 sizes (31 names: 1,860 cards, 2,650 in all)
    members = len(open_project(root, AssetStore()).graphics["member"].members)
    assert members == len(set(yaml.safe_load((root / "content/coalition/en.yaml").read_text("utf-8"))["names"]))
    total = 80 * 6 + 10 * (4 * 6 + 2) + 10 * 5 + members * 10 * 6
    assert f"{total} rendered, 0 unchanged, 0 removed, 0 failed, 0 problems, 1 warning" in built.stdout


def test_element_attributes_belong_to_their_kind(make_project):
    template = (ROOT / "templates/stat.yaml").read_text(encoding="utf-8")
    template = template.replace("{name: stat, kind: text,", "{name: stat, kind: text, variant: on-dark,", 1)
    template = template.replace("max_lines: 1, features: [tnum]}", "max_lines: two, features: [tnum]}", 1)
    root = make_project({"templates/stat.yaml": template})
    messages = lines(open_project(root, AssetStore()).problems)
    row = template.splitlines().index(next(l for l in template.splitlines() if "variant: on-dark" in l)) + 1
    assert any(m.startswith(f"templates/stat.yaml:{row}:") and "`variant` does not belong to a text element" in m
               for m in messages), messages
    assert any("`max_lines` should be a whole number of lines, 1 or more" in m for m in messages), messages


def test_patterns_shapes_and_logos_are_drawn_once_per_store_and_look_the_same(project, monkeypatch):
    """The dotted canvas, page dots and the scaled logo are made once per size and colours in
    the store the worker passes down; drawn from the store or afresh, the pixels are the same."""
    from cfpgraphics.render.raster import draw
    from cfpgraphics.render.job import compose_job

    made = {"pattern": 0, "shape": 0, "logo": 0}

    def counting(kind, real):
        def count(*args):
            made[kind] += 1
            return real(*args)
        return count

    jobs = [job for job in plan_jobs(project) if job.size.name == "instagram-square" and job.page in (None, 2)
            and job.template in ("quote", "carousel") and job.lang in ("en", "es", "vi")]
    assert {job.template for job in jobs} == {"quote", "carousel"} and len(jobs) >= 6
    scenes = [compose_job(project, job) for job in jobs]
    fresh = [draw.draw_scene(scene, project.fonts.faces, AssetStore()).tobytes() for scene in scenes]
    monkeypatch.setattr(draw, "_pattern_mask", counting("pattern", draw._pattern_mask))
    monkeypatch.setattr(draw, "_shape_masks", counting("shape", draw._shape_masks))  # a pager's supersampled masks
    monkeypatch.setattr(draw, "_logo_inks", counting("logo", draw._logo_inks))  # the logo's inks scaled to one size
    store = AssetStore()
    cached = [draw.draw_scene(scene, project.fonts.faces, store).tobytes() for scene in scenes]
    again = [draw.draw_scene(scene, project.fonts.faces, store).tobytes() for scene in scenes]
    assert cached == fresh and again == fresh, "same pixels from the store as drawn afresh"
    quotes = sum(1 for job in jobs if job.template == "quote")
    assert made["pattern"] == 1, f"one dotted canvas for {quotes} quotes drawn twice each"
    # a draft's band may lower its safe area, and with it the logo's box: one scaling per size
    from cfpgraphics.render.scene import LogoItem
    logo_sizes = {(item.path, *item.placed(*project.assets.image_size(item.path))[2:])
                  for scene in scenes for item in scene.items if isinstance(item, LogoItem)}
    assert made["logo"] <= len(logo_sizes), "the logo scaled once per size and variant"
    pagers = {job.page for job in jobs if job.template == "carousel"}
    assert made["shape"] == len(pagers), f"page dots drawn once per page for three languages: {made}"


def test_a_face_reads_its_cmap_in_place(project):
    """Memory per worker: a face's cmap is asked of HarfBuzz, which reads the table in place:
    fontTools neither loads the CFF outlines (16 MB a CJK face) nor the cmap (30 MB of Python
    objects). What a face covers is what fontTools' best cmap says."""
    import random

    from fontTools.ttLib import TTFont

    from cfpgraphics.text.fonts import FontFace

    cjk = next(f for f in project.fonts.faces.values() if f.key == "noto-cjk-sc-bold")
    face = FontFace(cjk.key, cjk.path, cjk.index)
    assert face.covers("中文字体测试") and not face.covers("\U0010FFFD")
    assert not face._tt.isLoaded("cmap") and not face._tt.isLoaded("CFF "), "the tables stay on disk"
    for other in (cjk, *(f for f in project.fonts.faces.values() if not f.emoji)):
        best = TTFont(other.path, fontNumber=other.index, lazy=True).getBestCmap()
        sample = random.Random(other.key).sample(range(0x20, 0x30000), 3000) + sorted(best)[::50]
        fresh = FontFace(other.key, other.path, other.index)
        assert {cp for cp in sample if fresh.has_char(cp)} == {cp for cp in sample if cp in best}, other.key


def test_a_text_laid_out_again_in_the_same_box_is_the_same_layout_and_its_own_copy(project):
    """A typesetter remembers layouts (the draft band comes back to one box in output after
    output): a second layout is equal to a fresh, pure one, and moving it moves only itself."""
    from cfpgraphics.render.scene import shift_layout
    from cfpgraphics.text.engine import Typesetter, layout_text
    from cfpgraphics.text.types import Box, TextStyle

    style = TextStyle(project.fonts.stack("display"), 72, 24)
    box = Box(10, 10, 420, 600)
    text = "of people on Chicago’s gang database were **Black and Latinx**"
    typesetter = Typesetter()
    first = typesetter.layout(text, style, box, "en")
    again = typesetter.layout(text, style, box, "en")
    assert len(typesetter.laid_out) == 1, "laid out once, handed back the second time"
    assert again is not first and again.to_json() == first.to_json() == layout_text(text, style, box, "en").to_json()
    before = first.to_json()
    shift_layout(again, 5, 7)
    assert first.to_json() == before, "moving one copy leaves the other where it was"
    assert typesetter.layout(text, style, box, "en").to_json() == before
    assert typesetter.layout(text, style, Box(10, 10, 300, 600), "en").to_json() != before, "another box, another layout"
    assert len(typesetter.laid_out) == 2
