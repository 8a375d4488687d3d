"""Moving translations between forms: YAML content files <-> PO files <-> spreadsheets (CSV).

Export writes what the project has; import validates every entry (its graphic and field,
its markup, its length, and whether it fits at every size, laid out by our engine), writes
the good ones into content/<graphic>/<lang>.yaml and reports each bad one at its file and
line (a PO entry) or row (a CSV). Export then import without edits changes no file.
"""
from __future__ import annotations

import codecs
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import contentfile, po_files, sheets
from ..content import po_catalogs as po
from ..content.diagnostics import CfpError, Diagnostic, Diagnostics, SourceLocation, relpath, shown
from ..content.model import Project
from ..content.names import SOURCE_LANG
from ..content.po_reader import read_po, without_duplicates
from ..content.yamlio import decode_text, read_source
from ..content.language_tags import check_tag
from .translations import source_hash, translatable
from .writing import write_all
from ..render.compose import compose
from ..render.fit_hints import with_fit_hints
from ..content.diagnostics import CfpError as LayoutError
from ..content.sizes import PRESETS
from ..content.language_tags import display_name

CSV_COLUMNS = ["graphic", "field", "English", "translation", "status", "note", "fit hint"]


def _languages(project: Project, langs) -> list[str]:
    chosen = list(langs) or [lang for lang in project.languages if lang != SOURCE_LANG]
    for lang in chosen:
        if lang == SOURCE_LANG:
            raise CfpError("English is the source: there is nothing to export for it",
                           fix="name a translation's language, e.g. --lang es")
    return chosen


def export(project: Project, to: str, langs, out_dir: Path) -> list[Path]:
    files = []
    for lang in _languages(project, langs):
        path = out_dir / f"{lang}.{to}"
        if to == "po":
            files.append((path, po_files.text_of(po_files.catalog_for(project, lang))))
        else:
            files.append((path, _csv_text(project, lang).encode("utf-8-sig")))
    write_all(files, None)  # -o names a folder anywhere (a shared drive): the user chose it
    return [path for path, _ in files]


def _csv_text(project: Project, lang: str) -> str:
    buffer = io.StringIO()
    writer = sheets.writer(buffer)  # quoting and CRLF as spreadsheets expect; never run as a formula
    writer.writerow(CSV_COLUMNS)
    catalog = po_files.catalog_for(project, lang)
    for entry in catalog:
        graphic, unit = po.parse_context(entry.msgctxt)
        translation = project.graphics[graphic].translations.get(lang)
        status = ("reviewed" if po.is_reviewed(entry) else "draft") if entry.msgstr else ""
        note = "English changed since" if translation is not None and translation.stale else ""
        hint = next((line.split()[1] for line in entry.comment.splitlines() if line.startswith("about ")), "")
        writer.writerow([graphic, "/".join(unit), entry.msgid, entry.msgstr, status, note, hint])
    return buffer.getvalue()


# --- import -------------------------------------------------------------------------------

@dataclass
class Imported:
    """One entry of an imported file."""

    graphic: str
    unit: po.Unit
    text: str
    english: str
    draft: bool
    where: SourceLocation


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    problems: Diagnostics = field(default_factory=Diagnostics)
    accepted: int = 0
    exit_code: int | None = None  # set when the files could not be written (4: read-only, disk full)


def _read_po(path: Path, file: str, problems: Diagnostics) -> tuple[str | None, list[Imported]]:
    catalog = read_po(path, None, problems, file)  # a file from anywhere (~/Downloads): no project root
    if catalog is None:
        raise _as_error(problems.items.pop())
    entries = []
    for entry in without_duplicates(catalog, file, problems):
        if entry.obsolete or not entry.msgstr:
            continue
        where = SourceLocation(file, entry.linenum)
        parsed = po.parse_context(entry.msgctxt)
        if parsed is None:
            problems.add(f"msgctxt '{entry.msgctxt}' does not name graphic/field", where, code="po-entry")
            continue
        entries.append(Imported(*parsed, entry.msgstr, entry.msgid, not po.is_reviewed(entry), where))
    return catalog.metadata.get("Language") or None, entries


def _as_error(problem) -> CfpError:
    """A problem that stops the import (the file cannot be read at all), as the error it raises."""
    return CfpError(problem.message, problem.location, problem.fix, problem.code)


