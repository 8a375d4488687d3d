"""Saving edited texts into a language's own file, as a person's editor would: only the edited
values change.

The editor of `cfpgraphics serve` (and any tool) saves a few texts of one graphic in one
language through `save_texts`. The file is the one that language uses: its YAML content file,
or its PO file. Everything else in it stays byte for byte: comments, order, quoting of the
other values, the encoding (a UTF-16 file stays UTF-16), line ends, a PO file's wrapping.

- A YAML value is replaced in place, at the exact span PyYAML read it from (a scalar on one
  line or over several), by a double-quoted string; a text the file does not have yet is added
  where its field is, or at the end.
- A save that would make the file invalid (`check` would reject it: markup left open, too long,
  a control character) is refused with the reasons, and nothing is written.
- Two tabs saving the same file: each save names the version it was made from (`base`, the
  sha256 of the bytes it loaded); when the file changed underneath, the save is refused with
  `Conflict`, which carries the file's current texts, so nothing typed is lost.
"""
from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..content import po_catalogs as po
from ..content.diagnostics import CfpError, Diagnostics, SourceLocation, relpath
from ..content.model import Project
from ..content.po_reader import read_po
from ..content.project import parse_translation
from ..content.yamlio import decode_text, read_source
from .contentfile import quoted
from .po_files import text_of, wrap_width_of
from .writing import write_all


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Conflict(CfpError):
    """The file changed since the editor loaded it; nothing was written."""

    exit_code = 1

    def __init__(self, file: str, current: dict[po.Unit, str], now: str):
        super().__init__(f"{file} changed since you opened it (someone else saved it); nothing was saved",
                         fix="your words are kept: look at the file's texts now, then save again", code="conflict")
        self.current, self.now = current, now


@dataclass
class Saved:
    file: str
    digest: str  # of the bytes now on disk: the base of the next save
    changed: list[po.Unit] = field(default_factory=list)


def file_of(project: Project, graphic: str, lang: str) -> Path:
    """The file a language's texts of a graphic live in: its YAML file, or its PO file when it
    has no YAML file and a PO file exists; a new YAML file otherwise."""
    folder = project.root / project.graphics[graphic].folder
    yaml_path = folder / f"{lang}.yaml"
    po_path = project.root / po.PO_FOLDER / f"{lang}.po"
    if not os.path.lexists(yaml_path) and os.path.lexists(po_path):
        return po_path
    return yaml_path


def load_texts(project: Project, graphic: str, lang: str) -> tuple[dict[po.Unit, str], str | None]:
    """The texts a language's file has for a graphic as written (empty ones too), and the
    digest of the file (None when there is no file yet)."""
    path = file_of(project, graphic, lang)
    if not os.path.lexists(path):
        return {}, None
    data = read_source(path, project.root)
    if path.suffix == ".po":
        problems = Diagnostics()
        catalog = read_po(path, project.root, problems)
        texts = {}
        for entry in catalog or []:
            parsed = po.parse_context(entry.msgctxt) if not entry.obsolete else None
            if parsed and parsed[0] == graphic:
                texts[parsed[1]] = entry.msgstr
        return texts, digest(data)
    text = decode_text(data, relpath(path, project.root))
    spans = _yaml_spans(text)
    return {unit: value for unit, (_, _, value) in spans.items()}, digest(data)


def save_texts(project: Project, graphic: str, lang: str, texts: dict[po.Unit, str], base: str | None) -> Saved:
    """Write `texts` (by unit) into the language's file of `graphic`, changing nothing else.
    `base`: the digest of the file the editor loaded (None: it had none)."""
    if graphic not in project.graphics:
        raise CfpError(f"unknown graphic '{graphic}'")
    template = project.templates[project.graphics[graphic].template]
    for unit in texts:
        if not po.unit_known(template, unit):
            raise CfpError(f"'{'/'.join(unit)}' is not a text of the {template.name} template")
    path = file_of(project, graphic, lang)
    file = relpath(path, project.root)
    old = read_source(path, project.root) if os.path.lexists(path) else None
    now = digest(old) if old is not None else None
    if now != base:
        current, _ = load_texts(project, graphic, lang)
        raise Conflict(file, current, now or "")
    if path.suffix == ".po":
        data, changed = _po_saved(project, path, graphic, texts)
    else:
        data, changed = _yaml_saved(old, file, texts)
        problems = Diagnostics()
        loaded = parse_translation(decode_text(data, file), file, lang, template, problems)
        if problems.errors or loaded is None:
            reasons = "; ".join(str(p) for p in problems.errors) or "it would not load"
            raise CfpError(f"not saved: {file} would fail `cfpgraphics check`: {reasons}", code="not-written",
                           fix="correct the text and save again")
    if changed:
        write_all([(path, data)], project.root)
    return Saved(file, digest(data), changed)


