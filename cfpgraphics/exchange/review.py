"""A reviewer's mark: `cfpgraphics translate review LANG [GRAPHIC ...]`.

Every translation starts as a draft, however it comes in (a YAML file, a PO file, a sheet),
and only a reviewer makes it publishable: `build --only-reviewed` renders it, its images lose
the draft band. In a YAML file the mark is `status: reviewed`; in a PO file it is a translator
comment on each entry, `# reviewed 1a2b3c4d`, naming the msgstr reviewed (see
content/po_catalogs.py), which Poedit, Weblate, msgmerge and msgcat all keep. `--draft` takes
the mark back. A graphic that cannot be reviewed as it is (half translated, with errors, its
English changed since, an entry marked fuzzy) is left as it is, with the reason.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..content.diagnostics import CfpError, Diagnostics, relpath
from ..content.model import Project
from ..content import po_catalogs as po
from ..content.po_reader import read_po
from ..content.yamlio import decode_text, read_source
from .po_files import text_of, wrap_width_of
from .translations import STALE, coverage, require_tag
from .writing import write_all

_STATUS = re.compile(r"^status:[ \t]*[\"']?(reviewed|draft)[\"']?[ \t]*(#.*)?$")


@dataclass
class Review:
    marked: list[tuple[str, str]] = field(default_factory=list)  # (graphic, file) now as asked
    unchanged: list[tuple[str, str]] = field(default_factory=list)  # (graphic, file) already so
    refused: list[tuple[str, str]] = field(default_factory=list)  # (graphic, why)
    written: list[Path] = field(default_factory=list)


def review(project: Project, lang: str, graphics: list[str] | None = None, draft: bool = False) -> Review:
    """Mark LANG's translation of each graphic (all by default) reviewed, or a draft again."""
    require_tag(lang)
    chosen = []
    for name in graphics or sorted(project.graphics):
        if name not in project.graphics:
            raise CfpError(f"unknown graphic '{name}'", fix="see `cfpgraphics list graphics`")
        chosen.append(project.graphics[name])
    started = lang in project.languages or any(lang in g.untranslated for g in project.graphics.values())
    if not started:
        raise CfpError(f"there is no {lang} translation to review",
                       fix=f"start one with `cfpgraphics translate new {lang}`, or check the language code")
    _, table = coverage(project, [lang])
    result = Review()
    yaml_files: dict[Path, str] = {}
    po_marks: dict[Path, dict[str, bool]] = {}  # PO file -> {msgctxt: reviewed?}
    for graphic in chosen:
        translation = graphic.translations.get(lang)
        cell = table.get(graphic.name, {}).get(lang)
        if cell is None:
            continue  # nothing to translate in it (one message in every language)
        if translation is None:
            why = ("not translated yet" if lang in graphic.untranslated else
                   "its translation has errors: fix them first (`cfpgraphics check`)"
                   if cell.note.startswith("has errors") else "there is no translation")
            result.refused.append((graphic.name, why))
            continue
        if cell.status == STALE and not draft:
            result.refused.append((graphic.name, "the English changed since it was translated: bring the "
                                   "translation up to date first (then `cfpgraphics translate stamp`)"))
            continue
        wanted = "draft" if draft else "reviewed"
        if translation.status == wanted:
            result.unchanged.append((graphic.name, translation.file))
            continue
        path = project.root / translation.file
        if translation.file.endswith(".po"):
            template = project.templates[graphic.template]
            for unit in po.units(template, translation.values):
                po_marks.setdefault(path, {})[po.context(graphic.name, unit)] = not draft
        else:
            yaml_files[path] = wanted
        result.marked.append((graphic.name, translation.file))
    files = [(path, _with_status(project, path, status)) for path, status in yaml_files.items()]
    for path, marks in po_marks.items():
        text, fuzzy = _with_marks(project, path, marks)
        if fuzzy:  # the translator says these need work: not the reviewer's to overrule
            names = {po.parse_context(ctx)[0] for ctx in fuzzy}
            result.marked = [(g, f) for g, f in result.marked if not (f == relpath(path, project.root) and g in names)]
            for name in sorted(names):
                count = sum(po.parse_context(ctx)[0] == name for ctx in fuzzy)
                result.refused.append((name, f"{count} of its entries in {relpath(path, project.root)} are marked "
                                       "fuzzy (needs work): the translator unmarks them when they are right"))
            marks = {ctx: on for ctx, on in marks.items() if po.parse_context(ctx)[0] not in names}
            text, _ = _with_marks(project, path, marks)
        files.append((path, text))
    write_all(files, project.root)
    result.written = [path for path, _ in files]
    return result


def _with_status(project: Project, path: Path, status: str) -> bytes:
    """The file with its `status:` line saying `status` (added under the header comments if it
    has none); every other line, comment and the encoding kept."""
    data = read_source(path, project.root)
    text = decode_text(data, relpath(path, project.root))
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines()
    for i, line in enumerate(lines):
        found = _STATUS.match(line)
        if found:
            lines[i] = f"status: {status}" + (f"  {found.group(2)}" if found.group(2) else "")
            break
    else:
        first = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")),
                     len(lines))
        lines.insert(first, f"status: {status}")
    out = newline.join(lines) + newline
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return out.encode("utf-16")
    return out.encode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")


def _with_marks(project: Project, path: Path, marks: dict[str, bool]) -> tuple[bytes, list[str]]:
    """The PO file with a review mark on each named entry (or none, where False), and the
    msgctxts of named entries marked fuzzy (which are left unmarked)."""
    problems = Diagnostics()
    catalog = read_po(path, project.root, problems)
    if catalog is None or problems:
        raise CfpError(f"{relpath(path, project.root)} has mistakes; it is left as it is", fix="fix the "
                       "problems `cfpgraphics check` lists for it, then review again")
    fuzzy = []
    for entry in catalog:
        if entry.obsolete or entry.msgctxt not in marks:
            continue
        comment = po.without_review_marks(entry.tcomment)
        if marks[entry.msgctxt]:
            if "fuzzy" in entry.flags:
                fuzzy.append(entry.msgctxt)
                continue
            comment = "\n".join(filter(None, [comment, po.review_mark(entry.msgstr)]))
        entry.tcomment = comment
    # keep the file's own line wrapping (Poedit and msgcat wrap at 79 columns; ours do not), so
    # the mark is the only change a translator sees in a diff
    raw = decode_text(read_source(path, project.root), relpath(path, project.root))
    catalog.wrapwidth = wrap_width_of(raw)
    return text_of(catalog), fuzzy
