"""Gettext PO files: one language for the whole campaign, the way Weblate, Crowdin and Poedit
work. Read and written with polib, never by hand (read through po_reader.read_po: the limits
of a YAML file, time linear in the size, every malformed entry reported at its line).

Each translatable piece of text is one entry (a *unit*), named by `msgctxt`:

    graphic/field                 a text field            chicago-gang-database/statement
    graphic/field/N               item N of a list        california-agenda/points/2
    graphic/field/N/key           key of item N           four-places/slides/3/text

`msgid` is the English, `msgstr` the translation. An entry is a draft until a reviewer marks
it: `cfpgraphics translate review` adds the translator comment `# reviewed 1a2b3c4d`, a digest
of the msgstr it saw. Translator comments survive msgmerge, msgcat, Poedit and Weblate; a
msgstr edited after the review no longer matches its digest, so it is a draft again, and so is
an entry marked `#, fuzzy`. A graphic is reviewed when every entry of it is. An entry whose
`msgid` is no longer the current English is stale, exactly like a YAML translation whose
`source_hash` is old. An empty msgstr is untranslated (see untranslated.py). `translations/<lang>.po` is
a content source like `content/<graphic>/<lang>.yaml`: the same loader builds the same
Translation from it, with the same diagnostics at the PO file's lines.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics, SourceLocation, relpath
from .model import MISSING, Template, Translation
from ..text.markup import MarkupError, parse_markup
from .language_tags import check_tag
from .names import SOURCE_LANG
from .po_reader import read_po, without_duplicates
from .values import check_values
from .yamlio import control_in_value, links_out

PO_FOLDER = "translations"
POT_NAME = "cfpgraphics.pot"
MARKUP_NOTE = ("**two stars** around words draw them in the accent colour and ==two equals== highlight "
               "them: keep the marks around the words that mean the same; {curly brackets} keep words on "
               "one line (a name no line may cut); \\n starts a new line")
HEADER = {  # no dates: writing the same catalog twice gives the same bytes
    "Project-Id-Version": "cfpgraphics campaign",
    "Report-Msgid-Bugs-To": "",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "",
    "Language-Team": "",
    "Language": "",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}
Unit = tuple[str, ...]  # (field,), (field, "2"), (field, "2", "key")


def units(template: Template, values: dict) -> dict[Unit, str]:
    """The translatable texts of one graphic's values, by unit, in the template's order."""
    out: dict[Unit, str] = {}
    for name, spec in template.fields.items():
        if not spec.translate or name not in values or spec.type == "image":
            continue
        value = values[name]
        if isinstance(value, list):
            for i, item in enumerate(value, 1):
                if isinstance(item, dict):
                    for key, text in item.items():
                        out[(name, str(i), key)] = str(text)
                else:
                    out[(name, str(i))] = str(item)
        elif value not in (None, ""):
            out[(name,)] = str(value)
    return out


def values_from_units(template: Template, found: dict[Unit, str]) -> dict:
    """The inverse of `units`: plain content values (lists in item order)."""
    values: dict = {}
    for unit, text in found.items():
        name = unit[0]
        spec = template.fields.get(name)
        if spec is None:
            continue
        if len(unit) == 1:
            values[name] = text
        else:
            items = values.setdefault(name, {})
            index = int(unit[1])
            if len(unit) == 3:
                items.setdefault(index, {})[unit[2]] = text
            else:
                items[index] = text
    for name, value in list(values.items()):
        if isinstance(value, dict):
            spec = template.fields[name]
            ordered = [value[i] for i in sorted(value)]
            if spec.is_mapping_list:  # keys in the template's order
                keys = [k.name for k in spec.items]
                ordered = [{k: item[k] for k in keys if k in item} for item in ordered]
            values[name] = ordered
    return values


def context(graphic: str, unit: Unit) -> str:
    return "/".join((graphic, *unit))


def parse_context(ctx: str) -> tuple[str, Unit] | None:
    parts = (ctx or "").split("/")
    if len(parts) < 2 or not all(parts):
        return None
    if len(parts) > 2 and not parts[2].isdigit():
        return None
    return parts[0], tuple(parts[1:])


def unit_known(template: Template, unit: Unit) -> bool:
    spec = template.fields.get(unit[0])
    if spec is None or not spec.translate or spec.type == "image":
        return False
    if len(unit) == 1:
        return spec.type == "text"
    if spec.type != "list" or not unit[1].isdigit() or int(unit[1]) < 1:
        return False
    if len(unit) == 2:
        return not spec.is_mapping_list
    return len(unit) == 3 and unit[2] in {k.name for k in spec.items}


# --- a PO file as a content source ---------------------------------------------------------

REVIEW_MARK = "reviewed"  # `# reviewed <digest of the msgstr>`, a translator comment


def review_mark(text: str) -> str:
    """The translator comment a reviewer's mark is: it names the text that was reviewed."""
    return f"{REVIEW_MARK} {hashlib.sha256(text.encode('utf-8')).hexdigest()[:8]}"


