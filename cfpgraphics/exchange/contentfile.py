"""Writing a translation's YAML content file, in the one layout every shipped file uses.

Imports (from PO or a spreadsheet) write through here. An existing file keeps its header
comments and its `source_hash:`; only values change, so an export followed by an import
without edits leaves every file byte for byte as it was.
"""
from __future__ import annotations

import json

from ..content.model import Template

SOURCE_HASH_NOTE = "  # the English this was made from; do not edit"


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


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
