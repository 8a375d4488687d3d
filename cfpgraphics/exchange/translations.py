"""Translation status and scaffolding.

A translation is *stale* when the English source changed after it was written. Each
translation file carries `source_hash:`, a short hash of the English translatable text it was
made from; `cfpgraphics translate stamp` records the current one after a translation is
brought up to date, `cfpgraphics translate new` writes it into new files.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..content.diagnostics import CfpError, relpath
from ..content.language_tags import check_tag, display_name, is_rtl
from ..content.model import Graphic, Project, Template
from ..content.names import SOURCE_LANG
from ..render.versions import value_digest
from ..content.yamlio import decode_text, load_yaml, read_source
from .writing import write_all

DONE, DRAFT, MISSING, STALE = "done", "draft", "missing", "stale"


def translatable(template: Template) -> list[str]:
    return [name for name, spec in template.fields.items() if getattr(spec, "translate", True)]


def source_hash(project: Project, graphic: Graphic) -> str | None:
    """Short hash of the English values a translation is made from."""
    source = graphic.translations.get(SOURCE_LANG)
    if source is None:
        return None
    template = project.templates[graphic.template]
    values = {k: source.values[k] for k in translatable(template) if k in source.values}
    return value_digest(values)[:12]


def _recorded_hash(project: Project, graphic: Graphic, lang: str) -> str | None:
    path = project.root / graphic.folder / f"{lang}.yaml"
    try:
        data = load_yaml(path, project.root, text_only=True)
    except CfpError:
        return None
    return str(data.get("source_hash")) if isinstance(data, dict) and data.get("source_hash") else None


@dataclass(frozen=True)
class Cell:
    status: str  # done | draft | missing | stale
    note: str = ""


def coverage(project: Project, langs: list[str] | None = None) -> tuple[list[str], dict[str, dict[str, Cell]]]:
    """(languages, {graphic: {lang: Cell}}) for every graphic and language in the project."""
    started = {lang for g in project.graphics.values() for lang in g.untranslated}  # no words yet
    languages = langs or sorted(set(project.languages) | started, key=lambda l: (l != SOURCE_LANG, l))
    table: dict[str, dict[str, Cell]] = {}
    for name, graphic in sorted(project.graphics.items()):
        if not translatable(project.templates[graphic.template]):
            continue  # nothing to translate (one message in every language: its cells are translations)
        current = source_hash(project, graphic)
        row = {}
        for lang in languages:
            translation = graphic.translations.get(lang)
            if translation is None and lang in graphic.untranslated:
                row[lang] = Cell(MISSING, f"not translated yet ({graphic.untranslated[lang]})")
            elif translation is None:
                broken = os.path.lexists(project.root / graphic.folder / f"{lang}.yaml")
                row[lang] = Cell(MISSING, "has errors (see `cfpgraphics check`)" if broken else "")
            elif lang == SOURCE_LANG:
                row[lang] = Cell(DONE)
            elif translation.file.endswith(".po"):
                stale = translation.stale
                row[lang] = Cell(STALE, "English changed since") if stale else \
                    Cell(DRAFT if translation.status == "draft" else DONE)
            else:
                recorded = _recorded_hash(project, graphic, lang)
                if recorded and current and recorded != current:
                    row[lang] = Cell(STALE, "English changed since")
                else:
                    row[lang] = Cell(DRAFT if translation.status == "draft" else DONE)
        table[name] = row
    return languages, table


def gallery_statuses(project: Project) -> dict:
    """(graphic, lang) -> (status, note) for the review page's status filter and its cards
    for missing translations: the table `check --coverage` prints."""
    _, table = coverage(project)
    return {(graphic, lang): (cell.status, cell.note) for graphic, row in table.items() for lang, cell in row.items()}


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def scaffold(project: Project, graphic: Graphic, lang: str) -> str:
    """The text of a new translation file: header, status, source hash, and each English
    value as a comment above an empty field to fill in."""
    template = project.templates[graphic.template]
    source = graphic.translations.get(SOURCE_LANG)
    if source is None:
        raise CfpError(f"graphic '{graphic.name}' has no English source file to translate from",
                       fix=f"add {graphic.folder}/en.yaml first")
    name = display_name(lang)
    lines = [
        f"# {graphic.name}: {name} ({lang}) translation.",
        "# Translate each English line (after '# en:') into the empty quotes below it.",
        "# Keep the field names before the colon in English. Keep **stars** around the words",
        "# that should stand out. Inside the quotes, write a double quote as \\\".",
        "# {Curly brackets} keep words on one line (a name no line may cut); \\n starts a new line.",
    ]
    if is_rtl(lang):
        lines.append("# This language is written right to left: type the text as you read it.")
    lines += [
        "# When a native speaker has checked it, change `status: draft` to `status: reviewed`.",
        "status: draft",
        f"source_hash: {source_hash(project, graphic)}  # the English this was made from; do not edit",
        "",
    ]
    for field in translatable(template):
        if field not in source.values:
            continue
        value = source.values[field]
        spec = template.fields[field]
        if spec.help:
            lines.append(f"# {field}: {spec.help}")
        if isinstance(value, list):
            lines.append(f"{field}:")
            for item in value:
                if isinstance(item, dict):
                    first = True
                    for key, text in item.items():
                        lines.append(f"  # en: {text}")
                        lines.append(f"  {'- ' if first else '  '}{key}: \"\"")
                        first = False
                else:
                    lines.append(f"  # en: {item}")
                    lines.append('  - ""')
        else:
            lines.append(f"# en: {value}")
            lines.append(f'{field}: ""')
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def require_tag(lang: str) -> str:
    """`lang` must be a well-formed BCP 47 tag: it becomes a file name, so anything else
    (`../../brand/brand`, `es copy`) is refused before a file is touched."""
    known, guess = check_tag(lang)
    if not known:
        raise CfpError(f"'{lang}' is not a BCP 47 language tag",
                       fix=f"did you mean '{guess}'?" if guess else "for example: es, vi, zh-Hant, km")
    return lang


def _graphics(project: Project, names: list[str] | None) -> list[Graphic]:
    """The named graphics (all by default), every name checked before anything is written."""
    chosen = []
    for name in names or sorted(project.graphics):
        graphic = project.graphics.get(name)
        if graphic is None:
            raise CfpError(f"unknown graphic '{name}'", fix="see `cfpgraphics list graphics`")
        chosen.append(graphic)
    return chosen


def new_translation(project: Project, lang: str, graphics: list[str] | None = None, overwrite: bool = False) -> list[Path]:
    """Write scaffold files for `lang`; existing files are never overwritten unless asked."""
    require_tag(lang)
    files = []
    for graphic in _graphics(project, graphics):
        path = project.root / graphic.folder / f"{lang}.yaml"
        if os.path.lexists(path) and not overwrite or not translatable(project.templates[graphic.template]):
            continue  # a graphic with nothing to translate shows every language already
        files.append((path, scaffold(project, graphic, lang).encode("utf-8")))
    write_all(files, project.root)
    return [path for path, _ in files]


def stamp(project: Project, lang: str, graphics: list[str] | None = None) -> list[Path]:
    """Record that `lang`'s translations match the current English (after updating them)."""
    require_tag(lang)
    changed, files = [], []
    for graphic in _graphics(project, graphics):
        path = project.root / graphic.folder / f"{lang}.yaml"
        current = source_hash(project, graphic)
        if lang not in graphic.translations or current is None:
            continue  # missing, or has errors: nothing to stamp
        try:
            text = decode_text(read_source(path, project.root), relpath(path, project.root))
        except CfpError:
            continue
        lines = text.splitlines()
        entry = f"source_hash: {current}  # the English this was made from; do not edit"
        for i, line in enumerate(lines):
            if line.startswith("source_hash:"):
                if lines[i] == entry:
                    break
                lines[i] = entry
                changed.append(path)
                break
        else:
            index = next((i + 1 for i, line in enumerate(lines) if line.startswith("status:")), 0)
            lines.insert(index, entry)
            changed.append(path)
        if path in changed:
            files.append((path, ("\n".join(lines) + "\n").encode("utf-8")))
    write_all(files, project.root)
    return changed
