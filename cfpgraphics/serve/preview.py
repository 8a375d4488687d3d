"""The editor's live preview: `POST /api/preview` draws one size of a graphic with the texts
being typed, before anything is saved, and says in plain words what is wrong with each field.

The picture is drawn exactly as `build` draws it (compose, then the PNG backend), with the
language's draft band when its translation is a draft. The problems are the ones `check` would
report for these words: text that does not fit (with about how many characters would:
render/fit_hints.py, the number the PO file and the sheet give), a character no font has,
markup left open, too long for the template, and `**stars**` or `==highlight==` phrases that
differ from the English's.
"""
from __future__ import annotations

import base64

from ..content import po_catalogs as po
from ..content.diagnostics import CfpError, Diagnostics
from ..content.model import Translation
from ..content.names import SOURCE_LANG
from ..content.sizes import PRESETS
from ..content.untranslated import check_emphasis
from ..content.members import sample_values
from ..content.values import check_given_values
from ..render.backends import backend
from ..render.compose import compose
from ..render.fit_hints import with_fit_hints
from .texts import Projects, Refused


def _problem(d) -> dict:
    """A problem as the page shows it beside its field: the field named by the layout's element,
    else by the first quoted name in the message ('statement' is ...)."""
    if d.layout is not None:
        name = d.layout.element.split(".")[0]
    else:
        parts = d.message.split("'")
        name = parts[1] if len(parts) > 2 else None
    return {"field": name, "severity": d.severity, "message": d.message, "fix": d.fix}


def preview(projects: Projects, body) -> dict:
    if not isinstance(body, dict) or not isinstance(body.get("texts", {}), dict):
        raise Refused(400, "send {graphic, lang, size, texts: {field: text}}")
    graphic, lang = str(body.get("graphic", "")), str(body.get("lang", ""))
    size_name, page = str(body.get("size", "instagram-square")), body.get("page", 1)
    if size_name not in PRESETS:
        raise Refused(400, f"unknown size '{size_name}'")
    if not isinstance(page, int) or page < 1:
        raise Refused(400, "page is a number from 1")
    with projects.using(graphic, lang) as project:
        return _preview(project, graphic, lang, size_name, page, body)


def _preview(project, graphic: str, lang: str, size_name: str, page: int, body: dict) -> dict:
    found = project.graphics[graphic]
    template = project.templates[found.template]
    english = found.translations.get(SOURCE_LANG)
    own = found.translations.get(lang)
    values = {**(english.values if english else {}), **(own.values if own else {})}
    units = po.units(template, values)
    for name, text in body.get("texts", {}).items():
        unit = tuple(str(name).split("/"))
        if not isinstance(text, str) or not po.unit_known(template, unit):
            raise Refused(400, f"'{name}' is not a text of the {template.name} template")
        units[unit] = text
    values = {**values, **po.values_from_units(template, units)}
    given = check_given_values(values, template)
    values = sample_values(found, values)  # a member's card: the longest name's, which sets the kit's size
    if any(d.severity == "error" and d.code != "too-long" for d in given):  # markup left open: nothing to draw
        return {"png": None, "problems": [_problem(d) for d in given]}
    problems = [_problem(d) for d in given]  # too long for the template: drawn anyway, as `render` does
    emphasis = Diagnostics()
    if english is not None and lang != SOURCE_LANG:
        check_emphasis(graphic, template, {SOURCE_LANG: english, lang: Translation(lang, "", values)}, emphasis)
    problems += [_problem(d) for d in emphasis]
    size = PRESETS[size_name]
    if page > template.page_count(values, size):
        raise Refused(400, f"this graphic has {template.page_count(values, size)} page(s) at {size_name}")
    try:
        scene = compose(project.brand, project.fonts, project.assets, template, values, lang, size, page=page,
                        root=project.root, draft=own is None or own.status != "reviewed")
    except CfpError as exc:
        return {"png": None, "problems": problems + [{"field": None, "severity": "error",
                                                      "message": exc.problem.message, "fix": exc.problem.fix}]}
    problems += [_problem(d) for d in with_fit_hints(project, found, lang, scene.diagnostics, values)]
    png = backend("png").encode(scene, project.fonts.faces, project.assets)
    return {"png": base64.b64encode(png).decode("ascii"), "problems": problems}
