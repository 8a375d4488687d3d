"""Writing gettext files: the campaign's template (POT), a language's catalog, and
msgmerge's update when the English changes. Reading a PO file as a content source is
content/po_catalogs.py; both follow its naming of units (`msgctxt` = graphic/field[/N[/key]]).
"""
from __future__ import annotations

import re
from pathlib import Path

import polib

from ..content.diagnostics import Diagnostics
from ..content.model import Graphic
from ..content.po_reader import read_po
from ..content import po_catalogs
from ..content.po_catalogs import HEADER, MARKUP_NOTE, PO_FOLDER, POT_NAME, context, parse_context, units
from ..content.names import SOURCE_LANG
from ..render.fit_hints import fit_hints, hint_for
from .writing import write_all


# --- the template (POT) --------------------------------------------------------------------

def pot_entries(project, lang: str = SOURCE_LANG) -> list[polib.POEntry]:
    """One entry per English unit of every graphic, with what it is, its markup and how
    much fits in `lang` (render/fit_hints.py: the number `check` and the sheet give too;
    gettext conventions: `#.` for translators, `#:` for the source)."""
    entries = []
    for name, graphic in sorted(project.graphics.items()):
        source = graphic.translations.get("en")
        if source is None:
            continue
        template = project.templates[graphic.template]
        hints = fit_hints(project, graphic, lang)
        for unit, text in units(template, source.values).items():
            spec = template.fields[unit[0]]
            notes = [f"{unit[0]}: {spec.help or spec.type}"]
            if len(unit) > 1:
                notes.append(f"item {unit[1]}" + (f", its '{unit[2]}'" if len(unit) == 3 else ""))
            if "**" in text or "==" in text:
                notes.append(MARKUP_NOTE)
            hint = hint_for(hints, unit)
            if hint:
                notes.append(f"about {hint} characters fit at the smallest size")
            where = source.locations.get(unit[0])
            occurrences = [(source.file, str(where.line))] if where and where.line else [(source.file, "")]
            entries.append(polib.POEntry(msgctxt=context(name, unit), msgid=text, msgstr="",
                                         comment="\n".join(notes), occurrences=occurrences))
    return entries


def new_catalog(lang: str | None) -> polib.POFile:
    catalog = polib.POFile(wrapwidth=0)  # no wrapping: one line per string, stable diffs
    catalog.header = "Collective Freedom Project graphics: the campaign's texts (cfpgraphics)."
    catalog.metadata = dict(HEADER)
    if lang:
        catalog.metadata["Language"] = lang
    return catalog


def write_pot(project, path: Path, inside: bool = True) -> Path:
    """The POT at `path` (inside the project unless `inside` is False: a path given with -o)."""
    write_all([(path, text_of(pot_catalog(project)))], project.root if inside else None)
    return path


def pot_catalog(project) -> polib.POFile:
    catalog = new_catalog(None)
    for entry in pot_entries(project):
        catalog.append(entry)
    return catalog


def wrap_width_of(raw: str) -> int:
    """The wrapping a PO file was written with: Poedit and msgcat wrap long texts at 79 columns
    (polib's 78 writes the same lines), ours do not. Rewritten with its own, a file's diff shows
    only what changed."""
    return 78 if re.search(r'^(msgid|msgstr) ""\r?\n"', raw, re.M) else 0


def text_of(catalog: polib.POFile) -> bytes:
    return (str(catalog).rstrip("\n") + "\n").encode("utf-8")


# --- update (msgmerge) and export ----------------------------------------------------------

def merge(catalog: polib.POFile, template_entries: list[polib.POEntry]) -> polib.POFile:
    """msgmerge: every template entry in the template's order; a kept translation whose
    English changed becomes fuzzy with the old English as `#| msgid`; new entries are empty;
    entries the template no longer has become obsolete (#~)."""
    old = {e.msgctxt: e for e in catalog if not e.obsolete}
    merged = new_catalog(catalog.metadata.get("Language"))
    merged.metadata.update({k: v for k, v in catalog.metadata.items() if k not in HEADER})
    for entry in template_entries:
        new = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgstr="", comment=entry.comment,
                            occurrences=list(entry.occurrences))
        before = old.pop(entry.msgctxt, None)
        if before is not None:
            new.msgstr = before.msgstr
            new.tcomment = before.tcomment
            new.flags = [f for f in before.flags if f != "fuzzy"]
            if "fuzzy" in before.flags:
                new.flags.append("fuzzy")
            if before.msgid != entry.msgid and before.msgstr:
                new.previous_msgid = before.msgid
                if "fuzzy" not in new.flags:
                    new.flags.append("fuzzy")
            elif before.previous_msgid and "fuzzy" in new.flags:
                new.previous_msgid = before.previous_msgid
        merged.append(new)
    for entry in old.values():
        if entry.msgstr:
            entry.obsolete = True
            merged.append(entry)
    return merged


def catalog_for(project, lang: str) -> polib.POFile:
    """A PO file of `lang` from the loaded project: the template's entries, with each
    translation's text; entries of reviewed translations carry the reviewer's mark."""
    catalog = new_catalog(lang)
    for entry in pot_entries(project, lang):
        name, unit = parse_context(entry.msgctxt)
        graphic: Graphic = project.graphics[name]
        translation = graphic.translations.get(lang)
        if translation is not None:
            own = units(project.templates[graphic.template], translation.values)
            entry.msgstr = own.get(unit, "")
            # a draft is an entry without a reviewer's mark (not fuzzy: that is a translator's
            # "needs work", which the reviewer may not overrule)
            if entry.msgstr and translation.status == "reviewed":
                entry.tcomment = po_catalogs.review_mark(entry.msgstr)
        catalog.append(entry)
    return catalog


def update_catalogs(project) -> list[tuple[Path, int | None, str]]:
    """`translate update`: write the POT again and merge it into every translations/<lang>.po
    (msgmerge). Returns, per PO file, (path, fuzzy entries, "") or (path, None, why it was
    left as it is)."""
    folder = project.root / PO_FOLDER
    files = [(folder / POT_NAME, text_of(pot_catalog(project)))]
    results = []
    for path in sorted(folder.glob("*.po")):
        problems = Diagnostics()
        catalog = read_po(path, project.root, problems)
        if problems:  # rewritten, a refused entry would be lost: the translator fixes the file first
            results.append((path, None, f"cannot read it ({problems.items[0]})"))
            continue
        # the notes come from the template, as msgmerge takes them, with the fit hint of this language
        merged = merge(catalog, pot_entries(project, catalog.metadata.get("Language") or path.stem))
        files.append((path, text_of(merged)))
        results.append((path, sum("fuzzy" in e.flags for e in merged if not e.obsolete), ""))
    write_all(files, project.root)
    return results
