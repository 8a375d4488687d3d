"""One message in every language (issue 14): another graphic's field, a cell per language,
measured on the Scene; its cells follow the translations (added, edited, missing)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.alttext import alt_text
from cfpgraphics.builder.runner import BuildOptions, build
from cfpgraphics.cli import cli
from cfpgraphics.render.job import compose_job
from cfpgraphics.content.messages import label
from cfpgraphics.content.language_tags import display_name, is_rtl
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.render.scene import RuleItem
from cfpgraphics.text.markup import strip_markup
from conftest import ROOT

COLUMNS = {"instagram-square": 2, "instagram-portrait": 2, "instagram-grid": 2, "story": 2, "x-post": 4}


def cells(scene) -> dict[str, object]:
    """lang -> the message's layout, in the grid's order."""
    return {k.split(".")[1]: l for k, l in scene.layouts.items()
            if k.startswith("grid.") and not k.endswith(".label")}


def labels(scene) -> dict[str, object]:
    return {k.split(".")[1]: l for k, l in scene.layouts.items() if k.startswith("grid.") and k.endswith(".label")}


def test_one_cell_per_language_each_in_its_own_script_and_direction(project):
    source = project.graphics["community-over-cages"].translations
    jobs = plan_jobs(project, graphics={"one-message"})
    assert {j.size.name for j in jobs} == set(COLUMNS)  # no link card: ten languages would be under 40 px
    for job in jobs:
        scene = compose_job(project, job)
        assert not [d for d in scene.diagnostics if d.severity == "error"], (job.name, scene.warnings)
        shown = cells(scene)
        # the image's own language first, under its headline; then English, then by code
        assert list(shown)[0] == job.lang and set(shown) == set(source) == set(project.languages), job.name
        assert list(shown)[1:] == sorted(set(shown) - {job.lang}, key=lambda l: (l != "en", l)), job.name
        for lang, layout in shown.items():
            # the translation's own words, read from its file, in its own language and direction
            assert layout.text == strip_markup(source[lang].values["quote"]), (job.name, lang)
            assert layout.lang == lang and layout.rtl == is_rtl(lang), (job.name, lang)
            assert not layout.missing and not layout.emergency_breaks and layout.fits, (job.name, lang)
            assert layout.size >= job.size.min_text
            name = labels(scene)[lang]
            assert name.text == label(lang) and name.text.lower() == display_name(lang, lang).lower()
            assert name.lang == lang and name.size >= job.size.min_text
            # set against the cell's start edge: the right one in Arabic
            cell = layout.box
            if layout.rtl:
                assert all(abs(line.x + line.width - cell.right) < 1.5 for line in layout.lines), (job.name, lang)
            else:
                assert all(abs(line.x - cell.x) < 1.5 for line in layout.lines), (job.name, lang)
        assert len({l.size for l in shown.values()}) == 1, job.name  # one common size: no language louder
        columns = COLUMNS[job.size.name]
        full = list(shown.values())[:len(shown) - len(shown) % columns]
        xs = sorted({round(l.box.x) for l in full})
        assert len(xs) == columns, (job.name, xs)
        rules = [i for i in scene.items if isinstance(i, RuleItem) and i.element.endswith(".rule")]
        assert len(rules) == len(shown)
        # no two cells overlap
        rects = [(lang, l.box.x, labels(scene)[lang].ink_top, l.box.right, l.ink_bottom) for lang, l in shown.items()]
        for a in rects:
            for b in rects:
                if a < b:
                    apart = a[3] <= b[1] or b[3] <= a[1] or a[4] <= b[2] or b[4] <= a[2]
                    assert apart, (job.name, a[0], b[0])


def test_the_alt_text_reads_every_language_under_its_name(project):
    [job] = plan_jobs(project, graphics={"one-message"}, sizes={"story"}, langs={"en"})
    alt = alt_text(project.templates["languages"], job.values, "en", None, job.size, project.brand)
    source = project.graphics["community-over-cages"].translations
    n = len(source)
    assert alt.splitlines() == [f"One message. {n} languages.",
                                f"The words “Community over cages” in {n} languages:"] + [
        f"{label(lang)}: {strip_markup(source[lang].values['quote'])}" for lang in cells(compose_job(project, job))]


def test_it_is_a_draft_while_any_language_it_shows_is_one(project):
    jobs = plan_jobs(project, graphics={"one-message"})
    assert all(j.draft for j in jobs)  # today every translation but the English is a draft
    reviewed = plan_jobs(project, graphics={"one-message"}, only_reviewed=True)
    assert not any(j.draft for j in reviewed)
    assert all([c["lang"] for c in j.values["cells"]] == ["en"] for j in reviewed)


# --- its cells follow the translations ----------------------------------------------------

def _copy(name: str) -> dict[str, str]:
    folder = ROOT / "content" / name
    return {f"content/{name}/{p.name}": p.read_text(encoding="utf-8") for p in folder.glob("*.yaml")}


@pytest.fixture
def proj(make_project):
    files = {**_copy("community-over-cages"), **_copy("one-message")}
    files["content/one-message/graphic.yaml"] = "template: languages\nsizes: [instagram-square, x-post]\n"
    return make_project(files)


def run_build(root):
    project = open_project(root, AssetStore())
    return build(project, plan_jobs(project), BuildOptions(jobs=1))


def test_a_language_added_later_appears_by_itself(proj):
    (proj / "content/community-over-cages/pt.yaml").write_text(
        'status: draft\nquote: "Comunidade, não jaulas"\n', encoding="utf-8")
    project = open_project(proj, AssetStore())
    assert not list(project.problems), [str(p) for p in project.problems]
    [job] = plan_jobs(project, graphics={"one-message"}, sizes={"instagram-square"}, langs={"en"})
    shown = cells(compose_job(project, job))
    assert "pt" in shown and shown["pt"].text == "Comunidade, não jaulas"
    assert labels(compose_job(project, job))["pt"].text == "Português"


def test_a_language_without_the_text_is_left_out_with_one_warning_in_check_and_build(proj):
    # pt is in the campaign (another graphic has it) but has no quote; tl's file has an error
    (proj / "content/coalition").mkdir()
    (proj / "content/coalition/graphic.yaml").write_text("template: coalition\nsizes: [link-card]\n")
    (proj / "content/coalition/en.yaml").write_text('headline: "Who we are"\nnames:\n  - "RAICES"\n  - "MOVE"\n')
    (proj / "content/coalition/pt.yaml").write_text('status: draft\nheadline: "Quem somos"\n')
    (proj / "content/community-over-cages/tl.yaml").write_text('status: draft\nqoute: "Komunidad"\n')
    project = open_project(proj, AssetStore())
    left_out = [p for p in project.problems if p.code == "language-left-out"]
    assert len(left_out) == 2 and all(p.severity == "warning" for p in left_out)
    text = "\n".join(str(p) for p in left_out)
    message_line = next(i for i, line in enumerate((proj / "content/one-message/en.yaml").read_text(
        encoding="utf-8").splitlines(), 1) if line.startswith("message:"))
    assert f"content/one-message/en.yaml:{message_line}:" in text and "leaves Português (pt) out: there is no " \
        "content/community-over-cages/pt.yaml" in text
    assert "content/community-over-cages/tl.yaml:1:1: warning: 'one-message' leaves Tagalog (tl) out" in text
    [job] = plan_jobs(project, graphics={"one-message"}, sizes={"instagram-square"}, langs={"en"})
    shown = cells(compose_job(project, job))
    shipped = {p.stem for p in (ROOT / "content/community-over-cages").glob("*.yaml") if p.stem != "graphic"}
    assert set(shown) == shipped - {"tl"}  # pt never had it; the others are all there
    runner = CliRunner()
    checked = runner.invoke(cli, ["--project", str(proj), "check"])
    built = runner.invoke(cli, ["--project", str(proj), "build", "--jobs", "1", "--json"])
    problems = json.loads(built.stdout)["problems"]
    for problem in left_out:  # the same diagnostic, once, in both
        assert checked.output.count(str(problem)) == 1, checked.output
        assert sum(p["message"] == problem.message and p["location"] == str(problem.location) for p in problems) == 1
    assert (proj / "output/en/one-message/instagram-square.png").is_file()


def test_editing_one_languages_file_rerenders_it_and_nothing_else(proj):
    first = run_build(proj)
    assert first.ok and first.count("rendered") == len(first.results)
    assert run_build(proj).count("rendered") == 0
    path = proj / "content/community-over-cages/km.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("សហគមន៍", "សហគមន៍ ", 1), encoding="utf-8")
    report = run_build(proj)
    rendered = {r.job.name for r in report.results if r.status == "rendered"}
    assert {"en/one-message/instagram-square.png", "en/one-message/x-post.png"} <= rendered
    # every language's grid shows the Khmer cell; nothing else
    assert all(name.startswith("km/") or "/one-message/" in name for name in rendered), rendered
    # a comment alone: the file is read, so it is in the key too
    path.write_text(path.read_text(encoding="utf-8") + "# checked\n", encoding="utf-8")
    rendered = {r.job.name for r in run_build(proj).results if r.status == "rendered"}
    assert {"en/one-message/instagram-square.png", "en/one-message/x-post.png"} <= rendered


def test_a_wrong_message_is_reported_where_it_is_written(proj):
    path = proj / "content/one-message/en.yaml"
    text = path.read_text(encoding="utf-8")
    for wrong, words in [("community-over-cage/quote", "did you mean 'community-over-cages'"),
                         ("community-over-cages/qoute", "did you mean 'quote'"),
                         ("community-over-cages", "as graphic/field")]:
        path.write_text(text.replace("community-over-cages/quote", wrong), encoding="utf-8")
        problems = [p for p in open_project(proj, AssetStore()).problems if p.code == "message"]
        assert len(problems) == 1 and problems[0].location.file == "content/one-message/en.yaml", wrong
        assert problems[0].location.line and words in str(problems[0]), str(problems[0])


def test_render_on_the_command_line_reads_the_campaigns_translations(tmp_path):
    runner = CliRunner()
    out = tmp_path / "grid.png"
    result = runner.invoke(cli, ["--project", str(ROOT), "layout", "languages", "--size", "x-post",
                                 "--set", "message=community-over-cages/quote"])
    assert result.exit_code == 0, result.output
    layouts = json.loads(result.stdout)
    text = json.dumps(layouts, ensure_ascii=False)
    for translation in open_project(ROOT, AssetStore()).graphics["community-over-cages"].translations.values():
        assert strip_markup(translation.values["quote"]) in text
    wrong = runner.invoke(cli, ["--project", str(ROOT), "render", "languages", "--set", "message=nothing/quote",
                                "-o", str(out)])
    assert wrong.exit_code == 2 and "should name another graphic" in wrong.output and not out.exists()
