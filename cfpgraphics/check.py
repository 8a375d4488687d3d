"""`cfpgraphics check`: everything `build` would complain about, without drawing a pixel.

Load problems (YAML syntax, unknown or missing fields, language codes) come from the loader;
here every graphic is also laid out at every size, so text that cannot fit its box even at the
minimum size, and characters no font covers, are reported at the content file's field.
"""
from __future__ import annotations

import unicodedata

from .compose import TextItem, compose
from .errors import CfpError, Diagnostics, SourceLocation
from .model import Project
from .plan import plan_jobs

MISSING_FIX = "replace it, or add a font that covers it to fonts/fonts.yaml"


def check_project(project: Project, graphics=None, langs=None) -> Diagnostics:
    problems = Diagnostics()
    problems.extend(project.problems)
    # One problem per (place, kind, what), listing every size it affects.
    found: dict[tuple, tuple[str, str | None, list[str]]] = {}

    def note(key, message, fix, size):
        found.setdefault(key, (message, fix, []))[2].append(size)

    for job in plan_jobs(project, graphics, langs):
        translation = project.graphics[job.graphic].translations[job.lang]
        template = project.templates[job.template]
        fields = {e.name: e.field for e in template.elements_for(job.size)}
        try:
            scene = compose(project.brand, project.fonts, template, job.values, job.lang, job.size,
                            page=job.page or 1, root=project.root)
        except CfpError as exc:
            where = SourceLocation(translation.file)
            note((where, "error", exc.problem.message), exc.problem.message, exc.problem.fix, job.size.name)
            continue
        for item in scene.items:
            if not isinstance(item, TextItem):
                continue
            field = fields.get(item.element) or item.element
            where = translation.locations.get(field) or SourceLocation(translation.file)
            layout = item.layout
            if layout.overflow:
                note((where, "overflow", field),
                     f"'{field}' does not fit its box even at the smallest size: {layout.overflow.message}",
                     "shorten the text", job.size.name)
            for missing in layout.missing:
                names = ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in missing.text)
                note((where, "missing", missing.text),
                     f"no font has the character '{missing.text}' ({names}) in '{field}'", MISSING_FIX, job.size.name)
    for (where, kind, _), (message, fix, sizes) in found.items():
        if kind == "overflow":
            message += f" (size {sizes[0]}" + (f"; also {', '.join(sizes[1:])})" if sizes[1:] else ")")
        problems.add(message, where, fix=fix)
    return problems
