"""Issue #24 item 3: neighbouring lines and elements keep clear of each other's ink, in every
script pair (Arabic dots over a Latin capital, an accent bar over an alif, Khmer subscripts over
the next line), in every shipped output.

tools/ink_gaps.py measures from the layout: each line's ink box (its ink above and below the
baseline, as the engine measured it from the glyphs) and each shape's box. The first test
anchors that measure in pixels: what the raster drawer actually inks lies inside those boxes.
The second holds every gap of the campaign to its minimum."""
from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.builder.project import open_project
from cfpgraphics.content.assets import AssetStore
from cfpgraphics.render.frames import draw_alone
from cfpgraphics.render.job import compose_job
from cfpgraphics.render.scene import TextItem
from conftest import ROOT

SLACK = 1.5  # px: antialiasing may grey a pixel row just past the outline's extent


def _tool():
    spec = importlib.util.spec_from_file_location("ink_gaps", ROOT / "tools" / "ink_gaps.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def project():
    return open_project(ROOT, AssetStore())


@pytest.mark.parametrize("lang", ["ar", "km", "lo", "vi", "zh-Hant"])
def test_the_drawn_ink_lies_inside_the_measured_lines(project, lang):
    """Every text of every graphic (square and link card), drawn alone: its ink's top and bottom
    rows are within the first line's ink top and the last line's ink bottom the layout gives."""
    checked = 0
    for job in plan_jobs(project, langs=[lang], sizes=["instagram-square", "link-card"]):
        if job.page not in (None, 1):
            continue
        scene = compose_job(project, job)
        for item in scene.items:
            if not isinstance(item, TextItem) or not item.layout.lines:
                continue
            layer = draw_alone(item, scene.width, scene.height, project.fonts.faces, project.assets)
            if layer.empty:
                continue
            rows = np.nonzero((layer.alpha[..., 0] > 0.1).any(axis=1))[0]
            top, bottom = layer.y0 + rows.min(), layer.y0 + rows.max() + 1
            lines = item.layout.lines
            assert top >= min(line.baseline - line.ascent for line in lines) - SLACK, (job.name, item.element)
            assert bottom <= max(line.baseline + line.descent for line in lines) + SLACK, (job.name, item.element)
            checked += 1
    assert checked > 50


def test_no_ink_comes_closer_than_its_minimum_in_any_shipped_output():
    tool = _tool()
    found = tool.measure(ROOT)
    assert len(found) > 5000
    assert {g.kind for g in found} == {"line", "element"}
    short = [str(g) for g in found if g.px < g.needed]
    assert short == []
