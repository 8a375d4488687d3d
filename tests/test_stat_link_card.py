"""The stat link card carries its kicker and source (issue 24, item 6) in every language, at the
40 px a link card's text needs, without overflow: kicker, figure and logo down the left, the
statement on the right, the source alone across the foot, quieter and smaller than the statement."""
from __future__ import annotations

from cfpgraphics.builder.plan import plan_jobs
from cfpgraphics.render.job import compose_job
from cfpgraphics.render.scene import LogoItem
from cfpgraphics.text.markup import strip_markup


def test_kicker_and_source_from_the_content_in_every_language_without_overflow(project):
    graphics = {name for name, g in project.graphics.items() if g.template == "stat"}
    jobs = plan_jobs(project, graphics=graphics, sizes={"link-card"})
    assert len(jobs) == sum(len(project.graphics[g].translations) for g in graphics)
    for job in jobs:
        scene = compose_job(project, job)
        assert not scene.diagnostics, (job.name, [str(d) for d in scene.diagnostics])
        layouts = scene.layouts
        for field in ("kicker", "source"):
            if not job.values.get(field):
                continue
            layout = layouts[field]
            # the content's own words, whole: never invented, never cut
            assert layout.text.replace("\n", " ") == strip_markup(job.values[field]).upper() if field == "kicker" \
                else " ".join(layout.text.split()) == " ".join(strip_markup(job.values[field]).split()), \
                (job.name, field, layout.text)
            assert layout.fits and not layout.emergency_breaks and not layout.missing, (job.name, field)
            assert layout.size >= 40, (job.name, field, layout.size)
        source, statement, stat = layouts["source"], layouts["statement"], layouts["stat"]
        # the source does not compete: smaller, at most two lines, alone under everything else
        assert source.size < statement.size and len(source.lines) <= 2, job.name
        logo = next(i for i in scene.items if isinstance(i, LogoItem))
        above = max(statement.ink_bottom, stat.ink_bottom, logo.box.bottom)
        assert source.ink_top - above >= 24, (job.name, source.ink_top, above)
        assert source.ink_bottom <= job.size.height - job.size.margin + 0.5, job.name
        kicker = layouts.get("kicker")
        if kicker is not None:
            assert kicker.ink_bottom < stat.ink_top, job.name  # over the figure