# --- YAML ----------------------------------------------------------------------------------

def _yaml_spans(text: str) -> dict[po.Unit, tuple[int, int, str]]:
    """Each text's (start, end) in `text` and its value, by unit, from PyYAML's own marks."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise CfpError("this file has a mistake: fix it first (see `cfpgraphics check`)") from None
    spans: dict[po.Unit, tuple[int, int, str]] = {}
    if not isinstance(root, yaml.MappingNode):
        return spans
    for key, value in root.value:
        name = key.value
        if isinstance(value, yaml.ScalarNode):
            spans[(name,)] = (value.start_mark.index, value.end_mark.index, value.value)
        elif isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value, 1):
                if isinstance(item, yaml.ScalarNode):
                    spans[(name, str(i))] = (item.start_mark.index, item.end_mark.index, item.value)
                elif isinstance(item, yaml.MappingNode):
                    for k, v in item.value:
                        if isinstance(v, yaml.ScalarNode):
                            spans[(name, str(i), k.value)] = (v.start_mark.index, v.end_mark.index, v.value)
    return spans


def _yaml_saved(old: bytes | None, file: str, texts: dict[po.Unit, str]) -> tuple[bytes, list[po.Unit]]:
    if old is None:
        raise CfpError(f"{file} does not exist yet", fix="start the language first: `cfpgraphics translate new LANG`")
    text = decode_text(old, file)
    spans = _yaml_spans(text)
    changed = [unit for unit, new in texts.items() if unit not in spans or spans[unit][2] != new]
    missing = [unit for unit in changed if unit not in spans]
    if any(len(unit) > 1 for unit in missing):
        raise CfpError(f"{file} has no line for {'/'.join(missing[0])} to write it into",
                       fix="add the list item to the file first")
    for unit in sorted((u for u in changed if u in spans), key=lambda u: spans[u][0], reverse=True):
        start, end, _ = spans[unit]
        if text[start:end].startswith(("|", ">")):  # a block scalar: its own indented lines
            raise CfpError(f"'{'/'.join(unit)}' in {file} is written as a block (| or >); edit it in the file")
        text = text[:start] + quoted(texts[unit]) + text[end:]
    for unit in missing:
        text = text.rstrip("\n") + "\n" + f"{unit[0]}: {quoted(texts[unit])}" + "\n"
    utf16 = old.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if (b"\r\x00\n\x00" if old.startswith(codecs.BOM_UTF16_LE) else b"\x00\r\x00\n" if utf16 else b"\r\n") in old:
        text = text.replace("\n", "\r\n")  # read with its Windows line ends made plain: given back
    if utf16:
        return text.encode("utf-16"), changed
    return text.encode("utf-8-sig" if old.startswith(codecs.BOM_UTF8) else "utf-8"), changed


# --- PO ------------------------------------------------------------------------------------

def _po_saved(project: Project, path: Path, graphic: str, texts: dict[po.Unit, str]) -> tuple[bytes, list[po.Unit]]:
    problems = Diagnostics()
    catalog = read_po(path, project.root, problems)
    file = relpath(path, project.root)
    if catalog is None or problems:
        raise CfpError(f"{file} has mistakes; it is left as it is", fix="fix what `cfpgraphics check` lists for it")
    template = project.templates[project.graphics[graphic].template]
    by_context = {e.msgctxt: e for e in catalog if not e.obsolete}
    changed = []
    for unit, new in texts.items():
        entry = by_context.get(po.context(graphic, unit))
        if entry is None:
            raise CfpError(f"{file} has no entry for {po.context(graphic, unit)}",
                           fix="have a maintainer run `cfpgraphics translate update`, which adds it")
        if entry.msgstr == new:
            continue
        if new and not po.check_entry(template, graphic, unit, new, SourceLocation(file, entry.linenum),
                                      problems):
            raise CfpError(f"not saved: {problems.items[-1]}", code="not-written", fix="correct the text and save again")
        entry.msgstr = new  # a reviewer's mark names the old text: the entry is a draft again
        changed.append(unit)
    raw = decode_text(read_source(path, project.root), file)
    catalog.wrapwidth = wrap_width_of(raw)
    return text_of(catalog), changed