def _read_csv(path: Path, file: str, problems: Diagnostics, lang: str) -> list[Imported]:
    # at most 1 MB, a regular file (never a FIFO): a sheet of one language is a few dozen kB
    entries = []
    for row in sheets.read_sheet(read_source(path, None), file, lang, ["graphic", "field", "translation"]):
        if not any(c.strip() for c in row.cells.values()) or not row["translation"].strip():
            continue
        unit = tuple(row["field"].strip().split("/"))
        graphic = row["graphic"].strip()
        if not graphic or not all(unit):
            problems.add("a row needs its graphic and field", row.where, code="sheet-row")
            continue
        status = row["status"].strip().lower()
        if status not in ("", "draft", "reviewed"):
            problems.add(f"status '{row['status']}' should be draft or reviewed", row.where, code="sheet-row")
            continue
        entries.append(Imported(graphic, unit, row["translation"], row["english"], status != "reviewed", row.where))
    return entries


def _without_duplicates(entries: list[Imported], problems: Diagnostics) -> list[Imported]:
    """A text given twice (two rows or entries for one graphic and field) is reported at the
    second and neither is imported: which one was meant, the file does not say."""
    first: dict[tuple, Imported] = {}
    twice = set()
    for entry in entries:
        key = (entry.graphic, entry.unit)
        seen = first.setdefault(key, entry)
        if seen is not entry:
            twice.add(key)
            problems.add(f"'{entry.graphic}/{'/'.join(entry.unit)}' is given twice: here and at line {seen.where.line}",
                         entry.where, code="duplicate", fix="keep one of the two and delete the other")
    return [e for e in entries if (e.graphic, e.unit) not in twice]


def import_file(project: Project, path: Path, lang: str | None = None) -> ImportResult:

    result = ImportResult()
    problems = result.problems
    file = relpath(path, project.root)
    if not path.is_file():
        raise CfpError(f"no such file: {file}")
    if path.suffix.lower() in (".po", ".pot"):
        declared, entries = _read_po(path, file, problems)
        lang = lang or declared or path.stem
    elif path.suffix.lower() == ".csv":
        lang = lang or path.stem
        entries = _read_csv(path, file, problems, lang)
    else:
        raise CfpError(f"{file}: import reads .po or .csv files", fix="export a PO or CSV file and import that")
    known, guess = check_tag(lang)
    if not known or lang == SOURCE_LANG:
        raise CfpError(f"{file}: '{lang}' is not the language of a translation",
                       fix=f"pass --lang {guess}" if guess and guess != SOURCE_LANG else "pass --lang, e.g. --lang es")

    by_graphic: dict[str, list[Imported]] = {}
    for entry in _without_duplicates(entries, problems):
        graphic = project.graphics.get(entry.graphic)
        if graphic is None:
            problems.add(f"unknown graphic '{entry.graphic}'", entry.where, code="unknown-graphic",
                         fix="see `cfpgraphics list graphics`")
            continue
        template = project.templates[graphic.template]
        form = "po" if path.suffix.lower() in (".po", ".pot") else "sheet"
        if not po.check_entry(template, entry.graphic, entry.unit, entry.text, entry.where, problems, form):
            continue
        by_graphic.setdefault(entry.graphic, []).append(entry)

    pending: list[tuple[Path, bytes]] = []
    for name, good in sorted(by_graphic.items()):
        graphic = project.graphics[name]
        template = project.templates[graphic.template]
        existing = graphic.translations.get(lang)
        if existing is not None and existing.file.endswith(".po"):
            problems.add(f"{lang} of '{name}' comes from {existing.file}; not written as YAML", good[0].where,
                         code="duplicate", fix=f"edit {existing.file}, or remove it to keep YAML files")
            continue
        base = {k: v for k, v in (existing.values if existing else {}).items()
                if k in translatable(template) or k == "alt"}
        found = po.units(template, base)
        good = _drop_overflowing(project, graphic, lang, base, good, problems)
        if not good:
            continue
        for entry in good:
            found[entry.unit] = entry.text
        values = {**({"alt": base["alt"]} if "alt" in base else {}), **po.values_from_units(template, found)}
        target = project.root / graphic.folder / f"{lang}.yaml"
        try:
            old, encoding = _existing(target, project.root)
        except CfpError as exc:  # a FIFO, a link leading out, bytes that are not text: left alone
            problems.add(f"not written: {exc.problem.message}", exc.problem.location, exc.problem.fix, code=exc.problem.code)
            continue
        english = graphic.translations.get(SOURCE_LANG)
        current = po.units(template, english.values) if english else {}
        up_to_date = all(current.get(e.unit) == e.english for e in good)
        recorded = contentfile.recorded_source_hash(old) if old else None
        digest = recorded or (source_hash(project, graphic) if up_to_date else None)
        status = "draft" if any(e.draft for e in good) or (existing and existing.status == "draft"
                                                              and len(good) < len(found)) else "reviewed"
        header = contentfile.header_of(old) if old else _header(project, graphic, lang, file)
        text = contentfile.render(template, values, status, digest, header)
        refused = text != old and contentfile.refusal(_encoded(text, encoding), relpath(target, project.root),
                                                      lang, template, values, name, good, old is not None)
        if refused:  # written whole and valid, or left as it was: never a file `check` rejects
            problems.items.append(refused)
            continue
        result.accepted += len(good)
        if text == old:
            result.unchanged.append(target)
            continue
        pending.append((target, _encoded(text, encoding)))
    try:
        write_all(pending, project.root)
    except CfpError as exc:  # read-only, disk full, a folder leading out: no file was changed
        problems.items.append(exc.problem)
        result.exit_code, result.accepted, result.unchanged = getattr(exc, "exit_code", 1), 0, []
        return result
    result.written = [path for path, _ in pending]
    return result


