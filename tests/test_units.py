"""The unit chart (issue 14): a percentage as 10 x 10 dots, measured on the Scene."""
from __future__ import annotations

from typing import NamedTuple

import pytest

from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.alttext import alt_text
from cfpgraphics.render.compose import compose
from cfpgraphics.render.job import compose_job
from cfpgraphics.render.elements.units import percentage
from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.render.scene import UnitChartItem
from cfpgraphics.content.sizes import PRESETS

CHART_SIZES = {"instagram-square", "instagram-portrait", "instagram-grid", "story"}


class Dot(NamedTuple):
    box: object
    color: tuple


def dots(scene):
    """Every dot of the scene's unit chart, in fill order, as drawn: its box and colour."""
    return [Dot(box, colour) for item in scene.items if isinstance(item, UnitChartItem) and item.element == "chart"
            for box, colour in item.dot_colors()]


def lit(scene, project):
    return [d for d in dots(scene) if d.color == project.brand.color("marigold")]


def _stat(project, stat, size="story", lang="en"):
    values = dict(project.graphics["chicago-gang-database"].translations[lang].values, stat=stat)
    return compose(project.brand, project.fonts, project.assets, project.templates["stat"], values, lang, PRESETS[size],
                   root=project.root)


def test_every_shipped_percentage_gets_its_number_of_dots_on_feeds_and_stories(project):
    checked = 0
    for job in plan_jobs(project):
        if job.template != "stat":
            continue
        scene = compose_job(project, job)
        n = percentage(job.values["stat"])
        if job.size.name not in CHART_SIZES or n is None:
            assert not dots(scene), job.name  # no chart on X or a link card: no room, words only
            continue
        checked += 1
        assert len(dots(scene)) == 100, job.name
        assert len(lit(scene, project)) == n, job.name  # read from the content, never written in
        assert not [d for d in scene.diagnostics if d.severity == "error"], (job.name, scene.warnings)
        # one square grid of round dots, beside the figure and not over it
        xs = sorted({round(d.box.x, 2) for d in dots(scene)})
        ys = sorted({round(d.box.y, 2) for d in dots(scene)})
        assert len(xs) == len(ys) == 10, job.name
        assert all(abs(d.box.w - d.box.h) < 1e-6 for d in dots(scene))  # round: an ellipse in a square box
        chart = scene.boxes()["chart"]
        stat = scene.boxes()["stat"]
        assert chart.x >= stat.right or chart.right <= stat.x, job.name
        assert (chart.x < stat.x) == scene.rtl, job.name  # the figure on the start side
    assert checked == 10 * len(CHART_SIZES)


@pytest.mark.parametrize("stat,expected", [("37%", 37), ("0%", 0), ("100%", 100), ("8 %", 8), ("٩٥٪", 95)])
def test_the_chart_follows_the_number_in_the_content(project, stat, expected):
    scene = _stat(project, stat)
    assert len(dots(scene)) == 100 and len(lit(scene, project)) == expected


@pytest.mark.parametrize("stat", ["24+", "120%", "95.5%", "1 in 3", "$95"])
def test_a_figure_that_is_not_a_whole_percentage_gets_no_chart_and_the_figure_its_room(project, stat):
    scene = _stat(project, stat, "instagram-portrait")
    assert not dots(scene)
    assert "chart" not in scene.boxes()
    sx, sy, sw, sh = scene.safe_area
    assert scene.layouts["stat"].box.w > 0.9 * sw  # the figure keeps the whole width


def test_dots_fill_in_reading_order_right_to_left_in_arabic(project, scenes_by_lang=("en", "ar")):
    for lang in scenes_by_lang:
        scene = _stat(project, "95%", lang=lang)
        rows: dict[float, list] = {}
        for d in dots(scene):
            rows.setdefault(round(d.box.y, 2), []).append(d)
        last = [rows[y] for y in sorted(rows)][-1]  # the last row: 5 lit, 5 quiet
        last.sort(key=lambda d: d.box.x)
        on = [d.color == project.brand.color("marigold") for d in last]
        expected = [True] * 5 + [False] * 5
        assert on == (expected[::-1] if lang == "ar" else expected), lang
        assert all(d.color == project.brand.color("marigold") for y in sorted(rows)[:-1] for d in rows[y])


def test_the_chart_has_alt_text_in_the_graphics_language(project):
    for lang in project.graphics["chicago-gang-database"].translations:
        for size in ("story", "x-post"):
            [job] = plan_jobs(project, graphics={"chicago-gang-database"}, langs={lang}, sizes={size})
            alt = alt_text(project.templates["stat"], job.values, lang, None, job.size, project.brand)
            words = project.brand.phrase("units", lang).format(n=95)
            assert (words in alt) == (size == "story"), (lang, size, alt)
            if size == "story":
                assert alt.splitlines()[-1] == words  # after the words, so "95% of people ..." reads on
    # it speaks of the people the dots stand for, not of dots (#24)
    people = {"en": "100 people", "es": "100 personas", "vi": "100 người", "zh-Hans": "100 人", "zh-Hant": "100 人",
              "ko": "100명", "km": "មនុស្ស 100", "lo": "100 ຄົນ", "tl": "100 tao", "ar": "100 شخص"}
    for lang, word in people.items():
        assert word in project.brand.phrase("units", lang).format(n=95), lang
        assert "dot" not in project.brand.phrase("units", lang)


def test_the_highlighted_dots_must_stand_out_from_the_ground_and_the_quiet_dots(make_project):
    root = make_project({})
    path = root / "templates/stat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("color: marigold, inactive_color: violet",
                                                             "color: violet, inactive_color: dusk"), encoding="utf-8")
    project = open_project(root, AssetStore())
    text = "\n".join(str(p) for p in project.problems)
    assert "chart" in text and "highlighted dot" in text, text


def test_beside_must_name_an_earlier_element_of_its_stack(make_project):
    root = make_project({})
    path = root / "templates/stat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("beside: stat,", "beside: stats,"), encoding="utf-8")
    problems = [p for p in open_project(root, AssetStore()).problems if p.location and p.location.file == "templates/stat.yaml"]
    text = "\n".join(str(p) for p in problems)
    assert "`beside: stats` must name an earlier element of its stack" in text and "did you mean 'stat'" in text
    assert all(p.location.line for p in problems)
