"""Writing a translation's YAML content file, in the one layout every shipped file uses.

Imports (from PO or a spreadsheet) write through here. An existing file keeps its header
comments and its `source_hash:`; only values change, so an export followed by an import
without edits leaves every file byte for byte as it was.
"""
from __future__ import annotations

import json

from ..content import po_catalogs as po
from ..content.diagnostics import CfpError, Diagnostic, Diagnostics, SourceLocation
from ..content.model import Template
from ..content.project import parse_translation
from ..content.yamlio import decode_text

SOURCE_HASH_NOTE = "  # the English this was made from; do not edit"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML). The line and paragraph
    separators (U+2028, U+2029: Word and InDesign put them in for a soft line break) are escaped
    too: raw, YAML takes them for line breaks and drops the spaces around them."""
    return json.dumps(text, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def header_of(text: str) -> list[str]:
    """The comment lines at the top of a content file."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line)
    return lines


def recorded_source_hash(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("source_hash:"):
            return line.split(":", 1)[1].split("#", 1)[0].strip() or None
    return None


def render(template: Template, values: dict, status: str, source_hash: str | None, header: list[str]) -> str:
    """The file's text: header, status, source hash, then the fields in the template's order."""
    lines = [*header, f"status: {status}"]
    if source_hash:
        lines.append(f"source_hash: {source_hash}{SOURCE_HASH_NOTE}")
    if values.get("alt"):
        lines.append(f"alt: {quoted(values['alt'])}")
    for name in template.fields:
        if name not in values or values[name] in (None, "", []):
            continue
        value = values[name]
        if not isinstance(value, list):
            lines.append(f"{name}: {quoted(str(value))}")
            continue
        lines.append(f"{name}:")
        for item in value:
            if isinstance(item, dict):
                for i, (key, text) in enumerate(item.items()):
                    lines.append(f"  {'- ' if i == 0 else '  '}{key}: {quoted(str(text))}")
            else:
                lines.append(f"  - {quoted(str(item))}")
    return "\n".join(lines) + "\n"


def refusal(data: bytes, file: str, lang: str, template: Template, meant: dict, graphic: str,
            entries: list, exists: bool) -> Diagnostic | None:
    """Why a translation file an import is about to write (`data`, at `file`; `exists` if it
    is there already) must not be written: it would not load as the build loads it (so `check`
    would reject it), or its texts would read back other than `meant`. Said at the first of the
    imported `entries` (each has `.unit` and `.where`: a row of a sheet, a line of a PO file),
    naming the others; None when the file is good."""
    problems = Diagnostics()
    try:
        loaded = parse_translation(decode_text(data, file), file, lang, template, problems)
    except CfpError as exc:
        problems.items.append(exc.problem)
        loaded = None
    if loaded is not None and not problems.errors and po.units(template, loaded.values) != po.units(template, meant):
        problems.add("its texts would read back changed", SourceLocation(file))
    if not problems.errors:
        return None
    reasons = "; ".join(p.message for p in problems.errors)
    where = sorted((e.where for e in entries), key=lambda w: w.line or 0)
    kind = "row" if where[0].file.lower().endswith(".csv") else "line"
    numbers = [str(w.line) for w in where if w.line is not None]
    left_out = (f"{kind} {numbers[0]} is" if len(numbers) == 1 else
                f"{kind}s {', '.join(numbers[:-1])} and {numbers[-1]} are")
    return Diagnostic(f"nothing of '{graphic}' is imported: {file} would fail `cfpgraphics check` ({reasons}), "
                      f"so it is {'left as it was' if exists else 'not created'} and {left_out} left out", where[0],
                      fix=_refusal_fix(problems.errors, graphic), code="not-written")


def _refusal_fix(problems: list[Diagnostic], graphic: str) -> str:
    """What to do, in the sheet's (or PO file's) terms: a missing field is a text to fill in."""
    missing = []
    for problem in problems:
        message = problem.message
        if message.startswith("missing field '"):
            missing.append(f"{graphic}/{message.split(chr(39))[1]}")
        elif message.startswith("'") and " is missing '" in message and " item " in message:
            name, key = message.split("'")[1], message.split("'")[3]
            missing.append(f"{graphic}/{name}/{message.split(' item ')[1].split()[0]}/{key}")
        else:
            return f"{problem.fix}; then import again" if problem.fix else "correct it, then import again"
    names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    return f"translate {names} too: {'they are' if len(missing) > 1 else 'it is'} required; then import again"