def _existing(target: Path, root: Path) -> tuple[str | None, str]:
    """The text of the file an import writes into, and its encoding (a UTF-16 file from a
    Windows tool stays UTF-16), read as the build reads it; (None, "utf-8") if there is none."""
    if not os.path.lexists(target):
        return None, "utf-8"
    data = read_source(target, root)
    encoding = "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else \
        "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    return decode_text(data, relpath(target, root)), encoding


def _encoded(text: str, encoding: str) -> bytes:
    return text.encode(encoding)  # Python's utf-16 and utf-8-sig write their byte-order mark


def _drop_overflowing(project: Project, graphic, lang: str, base: dict, good: list[Imported],
                      problems: Diagnostics) -> list[Imported]:
    """Leave out entries whose text does not fit its box even at the smallest size, at some
    size of the graphic (laid out by the engine with the rest of the translation)."""

    template = project.templates[graphic.template]
    english = graphic.translations.get(SOURCE_LANG)
    found = po.units(template, english.values if english else {})
    found.update(po.units(template, base))
    for entry in good:
        found[entry.unit] = entry.text
    values = {**(english.values if english else {}), **po.values_from_units(template, found)}
    over: dict[str, Diagnostic] = {}
    for size in graphic.sizes:
        for page in range(1, template.page_count(values, PRESETS[size]) + 1):
            try:
                scene = compose(project.brand, project.fonts, project.assets, template, values, lang, PRESETS[size], page=page,
                                root=project.root)
            except LayoutError:
                continue
            elements = {e.name: e for e in template.elements_for(PRESETS[size])}
            for d in scene.diagnostics:
                element = elements.get(d.layout.element.split(".")[0]) if d.layout else None
                if d.code == "overflow" and element is not None and element.field:
                    over.setdefault(element.field, d)
    # told about how many characters fit: the sheet's fit hint column, and `check`, say the same
    told = with_fit_hints(project, graphic, lang, list(over.values()), values)
    over = {name: d for name, d in zip(over, told)}
    kept = []
    for entry in good:
        name = entry.unit[-1] if len(entry.unit) == 3 else entry.unit[0]
        if name in over:
            d = over[name]
            problems.add(f"'{graphic.name}/{'/'.join(entry.unit)}' does not fit: {d.message} "
                         f"(size {d.layout.size})", entry.where, code="overflow", fix=d.fix)
        else:
            kept.append(entry)
    return kept


def _header(project: Project, graphic, lang: str, source: str) -> list[str]:
    # the file's name shown escaped: a new line in it must not start a line of YAML
    return [f"# {graphic.name}: {display_name(lang)} ({lang}) translation, imported from {shown(Path(source).name)}.",
            "# Keep the field names before the colon in English, and **stars** around the words",
            "# that should stand out. Inside the quotes, write a double quote as \\\".",
            "# {Curly brackets} keep words on one line (a name no line may cut); \\n starts a new line.",
            "# When a native speaker has checked it, change `status: draft` to `status: reviewed`."]
