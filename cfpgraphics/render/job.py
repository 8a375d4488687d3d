"""One planned output of a project laid out: `compose` with the output's content file, and its
problems told in a translator's terms. `check` and `build` both lay out through here, so they
report the same diagnostics."""
from __future__ import annotations

from .compose import compose
from .fit_hints import with_fit_hints
from .layout.frame import Source
from .legibility import feed_legibility
from .scene import Scene


def compose_job(project, job) -> Scene:
    """One planned output laid out, its problems pointing at its content file's fields; text
    that does not fit is told about how many characters would, as the PO file and sheet say."""
    graphic = project.graphics[job.graphic]
    translation = graphic.translations[job.lang]
    scene = compose(project.brand, project.fonts, project.assets, project.templates[job.template], job.values, job.lang,
                    job.size, page=job.page or 1, root=project.root,
                    source=Source(job.where, translation.file, translation.locations), draft=job.draft)
    scene.diagnostics = with_fit_hints(project, graphic, job.lang, scene.diagnostics) + feed_legibility(project, job, scene)
    return scene