def is_reviewed(entry) -> bool:
    """A PO entry a reviewer marked, whose msgstr has not changed since, and that is not fuzzy."""
    return "fuzzy" not in entry.flags and review_mark(entry.msgstr) in (entry.tcomment or "").splitlines()


def without_review_marks(comment: str) -> str:
    return "\n".join(line for line in (comment or "").splitlines()
                     if not line.startswith(REVIEW_MARK + " "))


def _field(unit: Unit) -> str:
    return f"'{unit[0]}'" + (f" item {unit[1]}" if len(unit) > 1 else "") + (f" '{unit[2]}'" if len(unit) == 3 else "")


def where_named(graphic: str, unit: Unit) -> str:
    """How a PO entry is named in a message: its graphic and field, and its msgctxt."""
    return f"graphic '{graphic}', {_field(unit)} (msgctxt \"{context(graphic, unit)}\")"


@dataclass
class POEntryRef:
    text: str
    english: str
    reviewed: bool  # marked by a reviewer (see `is_reviewed`)
    where: SourceLocation


@dataclass
class Catalog:
    """One translations/<lang>.po, its usable entries by graphic and unit."""

    lang: str
    file: str
    by_graphic: dict[str, dict[Unit, POEntryRef]] = field(default_factory=dict)
    blank: dict[str, dict[Unit, SourceLocation]] = field(default_factory=dict)  # empty msgstr entries


def load_catalogs(root: Path, problems: Diagnostics) -> list[Catalog]:
    """Every translations/<lang>.po; a file that cannot be parsed is reported, never fatal."""

    folder = root / PO_FOLDER
    if not folder.is_dir():
        return []
    if links_out(folder, root):
        problems.add(f"{PO_FOLDER}/ is a link to a folder outside the project; no PO file in it is read",
                     SourceLocation(f"{PO_FOLDER}/"), code="link-outside",
                     fix=f"make {PO_FOLDER}/ a folder inside the project instead of a link")
        return []
    catalogs = []
    for path in sorted(folder.glob("*.po")):
        file = relpath(path, root)
        known, guess = check_tag(path.stem)
        if not known:
            problems.add(f"'{path.stem}' is not a language code this tool knows", SourceLocation(file),
                         fix=f"rename the file to {guess}.po" if guess else "name the file after a BCP 47 "
                         "language tag, e.g. es.po, zh-Hant.po", code="file-name")
            continue
        parsed = read_po(path, root, problems)
        if parsed is None:
            continue
        catalog = Catalog(path.stem, file)
        for entry in without_duplicates(parsed, file, problems):
            if entry.obsolete:
                continue
            where = SourceLocation(file, entry.linenum)
            parsed_ctx = parse_context(entry.msgctxt)
            if parsed_ctx is None:
                if entry.msgstr:
                    problems.add(f"the entry with msgctxt \"{entry.msgctxt}\" does not name a graphic and a field",
                                 where, code="po-entry",
                                 fix="write the msgctxt as it came in the template, cfpgraphics.pot "
                                     "(graphic/field, e.g. \"chicago-gang-database/statement\")")
                continue
            graphic, unit = parsed_ctx
            if not entry.msgstr.strip():
                catalog.blank.setdefault(graphic, {})[unit] = where
                continue
            catalog.by_graphic.setdefault(graphic, {})[unit] = POEntryRef(
                entry.msgstr, entry.msgid, is_reviewed(entry), where)
        catalogs.append(catalog)
    return catalogs


_FORMS = {  # how a translated text is named where it comes from: a PO entry, a spreadsheet row
    "po": ("the msgstr", "delete this entry"),
    "sheet": ("the translation", "delete this row"),
}


def check_entry(template: Template, graphic: str, unit: Unit, text: str, where: SourceLocation,
                problems: Diagnostics, form: str = "po") -> bool:
    """One translated text: a unit the template has, balanced markup, not too long. Named as a
    translator sees it (in Poedit: the graphic, the field, the msgctxt), the fix in the terms
    of its form (`po` or `sheet`)."""
    name = where_named(graphic, unit) if form == "po" else f"graphic '{graphic}', {_field(unit)}"
    cell, delete = _FORMS[form]
    if not unit_known(template, unit):
        problems.add(f"{name}: the {template.name} template has no such text to translate", where,
                     code="unknown-field", fix=f"{delete}, or have a maintainer run "
                     "`cfpgraphics translate update`, which brings the PO file in line with the English"
                     if form == "po" else f"{delete}, or export a fresh sheet (`cfpgraphics translate export`)")
        return False
    control = control_in_value(text)
    if control:  # a raw one in the file or an escape (\v): never published
        problems.add(f"{name}: {cell} contains {control}", where, code="control-character",
                     fix=f"delete it from {cell}; your editor may show it as a box, a symbol or nothing at all")
        return False
    try:
        parse_markup(text)
    except MarkupError as exc:
        problems.add(f"{name}: in {cell}, {exc}", where, code="markup",
                     fix=f"put the marks around the words in {cell} as the English has them")
        return False
    spec = template.fields[unit[0]]
    limit = next((k.max_chars for k in spec.items if len(unit) == 3 and k.name == unit[2]), spec.max_chars)
    if limit and len(text) > limit:
        problems.add(f"{name}: {cell} is {len(text)} characters; this template takes at most {limit}", where,
                     code="too-long", fix=f"shorten {cell}")
        return False
    return True


