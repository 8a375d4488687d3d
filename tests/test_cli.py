"""The command line, through click's CliRunner: what users type and what they see."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from cfpgraphics.cli import cli, main
from conftest import ROOT

STATEMENT = "of people on Chicago's gang database were Black and Latinx"


def run(*args, project: Path = ROOT):
    return CliRunner().invoke(cli, ["--project", str(project), *args], catch_exceptions=False)


def test_help_teaches_with_examples():
    result = run("--help")
    assert result.exit_code == 0
    assert "cfpgraphics build" in result.output and "cfpgraphics render stat" in result.output
    for command in ("build", "render", "list", "layout"):
        sub = run(command, "--help")
        assert sub.exit_code == 0, sub.output
        assert "Example" in sub.output, f"{command} --help has no example"


def test_render_the_readme_example(tmp_path):
    out = tmp_path / "out.png"
    result = run("render", "stat", "--size", "instagram-square", "--lang", "en",
                 "--set", "stat=95%", "--set", f"statement={STATEMENT}", "-o", str(out))
    assert result.exit_code == 0, result.output
    with Image.open(out) as image:
        assert image.size == (1080, 1080)
        assert image.mode == "P", "a flat graphic is stored as a palette PNG"


def test_render_custom_size(tmp_path):
    out = tmp_path / "wide.png"
    result = run("render", "stat", "--size", "1400x700", "--set", "stat=95%", "--set", f"statement={STATEMENT}",
                 "-o", str(out))
    assert result.exit_code == 0, result.output
    assert Image.open(out).size == (1400, 700)


def test_usage_mistakes_are_one_line_and_exit_2(tmp_path):
    out = str(tmp_path / "x.png")
    cases = {
        ("render", "stats", "-o", out): "unknown template 'stats' (did you mean 'stat'?)",
        ("render", "stat", "--size", "huge", "--set", "stat=1", "-o", out): "unknown size 'huge'",
        ("render", "stat", "--set", "stat=95%", "-o", out): "needs field 'statement'",
        ("render", "stat", "--set", "stat=95%", "--set", "statment=x", "-o", out): "did you mean 'statement'?",
        ("render", "stat", "--lang", "xx", "--set", "stat=1", "--set", "statement=x", "-o", out): "unknown language 'xx'",
    }
    for args, expected in cases.items():
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_list_shows_templates_sizes_languages_graphics():
    result = run("list")
    assert result.exit_code == 0
    for word in ("instagram-square", "1080x1920", "stat", "chicago-gang-database", "English"):
        assert word in result.output


def test_build_renders_the_campaign(make_project):
    root = make_project({}, with_content=True)
    result = run("build", "--lang", "en", "--graphic", "chicago-gang-database", project=root)
    assert result.exit_code == 0, result.output
    square = root / "output" / "en" / "chicago-gang-database" / "instagram-square.png"
    assert Image.open(square).size == (1080, 1080)
    assert "6 rendered, 0 unchanged, 0 removed, 0 failed" in result.output


def test_main_is_callable(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    try:
        main(["list", "sizes"])
    except SystemExit as exc:
        assert exc.code == 0


def test_layout_prints_json_per_element():
    import json
    result = run("layout", "stat", "--lang", "km", "--set", "stat=95%",
                 "--set", "statement=ព្រះរាជាណាចក្រកម្ពុជាជាតិសាសនាព្រះមហាក្សត្រ")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    statement = data["elements"]["statement"]
    assert statement["fits"] and statement["size"] > 0
    line = statement["lines"][0]
    assert {"text", "x", "baseline", "width", "fonts", "rtl"} <= set(line)
    assert line["fonts"] == ["noto-khmer-bold"]
    assert data["elements"]["stat"]["lines"][0]["text"] == "95%"


def test_overflow_and_missing_glyphs_are_errors_but_the_image_is_written(tmp_path):
    long_statement = " ".join(["unbreakable-ish words"] * 40) + " \U0001E900"
    args = ["--project", str(ROOT), "render", "stat", "--set", "stat=95%", "--set", f"statement={long_statement}",
            "-o", str(tmp_path / "o.png")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert (tmp_path / "o.png").is_file()  # still written, so the user can see it
    assert "'statement' does not fit its box even at 30 px" in result.output
    assert "[en/stat/instagram-square.png: statement]" in result.output
    assert "the elements of 'main' need" in result.output  # the stack says by how much
    assert "no font has the character '\U0001E900' (U+1E900 ADLAM CAPITAL LETTER ALIF)" in result.output
    relaxed = CliRunner().invoke(cli, [*args, "--allow-overflow"])
    assert relaxed.exit_code == 1  # a missing glyph is still an error: it would show a box
    assert "warning: 'statement' does not fit" in relaxed.output


def test_render_of_the_readme_example_with_a_2000_character_statement_exits_1(tmp_path):
    statement = ("of people on Chicago's gang database were Black and Latinx " * 40)[:2000]
    result = run("render", "stat", "--size", "instagram-square", "--lang", "en", "--set", "stat=95%",
                 "--set", f"statement={statement}", "-o", str(tmp_path / "out.png"))
    assert result.exit_code == 1, result.output
    assert "'statement' does not fit its box even at 30 px" in result.output
    assert "px too much" in result.output  # by how much
    assert (tmp_path / "out.png").is_file()
    ok = run("render", "stat", "--set", "stat=95%", "--set", f"statement={statement[:80]}",
             "-o", str(tmp_path / "ok.png"))
    assert ok.exit_code == 0, ok.output


SLIDES = '[{place: Atlanta, text: "Ended the ICE contract in 2018."}, {place: Texas, text: "Cross-movement organizing."}]'


def test_render_carousel_writes_every_page(tmp_path):
    out = tmp_path / "post.png"
    result = run("render", "carousel", "--size", "instagram-portrait", "--set", "title=How communities fight",
                 "--set", f"slides={SLIDES}", "--set", "cta=Watch the videos", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["post-1.png", "post-2.png", "post-3.png", "post-4.png"]
    only = run("render", "carousel", "--page", "2", "--set", "title=T", "--set", f"slides={SLIDES}",
               "--set", "cta=C", "-o", str(tmp_path / "two.png"))
    assert only.exit_code == 0 and (tmp_path / "two.png").exists()
    too_far = run("render", "carousel", "--page", "9", "--set", "title=T", "--set", f"slides={SLIDES}",
                  "--set", "cta=C", "-o", str(tmp_path / "x.png"))
    assert too_far.exit_code == 2 and "page 9 does not exist: this carousel has 4 pages" in too_far.output


def test_layout_of_a_carousel_lists_its_pages():
    import json
    result = run("layout", "carousel", "--set", "title=T", "--set", f"slides={SLIDES}", "--set", "cta=C")
    assert result.exit_code == 0, result.output
    pages = json.loads(result.output)["pages"]
    assert [p["page"] for p in pages] == [1, 2, 3, 4]
