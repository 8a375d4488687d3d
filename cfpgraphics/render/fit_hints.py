"""How many characters fit: the one number a translator is told, wherever they are told it.

The POT and a language's PO file ("about 110 characters fit at the smallest size"), the fit
hint column of a spreadsheet, the refusal of a sheet row that does not fit, and `check`'s
report of text that does not fit all say the number `fit_hints` gives: for each text field
of a graphic, the fewest characters that fill its box, over every size and page the graphic is
set in, at the smallest type size the template allows there (`LaidOutText.characters_that_fit`
on our engine's own layout), and never more than the template's `max_chars`. It is measured
on the language's own text where there is one (a Chinese character takes the room of two
Latin ones), else on the English. Rounded down to a multiple of 5: it is "about".
"""
from __future__ import annotations

from dataclasses import replace

from ..content.diagnostics import CfpError, Diagnostic
from ..content.members import sample_values
from ..content.model import Graphic, Template
from ..content.names import SOURCE_LANG
from ..content.sizes import PRESETS
from .compose import compose
from .layout.styles import text_style
from .scene import TextItem

Unit = tuple[str, ...]


def fit_hints(project, graphic: Graphic, lang: str = SOURCE_LANG, values: dict | None = None) -> dict[str, int]:
    """{text field, or list item key: about how many characters fit} for `graphic` in `lang`
    (its own values, over the English; or `values`, e.g. a sheet's rows before they are written)."""
    template = project.templates[graphic.template]
    english = graphic.translations.get(SOURCE_LANG)
    own = graphic.translations.get(lang)
    if values is None:
        if own is None or lang == SOURCE_LANG:
            lang, values = SOURCE_LANG, english.values if english else {}
        else:
            values = {**(english.values if english else {}), **own.values}
    values = sample_values(graphic, values)  # a member's card: the longest name's (content/members.py)
    fewest: dict[str, float] = {}
    for size_name in graphic.sizes:
        size = PRESETS[size_name]
        try:
            pages = template.page_count(values, size)
        except CfpError:
            continue
        elements = {e.name: e for e in template.elements_for(size)}
        for page in range(1, pages + 1):
            try:
                scene = compose(project.brand, project.fonts, project.assets, template, values, lang, size,
                                page=page, root=project.root)
            except CfpError:
                continue
            for item in scene.items:
                element = elements.get(item.element.split(".")[0])
                if not isinstance(item, TextItem) or element is None or not element.field \
                        or item.element.endswith(".number"):
                    continue
                smallest = text_style(element, project.brand, project.fonts, size).min_size
                chars = item.layout.characters_that_fit(smallest)
                if chars > 0:
                    fewest[element.field] = min(fewest.get(element.field, chars), chars)
    hints = {}
    for name, chars in fewest.items():
        cap = _max_chars(template, name)
        hints[name] = min(max(5, int(chars) // 5 * 5), cap) if cap else max(5, int(chars) // 5 * 5)
    return hints


def _max_chars(template: Template, name: str) -> int | None:
    """The template's own limit for a field, or for a key of a list's items."""
    spec = template.fields.get(name)
    if spec is not None:
        return spec.max_chars
    return next((key.max_chars for spec in template.fields.values() for key in spec.items if key.name == name), None)


def hint_for(hints: dict[str, int], unit: Unit) -> int | None:
    """The hint of one translatable text (field, list item or item key)."""
    return hints.get(unit[-1] if len(unit) == 3 else unit[0])


def with_fit_hints(project, graphic: Graphic, lang: str, diagnostics: list[Diagnostic],
                   values: dict | None = None) -> list[Diagnostic]:
    """Each report of text that does not fit, told about how many characters would: the
    number the PO file and the spreadsheet give for the same text."""
    over = [d for d in diagnostics if d.code == "overflow" and d.layout is not None]
    if not over:
        return diagnostics
    hints = fit_hints(project, graphic, lang, values)
    named = {e.name: e for e in project.templates[graphic.template].elements}
    out = []
    for d in diagnostics:
        element = named.get(d.layout.element.split(".")[0]) if d in over else None
        hint = hints.get(element.field) if element is not None and element.field else None
        if hint:
            d = replace(d, message=f"{d.message}; about {hint} characters fit at the smallest size",
                        fix=f"shorten it to about {hint} characters")
        out.append(d)
    return out
