"""One message in every language: a graphic whose template has a `kind: languages` element shows
one field of another graphic (`message: community-over-cages/quote` in its en.yaml) as set in
each of that graphic's translations, one cell per language, in a single image.

The texts are read from the other graphic's content files when the project loads, never copied,
so the image follows the copy: an edited translation changes it, a language added later (a new
`<lang>.yaml`, or a PO file) appears in it by itself. A language the campaign has whose text is
missing there (no file, a file with errors, the field left empty) is left out, with one warning
at the file that lacks it; nothing else stops.

The cells become the graphic's `cells` value: each `{lang, label, text, status, file}`, the
language's name in itself as its label ("Español", "العربية"). The value is part of the output
key, and so is every file read (plan.py), so editing any one language's file re-renders it; an
output made from a draft translation carries the draft band.
"""
from __future__ import annotations

import os
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation
from .language_tags import display_name
from .model import Graphic, Template
from .diagnostics import CfpError
from .names import content_files, language_of_file_name
from .names import known

CELLS = "cells"  # the value a languages element shows; made here, never written in a content file
SOURCE_LANG = "en"


def label(lang: str) -> str:
    """A language's name in itself, as a label: "Español", "Tiếng Việt", "中文（简体）"."""
    name = display_name(lang, lang) or lang
    return name[:1].upper() + name[1:]


def message_fields(template: Template) -> list[str]:
    return [e.field for e in template.elements if e.kind == "languages" and e.field]


def _order(langs, first: str = SOURCE_LANG) -> list[str]:
    """The image's own language first, then the source language, then the others by code (a new
    one falls into place): a Khmer reader finds the Khmer words under the Khmer headline."""
    return sorted(langs, key=lambda lang: (lang != first, lang != SOURCE_LANG, lang))


COUNT = "{n}"  # in a languages graphic's texts (its headline): the number of languages shown


def with_count(values: dict) -> dict:
    """The graphic's texts with {n} written as the number of cells it shows ("One message. 10
    languages."): counted, never typed, so a language added later, or one left out (missing,
    or a draft under --only-reviewed), changes it. Digits in every language, as the campaign's
    other figures are (a number in words would need each language's grammar for any count)."""
    cells = values.get(CELLS)
    if cells is None:
        return values
    count = str(len(cells))
    return {k: (v.replace(COUNT, count) if isinstance(v, str) and COUNT in v else v) for k, v in values.items()}


def gather_messages(root, templates: dict[str, Template], graphics: dict[str, Graphic],
                    problems: Diagnostics) -> None:
    """Give every languages graphic its cells (in place); problems are reported, never raised."""
    campaign = {lang for g in graphics.values() for lang in g.translations}
    for graphic in graphics.values():
        template = templates.get(graphic.template)
        fields = message_fields(template) if template else []
        if not fields:
            continue
        for n, (lang, translation) in enumerate(graphic.translations.items()):
            ref = translation.values.get(fields[0])
            where = translation.locations.get(fields[0]) or SourceLocation(translation.file, 1, 1)
            # every language's image shows the same cells (its own first): a language left out is
            # said once, not once per image
            told = problems if n == 0 else Diagnostics()
            cells = _cells(root, str(ref or ""), where, templates, graphics, campaign, graphic.name, told,
                           first=lang)
            translation.values[CELLS] = cells


def cells_of(project, ref: str) -> list[dict]:
    """The cells of `message: ref` in a loaded project (for `cfpgraphics render languages
    --set message=...`): problems with them are raised, as for any other --set value."""
    problems = Diagnostics()
    campaign = {lang for g in project.graphics.values() for lang in g.translations}
    cells = _cells(project.root, ref, None, project.templates, project.graphics, campaign, "--set message",
                   problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CfpError(errors[0].message, fix=errors[0].fix)
    return cells


def _files(root, folder: str) -> set[str]:
    """The languages of a graphic's content files, loaded or not (one with errors is still one)."""
    langs = {language_of_file_name(p.stem)[0] for p in content_files(Path(root) / folder) if p.suffix == ".yaml"}
    return {lang for lang in langs if lang}


def _cells(root, ref: str, where, templates, graphics, campaign, name: str, problems: Diagnostics,
           first: str = SOURCE_LANG) -> list[dict]:
    source_name, _, field = ref.partition("/")
    source = graphics.get(source_name)
    others = sorted(g for g in graphics if g != name)
    if source is None or not field:
        problems.add(f"`message: {ref}` should name another graphic and one of its fields, as graphic/field",
                     where, fix=known(source_name, others, "graphics") if source is None and others
                     else "e.g. community-over-cages/quote", code="message")
        return []
    spec = templates[source.template].fields.get(field)
    if spec is None or spec.type != "text":
        texts = [n for n, s in templates[source.template].fields.items() if s.type == "text"]
        problems.add(f"`message: {ref}`: the {source.template} template of '{source_name}' has no text field "
                     f"'{field}'", where, fix=known(field, texts, "fields"), code="message")
        return []
    cells = []
    for lang in _order(campaign | set(source.translations) | _files(root, source.folder), first):
        if lang in source.untranslated:
            continue  # a language just started: missing, which is no problem
        translation = source.translations.get(lang)
        text = str(translation.values.get(field) or "").strip() if translation else ""
        if text:
            cells.append({"lang": lang, "label": label(lang), "text": text, "status": translation.status,
                          "file": translation.file})
            continue
        path = os.path.join(source.folder, f"{lang}.yaml")
        if translation is not None:  # loaded, but the field is empty
            at = translation.locations.get(field) or SourceLocation(translation.file, 1, 1)
            why = f"its '{field}' is empty"
        elif os.path.lexists(os.path.join(root, path)):
            at, why = SourceLocation(path, 1, 1), "this file has problems (reported above)"
        else:
            at, why = where, f"there is no {path}"
        problems.add(f"'{name}' leaves {label(lang)} ({lang}) out: {why}", at, severity="warning",
                     fix=f"translate '{field}' in {path}", code="language-left-out")
    return cells
