"""The draft band keeps a full margin between itself and the design (issue 24, item 6): the
accent bar, a logo, a headline never sit closer under it than the canvas's own margin, in every
template and size, measured on the scenes of every shipped draft output."""
from __future__ import annotations

from dataclasses import replace

import pytest

from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.render.job import compose_job
from cfpgraphics.render.scene import BackgroundItem, BoxItem, DraftBandItem, TextItem


def _first_ink(scene) -> tuple[float, str]:
    """(top, element) of the design's highest ink: text by its ink, everything else by its box."""
    tops = []
    for item in scene.items:
        if isinstance(item, (DraftBandItem, BackgroundItem)):
            continue
        if isinstance(item, TextItem) and item.layout.lines:
            tops.append((item.layout.ink_top, item.element))
        elif isinstance(item, BoxItem):
            tops.append((item.box.y, item.element))
    return min(tops)


@pytest.fixture(scope="module")
def drafts(project):
    return [(job, compose_job(project, job)) for job in plan_jobs(project) if job.draft]


def test_a_full_margin_between_the_band_and_the_design_in_every_draft_output(drafts):
    assert drafts
    sizes, templates = set(), set()
    for job, scene in drafts:
        band = scene.draft_band
        assert band is not None and band.box.y == 0, job.name
        top, element = _first_ink(scene)
        assert top - band.box.bottom >= job.size.margin - 0.5, (job.name, element, top - band.box.bottom,
                                                                job.size.margin)
        sizes.add(job.size.name)
        templates.add(job.template)
    assert len(templates) >= 8 and len(sizes) >= 6  # every template and size has drafts today


def test_room_is_made_only_where_the_design_starts_too_high(project):
    """A draft whose design already leaves the margin is laid out as its reviewed version is;
    one whose bar stands at the safe area's top is laid out again a little lower."""
    jobs = {j.size.name: j for j in plan_jobs(project, graphics={"atlanta-detention-center"}, langs={"es"})}
    story = jobs["story"]  # its safe area starts 250 px down: room enough
    drawn, reviewed = compose_job(project, story), compose_job(project, replace(story, draft=False))
    assert [i for i in drawn.items if not isinstance(i, DraftBandItem)] == reviewed.items
    square = jobs["instagram-square"]
    drawn, reviewed = compose_job(project, square), compose_job(project, replace(square, draft=False))
    assert _first_ink(reviewed)[0] - drawn.draft_band.box.bottom < square.size.margin
    assert _first_ink(drawn)[0] - drawn.draft_band.box.bottom >= square.size.margin - 0.5
    assert not [d for d in drawn.diagnostics if d.severity == "error"]
