"""Print sizes (issue #25): paper sizes with their bleed, asked for by name only, arranged by the
templates' `print:` entries, and the `print` command's usage (no poppler needed here)."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.cli import cli
from cfpgraphics.content.sizes import PRESETS, PRINT_DPI, PRINT_PRESETS, parse_size

from conftest import ROOT

PAPER_MM = {"letter": (215.9, 279.4), "a4": (210, 297), "tabloid": (279.4, 431.8), "a3": (297, 420)}


@pytest.mark.parametrize("name", list(PRINT_PRESETS))
def test_a_print_size_is_its_paper_with_a_3_mm_bleed(name):
    size = parse_size(name)
    mm = 25.4 / PRINT_DPI
    x, y, w, h = size.trim
    paper = PAPER_MM[name.removesuffix("-landscape")]
    if name.endswith("-landscape"):
        paper = paper[::-1]
    assert abs(w * mm - paper[0]) < 0.09 and abs(h * mm - paper[1]) < 0.09
    assert abs(size.bleed * mm - 3) < 0.1 and (x, y) == (size.bleed, size.bleed)
    assert size.width == w + 2 * size.bleed and size.height == h + 2 * size.bleed
    sx, sy, sw, sh = size.safe_area  # the margin is inside the trim, not inside the bleed
    assert sx > size.bleed and sx + sw < size.width - size.bleed and sy + sh < size.height - size.bleed
    assert size.layers[1] == ("print-wide" if name.endswith("-landscape") else "print")


def test_print_sizes_are_never_in_the_default_build(project):
    jobs = plan_jobs(project)
    assert not {j.size.name for j in jobs} & set(PRINT_PRESETS)
    assert {j.size.name for j in jobs} <= set(PRESETS)
    asked = plan_jobs(project, sizes={"a4"})
    assert asked and {j.size.name for j in asked} == {"a4"}
    assert {j.graphic for j in asked} == set(project.graphics)  # every graphic, when asked for


def test_the_print_arrangement_comes_after_the_shape_and_before_the_size(project):
    """`shapes:` layers: tall, then print, then the size's own entry (later ones win); the QR
    code and its address show on paper only."""
    stat = project.templates["stat"]
    on_paper = {e.name: e for e in stat.elements_for(parse_size("a4"))}
    on_screen = {e.name: e for e in stat.elements_for(parse_size("instagram-portrait"))}
    assert "qr" in on_paper and "link" in on_paper
    assert "qr" not in on_screen and "link" not in on_screen
    tall, printed = stat.shapes["tall"], stat.shapes["print"]
    assert on_paper["statement"].size == tuple(printed["statement"]["size"]) != tuple(tall["statement"]["size"])
    for template in project.templates.values():  # every template arranges paper
        assert "print" in template.shapes and "print-wide" in template.shapes, template.name


def invoke(*args):
    return CliRunner().invoke(cli, ["--project", str(ROOT), *args])


def test_print_help_has_examples():
    done = invoke("print", "--help")
    assert done.exit_code == 0 and "cfpgraphics print chicago-gang-database" in done.output
    assert "--crop-marks" in done.output and "a4-landscape" in done.output


@pytest.mark.parametrize("args, message", [
    (["print", "chicago-gang-databse"], "did you mean 'chicago-gang-database'"),
    (["print", "chicago-gang-database", "--size", "a5"], "unknown size 'a5'"),
    (["print", "chicago-gang-database", "--lang", "fr"], "has no fr translation"),
])
def test_print_usage_mistakes_are_one_line_and_exit_2(args, message, tmp_path):
    done = invoke(*args, "-o", str(tmp_path / "x.pdf"))
    assert done.exit_code == 2, done.output
    assert message in done.output and "Traceback" not in done.output
    assert not (tmp_path / "x.pdf").exists()


def test_print_writes_one_pdf_with_a_page_per_language_and_says_so(tmp_path):
    target = tmp_path / "pack.pdf"
    done = invoke("print", "chicago-gang-database", "--lang", "km", "--lang", "ar", "-o", str(target))
    assert done.exit_code == 0, done.output
    assert "[1/2] laying out km/chicago-gang-database/a4" in done.output
    assert f"wrote {target} (2 pages, a4" in done.output
    data = target.read_bytes()
    assert data.startswith(b"%PDF-1.7") and data.count(b"/Type /Page/") == 2


def _photo(width: int, height: int) -> bytes:
    import io

    from PIL import Image
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize("width, warned", [(600, True), (3200, False)])
def test_a_photo_on_paper_is_embedded_whole_and_warned_below_300_dpi(make_project, tmp_path, width, warned):
    """The PDF embeds the photo's crop at the file's own resolution (not the 150 dpi canvas's);
    a crop that prints under 300 dpi on the page is a warning naming its dpi."""
    import re
    height = width * 3 // 2
    root = make_project({"content/launch/graphic.yaml": "template: announcement\nsizes: [story]\n",
                         "content/launch/en.yaml": 'headline: "Launch"\nsubline: "Sub"\ncta: "Watch"\n'
                                                   'photo: photos/a.png\n',
                         "photos/a.png": _photo(width, height)})
    target = tmp_path / "a.pdf"
    done = CliRunner().invoke(cli, ["--project", str(root), "print", "launch", "-o", str(target)])
    assert done.exit_code == 0, done.output
    said = re.search(r"prints at (\d+) dpi on a4, under 300", done.output)
    assert bool(said) == warned, done.output
    widths = [int(w) for w in re.findall(rb"/Subtype /Image/Width (\d+)", target.read_bytes())]
    # a photo narrower than the page's shape is cropped top and bottom: its full width is embedded
    # (the canvas is 1276 px wide at 150 dpi; neither photo is drawn at that width)
    assert width in widths, widths