def report_unknown_graphics(catalogs: list[Catalog], graphics: set[str], problems: Diagnostics) -> None:
    for catalog in catalogs:
        for name, entries in catalog.by_graphic.items():
            if name not in graphics:
                first = min(entries.values(), key=lambda ref: ref.where.line or 0)
                problems.add(f"entries for graphic '{name}', which content/ does not have", first.where,
                             code="po-entry", fix="remove them, or run `cfpgraphics translate update`")


def translation_from_catalog(catalog: Catalog, graphic: str, template: Template, problems: Diagnostics,
                             english: dict | None) -> Translation | None:
    """The Translation a PO file gives one graphic: every good entry; a bad one is reported
    at its line and left out. Status MISSING when it has no words for this graphic yet; None
    when it is half done (each empty text reported at its entry's line)."""
    entries = catalog.by_graphic.get(graphic)
    if not entries:
        return Translation(catalog.lang, catalog.file, {}, MISSING)
    found: dict[Unit, str] = {}
    locations: dict[str, SourceLocation] = {}
    unit_locations: dict[Unit, SourceLocation] = {}
    reviewed = True
    stale = []
    current = units(template, english or {})
    refused = set()
    for unit, ref in entries.items():
        if not check_entry(template, graphic, unit, ref.text, ref.where, problems):
            refused.add(unit[0])
            continue
        found[unit] = ref.text
        locations.setdefault(unit[0], ref.where)
        unit_locations[unit] = ref.where
        reviewed = reviewed and ref.reviewed
        if current.get(unit) is not None and current[unit] != ref.english:
            stale.append(unit)
    blank = catalog.blank.get(graphic, {})
    missing = [unit for unit in current if unit not in entries and unit_known(template, unit)]
    for unit in missing:
        where = blank.get(unit)
        if where is not None:
            problems.add(f"{where_named(graphic, unit)} is not translated yet, while other texts of this graphic are",
                         where, code="untranslated",
                         fix=f"write its translation in the msgstr of this entry (the English: "
                             f"\"{_short(current[unit])}\"), or empty the other msgstr of this graphic to "
                             "leave it for later")
        else:
            problems.add(f"{where_named(graphic, unit)} has no entry in this file, while other texts of this "
                         "graphic are translated", SourceLocation(catalog.file, 1, 1), code="untranslated",
                         fix="have a maintainer run `cfpgraphics translate update`: it adds the entry, "
                             "empty, for you to translate")
    if missing:
        return None
    values = values_from_units(template, found)
    if any(name in template.fields and template.fields[name].required and name not in values for name in refused):
        return None  # a required text was refused (reported at its line): the graphic keeps its images
    translation = Translation(catalog.lang, catalog.file, values, "reviewed" if reviewed else "draft", locations,
                              unit_locations=unit_locations)
    translation.stale = bool(stale)
    return translation


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57].rstrip() + "..."


def add_catalog_translations(graphic_name: str, template: Template, translations: dict[str, Translation],
                             catalogs: list[Catalog], problems: Diagnostics,
                             untranslated: dict[str, str] | None = None) -> None:
    """Add the PO files' translations of one graphic to those from its YAML files. A text
    given in both is reported at both places; the YAML file's is used. A PO file with no
    words for the graphic yet puts its language in `untranslated`."""

    english = translations.get(SOURCE_LANG)
    for catalog in catalogs:
        if catalog.lang == SOURCE_LANG:
            continue
        translation = translation_from_catalog(catalog, graphic_name, template, problems,
                                               english.values if english else None)
        if translation is None:
            continue
        if translation.status == MISSING:
            if untranslated is not None and catalog.lang not in translations:
                untranslated.setdefault(catalog.lang, catalog.file)
            continue
        yaml = translations.get(catalog.lang)
        if yaml is not None:
            for name, where in translation.locations.items():
                if name in yaml.values:
                    problems.add(f"'{graphic_name}/{name}' is translated twice: here and in {yaml.file}",
                                 where, code="duplicate", fix=f"keep one: delete it here or in {yaml.file}")
            continue
        if untranslated is not None:
            untranslated.pop(catalog.lang, None)

        def where(key, value=True, _t=translation):
            return _t.locations.get(key) or SourceLocation(_t.file)
        if check_values(translation.values, template, translation.file, where, problems, catalog.lang):
            translations[catalog.lang] = translation
