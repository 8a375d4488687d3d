"""The languages grid (issue 24, item 6): a headline in the image's language whose number is the
count of languages shown, balanced cells with no word alone on a cell's last line, no hole at
the end of the grid, and alt text that says what the image is."""
from __future__ import annotations

import pytest

from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.alttext import alt_text
from cfpgraphics.render.job import compose_job
from cfpgraphics.render.scene import RuleItem
from cfpgraphics.text.engine import lone_last_word
from cfpgraphics.text.markup import strip_markup
from conftest import ROOT


def _cells(scene):
    return {k.split(".")[1]: l for k, l in scene.layouts.items()
            if k.startswith("grid.") and not k.endswith(".label")}


@pytest.fixture(scope="module")
def scenes(project):
    return [(job, compose_job(project, job)) for job in plan_jobs(project, graphics={"one-message"})]


def test_every_language_of_the_campaign_has_the_headline_as_a_draft_until_reviewed(project):
    graphic = project.graphics["one-message"]
    assert set(graphic.translations) == set(project.languages)
    for lang, translation in graphic.translations.items():
        assert "{n}" in translation.values["headline"], lang  # the count is filled in, never typed
        if lang != "en":
            assert translation.status == "draft", lang  # own translations: a native speaker checks them


def test_the_headline_counts_the_languages_shown(project, scenes):
    for job, scene in scenes:
        shown = _cells(scene)
        headline = scene.layouts["headline"]
        assert str(len(shown)) in headline.text and "{n}" not in headline.text, job.name
        assert headline.lang == job.lang and not headline.missing and headline.fits, job.name
        above = min(l.ink_top for l in shown.values())
        assert headline.ink_bottom < above, job.name  # over the grid


def test_the_count_follows_a_language_added_and_one_held_back(make_project):
    files = {}
    for name in ("community-over-cages", "one-message"):
        for p in (ROOT / "content" / name).glob("*.yaml"):
            files[f"content/{name}/{p.name}"] = p.read_text(encoding="utf-8")
    files["content/one-message/graphic.yaml"] = "template: languages\nsizes: [instagram-square]\n"
    root = make_project(files)
    (root / "content/community-over-cages/pt.yaml").write_text('status: draft\nquote: "Comunidade, não jaulas"\n',
                                                                encoding="utf-8")
    project = open_project(root, AssetStore())
    n = len(project.graphics["community-over-cages"].translations)
    [job] = plan_jobs(project, graphics={"one-message"}, langs={"en"})
    assert job.values["headline"] == f"One message. {n} languages."
    assert len(job.values["cells"]) == n
    # --only-reviewed leaves the drafts out, and the number says so (en's own file is reviewed)
    reviewed = [c for c in job.values["cells"] if c["status"] != "draft"]
    [held] = plan_jobs(project, graphics={"one-message"}, langs={"en"}, only_reviewed=True)
    assert held.values["headline"] == f"One message. {len(reviewed)} languages."


def test_no_cell_ends_on_a_word_alone(scenes):
    for job, scene in scenes:
        for lang, layout in _cells(scene).items():
            assert not lone_last_word(layout), (job.name, lang, [line.text for line in layout.lines])


def test_no_hole_at_the_end_of_the_grid(scenes):
    """Full rows fill the grid's width; a short last row is centred under them."""
    for job, scene in scenes:
        rules = [i.box for i in scene.items if isinstance(i, RuleItem) and i.element.startswith("grid.")]
        assert len(rules) == len(_cells(scene)), job.name
        rows: dict[int, list] = {}
        for box in rules:  # each cell's hairline: its column and row
            rows.setdefault(round(box.y), []).append(box)
        ordered = [rows[y] for y in sorted(rows)]
        left = min(b.x for b in ordered[0])
        right = max(b.right for b in ordered[0])
        assert all(len(row) == len(ordered[0]) for row in ordered[:-1]), job.name
        for row in ordered:
            start, end = min(b.x for b in row), max(b.right for b in row)
            assert abs((start - left) - (right - end)) < 2, (job.name, len(row), start, end)


def test_the_alt_text_says_what_it_is_in_the_images_language(project, scenes):
    template = project.templates["languages"]
    for job, scene in scenes:
        if job.size.name != "story":
            continue
        alt = alt_text(template, job.values, job.lang, None, job.size, project.brand).splitlines()
        n = len(job.values["cells"])
        own = next(c for c in job.values["cells"] if c["lang"] == job.lang)
        assert alt[0] == job.values["headline"], job.name
        assert strip_markup(own["text"]) in alt[1] and str(n) in alt[1], (job.name, alt[1])
        assert len(alt) == 2 + n


def test_a_right_to_left_image_runs_its_cells_right_to_left(scenes):
    """In the Arabic image the first cell (Arabic) stands at the top right, the second to its
    left; in a left-to-right image the first is at the top left."""
    for job, scene in scenes:
        rules = {i.element.split(".")[1]: i.box for i in scene.items
                 if isinstance(i, RuleItem) and i.element.startswith("grid.")}
        first, second = (rules[c["lang"]] for c in job.values["cells"][:2])
        if job.lang == "ar":
            assert first.x > second.x and abs(first.right - max(b.right for b in rules.values())) < 1, job.name
        else:
            assert first.x < second.x and abs(first.x - min(b.x for b in rules.values())) < 1, job.name


def test_the_title_is_larger_than_the_cells(scenes):
    """A hierarchy: the title over the cells is set larger than their common size (X included)."""
    for job, scene in scenes:
        cells = _cells(scene)
        assert scene.layouts["headline"].size > max(l.size for l in cells.values()) * 1.1, job.name


def test_the_square_logo_keeps_a_full_gap_under_the_grid(scenes):
    from cfpgraphics.render.scene import LogoItem
    for job, scene in scenes:
        if job.size.name != "instagram-square":
            continue
        logo = next(i for i in scene.items if isinstance(i, LogoItem))
        bottom = max(l.ink_bottom for l in _cells(scene).values())
        assert logo.box.y - bottom >= 40, (job.name, logo.box.y - bottom)
